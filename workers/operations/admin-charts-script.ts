// The operator page's charts (issue 14 item 7): event lag and throughput per context, circuit breaker states and
// dead letters over the last hour, drawn as small inline SVG (no chart library, nothing from a CDN).
// Lag and throughput of the last hour come from /admin/metrics itself (`lastHour`: one point per context and
// minute from the metrics rollup), so a page opened now already shows the hour. Breaker states are per isolate and
// have no stored history, so the page also keeps its own samples: every answer it gets (on sign-in, on Refresh and
// every 10 s while signed in) is one sample, kept in sessionStorage for the tab's life and trimmed to the last hour;
// the server's minutes fill the time before the tab's first sample. It reads only the /admin/metrics JSON, never the store behind it, so a change in how
// the operations context keeps its metrics does not touch the page. Values are written with textContent or as
// numeric SVG attributes only.
export const CHARTS_SCRIPT = String.raw`
const HISTORY_KEY = "adminMetricsHistory";
const HOUR_MS = 3600000;
const SAMPLE_EVERY_MS = 10000;
const MAX_SAMPLES = 400;
const SVG_NS = "http://www.w3.org/2000/svg";
const CHART_W = 240, CHART_H = 56, CHART_PAD = 3;
const BREAKER_FILL = { CLOSED: "#3f9c5a", HALF_OPEN: "#e0a100", OPEN: "#c4320a" };
let sampler = null;

function readHistory() {
  try { return JSON.parse(sessionStorage.getItem(HISTORY_KEY) || "[]"); } catch { return []; }
}

// One sample per /admin/metrics answer: per context [lag p50, lag p99, throughput/min, dead letters].
function recordSample(m) {
  const now = Date.now();
  const c = {};
  for (const [name, x] of Object.entries(m.contexts)) c[name] = [x.eventLagMs.p50, x.eventLagMs.p99, x.throughputPerMin, x.deadLettered];
  const b = {};
  for (const [dep, s] of Object.entries(m.breakers || {})) b[dep] = s.state;
  const history = readHistory().filter((s) => s.t > now - HOUR_MS).slice(-(MAX_SAMPLES - 1));
  history.push({ t: now, c, b, d: m.totals.deadLettered });
  try { sessionStorage.setItem(HISTORY_KEY, JSON.stringify(history)); } catch { /* storage full: the charts still draw this tab's samples */ }
  return history;
}

// The server's minutes that began before the tab's first sample, drawn at the start of their minute.
function hourSamples(m, firstTabSample) {
  const byTime = new Map();
  const now = Date.now();
  for (const [name, points] of Object.entries((m.lastHour && m.lastHour.contexts) || {})) {
    for (const p of points) {
      const t = Date.parse(p.minute);
      if (t <= now - HOUR_MS || (firstTabSample !== undefined && t >= firstTabSample)) continue;
      const s = byTime.get(t) || { t, c: {}, b: {}, d: null, seeded: true };
      s.c[name] = [p.eventLagMs.p50, p.eventLagMs.p99, p.handled, null];
      byTime.set(t, s);
    }
  }
  return [...byTime.values()].sort((a, b) => a.t - b.t);
}

function svgEl(tag, attrs) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  return e;
}

// The time axis runs from the first kept sample (at most an hour ago) to now, so a page opened a minute ago uses
// the whole width rather than its last pixels.
let axisStart = 0, axisSpan = 1;
function setAxis(history, now) {
  axisStart = history.length ? Math.max(now - HOUR_MS, history[0].t) : now - HOUR_MS;
  axisSpan = now - axisStart;
}
// A lone first sample sits at "now", the right edge.
const xAt = (t) => (axisSpan <= 0 ? CHART_W : Math.min(CHART_W, Math.max(0, ((t - axisStart) / axisSpan) * CHART_W)));

// A line per series over the last hour; null values (no event handled in the window) leave a gap.
function lineChart(kind, context, series, unit) {
  const drawn = series.flatMap((s) => s.points.filter((p) => p[1] !== null && p[1] !== undefined));
  const values = drawn.map((p) => p[1]);
  const max = Math.max(1, ...values);
  const yAt = (v) => CHART_H - CHART_PAD - (v / max) * (CHART_H - 2 * CHART_PAD);
  const svg = svgEl("svg", { viewBox: "0 0 " + CHART_W + " " + CHART_H, width: CHART_W, height: CHART_H, role: "img", class: "chart" });
  svg.dataset.chart = kind;
  svg.dataset.context = context;
  // samples: points from this tab's own answers; hourPoints: points from the server's last hour.
  svg.dataset.samples = String(drawn.filter((p) => !p[2]).length);
  svg.dataset.hourPoints = String(drawn.filter((p) => p[2]).length);
  svg.dataset.max = String(values.length ? Math.max(...values) : 0);
  const title = svgEl("title");
  title.textContent = context + " " + kind + " over the last hour (max " + svg.dataset.max + " " + unit + ")";
  svg.append(title, svgEl("line", { x1: 0, y1: CHART_H - CHART_PAD, x2: CHART_W, y2: CHART_H - CHART_PAD, stroke: "#d0d5dc" }));
  for (const s of series) {
    let run = [];
    const flush = () => {
      if (run.length === 1) svg.append(svgEl("circle", { cx: run[0][0], cy: run[0][1], r: 2, fill: s.colour, class: s.name }));
      if (run.length > 1) svg.append(svgEl("polyline", { points: run.map((p) => p[0].toFixed(1) + "," + p[1].toFixed(1)).join(" "), fill: "none", stroke: s.colour, "stroke-width": 1.5, class: s.name }));
      run = [];
    };
    for (const [t, v] of s.points) {
      if (v === null || v === undefined) flush();
      else run.push([xAt(t), yAt(v)]);
    }
    flush();
  }
  return svg;
}

function figure(caption, svg, detail) {
  const f = el("figure");
  const cap = el("figcaption", caption);
  cap.append(el("small", detail));
  f.append(cap, svg);
  return f;
}

function last(points) {
  for (let i = points.length - 1; i >= 0; i--) if (points[i][1] !== null && points[i][1] !== undefined) return points[i][1];
  return null;
}

function drawCharts(own, m) {
  const now = Date.now();
  const history = [...hourSamples(m, own.length ? own[0].t : undefined), ...own];
  setAxis(history, now);
  const names = [...new Set(history.flatMap((s) => Object.keys(s.c)))].sort();
  const grid = $("charts");
  grid.replaceChildren();
  for (const name of names) {
    const pick = (i) => history.map((s) => [s.t, s.c[name] ? s.c[name][i] : null, s.seeded === true]);
    const p50 = pick(0), p99 = pick(1), tp = pick(2);
    const card = el("div", undefined, "chart-card");
    card.dataset.context = name;
    card.append(el("h3", name),
      figure("Event lag, ms (15-min p50 / p99)", lineChart("lag", name, [{ name: "p50", colour: "#2f6fd6", points: p50 }, { name: "p99", colour: "#c4320a", points: p99 }], "ms"), " now " + fmt(last(p50)) + " / " + fmt(last(p99))),
      figure("Throughput, events/min", lineChart("throughput", name, [{ name: "rate", colour: "#3f9c5a", points: tp }], "per min"), " now " + fmt(last(tp))));
    grid.append(card);
  }

  const deps = [...new Set(history.flatMap((s) => Object.keys(s.b)))].sort();
  const strip = $("breaker-chart");
  strip.replaceChildren();
  if (deps.length === 0) strip.append(el("p", "No outbound dependency called yet.", "muted"));
  for (const dep of deps) {
    const row = el("div", undefined, "breaker-row");
    row.dataset.dependency = dep;
    const svg = svgEl("svg", { viewBox: "0 0 " + CHART_W + " 14", width: CHART_W, height: 14, role: "img", class: "chart" });
    svg.dataset.chart = "breaker";
    const states = history.map((s) => s.b[dep] || null);
    svg.dataset.states = [...new Set(states.filter(Boolean))].join(",");
    const title = svgEl("title");
    title.textContent = dep + " breaker over the last hour";
    svg.append(title, svgEl("rect", { x: 0, y: 0, width: CHART_W, height: 14, fill: "#eef2f6" }));
    history.forEach((s, i) => {
      if (!states[i]) return;
      const x = xAt(s.t);
      const end = i + 1 < history.length ? xAt(history[i + 1].t) : CHART_W;
      svg.append(svgEl("rect", { x: x.toFixed(1), y: 0, width: Math.max(1, end - x).toFixed(1), height: 14, fill: BREAKER_FILL[states[i]], class: states[i].toLowerCase() }));
    });
    const current = states[states.length - 1] || "–";
    row.append(el("span", dep, "mono"), svg, el("span", current, current === "CLOSED" ? "badge handled" : "badge dead"));
    strip.append(row);
  }

  const dead = history.map((s) => [s.t, s.d, s.seeded === true]);
  const latest = history[history.length - 1];
  const by = latest ? Object.entries(latest.c).filter(([, v]) => v[3] > 0) : [];
  const deadBox = $("dead-chart");
  deadBox.replaceChildren(figure("Dead letters not yet replayed", lineChart("dead-letters", "totals", [{ name: "dead", colour: "#c4320a", points: dead }], "messages"), " now " + fmt(last(dead))));
  const list = el("p");
  if (by.length === 0) list.append(el("span", "none in any context", "badge handled"));
  for (const [ctx, v] of by) list.append(el("span", ctx + ": " + v[3], "badge dead"));
  deadBox.append(list);
  $("charts-span").textContent = own.length + " samples, " + (history.length - own.length) + " stored minutes, since " + new Date(history[0].t).toISOString().slice(11, 19) + " UTC";
}

function chartMetrics(m) {
  drawCharts(recordSample(m), m);
}

// Sampling runs only while signed in; signing out stops it and forgets this tab's history.
function startSampling() {
  if (sampler === null) sampler = setInterval(() => { if (token()) loadMetrics(); }, SAMPLE_EVERY_MS);
}
function stopSampling() {
  if (sampler !== null) clearInterval(sampler);
  sampler = null;
  sessionStorage.removeItem(HISTORY_KEY);
}
`;
