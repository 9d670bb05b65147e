// A few DOM helpers, so the views read as markup without a UI framework (the store is six small views; a library
// would be most of the download).
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | EventListener | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") el.addEventListener(name.replace(/^on/, ""), value);
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) el.append(child instanceof Node ? child : String(child));
  return el;
}

export const money = (m: { amount: number; currency: string }) => new Intl.NumberFormat("en-US", { style: "currency", currency: m.currency }).format(m.amount / 100);

export const when = (iso: string) => new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "medium" });

/** "IN_STOCK" → "In stock". */
export const label = (code: string) => code.charAt(0) + code.slice(1).toLowerCase().replaceAll("_", " ");

/** A labelled input with a slot for the API's message about that field (errors[].field). */
export function field(name: string, text: string, attrs: Attrs = {}): HTMLLabelElement {
  return h("label", { class: "field" }, h("span", {}, text), h("input", { name, ...attrs }), h("small", { class: "field-error", "data-field": name }));
}

/** Shows each error next to the input it names, and the others at the form's top. Clears earlier messages. */
export function showErrors(form: HTMLFormElement, errors: { field?: string; message: string }[]): void {
  for (const slot of form.querySelectorAll<HTMLElement>(".field-error, .form-error")) slot.textContent = "";
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  const general: string[] = [];
  for (const e of errors) {
    const slot = e.field ? form.querySelector<HTMLElement>(`.field-error[data-field="${CSS.escape(e.field)}"]`) : null;
    if (slot && !slot.textContent) {
      slot.textContent = e.message;
      form.querySelector(`[name="${CSS.escape(e.field ?? "")}"]`)?.setAttribute("aria-invalid", "true");
    } else if (!slot) general.push(e.message);
  }
  const top = form.querySelector<HTMLElement>(".form-error");
  if (top) top.textContent = general.join(" ");
}

export function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new FormData(form)) if (typeof v === "string") out[k] = v.trim();
  return out;
}
