// The "Returns" part of the operator page (contract §6): the returns of one status, oldest first, with Receive
// (restock + refund) and Reject buttons on the REQUESTED ones. It reuses the page's `call`, `el` and `$` helpers
// and, like them, writes API values with textContent only.
export const RETURNS_SCRIPT = String.raw`
const returnMoney = (m) => (m.amount / 100).toFixed(2) + " " + m.currency;

async function loadReturns() {
  $("returns-error").textContent = "";
  $("returns-body").replaceChildren();
  try {
    const rows = await call("/admin/returns?limit=50&status=" + encodeURIComponent($("returns-status").value));
    $("returns-summary").textContent = rows.length + " return(s)";
    for (const r of rows) {
      const tr = el("tr");
      tr.dataset.returnId = r.id;
      const actions = el("td");
      if (r.status === "REQUESTED") {
        const receive = el("button", "Receive");
        receive.type = "button";
        receive.addEventListener("click", () => decide(r.id, "receive"));
        const reject = el("button", "Reject");
        reject.type = "button";
        reject.addEventListener("click", () => decide(r.id, "reject"));
        actions.append(receive, reject);
      }
      tr.append(el("td", r.id, "mono"), el("td", r.orderId, "mono"), el("td", r.status, "status"),
        el("td", r.items.map((i) => i.quantity + " × " + i.variantId).join(", "), "mono"), el("td", returnMoney(r.refundAmount)), el("td", r.reason), actions);
      $("returns-body").append(tr);
    }
  } catch (err) { $("returns-error").textContent = err.message; }
}

async function decide(id, action) {
  $("returns-error").textContent = "";
  try {
    const init = action === "reject"
      ? { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ reason: $("returns-reason").value }) }
      : { method: "POST" };
    await call("/admin/returns/" + encodeURIComponent(id) + "/" + action, init);
    await loadReturns();
  } catch (err) { $("returns-error").textContent = err.message; }
}

$("returns-form").addEventListener("submit", (e) => { e.preventDefault(); loadReturns(); });
`;
