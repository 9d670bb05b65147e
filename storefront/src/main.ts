// The demo storefront: plain TypeScript over the SDK (sdk/), bundled by esbuild into /assets/store.js. Routes are
// client-side: / (catalogue and search), /store/products/{id}, /store/cart, /store/orders, /store/orders/{id},
// /store/account (sign in / sign up). The session lives in sessionStorage.
import { ApiError, createStoreClient, type Schemas, type SessionTokens } from "../../sdk/src/index.ts";
import { field, formValues, h, label, money, showErrors, when } from "./dom.ts";

type Product = Schemas["Product"];
type Cart = Schemas["Cart"];
type Order = Schemas["Order"];

interface Session {
  tokens: SessionTokens;
  principal: { id: string; role: string };
  email: string;
}

const SESSION_KEY = "edge-store-session";
let session: Session | null = JSON.parse(sessionStorage.getItem("edge-store-session") ?? "null") as Session | null;

function saveSession(next: Session | null): void {
  session = next;
  if (next) sessionStorage.setItem(SESSION_KEY, JSON.stringify(next));
  else sessionStorage.removeItem(SESSION_KEY);
  renderHeader();
}

const store = createStoreClient({
  baseUrl: "",
  tokens: session?.tokens ?? null,
  // A refresh rotates the pair; a refused refresh signs the shopper out.
  onTokens: (tokens) => saveSession(tokens && session ? { ...session, tokens } : null),
});

// The sandbox gateway's test cards (contract §2), listed on the checkout form.
const TEST_CARDS = [
  { token: "tok_visa", text: "Visa: authorizes" },
  { token: "tok_chargeDeclined", text: "Declined by the bank" },
  { token: "tok_insufficient_funds", text: "Declined: insufficient funds" },
  { token: "tok_pending", text: "Stays pending (an unfinished 3-D Secure check)" },
];

const view = document.getElementById("view") as HTMLElement;
let leaving: AbortController = new AbortController();

// ---------- routing ----------

function navigate(path: string): void {
  history.pushState(null, "", path);
  void render();
}

document.addEventListener("click", (e) => {
  const a = (e.target as Element).closest("a");
  if (!a || a.origin !== location.origin || a.target || e.metaKey || e.ctrlKey) return;
  if (a.pathname !== "/" && !a.pathname.startsWith("/store")) return;
  e.preventDefault();
  navigate(a.pathname + a.search);
});
window.addEventListener("popstate", () => void render());

document.getElementById("search")?.addEventListener("submit", (e) => {
  e.preventDefault();
  const q = formValues(e.target as HTMLFormElement).q ?? "";
  navigate(q ? `/?q=${encodeURIComponent(q)}` : "/");
});

async function render(): Promise<void> {
  leaving.abort();
  leaving = new AbortController();
  const path = location.pathname;
  const id = (re: RegExp) => re.exec(path)?.[1];
  const search = document.querySelector<HTMLInputElement>("#search input");
  if (search) search.value = path === "/" ? (new URLSearchParams(location.search).get("q") ?? "") : "";
  try {
    let page: HTMLElement;
    if (path === "/" || path === "/store" || path === "/store/") page = await catalogue(new URLSearchParams(location.search), leaving.signal);
    else if (id(/^\/store\/products\/([^/]+)$/)) page = await productPage(id(/^\/store\/products\/([^/]+)$/) ?? "", leaving.signal);
    else if (path === "/store/account") page = await account();
    else if (!session) page = await account("Sign in to see your cart and orders.");
    else if (path === "/store/cart") page = await cartPage();
    else if (path === "/store/orders") page = await ordersPage();
    else if (id(/^\/store\/orders\/([^/]+)$/)) page = await orderPage(id(/^\/store\/orders\/([^/]+)$/) ?? "", leaving.signal);
    else page = h("section", {}, h("h1", {}, "Not found"), h("p", {}, h("a", { href: "/" }, "Back to the catalogue")));
    view.replaceChildren(page);
  } catch (err) {
    view.replaceChildren(h("section", {}, h("h1", {}, "Something went wrong"), h("p", { class: "form-error" }, err instanceof Error ? err.message : String(err))));
  }
}

function renderHeader(): void {
  const link = document.getElementById("account-link");
  if (link) link.textContent = session ? session.email : "Sign in";
}

