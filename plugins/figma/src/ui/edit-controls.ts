import {
  ADJUST_SLIDERS,
  AdjustPreview,
  adjustmentsFrom,
  adjustParams,
  type BrandPalette,
  brandPalette,
  type CommandInput,
  LivePreview,
  sliderText,
} from "@easel/plugin-core";
import type { EaselClient } from "@easel/shared/client";
import type { AdjustParamsInput } from "@easel/shared/protocol";
import type { PreparedSource } from "../messages.js";
import { byId, el } from "./dom.js";
import { decodeSmall } from "./small-copy.js";

export type EditInput = Extract<CommandInput, { kind: "adjust" | "recolor" }>;
type EditKind = EditInput["kind"];

/**
 * The Adjust sliders and the Recolor to brand swatches, with one live preview they share. The preview is
 * drawn here from a small copy of the selected image (read once from the main thread, no request to the
 * server) with the same maths the server's `adjust` job runs (plugin-core's `AdjustPreview`); Apply sends
 * the full-size job through the normal run.
 */
export class EditControls {
  private kind: EditKind = "adjust";
  private live: LivePreview | null = null;
  /** The image node the preview was read from; a new selection reads again. */
  private sourceKey: string | null = null;
  private palette: BrandPalette | null = null;
  private colour: string | null = null;

  constructor(
    private readonly deps: {
      /** Reads the selection for the command (image and, with a shape drawn over it, the mask). */
      prepare: (kind: EditKind) => Promise<PreparedSource>;
      client: () => EaselClient;
      fail: (error: unknown) => void;
    },
  ) {
    const sliders = byId("adjust-sliders");
    for (const s of ADJUST_SLIDERS) {
      const id = `adjust-${s.id}`;
      const input = el("input", {
        id,
        type: "range",
        min: String(s.min),
        max: String(s.max),
        step: String(s.step),
        value: String(s.neutral),
        "data-slider": s.id,
        "data-edit": "",
      });
      const value = el("output", { id: `${id}-value`, for: id }, sliderText(s, s.neutral));
      sliders.append(el("label", { for: id }, s.label), value, input);
    }
    for (const input of document.querySelectorAll<HTMLInputElement>("[data-edit]"))
      input.addEventListener("input", () => this.redraw());
    byId("adjust-reset").addEventListener("click", () => this.reset());
  }

  /** Shows the form of `kind`: reads the preview's small copy when the selected image changed. */
  async open(kind: EditKind, imageKey: string | null): Promise<void> {
    this.kind = kind;
    byId("adjust-reset").hidden = kind !== "adjust";
    if (imageKey !== this.sourceKey) {
      this.sourceKey = imageKey;
      this.live = null;
      this.show(null);
      if (imageKey) await this.read(kind, imageKey);
    }
    this.redraw();
  }

  private async read(kind: EditKind, imageKey: string): Promise<void> {
    try {
      const prepared = await this.deps.prepare(kind);
      if (!prepared.image || this.sourceKey !== imageKey) return;
      const small = await decodeSmall(prepared.image, prepared.mask);
      if (this.sourceKey !== imageKey) return;
      const preview = AdjustPreview.of(small.image, small.mask, { sourceScale: small.scale });
      this.live = new LivePreview(preview, (url) => this.show(url), this.deps.fail);
    } catch (error) {
      this.sourceKey = null;
      this.deps.fail(error);
    }
  }

  /** Reads the palette of the kit chosen in the Brand kit field (`slug@N`) and shows it as swatches. */
  async loadPalette(kitRef: string): Promise<void> {
    const status = byId("palette-status");
    const swatches = byId("swatches");
    if (!kitRef) {
      this.palette = null;
      swatches.replaceChildren();
      status.textContent = "Pick a brand kit to see its colours.";
      return this.redraw();
    }
    if (this.palette?.kit === kitRef) return;
    status.textContent = "Loading the palette…";
    try {
      const palette = await brandPalette(this.deps.client(), kitRef);
      this.palette = palette;
      if (!palette.swatches.some((s) => s.hex === this.colour)) this.colour = null;
      status.textContent = palette.swatches.length ? "" : `${palette.name} has no palette colours.`;
      swatches.replaceChildren(
        ...palette.swatches.map((s) => {
          const label = `${s.name} ${s.hex}`;
          const button = el("button", {
            type: "button",
            class: "swatch",
            role: "radio",
            "aria-checked": String(s.hex === this.colour),
            "aria-label": label,
            title: label,
            "data-hex": s.hex,
          });
          button.style.background = s.hex;
          button.addEventListener("click", () => this.pick(s.hex));
          return button;
        }),
      );
      this.redraw();
    } catch (error) {
      status.textContent = "";
      this.deps.fail(error);
    }
  }

  /** What Apply sends; refuses a job that would change nothing, in words. */
  input(): EditInput {
    const feather = Number(byId<HTMLInputElement>("edit-feather").value);
    if (this.kind === "adjust") {
      const adjustments = adjustmentsFrom(
        Object.fromEntries(ADJUST_SLIDERS.map((s) => [s.id, byId<HTMLInputElement>(`adjust-${s.id}`).value])),
      );
      if (Object.keys(adjustments).length === 0)
        throw new Error("Move a slider first: every slider is at its neutral value.");
      return { kind: "adjust", adjustments, feather };
    }
    if (!this.palette || !this.colour) throw new Error("Pick a brand kit and one of its colours first.");
    const strength = Number(byId<HTMLInputElement>("recolor-strength").value);
    return { kind: "recolor", brandKit: this.palette.kit, colour: this.colour, strength, feather };
  }

  private pick(hex: string): void {
    this.colour = hex;
    for (const b of byId("swatches").querySelectorAll("[data-hex]"))
      b.setAttribute("aria-checked", String(b.getAttribute("data-hex") === hex));
    this.redraw();
  }

  /** The settings the preview draws: the same mapping Apply sends (`adjustParams`); neutral when incomplete. */
  private settings(): AdjustParamsInput {
    try {
      return adjustParams(this.input());
    } catch {
      return {};
    }
  }

  private redraw(): void {
    for (const s of ADJUST_SLIDERS)
      byId(`adjust-${s.id}-value`).textContent = sliderText(s, Number(byId<HTMLInputElement>(`adjust-${s.id}`).value));
    byId("recolor-strength-value").textContent = `${byId<HTMLInputElement>("recolor-strength").value}%`;
    byId("edit-feather-value").textContent = `${byId<HTMLInputElement>("edit-feather").value} px`;
    this.live?.update(this.settings());
  }

  private reset(): void {
    for (const s of ADJUST_SLIDERS) byId<HTMLInputElement>(`adjust-${s.id}`).value = String(s.neutral);
    this.redraw();
  }

  private show(url: string | null): void {
    const img = byId<HTMLImageElement>("edit-preview");
    if (url) img.src = url;
    img.hidden = url === null;
    byId("edit-preview-empty").hidden = url !== null;
  }
}
