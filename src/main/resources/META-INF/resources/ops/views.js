// The views of the ops page but the asset's own (asset.js): each renders into <main> and says
// which live changes concern it.
import { h, api, act, time, seconds } from "./app.js";
import { asset, stages } from "./asset.js";

const STATES = ["", "NEW", "PROBING", "ENCODING", "ASSEMBLING", "VALIDATING", "PACKAGING", "COMPLETE", "FAILED", "CANCELLED"];

function link(view, params) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v)).toString();
  return "#/" + view + (query ? "?" + query : "");
}

const assets = {
  wants: change => change.assets.length > 0,
  async render(main, { params }) {
    const state = params.get("state") || "";
    const q = params.get("q") || "";
    const after = params.get("after") || "";
    const query = new URLSearchParams({ limit: "50" });
    if (state) query.set("state", state);
    if (q) query.set("q", q);
    if (after) query.set("after", after);
    const page = await api("/api/v1/assets?" + query);
    const filter = h("select", { "aria-label": "State", onchange: e => { location.hash = link("assets", { state: e.target.value, q }); } },
      STATES.map(s => h("option", { value: s, selected: s === state }, s || "all states")));
    const search = h("input", { type: "search", placeholder: "asset id starts with…", "aria-label": "Search by id", value: q });
    const form = h("form", { class: "toolbar", role: "search", onsubmit: e => { e.preventDefault(); location.hash = link("assets", { state, q: search.value.trim() }); } },
      h("h2", {}, "Assets"), filter, search, h("button", { type: "submit" }, "Search"));
    const rows = page.items.map(a => h("tr", {},
      h("td", { class: "wrap" }, h("a", { href: "#/assets/" + encodeURIComponent(a.id) }, a.id)),
      h("td", {}, h("span", { class: "state " + a.state }, a.state)),
      h("td", { class: "num" }, a.priority),
      h("td", {}, stages(a)),
      h("td", { class: "num" }, a.renditions.length),
      h("td", { class: "wrap error" }, a.error || ""),
      h("td", {}, time(a.updatedAt))));
    const table = h("div", { class: "scroll" }, h("table", {},
      h("thead", {}, h("tr", {}, ["id", "state", "priority", "progress", "renditions", "error", "updated"].map(t => h("th", {}, t)))),
      h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: 7, class: "muted" }, "No assets.")))));
    const pager = h("div", { class: "toolbar" },
      after ? h("a", { href: link("assets", { state, q }) }, "First page") : null,
      page.next ? h("a", { href: link("assets", { state, q, after: page.next }) }, "Next page") : null);
    main.replaceChildren(h("section", {}, form, table, pager));
  },
};

const queue = {
  wants: change => change.queue,
  async render(main) {
    const q = await api("/api/v1/queue");
    const groups = q.groups.map(g => h("tr", {},
      h("td", {}, h("span", { class: "state " + g.state }, g.state)), h("td", {}, g.band), h("td", {}, g.lane),
      h("td", {}, g.type), h("td", { class: "num" }, g.slots), h("td", { class: "num" }, g.tasks),
      h("td", { class: "num" }, seconds(g.oldestSeconds))));
    const oldest = q.oldest.map(t => h("tr", {},
      h("td", { class: "wrap" }, h("a", { href: "#/assets/" + encodeURIComponent(t.assetId) }, t.assetId)),
      h("td", {}, t.type), h("td", {}, t.rendition || ""), h("td", { class: "num" }, t.chunk ?? ""),
      h("td", { class: "num" }, t.priority), h("td", {}, t.lane), h("td", { class: "num" }, seconds(t.waitedSeconds))));
    main.replaceChildren(
      h("section", {}, h("h2", {}, "Open work"), h("div", { class: "scroll" }, h("table", {},
        h("thead", {}, h("tr", {}, ["state", "priority", "lane", "type", "slots", "tasks", "oldest"].map(t => h("th", {}, t)))),
        h("tbody", {}, groups.length ? groups : h("tr", {}, h("td", { colspan: 7, class: "muted" }, "Nothing queued or running.")))))),
      h("section", {}, h("h2", {}, "Waiting longest"), h("div", { class: "scroll" }, h("table", {},
        h("thead", {}, h("tr", {}, ["asset", "type", "rendition", "chunk", "priority", "lane", "waited"].map(t => h("th", {}, t)))),
        h("tbody", {}, oldest.length ? oldest : h("tr", {}, h("td", { colspan: 7, class: "muted" }, "No task waits.")))))));
  },
};