async function refreshCartCount(): Promise<void> {
  const link = document.getElementById("cart-link");
  if (!link) return;
  if (!session) {
    link.textContent = "Cart";
    return;
  }
  const cart = await store.call(store.api.GET("/api/v1/carts/me"));
  const count = cart.items.reduce((n, i) => n + i.quantity, 0);
  link.textContent = count ? `Cart (${count})` : "Cart";
}

// ---------- catalogue ----------

function rating(p: Product): HTMLElement {
  if (p.averageRating === null) return h("span", { class: "rating muted" }, "No reviews yet");
  const stars = Math.round(p.averageRating);
  return h("span", { class: "rating", title: `${p.averageRating.toFixed(1)} of 5` }, "★".repeat(stars) + "☆".repeat(5 - stars), ` ${p.averageRating.toFixed(1)} (${p.reviewCount})`);
}

const availability = (status: string) => h("span", { class: `badge ${status.toLowerCase()}`, "data-availability": status }, label(status));

// At most this many cards of a catalogue page follow their stock live: each is one WebSocket (cheap for the server,
// which hibernates idle ones, but a browser caps its connections per host).
const LIVE_CARDS = 24;
const LIVE_RECONNECTS = 5;

/**
 * Follows a product's availability over its live WebSocket (contract §5): the badge and the add button change as
 * stock does, until `signal` aborts (leaving the page). A dropped socket reconnects a few times, then the last
 * state stays shown.
 */
