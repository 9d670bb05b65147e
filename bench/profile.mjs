// `--profile`: samples the Worker isolate over the inspector protocol (CDP) during each measured load and writes
// a .cpuprofile per scenario (open it in Chrome DevTools → Performance, or VS Code), plus a top-N self-time list.
// All isolates (the Worker, the D1 and queue simulators) share workerd's thread, so "(idle)" in the Worker's
// profile is time the thread spent elsewhere or waiting.
import { writeFileSync } from "node:fs";

export async function connectProfiler(port, workerName) {
  const list = await (await fetch(`http://127.0.0.1:${port}/json`)).json();
  const target = list.find((t) => t.id === workerName || t.title?.includes(workerName)) ?? list.find((t) => (t.id + t.title).includes(workerName));
  if (!target) throw new Error(`no inspector target for ${workerName}: ${list.map((t) => t.id).join(", ")}`);
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve);
    ws.addEventListener("error", reject);
  });
  let seq = 0;
  const pending = new Map();
  ws.addEventListener("message", (m) => {
    const d = JSON.parse(m.data);
    if (d.id && pending.has(d.id)) {
      pending.get(d.id)(d);
      pending.delete(d.id);
    }
  });
  const send = (method, params = {}) => new Promise((r) => {
    const id = ++seq;
    pending.set(id, r);
    ws.send(JSON.stringify({ id, method, params }));
  });
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 250 });
  return {
    start: () => send("Profiler.start"),
    async stop(file) {
      const profile = (await send("Profiler.stop")).result.profile;
      writeFileSync(file, JSON.stringify(profile));
      return summarize(profile);
    },
    close: () => ws.close(),
  };
}

export function summarize(profile, top = 12) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = {};
  for (const s of profile.samples) {
    const n = byId.get(s);
    const f = n.callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url ? `${f.url.split("/").pop()}:${f.lineNumber + 1}` : ""}`.trim();
    self[key] = (self[key] ?? 0) + 1;
  }
  const total = profile.samples.length || 1;
  return Object.entries(self)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, c]) => `${((100 * c) / total).toFixed(1).padStart(5)}%  ${k}`);
}