function progress(live) {
  if (!live) return "";
  // Another instance's report is as old as its last publication: say so when it is stale.
  const age = live.ageSeconds > 10 ? ` · ${Math.round(live.ageSeconds)} s ago` : "";
  const text = `${live.frame} frames · ${live.fps.toFixed(0)} fps · ${live.speed.toFixed(2)}x${age}`;
  if (live.percent === null || live.percent === undefined) return h("span", { class: "muted" }, text);
  return h("span", {}, h("span", { class: "bar", role: "progressbar", "aria-label": "ffmpeg progress", "aria-valuemin": 0,
    "aria-valuemax": 100, "aria-valuenow": Math.round(live.percent) }, h("span", { style: `width:${live.percent}%` })),
    h("span", { class: "muted" }, " " + Math.round(live.percent) + " % · " + text));
}

const workers = {
  wants: change => change.queue || change.running > 0,
  async render(main) {
    const w = await api("/api/v1/workers");
    const self = w.self;
    const bar = h("div", { class: "bar", role: "progressbar", "aria-label": "Slots busy on this instance",
      "aria-valuemin": 0, "aria-valuemax": self.slots, "aria-valuenow": self.slotsBusy },
      h("span", { style: `width:${self.slots ? (100 * self.slotsBusy) / self.slots : 0}%` }));
    const instances = w.instances.map(i => h("section", {}, h("h3", {}, i.owner + " · " + i.slotsBusy + " slots busy"),
      h("div", { class: "scroll" }, h("table", {},
        h("thead", {}, h("tr", {}, ["asset", "task", "rendition", "chunk", "slots", "attempt", "running for", "ffmpeg"].map(t => h("th", {}, t)))),
        h("tbody", {}, i.tasks.map(t => h("tr", {},
          h("td", { class: "wrap" }, h("a", { href: "#/assets/" + encodeURIComponent(t.assetId) }, t.assetId)),
          h("td", {}, t.type + " #" + t.id), h("td", {}, t.rendition || ""), h("td", { class: "num" }, t.chunk ?? ""),
          h("td", { class: "num" }, t.slots), h("td", { class: "num" }, t.attempt), h("td", { class: "num" }, seconds(t.runningSeconds)),
          h("td", {}, progress(t.progress)))))))));
    main.replaceChildren(h("section", {}, h("h2", {}, "Workers"),
      h("p", {}, "This instance (" + self.owner + "): " + self.slotsBusy + " of " + self.slots + " slots busy ", bar)),
      ...(instances.length ? instances : [h("section", {}, h("p", { class: "muted" }, "No task is running."))]));
  },
};

const rules = {
  wants: () => false,
  async render(main) {
    const r = await api("/api/v1/rules");
    const attempt = r.lastAttempt;
    const errors = attempt && attempt.errors ? attempt.errors : [];
    const name = h("input", { value: "candidate.drl", "aria-label": "File name", size: 24 });
    const text = h("textarea", { "aria-label": "Candidate rules (DRL)", placeholder: "rule \"…\" when … then … end" });
    const out = h("pre", { "aria-live": "polite" });
    const candidate = () => ({ files: { [name.value.trim()]: text.value } });
    const show = body => { out.textContent = JSON.stringify(body, null, 2); };
    const tryIt = async (path) => {
      try { show(await api(path, { method: "POST", body: JSON.stringify(candidate()) })); } catch (e) { show(e.body || e.message); }
    };
    main.replaceChildren(
      h("section", {}, h("div", { class: "toolbar" }, h("h2", {}, "Rules in force"),
        h("button", { type: "button", onclick: () => act("Reload the rules folder now?", () => api("/api/v1/rules/reload", { method: "POST" }), "Rules reloaded") }, "Reload rules")),
        h("p", {}, "Version ", h("code", {}, r.version), " loaded " + time(r.loadedAt) + " from ", h("code", {}, r.dir)),
        h("p", {}, r.files.length + " files: ", r.files.join(", ")),
        h("details", {}, h("summary", {}, r.rules.length + " rules"), h("ul", {}, r.rules.map(n => h("li", {}, n))))),
      h("section", {}, h("h2", {}, "Last load attempt"),
        attempt ? h("p", {}, h("span", { class: "state " + (attempt.outcome === "REJECTED" ? "FAILED" : "COMPLETE") }, attempt.outcome), " " + time(attempt.at) + " ", attempt.version ? "version " + attempt.version : "") : h("p", { class: "muted" }, "None yet."),
        errors.length ? h("ul", {}, errors.map(e => h("li", { class: "error" }, (e.file || "") + (e.line ? ":" + e.line : "") + " " + e.message))) : null),
      h("section", {}, h("h2", {}, "Try a candidate"), h("div", { class: "toolbar" }, name,
        h("button", { type: "button", onclick: () => tryIt("/api/v1/rules/validate") }, "Validate"),
        h("button", { type: "button", onclick: () => tryIt("/api/v1/rules/preview") }, "Preview")), text, out));
  },
};

export const views = { assets, asset, queue, workers, rules };