function followAvailability(productId: string, badge: HTMLElement, button: HTMLButtonElement, signal: AbortSignal, left?: HTMLElement): void {
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/v1/products/${encodeURIComponent(productId)}/availability/live`;
  let reconnects = 0;
  let version = -1;
  const open = () => {
    if (signal.aborted) return;
    const ws = new WebSocket(url);
    const close = () => ws.close(1000);
    signal.addEventListener("abort", close, { once: true });
    ws.onmessage = (e: MessageEvent<string>) => {
      const a = JSON.parse(e.data) as { type: string; available: number; status: string; version: number };
      if (a.type !== "availability" || a.version <= version) return;
      version = a.version;
      reconnects = 0;
      badge.className = `badge ${a.status.toLowerCase()}`;
      badge.dataset.availability = a.status;
      badge.textContent = label(a.status);
      button.disabled = a.status === "OUT_OF_STOCK";
      if (left) left.textContent = a.status === "OUT_OF_STOCK" ? "Sold out" : `${a.available} left`;
    };
    ws.onclose = () => {
      signal.removeEventListener("abort", close);
      if (!signal.aborted && reconnects++ < LIVE_RECONNECTS) setTimeout(open, 1_000 * reconnects);
    };
  };
  open();
}

async function addToCart(productId: string, quantity: number, out: HTMLElement): Promise<void> {
  if (!session) return navigate("/store/account");
  try {
    await store.call(store.api.POST("/api/v1/carts/me/items", { body: { productId, quantity } }));
    out.textContent = "Added to your cart";
    out.className = "note ok";
    await refreshCartCount();
  } catch (err) {
    out.textContent = err instanceof Error ? err.message : String(err);
    out.className = "note error";
  }
}

async function catalogue(query: URLSearchParams, signal: AbortSignal): Promise<HTMLElement> {
  const q = query.get("q") ?? "";
  const products = await store.call(store.api.GET("/api/v1/products", { params: { query: { limit: 100, ...(q ? { q } : {}) } } }));
  const cards = products.map((p, i) => {
    const note = h("small", { class: "note" });
    const badge = availability(p.availability);
    const add = h("button", { type: "button", disabled: p.availability === "OUT_OF_STOCK", onclick: () => void addToCart(p.id, 1, note) }, "Add to cart");
    if (i < LIVE_CARDS) followAvailability(p.id, badge, add, signal);
    return h("li", { class: "card", "data-product": p.id },
      h("a", { class: "card-title", href: `/store/products/${p.id}` }, p.name),
      h("p", { class: "muted" }, p.description),
      h("div", { class: "row" }, h("strong", {}, money(p.price)), badge),
      rating(p), add, note);
  });
  return h("section", {},
    h("h1", {}, q ? `Results for “${q}”` : "Catalogue"),
    cards.length ? h("ul", { class: "grid" }, ...cards) : h("p", { class: "muted" }, q ? "Nothing matches that search." : "The catalogue is empty."));
}

async function productPage(id: string, signal: AbortSignal): Promise<HTMLElement> {
  const p = await store.call(store.api.GET("/api/v1/products/{id}", { params: { path: { id } } }));
  const reviews = await store.call(store.api.GET("/api/v1/products/{id}/reviews", { params: { path: { id } } }));
  const note = h("small", { class: "note" });
  const qty = h("input", { type: "number", name: "quantity", min: 1, max: 99, value: 1, "aria-label": "Quantity" });
  const badge = availability(p.availability);
  const left = h("span", { class: "muted", id: "stock-left" });
  const add = h("button", { type: "button", disabled: p.availability === "OUT_OF_STOCK", onclick: () => void addToCart(p.id, Number(qty.value), note) }, "Add to cart");
  followAvailability(p.id, badge, add, signal, left);
  return h("section", { class: "product" },
    h("p", {}, h("a", { href: "/" }, "← Catalogue")),
    h("h1", {}, p.name),
    h("p", {}, p.description),
    h("div", { class: "row" }, h("strong", { class: "price" }, money(p.price)), badge, left, rating(p)),
    h("div", { class: "row" }, qty, add, note),
    h("h2", {}, "Reviews"),
    reviews.length
      ? h("ul", { class: "reviews" }, ...reviews.map((r) => h("li", {}, h("strong", {}, "★".repeat(r.rating), " ", r.title ?? ""), h("p", {}, r.comment))))
      : h("p", { class: "muted" }, "No reviews yet."));
}

// ---------- account ----------

async function coupons(): Promise<Schemas["MyCoupon"][]> {
  return store.call(store.api.GET("/api/v1/promotions/me"));
}

const couponText = (c: Schemas["MyCoupon"]) => `${c.code}: ${typeof c.value === "number" ? (c.type === "PERCENTAGE" ? `${c.value}% off` : money({ amount: c.value, currency: "USD" })) : `${money(c.value)} off`}, until ${new Date(c.endsAt).toLocaleDateString("en-US")}`;

async function account(notice?: string): Promise<HTMLElement> {
  if (session) {
    const me = await store.call(store.api.GET("/api/v1/customers/me"));
    const list = h("ul", { class: "coupons", id: "coupons" });
    const fill = (cs: Schemas["MyCoupon"][]) => list.replaceChildren(...(cs.length ? cs.map((c) => h("li", { "data-code": c.code }, couponText(c))) : [h("li", { class: "muted" }, "No coupons yet.")]));
    fill(await coupons());
    // The welcome coupon is issued by an event right after registration: look again for a few seconds.
    void (async () => {
      for (let i = 0; i < 20 && !list.querySelector("[data-code]") && !leaving.signal.aborted; i++) {
        await new Promise((r) => setTimeout(r, 500));
        fill(await coupons());
      }
    })();
    return h("section", {},
      h("h1", {}, `Hello, ${me.name}`),
      h("p", { class: "muted" }, me.email, " · membership ", label(me.membershipLevel)),
      h("h2", {}, "Your coupons"), list,
      h("p", {}, h("a", { href: "/store/orders" }, "Your orders"), " · ", h("button", { type: "button", class: "link", onclick: () => { store.signOut(); navigate("/"); } }, "Sign out")));
  }

  const signIn = h("form", { id: "sign-in", class: "panel", novalidate: true },
    h("h2", {}, "Sign in"), h("p", { class: "form-error" }),
    field("email", "Email", { type: "email", autocomplete: "username" }),
    field("password", "Password", { type: "password", autocomplete: "current-password" }),
    h("button", { type: "submit" }, "Sign in"));
  const signUp = h("form", { id: "sign-up", class: "panel", novalidate: true },
    h("h2", {}, "New here? Create an account"), h("p", { class: "form-error" }),
    field("name", "Name", { autocomplete: "name" }),
    field("email", "Email", { type: "email", autocomplete: "email" }),
    field("password", "Password", { type: "password", autocomplete: "new-password" }),
    h("small", { class: "muted" }, "At least 8 characters, with upper and lower case and a digit."),
    h("button", { type: "submit" }, "Create account"));

  const begin = async (email: string, password: string) => {
    const principal = await store.signIn(email, password);
    const tokens = store.tokens;
    if (tokens) saveSession({ tokens, principal, email });
  };
  signIn.addEventListener("submit", (e) => {
    e.preventDefault();
    const v = formValues(signIn);
    begin(v.email ?? "", v.password ?? "").then(() => navigate("/"), (err: unknown) => showErrors(signIn, apiErrors(err)));
  });
  signUp.addEventListener("submit", (e) => {
    e.preventDefault();
    const v = formValues(signUp);
    store.call(store.api.POST("/api/v1/customers", { body: { name: v.name ?? "", email: v.email ?? "", password: v.password ?? "" } }))
      .then(() => begin(v.email ?? "", v.password ?? ""))
      .then(() => navigate("/store/account"), (err: unknown) => showErrors(signUp, apiErrors(err)));
  });
  return h("section", {}, notice ? h("p", { class: "note" }, notice) : null, h("div", { class: "two" }, signIn, signUp));
}

function apiErrors(err: unknown): { field?: string; message: string }[] {
  if (err instanceof ApiError) return err.errors.length ? err.errors : [{ message: err.message }];
  return [{ message: err instanceof Error ? err.message : String(err) }];
}

// ---------- cart and checkout ----------

/** Shipping and tax lines of a cart or an order (contract §6): the fee once an address is set, the tax when taxed. */
function chargeLines(t: Pick<Cart, "shippingOption" | "shippingFee" | "tax">, shipped: boolean): (HTMLElement | "")[] {
  const taxed = t.tax.rateBasisPoints > 0;
  return [
    shipped ? h("div", {}, `Shipping${t.shippingOption ? ` (${t.shippingOption.name})` : ""} `, h("span", { id: "shipping-fee" }, money(t.shippingFee))) : "",
    taxed ? h("div", {}, `${t.tax.inclusive ? "Incl. tax" : "Tax"} (${t.tax.rateBasisPoints / 100} %) `, h("span", { id: "tax" }, money(t.tax))) : "",
  ];
}

async function cartPage(): Promise<HTMLElement> {
  const [initial, myCoupons] = await Promise.all([store.call(store.api.GET("/api/v1/carts/me")), coupons()]);
  const section = h("section", {});
  // The lines and totals are redrawn after each change; the forms stay, so what the shopper typed is kept.
  const lines = h("tbody", {});
  const totals = h("div", { class: "totals" });
  const placeButton = h("button", { type: "submit", class: "primary" });
  const quoteButton = h("button", { type: "button", id: "quote-shipping" }, "Quote shipping and tax");
  const optionSelect = h("select", { id: "shipping-option", "aria-label": "Shipping option", hidden: true });

  const promo = h("form", { id: "promotion-form", class: "inline", novalidate: true },
    field("code", "Promotion code", { value: initial.promotionCode ?? "", autocomplete: "off" }),
    h("button", { type: "submit" }, "Apply"), h("p", { class: "form-error" }));
  promo.addEventListener("submit", (e) => {
    e.preventDefault();
    store.call(store.api.POST("/api/v1/carts/me/promotions", { body: { code: formValues(promo).code ?? "" } })).then((c) => {
      showErrors(promo, []);
      draw(c);
    }, (err: unknown) => showErrors(promo, apiErrors(err)));
  });

  const checkout = h("form", { id: "checkout-form", class: "panel", novalidate: true },
    h("h2", {}, "Checkout"), h("p", { class: "form-error" }),
    h("div", { class: "two" },
      field("shippingAddress.recipient", "Recipient", { autocomplete: "name" }),
      field("shippingAddress.line1", "Address", { autocomplete: "address-line1" }),
      field("shippingAddress.city", "City", { autocomplete: "address-level2" }),
      field("shippingAddress.postalCode", "Postal code", { autocomplete: "postal-code" }),
      field("shippingAddress.country", "Country (2 letters)", { autocomplete: "country", value: "US", maxlength: 2 })),
    h("fieldset", { class: "cards" }, h("legend", {}, "Test card (sandbox gateway)"),
      ...TEST_CARDS.map((c, i) => h("label", { class: "card-choice" }, h("input", { type: "radio", name: "paymentMethod.token", value: c.token, checked: i === 0 }), h("code", {}, c.token), ` ${c.text}`)),
      h("small", { class: "field-error", "data-field": "paymentMethod.token" })),
    h("div", { class: "inline" }, quoteButton, optionSelect),
    placeButton);
  // Shipping is quoted before the order: the address (and the option picked) goes to the cart, which answers fee and tax.
  const addressOf = () => {
    const v = formValues(checkout);
    return { recipient: v["shippingAddress.recipient"] ?? "", line1: v["shippingAddress.line1"] ?? "", city: v["shippingAddress.city"] ?? "", postalCode: v["shippingAddress.postalCode"] ?? "", country: (v["shippingAddress.country"] ?? "").toUpperCase() };
  };
  const quote = async (shippingOptionId?: string) => {
    const shippingAddress = addressOf();
    try {
      const c = await store.call(store.api.PUT("/api/v1/carts/me/shipping", { body: { shippingAddress, ...(shippingOptionId ? { shippingOptionId } : {}) } }));
      const options = await store.call(store.api.GET("/api/v1/shipping-options", { params: { query: { country: shippingAddress.country } } }));
      optionSelect.replaceChildren(...options.map((o) => h("option", { value: o.id, selected: o.id === c.shippingOption?.id }, `${o.name} · ${money(o.amount)}`)));
      optionSelect.hidden = options.length === 0;
      showErrors(checkout, []);
      draw(c);
    } catch (err) {
      showErrors(checkout, apiErrors(err));
    }
  };
  quoteButton.addEventListener("click", () => void quote());
  optionSelect.addEventListener("change", () => void quote(optionSelect.value));
  checkout.addEventListener("submit", (e) => {
    e.preventDefault();
    void placeOrder(checkout);
  });

  // Lines are keyed by variant (a simple product's is the product's id).
  const change = (variantId: string, quantity: number) =>
    store.call(store.api.PATCH("/api/v1/carts/me/items/{variantId}", { params: { path: { variantId } }, body: { quantity } })).then(draw, (err: unknown) => alert(apiErrors(err)[0]?.message));

  function draw(cart: Cart): void {
    void refreshCartCount();
    if (!cart.items.length) {
      section.replaceChildren(h("h1", {}, "Your cart"), h("p", { class: "muted" }, "Your cart is empty. ", h("a", { href: "/" }, "Browse the catalogue")));
      return;
    }
    lines.replaceChildren(...cart.items.map((i) => h("tr", { "data-product": i.productId },
      h("td", {}, h("a", { href: `/store/products/${i.productId}` }, i.name)),
      h("td", {}, money(i.unitPrice)),
      h("td", {}, h("input", { type: "number", min: 0, max: 99, value: i.quantity, "aria-label": `Quantity of ${i.name}`, onchange: (e: Event) => void change(i.variantId, Number((e.target as HTMLInputElement).value)) })),
      h("td", { class: "num" }, money(i.subtotal)),
      h("td", {}, h("button", { type: "button", class: "link", onclick: () => void change(i.variantId, 0) }, "Remove")))));
    totals.replaceChildren(
      h("div", {}, "Subtotal ", h("span", { id: "subtotal" }, money(cart.subtotal))),
      cart.discount.amount ? h("div", {}, `Discount (${cart.promotionCode}) `, h("span", { id: "discount" }, `−${money(cart.discount)}`)) : "",
      ...chargeLines(cart, cart.shippingAddress !== null),
      h("div", { class: "total" }, "Total ", h("span", { id: "total" }, money(cart.total))));
    placeButton.textContent = `Place order · ${money(cart.total)}`;
  }

  section.replaceChildren(
    h("h1", {}, "Your cart"),
    h("table", { class: "cart" }, h("thead", {}, h("tr", {}, h("th", {}, "Product"), h("th", {}, "Price"), h("th", {}, "Quantity"), h("th", { class: "num" }, "Subtotal"), h("th", {}))), lines),
    totals, promo,
    myCoupons.length ? h("p", { class: "muted" }, "Your coupons: ", ...myCoupons.map((c) => h("code", { class: "coupon" }, c.code))) : "",
    checkout);
  draw(initial);
  return section;
}

async function placeOrder(form: HTMLFormElement): Promise<void> {
  const v = formValues(form);
  const button = form.querySelector("button[type=submit]");
  button?.setAttribute("disabled", "");
  try {
    const shippingAddress = { recipient: v["shippingAddress.recipient"] ?? "", line1: v["shippingAddress.line1"] ?? "", city: v["shippingAddress.city"] ?? "", postalCode: v["shippingAddress.postalCode"] ?? "", country: (v["shippingAddress.country"] ?? "").toUpperCase() };
    const order = await store.call(store.api.POST("/api/v1/carts/me/checkout", { body: { shippingAddress } }));
    try {
      await store.call(store.api.POST("/api/v1/orders/{orderId}/submit", { params: { path: { orderId: order.id } }, body: { paymentMethod: { type: "CARD", token: v["paymentMethod.token"] ?? "" } } }));
    } catch (err) {
      // The order exists (CREATED) but was not submitted, e.g. the coupon was used up meanwhile: say so on its page.
      sessionStorage.setItem(`submit-error:${order.id}`, apiErrors(err).map((e) => e.message).join(" "));
    }
    // Checkout emptied the cart.
    void refreshCartCount();
    navigate(`/store/orders/${order.id}`);
  } catch (err) {
    showErrors(form, apiErrors(err));
  } finally {
    button?.removeAttribute("disabled");
  }
}

// ---------- orders ----------

async function ordersPage(): Promise<HTMLElement> {
  const customerId = session?.principal.id ?? "";
  const orders = await store.call(store.api.GET("/api/v1/customers/{customerId}/orders", { params: { path: { customerId } } }));
  return h("section", {},
    h("h1", {}, "Your orders"),
    orders.length
      ? h("table", { class: "orders" },
          h("thead", {}, h("tr", {}, h("th", {}, "Order"), h("th", {}, "Placed"), h("th", {}, "Items"), h("th", {}, "Status"), h("th", { class: "num" }, "Total"))),
          h("tbody", {}, ...orders.map((o) => h("tr", { "data-order": o.id },
            h("td", {}, h("a", { href: `/store/orders/${o.id}` }, o.id)), h("td", {}, when(o.createdAt)), h("td", {}, o.itemCount),
            h("td", {}, h("span", { class: `status ${o.status.toLowerCase()}` }, label(o.status)), o.cancellationReason ? ` (${label(o.cancellationReason)})` : ""),
            h("td", { class: "num" }, money(o.total))))))
      : h("p", { class: "muted" }, "No orders yet."));
}

function orderView(order: Order, submitError: string | null, onCancel: () => void, reload: () => Promise<unknown>): (HTMLElement | null)[] {
  const cancellable = order.status === "CREATED" || order.status === "PENDING";
  return [
    h("p", {}, h("a", { href: "/store/orders" }, "← Your orders")),
    h("h1", {}, "Order ", h("code", {}, order.id)),
    h("p", { class: "status-line" }, "Status: ", h("span", { id: "order-status", class: `status ${order.status.toLowerCase()}` }, label(order.status)),
      order.cancellationReason ? h("span", { id: "cancellation-reason" }, ` · ${label(order.cancellationReason)}`) : null),
    submitError ? h("p", { class: "form-error" }, `Not submitted: ${submitError}`) : null,
    h("table", { class: "cart" }, h("tbody", {}, ...order.items.map((i) => h("tr", {}, h("td", {}, i.name), h("td", {}, `× ${i.quantity}`), h("td", { class: "num" }, money(i.subtotal)))))),
    h("div", { class: "totals" },
      h("div", {}, "Subtotal ", money(order.subtotal)),
      order.discount.amount ? h("div", {}, `Discount (${order.promotionCode}) −${money(order.discount)}`) : null,
      ...chargeLines(order, true),
      h("div", { class: "total" }, "Total ", money(order.total))),
    h("p", { class: "muted" }, `Payment: ${label(order.payment.status)}${order.payment.method ? ` (${order.payment.method})` : ""}`,
      order.shipment ? ` · Shipment ${order.shipment.carrier ?? ""} ${order.shipment.trackingNumber ?? ""} ${label(order.shipment.status)}` : ""),
    h("h2", {}, "Timeline"),
    h("ol", { class: "timeline", id: "timeline" }, ...order.history.map((e) => h("li", {}, h("strong", {}, label(e.status)), ` · ${when(e.at)}`, e.reason ? ` · ${label(e.reason)}` : ""))),
    cancellable ? h("button", { type: "button", onclick: onCancel }, "Cancel order") : null,
    returnsSection(order, reload),
  ];
}

// ---------- returns (contract §6) ----------

type OrderLine = Order["items"][number];
/** The variant a line's units go back to (for a product without variants, its one variant's id is the product's). */
const lineVariant = (line: OrderLine) => line.variantId ?? line.productId;

/** Units of each line not yet returned or asked for, counted as the API counts them (a rejected return frees its units). */
function returnable(order: Order): Map<string, number> {
  const left = new Map(order.items.map((i) => [lineVariant(i), i.quantity]));
  for (const r of order.returns) {
    if (r.status === "REJECTED") continue;
    for (const i of r.items) left.set(i.variantId, (left.get(i.variantId) ?? 0) - i.quantity);
  }
  return left;
}

/** The order's returns with their status and refund, and for a delivered order one return form per line with units left. */
function returnsSection(order: Order, reload: () => Promise<unknown>): HTMLElement | null {
  const delivered = order.status === "DELIVERED";
  if (!delivered && order.returns.length === 0) return null;
  const names = new Map(order.items.map((i) => [lineVariant(i), i.name]));
  const left = returnable(order);
  const forms = delivered ? order.items.filter((i) => (left.get(lineVariant(i)) ?? 0) > 0).map((i) => returnForm(order.id, i, left.get(lineVariant(i)) ?? 0, reload)) : [];
  return h("section", { id: "returns" },
    h("h2", {}, "Returns"),
    order.returns.length
      ? h("table", { class: "returns" },
          h("thead", {}, h("tr", {}, h("th", {}, "Return"), h("th", {}, "Items"), h("th", {}, "Status"), h("th", { class: "num" }, "Refund"))),
          h("tbody", {}, ...order.returns.map((r) => h("tr", { "data-return": r.id },
            h("td", {}, h("code", {}, r.id)),
            h("td", {}, r.items.map((i) => `${i.quantity} × ${names.get(i.variantId) ?? i.variantId}`).join(", ")),
            h("td", {}, h("span", { class: `status ${r.status.toLowerCase()}` }, label(r.status))),
            h("td", { class: "num refund" }, money(r.refundAmount))))))
      : null,
    delivered
      ? h("p", { class: "muted" }, forms.length ? "Returns are taken up to 7 days after delivery. The refund is what you paid for the units; shipping is not refunded." : "Every unit is returned or asked for.")
      : null,
    ...forms);
}

function returnForm(orderId: string, line: OrderLine, max: number, reload: () => Promise<unknown>): HTMLFormElement {
  const variantId = lineVariant(line);
  const form = h("form", { class: "panel return-form", "data-variant": variantId, novalidate: true },
    h("h3", {}, `Return ${line.name}`), h("p", { class: "form-error" }),
    h("div", { class: "two" },
      field("quantity", `Units (up to ${max})`, { type: "number", min: 1, max, value: 1 }),
      field("reason", "Reason", { maxlength: 500, placeholder: "At least 10 characters" })),
    h("button", { type: "submit" }, "Request a return"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const v = formValues(form);
    store.call(store.api.POST("/api/v1/orders/{orderId}/returns", { params: { path: { orderId } }, body: { items: [{ variantId, quantity: Number(v.quantity) }], reason: v.reason ?? "" } }))
      // The API names the quantity of the form's one item `items.0.quantity`.
      .then(reload, (err: unknown) => showErrors(form, apiErrors(err).map((x) => (x.field === "items.0.quantity" ? { ...x, field: "quantity" } : x))));
  });
  return form;
}

async function orderPage(orderId: string, signal: AbortSignal): Promise<HTMLElement> {
  const section = h("section", { class: "order", "data-order": orderId });
  const submitError = sessionStorage.getItem(`submit-error:${orderId}`);
  const load = async () => {
    const order = await store.call(store.api.GET("/api/v1/orders/{orderId}", { params: { path: { orderId } } }));
    section.replaceChildren(...orderView(order, order.status === "CREATED" ? submitError : null, () => {
      store.call(store.api.POST("/api/v1/orders/{orderId}/cancel", { params: { path: { orderId } }, body: {} })).then(load, (err: unknown) => alert(apiErrors(err)[0]?.message));
    }, load).filter((el) => el !== null));
    return order;
  };
  const order = await load();
  // Live status (contract §5, or polling where the live route is missing): each change redraws the page.
  if (order.status !== "DELIVERED" && order.status !== "CANCELLED") {
    void (async () => {
      try {
        for await (const update of store.liveOrder(orderId, { signal })) {
          if (signal.aborted) break;
          const shown = section.querySelector("#order-status")?.textContent;
          if (shown !== label(update.status) || update.reason) await load();
        }
      } catch {
        // Leaving the page aborts the stream; a failed stream leaves the last state shown.
      }
    })();
  }
  return section;
}

renderHeader();
void refreshCartCount().catch(() => undefined);
void render();
