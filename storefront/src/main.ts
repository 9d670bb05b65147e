// The demo storefront's first view: the catalogue with prices and availability.
interface Product { id: string; name: string; price: { amount: number; currency: string }; availability: string }

const view = document.getElementById("view");
const money = (m: { amount: number; currency: string }) => new Intl.NumberFormat("en-US", { style: "currency", currency: m.currency }).format(m.amount / 100);

async function catalogue(): Promise<void> {
  if (!view) return;
  const res = await fetch("/api/v1/products?limit=100");
  const body = (await res.json()) as { data: Product[] };
  const list = document.createElement("ul");
  list.className = "grid";
  for (const p of body.data) {
    const li = document.createElement("li");
    li.className = "card";
    li.textContent = `${p.name} · ${money(p.price)} · ${p.availability.replace("_", " ").toLowerCase()}`;
    list.append(li);
  }
  view.replaceChildren(list);
}

void catalogue();
