// One asset: its stages, renditions with a chunk grid each, the task timeline, outputs and
// generations, its history; and the operator actions on it.
import { h, api, act, time, seconds } from "./app.js";

const FAILED = ["FAILED", "CANCELLED"];

/** Progress through probe, encode, assemble, validate and package, one accessible bar each. */
export function stages(a) {
  const renditions = a.renditions || [];
  const total = renditions.reduce((n, r) => n + (r.chunksTotal || 0), 0);
  const done = renditions.reduce((n, r) => n + Math.min(r.chunksDone || 0, r.chunksTotal || 0), 0);
  const count = states => renditions.filter(r => states.includes(r.state)).length;
  const n = Math.max(1, renditions.length);
  const complete = a.state === "COMPLETE";
  const values = [
    ["probe", a.probe || complete ? 100 : 0],
    ["encode", complete ? 100 : total ? (100 * done) / total : 0],
    ["assemble", complete ? 100 : (100 * count(["VALIDATING", "COMPLETE"])) / n],
    ["validate", complete ? 100 : (100 * count(["COMPLETE"])) / n],
    ["package", complete ? 100 : 0],
  ];
  const failed = FAILED.includes(a.state);
  return h("span", { class: "stages" }, values.map(([name, value]) => h("span", {
    class: "stage" + (value >= 100 ? " done" : failed ? " failed" : ""), role: "progressbar",
    "aria-label": name, "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": Math.round(value),
    title: name + " " + Math.round(value) + " %" }, h("span", { style: `width:${value}%` }))));
}

function fact(body) {
  return api("/api/v1/facts", { method: "POST", body: JSON.stringify(body) });
}

function chunkGrid(rendition, tasks) {
  const byChunk = new Map();
  for (const t of tasks) {
    if (t.type === "ENCODE_CHUNK" && t.rendition === rendition.name && t.generation === rendition.generation) byChunk.set(t.chunk, t);
  }
  const cells = [];
  for (let i = 0; i < (rendition.chunksTotal || 0); i++) {
    const t = byChunk.get(i);
    const state = t ? t.state : "PENDING";
    cells.push(h("span", { class: "cell " + state, title: `chunk ${i}: ${state}` + (t && t.attempts > 1 ? `, ${t.attempts} attempts` : "")
      + (t && t.cpuSeconds ? `, ${t.cpuSeconds.toFixed(2)} CPU s` : "") }));
  }
  return h("div", { class: "grid", role: "img", "aria-label": `${rendition.name}: ${rendition.chunksDone} of ${rendition.chunksTotal || 0} chunks encoded` }, cells);
}

const SHOWN = 300;

function timeline(all, createdAt) {
  const tasks = all.slice(0, SHOWN);
  const start = Date.parse(createdAt);
  // While work is open the timeline runs to now; once everything ended, to the last end.
  const open = all.some(t => ["QUEUED", "RUNNING", "FAILED"].includes(t.state));
  const end = tasks.reduce((m, t) => Math.max(m, Date.parse(t.finishedAt || t.startedAt || t.createdAt) || start),
    open ? Date.now() : start);
  const span = Math.max(1, end - start);
  const pct = at => (100 * (at - start)) / span;
  return h("div", { class: "gantt", role: "list", "aria-label": "Task timeline" }, tasks.map(t => {
    const created = Date.parse(t.createdAt);
    const started = t.startedAt ? Date.parse(t.startedAt) : null;
    const finished = t.finishedAt ? Date.parse(t.finishedAt) : (t.state === "RUNNING" ? Date.now() : null);
    const label = t.type + (t.rendition ? " " + t.rendition : "") + (t.chunk !== null && t.chunk !== undefined ? " #" + t.chunk : "")
      + (t.attempts > 1 ? ` (${t.attempts} attempts)` : "");
    const track = h("div", { class: "track" });
    if (started) track.append(h("span", { class: "wait", style: `left:${pct(created)}%;width:${Math.max(0.2, pct(started) - pct(created))}%` }));
    if (started && finished) track.append(h("span", { class: "run " + t.state, style: `left:${pct(started)}%;width:${Math.max(0.3, pct(finished) - pct(started))}%` }));
    const took = started && finished ? seconds((finished - started) / 1000) : t.state;
    return h("div", { class: "row", role: "listitem" }, h("span", { class: "wrap" }, label, retry(t)), track,
      h("span", { class: "num" }, took));
  }), all.length > SHOWN ? h("p", { class: "muted" }, `… and ${all.length - SHOWN} more tasks`) : null);
}

/**
 * A dead task of a rendition is retried by encoding the rendition again (EncodeStale: a new
 * generation; the asset comes back if no other rendition failed). A dead task of the asset as a
 * whole (probe, audio, package) has no retry here: post the asset again.
 */
function retry(t) {
  if (t.state !== "DEAD" || !t.rendition) return null;
  return h("button", { type: "button", title: t.error || "", onclick: () => act(
    `Task #${t.id} (${t.type} of ${t.rendition}) is dead: ${t.error || "no reason recorded"}. Encode rendition ${t.rendition} again as a new generation?`,
    () => fact({ type: "EncodeStale", assetId: asset.id, rendition: t.rendition, reason: `retry of dead task #${t.id}` }),
    "Retry asked") }, "Retry");
}

