// Outside Photoshop (a browser preview or the headless-browser test) the `sp-*` elements do not
// exist. These minimal stand-ins give the fields a real input and a `value`, and dress them like
// Spectrum's dark theme, so the same panel can be seen and driven there; inside UXP the built-in
// Spectrum elements are used instead and none of this runs.

const FIELD = "font:inherit;color:#eee;background:#1e1e1e;border:1px solid #4a4a4a;border-radius:4px;padding:5px 7px;";

class ShimTextfield extends HTMLElement {
  private input = document.createElement("input");
  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    root.innerHTML = `<style>:host{display:flex;flex-direction:column}input{${FIELD}}input:focus{outline:none;border-color:#378ef0}</style><slot name="label"></slot>`;
    root.append(this.input);
  }
  connectedCallback(): void {
    this.input.type = this.getAttribute("type") ?? "text";
    this.input.placeholder = this.getAttribute("placeholder") ?? "";
    this.input.setAttribute("aria-label", this.previousElementSibling?.textContent ?? this.id);
    if (this.hasAttribute("value") && !this.input.value) this.input.value = this.getAttribute("value") ?? "";
    this.input.addEventListener("input", () => this.dispatchEvent(new Event("input")));
  }
  get value(): string {
    return this.input.value;
  }
  set value(v: string) {
    this.input.value = v;
  }
}

class ShimPicker extends HTMLElement {
  private select = document.createElement("select");
  connectedCallback(): void {
    if (this.shadowRoot) return;
    for (const item of this.querySelectorAll("sp-menu-item")) {
      const option = new Option(
        item.textContent ?? "",
        item.getAttribute("value") ?? "",
        false,
        item.hasAttribute("selected"),
      );
      this.select.append(option);
    }
    const root = this.attachShadow({ mode: "open" });
    root.innerHTML = `<style>:host{display:flex}select{${FIELD}flex:1}</style>`;
    this.select.setAttribute("aria-label", this.getAttribute("label") ?? this.id);
    root.append(this.select);
    this.select.addEventListener("change", () => this.dispatchEvent(new Event("change")));
  }
  get value(): string {
    return this.select.value;
  }
  set value(v: string) {
    this.select.value = v;
  }
}

class ShimButton extends HTMLElement {
  connectedCallback(): void {
    this.setAttribute("role", "button");
    this.tabIndex = 0;
    const cta = this.getAttribute("variant") === "cta";
    const quiet = this.hasAttribute("quiet");
    this.style.cssText = [
      "display:inline-block;padding:5px 14px;border-radius:16px;cursor:pointer;font-weight:600;user-select:none",
      cta ? "background:#378ef0;color:#fff;border:1px solid #378ef0" : "color:#e8e8e8;border:1px solid #8a8a8a",
      quiet ? "border-color:transparent;padding:4px 8px;border-radius:4px;font-weight:400" : "",
    ].join(";");
  }
}

/** `sp-slider`: its `label` slot, the value with `value-label`, a range input; `input`/`change` events. */
class ShimSlider extends HTMLElement {
  private input = document.createElement("input");
  private text = document.createElement("span");
  connectedCallback(): void {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: "open" });
    root.innerHTML = `<style>:host{display:flex;flex-direction:column}.top{display:flex;justify-content:space-between;font-size:11px;color:#b8b8b8}input{accent-color:#378ef0;margin:2px 0}</style><div class="top"><slot name="label"></slot></div>`;
    this.input.type = "range";
    for (const name of ["min", "max", "step", "value"]) this.input.setAttribute(name, this.getAttribute(name) ?? "");
    this.input.setAttribute("aria-label", this.querySelector("sp-label")?.textContent ?? this.id);
    root.querySelector(".top")?.append(this.text);
    root.append(this.input);
    this.show();
    for (const type of ["input", "change"])
      this.input.addEventListener(type, () => {
        this.show();
        this.dispatchEvent(new Event(type));
      });
  }
  private show(): void {
    this.text.textContent = `${this.input.value}${this.getAttribute("value-label") ?? ""}`;
  }
  get value(): number {
    return Number(this.input.value);
  }
  set value(v: number | string) {
    this.input.value = String(v);
    this.show();
  }
}

/** `sp-checkbox`: its text as the label, a `checked` property and a `change` event. */
class ShimCheckbox extends HTMLElement {
  private box = document.createElement("input");
  connectedCallback(): void {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: "open" });
    root.innerHTML = `<style>:host{display:flex;align-items:center}input{accent-color:#378ef0;margin:0 6px 0 0}</style>`;
    this.box.type = "checkbox";
    this.box.checked = this.hasAttribute("checked");
    const label = document.createElement("label");
    label.append(this.box, document.createElement("slot"));
    root.append(label);
    this.box.addEventListener("change", () => this.dispatchEvent(new Event("change")));
  }
  get checked(): boolean {
    return this.box.checked;
  }
  set checked(v: boolean) {
    this.box.checked = v;
  }
}

class ShimProgress extends HTMLElement {
  static observedAttributes = ["value"];
  attributeChangedCallback(): void {
    this.style.cssText = `display:block;height:4px;border-radius:2px;margin:4px 0;background:linear-gradient(90deg,#378ef0 ${this.getAttribute("value") ?? 0}%,#4a4a4a 0)`;
  }
}

const TEXT_STYLES = `
  sp-heading { display:block; font-weight:700; color:#f0f0f0; margin:2px 0 6px; }
  sp-heading[size="S"] { font-size:16px; }
  sp-heading[size="XS"] { font-size:13px; }
  sp-label { display:block; color:#b8b8b8; font-size:11px; margin-bottom:3px; }
  sp-detail { display:block; font-size:11px; color:#c8c8c8; margin-top:3px; }
  sp-body { display:block; font-size:12px; }
  [disabled] { opacity:.45; pointer-events:none; }
`;

/** Registers the stand-ins for every `sp-*` element the panel uses that the host does not define. */
export function defineSpectrumShims(): void {
  const define = (name: string, ctor: CustomElementConstructor) => {
    if (!customElements.get(name)) customElements.define(name, ctor);
  };
  define("sp-textfield", ShimTextfield);
  define("sp-picker", ShimPicker);
  define("sp-button", class extends ShimButton {});
  define("sp-action-button", class extends ShimButton {});
  define("sp-progressbar", ShimProgress);
  define("sp-slider", ShimSlider);
  define("sp-checkbox", ShimCheckbox);
  const style = document.createElement("style");
  style.textContent = TEXT_STYLES;
  document.head.append(style);
}
