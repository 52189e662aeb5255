// The ops page: views by URL (#/assets, #/assets/<id>, #/queue, #/workers, #/rules), data from the
// REST API, live through the service's server-sent events (/api/v1/live). Every value that comes
// from the API is put on the page as text, never as markup.
import { views } from "./views.js";

const TOKEN_KEY = "encodeflow.token";

/** Creates an element: h("td", {class: "num"}, "text", child...). Strings become text nodes. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function headers(extra = {}) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { ...extra, Authorization: "Bearer " + token } : extra;
}

/** A JSON request to the API; throws an Error carrying the status and the API's message. */
export async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: headers(options.body ? { "Content-Type": "application/json" } : {}) });
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = new Error(`${response.status}: ${describe(response.status, body)}`);
    error.status = response.status;
    error.body = body;
    throw error;
  }
  return body;
}

function describe(status, body) {
  if (status === 401) return "a valid token is needed (Token, top right)";
  if (status === 403) return "your token's role may not do this";
  return (body && body.error) || "request failed";
}

export function toast(message, bad = false) {
  const el = h("div", { class: "toast" + (bad ? " bad" : "") }, message);
  document.getElementById("toasts").append(el);
  setTimeout(() => el.remove(), bad ? 8000 : 4000);
}

/** Asks before an action; resolves true when confirmed. */
export function confirmAction(text) {
  const dialog = document.getElementById("confirm");
  document.getElementById("confirm-text").textContent = text;
  return new Promise(resolve => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
    dialog.showModal();
    document.getElementById("confirm-ok").focus();
  });
}

/** Runs an action after confirmation, reports its outcome, refreshes the view. */
export async function act(question, run, done) {
  if (!(await confirmAction(question))) return;
  try {
    await run();
    toast(done);
    refresh();
  } catch (e) {
    toast(e.message, true);
  }
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString() : "";
}

export function seconds(s) {
  if (s === null || s === undefined) return "";
  return s < 90 ? s.toFixed(s < 10 ? 1 : 0) + " s" : s < 5400 ? (s / 60).toFixed(0) + " min" : (s / 3600).toFixed(1) + " h";
}

// ---- routing ----------------------------------------------------------------------------------

let current = { name: "", render: null, wants: () => false };

function route() {
  const hash = location.hash.replace(/^#\/?/, "") || "assets";
  const [path, query = ""] = hash.split("?");
  const parts = path.split("/").map(decodeURIComponent);
  const params = new URLSearchParams(query);
  const name = parts[0] === "assets" && parts[1] ? "asset" : parts[0];
  const view = views[name] || views.assets;
  for (const link of document.querySelectorAll("nav a")) {
    const active = link.dataset.view === (name === "asset" ? "assets" : name);
    if (active) link.setAttribute("aria-current", "page"); else link.removeAttribute("aria-current");
  }
  const main = document.getElementById("view");
  current = { name, render: () => view.render(main, { id: parts[1], params }), wants: view.wants || (() => true) };
  document.title = "encodeflow · " + (parts[1] || name);
  refresh();
}

let rendering = null;
export function refresh() {
  if (rendering) return rendering;
  rendering = Promise.resolve(current.render && current.render())
    .catch(e => toast(e.message, true))
    .finally(() => { rendering = null; });
  return rendering;
}

// ---- live updates: server-sent events read through fetch, so the token header goes along ---------

let pending = null;
function changed(change) {
  if (!current.wants(change)) return;
  clearTimeout(pending);
  pending = setTimeout(refresh, 250);
}

async function listen() {
  const status = document.getElementById("live");
  for (let delay = 1000; ; delay = Math.min(delay * 2, 15000)) {
    try {
      const response = await fetch("/api/v1/live", { headers: headers({ Accept: "text/event-stream" }) });
      if (!response.ok) throw new Error(response.status + "");
      status.textContent = "live";
      delay = 1000;
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = event.split("\n").filter(l => l.startsWith("data:")).map(l => l.slice(5).trim()).join("\n");
          if (data) changed(JSON.parse(data));
        }
      }
    } catch (e) {
      status.textContent = "reconnecting…";
    }
    await new Promise(r => setTimeout(r, delay));
  }
}

// ---- start ----------------------------------------------------------------------------------

document.getElementById("token-button").addEventListener("click", () => {
  const dialog = document.getElementById("token-dialog");
  dialog.addEventListener("close", () => {
    if (dialog.returnValue === "ok") {
      const value = document.getElementById("token-input").value.trim();
      if (value) sessionStorage.setItem(TOKEN_KEY, value); else sessionStorage.removeItem(TOKEN_KEY);
      location.reload();
    }
  }, { once: true });
  dialog.showModal();
});
window.addEventListener("hashchange", route);
route();
listen();
