// The "Audit stock" actions of the operator page (contract §5): one product, or every item page by page.
// It reuses the page's `call`, `el` and `$` helpers and, like them, writes API values with textContent only.
export const STOCK_AUDIT_SCRIPT = String.raw`
function auditRow(productId, verdict, details) {
  const tr = el("tr", undefined, verdict === "consistent" ? "" : "warn");
  tr.dataset.productId = productId;
  tr.append(el("td", productId, "mono"), el("td", verdict, "status"), el("td", details));
  $("audit-body").append(tr);
}

$("audit-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const id = $("audit-product").value.trim();
  $("audit-error").textContent = "";
  $("audit-body").replaceChildren();
  try {
    const a = await call("/admin/inventory/" + encodeURIComponent(id) + "/audit");
    const l = a.levels;
    auditRow(a.productId, a.consistent ? "consistent" : "INCONSISTENT", a.consistent
      ? "onHand " + l.onHand + " · reserved " + l.reserved + " · available " + l.available
      : a.discrepancies.map((d) => d.code + ": expected " + d.expected + ", actual " + d.actual).join("; "));
  } catch (err) { $("audit-error").textContent = err.message; }
});

$("audit-all").addEventListener("click", async () => {
  $("audit-error").textContent = "";
  $("audit-body").replaceChildren();
  let cursor = null, checked = 0, bad = 0;
  try {
    for (let page = 0; page < 10000; page++) {
      const r = await call("/admin/inventory/audits", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(cursor ? { cursor } : {}) });
      checked += r.checked;
      for (const id of r.inconsistent) { bad++; auditRow(id, "INCONSISTENT", "open it above for the discrepancies"); }
      $("audit-summary").textContent = checked + " items checked, " + bad + " inconsistent" + (r.nextCursor ? " …" : "");
      cursor = r.nextCursor;
      if (!cursor) break;
    }
  } catch (err) { $("audit-error").textContent = err.message; }
});
`;
