import { Hono } from "hono";
import type { AppEnv } from "../kernel/http-env";
import { ADMIN_PAGE_SCRIPT } from "./admin-page-script";
import { CHARTS_SCRIPT } from "./admin-charts-script";
import { STOCK_AUDIT_SCRIPT } from "./admin-stock-audit-script";
import { RETURNS_SCRIPT } from "./admin-returns-script";

// GET /admin: the operator's page. The HTML shell is public and holds no data; everything it shows comes from the
// admin API with the token the operator signs in for (kept in sessionStorage: gone when the tab closes).
const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d2430}h1{font-size:20px}h2{font-size:16px;margin-top:28px}
table{border-collapse:collapse;width:100%}th,td{padding:4px 8px;border-bottom:1px solid #e3e6ea;text-align:left;vertical-align:top}
th{background:#f4f6f8}tr.totals td{font-weight:600}tr.warn td{background:#fff4e5}.error{color:#b42318}
.badge{display:inline-block;margin:1px 4px 1px 0;padding:0 6px;border-radius:8px;background:#eef2f6;font-size:12px}
.badge.handled,.badge.duplicate{background:#e3f6e8}.badge.retrying{background:#fff4e5}.badge.dead{background:#fde8e8}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(270px,1fr));gap:10px}
.chart-card{border:1px solid #e3e6ea;border-radius:6px;padding:6px 10px}.chart-card h3{font-size:14px;margin:2px 0 4px}
figure{margin:0 0 6px}figcaption{font-size:12px;color:#4b5565}figcaption small{margin-left:4px;color:#1d2430}
.chart{display:block;background:#fafbfc}.breaker-row{display:flex;align-items:center;gap:8px;margin:3px 0}.breaker-row .mono{min-width:180px}
.muted{color:#6b7480}.status{font-weight:600}.mono{font-family:ui-monospace,monospace;font-size:12px}form{margin:8px 0}input{margin-right:8px}`;

function page(nonce: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Edge Commerce · Operations</title><style nonce="${nonce}">${STYLE}</style></head>
<body>
<h1>Edge Commerce · Operations</h1>
<section id="login">
  <form id="login-form"><label>Email <input id="email" type="email" autocomplete="username" required></label>
  <label>Password <input id="password" type="password" autocomplete="current-password" required></label>
  <button type="submit">Sign in</button></form><p id="login-error" class="error" role="alert"></p>
</section>
<section id="console" hidden>
  <button id="logout" type="button">Sign out</button>
  <h2>Event processing per context <button id="refresh" type="button">Refresh</button></h2>
  <table id="metrics"><thead><tr><th>Context</th><th>Handled</th><th>Lag ms p50 / p99</th><th>Processing ms p50 / p99</th><th>Error rate</th><th>Per min</th><th>Outbox pending</th><th>Dead letters</th></tr></thead>
  <tbody id="metrics-body"></tbody></table>
  <p id="http-summary"></p><p id="breakers" class="status"></p><p id="metrics-error" class="error" role="alert"></p>
  <h2>Last hour</h2>
  <p class="muted">Sampled from /admin/metrics on every refresh and every 10 s while this page is open; kept for this tab only. <span id="charts-span"></span></p>
  <div id="charts" class="charts"></div>
  <h3>Circuit breakers</h3><div id="breaker-chart"></div>
  <h3>Dead letters</h3><div id="dead-chart"></div>
  <h2>Timeline</h2>
  <form id="timeline-form"><label>Order id (or any aggregate id) <input id="order-id" required size="40" placeholder="ord_…"></label><button type="submit">Show timeline</button></form>
  <p id="timeline-status" class="status"></p><p id="timeline-error" class="error" role="alert"></p>
  <table id="timeline"><thead><tr><th>When (UTC)</th><th>Event</th><th>Status change</th><th>Aggregate</th><th>Delivered to</th><th>Correlation id</th><th>Trace id</th></tr></thead>
  <tbody id="timeline-body"></tbody></table>
  <h2>Stock audit</h2>
  <form id="audit-form"><label>Product id <input id="audit-product" required size="40" placeholder="prd_…"></label><button type="submit">Audit stock</button>
  <button id="audit-all" type="button">Audit all stock</button></form>
  <p id="audit-summary" class="status"></p><p id="audit-error" class="error" role="alert"></p>
  <table id="audit"><thead><tr><th>Product</th><th>Verdict</th><th>Levels or discrepancies</th></tr></thead><tbody id="audit-body"></tbody></table>
  <h2>Returns</h2>
  <form id="returns-form"><label>Status <select id="returns-status"><option>REQUESTED</option><option>RECEIVED</option><option>REFUNDED</option><option>REJECTED</option></select></label>
  <button type="submit">Show returns</button>
  <label>Rejection reason <input id="returns-reason" size="40" minlength="10" maxlength="500" value="Not in a resaleable condition"></label></form>
  <p id="returns-summary" class="status"></p><p id="returns-error" class="error" role="alert"></p>
  <table id="returns"><thead><tr><th>Return</th><th>Order</th><th>Status</th><th>Units</th><th>Refund</th><th>Reason</th><th></th></tr></thead><tbody id="returns-body"></tbody></table>
</section>
<script nonce="${nonce}">${ADMIN_PAGE_SCRIPT}${CHARTS_SCRIPT}${STOCK_AUDIT_SCRIPT}${RETURNS_SCRIPT}
show();</script>
</body></html>`;
}

export const adminPage = new Hono<AppEnv>();

adminPage.get("/admin", (c) => {
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  c.header("content-security-policy", `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`);
  c.header("x-content-type-options", "nosniff");
  c.header("referrer-policy", "no-referrer");
  c.header("cache-control", "no-store");
  return c.html(page(nonce));
});