function renditionRow(a, r, tasks) {
  const out = r.output;
  const cpu = tasks.filter(t => t.rendition === r.name).reduce((n, t) => n + (t.cpuSeconds || 0), 0);
  return h("tr", {},
    h("td", {}, h("strong", {}, r.name), h("div", { class: "muted" }, `${r.codec} ${r.width}x${r.height}`)),
    h("td", {}, h("span", { class: "state " + r.state }, r.state), h("div", { class: "muted" }, "generation " + r.generation)),
    h("td", {}, chunkGrid(r, tasks), h("div", { class: "muted" }, `${r.chunksDone} / ${r.chunksTotal ?? "?"} chunks · ${cpu.toFixed(1)} CPU s`)),
    h("td", { class: "wrap" }, out ? [h("code", {}, out.path), h("div", { class: "muted" }, `${(out.bytes / 1e6).toFixed(2)} MB · ${out.frames} frames · sha256 ${out.sha256.slice(0, 12)}…`)] : ""),
    h("td", {}, r.quality ? `PSNR ${r.quality.psnr.toFixed(1)} · SSIM ${r.quality.ssim.toFixed(3)}` + (r.quality.vmaf !== null ? ` · VMAF ${r.quality.vmaf.toFixed(1)}` : "") : ""),
    h("td", { class: "wrap" }, (r.previous || []).map(p => h("div", { class: "muted" }, `g${p.generation} ${p.keptPath ? "kept" : "removed"} · ${p.encoderVersion || ""}`))),
    h("td", { class: "wrap muted" }, r.encoderVersion || ""),
    h("td", {}, h("button", { type: "button", onclick: () => act(`Re-encode rendition ${r.name} of ${a.id}?`,
      () => fact({ type: "EncodeStale", assetId: a.id, rendition: r.name, reason: "re-encode asked on the ops page" }), "Re-encode asked") }, "Re-encode")),
    h("td", { class: "error wrap" }, r.error || ""));
}

function historyList(entries) {
  return h("ol", { class: "history" }, entries.slice(-200).map(e => h("li", {}, e.kind === "fact"
    ? [h("strong", {}, e.type), " #" + e.seq + " " + time(e.at)]
    : [h("span", { class: "muted" }, `evaluation ${e.fromSeq}–${e.seq} under ${e.ruleSetVersion}${e.replayed ? " (replay)" : ""}: `),
       (e.rules ? Object.keys(e.rules).join(", ") : "") || "no rule fired",
       e.tasksEnqueued ? ` → ${e.tasksEnqueued} tasks` : "", e.error ? h("span", { class: "error" }, " " + e.error) : ""])));
}

export const asset = {
  async render(main, { id }) {
    const [a, tasks, history] = await Promise.all([api("/api/v1/assets/" + encodeURIComponent(id)),
      api(`/api/v1/assets/${encodeURIComponent(id)}/tasks`), api(`/api/v1/assets/${encodeURIComponent(id)}/history?limit=200`)]);
    asset.id = a.id;
    const priority = h("input", { type: "number", min: 0, max: 100, value: a.priority, "aria-label": "New priority", style: "width:5rem" });
    const open = !["COMPLETE", "FAILED", "CANCELLED"].includes(a.state);
    const toolbar = h("div", { class: "toolbar" }, h("h2", {}, a.id), h("span", { class: "state " + a.state }, a.state), stages(a),
      h("span", { class: "muted" }, "priority " + a.priority), priority,
      h("button", { type: "button", onclick: () => act(`Move ${a.id}'s waiting work to priority ${priority.value}?`,
        () => fact({ type: "Reprioritize", assetId: a.id, priority: Number(priority.value) }), "Reprioritize asked") }, "Reprioritize"),
      open ? h("button", { type: "button", class: "danger", onclick: () => act(`Cancel ${a.id}? Its open work stops.`,
        () => fact({ type: "Cancel", assetId: a.id, reason: "cancelled on the ops page" }), "Cancel asked") }, "Cancel") : null);
    const info = h("p", { class: "muted wrap" }, `source ${a.source} · created ${time(a.createdAt)} · updated ${time(a.updatedAt)} · rules ${a.ruleSetVersion || ""}`,
      a.error ? h("span", { class: "error" }, " · " + a.error) : "");
    const renditions = h("div", { class: "scroll" }, h("table", {},
      h("thead", {}, h("tr", {}, ["rendition", "state", "chunks", "output", "quality", "previous", "encoder", "", "error"].map(t => h("th", {}, t)))),
      h("tbody", {}, a.renditions.map(r => renditionRow(a, r, tasks)))));
    const packages = a.packages ? h("p", {}, "Packages: ", Object.entries(a.packages).map(([f, p]) => h("span", {}, f + " ", h("code", {}, p), " "))) : null;
    main.replaceChildren(h("section", {}, toolbar, info, renditions, packages),
      h("section", {}, h("h2", {}, "Timeline"), h("p", { class: "muted" }, "light: waiting in the queue · dark: running"), timeline(tasks, a.createdAt)),
      h("section", {}, h("h2", {}, "History"), historyList(history.entries)));
  },
  wants: change => change.assets.includes(asset.id),
};
