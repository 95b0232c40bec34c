import {
  ADJUST_SLIDERS,
  type AdjustPreview,
  adjustmentsFrom,
  adjustParams,
  type BrandPalette,
  brandPalette,
  LivePreview,
} from "@easel/plugin-core";
import type { EaselClient } from "@easel/shared/client";
import type { AdjustParamsInput } from "@easel/shared/protocol";
import type { PanelInput } from "../commands/command-input.js";
import { readPreviewSource } from "../commands/preview-source.js";
import type { PhotoshopApi } from "../host/photoshop-api.js";
import type { PanelView } from "./panel-view.js";

type EditKind = "adjust" | "recolor";

export interface EditControlsDeps {
  ps: PhotoshopApi | null;
  /** The connected client, or null before Settings are saved. */
  client: () => EaselClient | null;
  /** Shows a problem in the panel's words. */
  error: (error: unknown) => void;
}

/**
 * The Adjust sliders and the Recolor to brand palette. Moving a slider or picking a swatch redraws the
 * preview on a small copy of the layer read once from Photoshop (no upload, no job); Apply runs the
 * `adjust` job on the full-size pixels through the panel's normal command path.
 */
export class EditControls {
  private live: LivePreview | null = null;
  private kind: EditKind = "adjust";
  private palette: BrandPalette | null = null;
  private colour: string | null = null;

  constructor(
    private readonly view: PanelView,
    private readonly deps: EditControlsDeps,
  ) {}

  /** Binds the sliders, the reset and palette buttons. */
  bind(): void {
    for (const field of ["adjust-field", "recolor-field"])
      for (const slider of this.view.el(field).querySelectorAll("[data-slider]"))
        slider.addEventListener("input", () => this.redraw());
    this.view.el("adjust-reset").addEventListener("click", () => this.reset());
    this.view.el("load-palette").addEventListener("click", () => void this.loadPalette());
    this.view.el("refresh-preview").addEventListener("click", () => void this.open(this.kind));
  }

  /** Reads a small copy of the layer (or selection) from Photoshop and draws the preview. */
  async open(kind: EditKind): Promise<void> {
    this.kind = kind;
    const ps = this.deps.ps;
    this.live = null;
    if (kind === "recolor" && !this.palette && this.view.el("brand-kit").value.trim()) void this.loadPalette();
    if (!ps) return;
    let source: AdjustPreview;
    try {
      source = await readPreviewSource(ps);
    } catch (error) {
      this.deps.error(error);
      return;
    }
    const img = this.view.el<HTMLImageElement>("edit-preview");
    this.live = new LivePreview(
      source,
      (url) => {
        img.src = url;
      },
      this.deps.error,
    );
    this.redraw();
  }

  /** The command Apply runs, from the controls. */
  input(kind: EditKind): Extract<PanelInput, { kind: EditKind }> {
    const feather = this.number(`${kind}-feather`);
    if (kind === "adjust") return { kind, adjustments: this.adjustments(), feather };
    if (!this.palette || !this.colour) throw new Error("Show the brand kit's palette and pick a colour first.");
    return {
      kind,
      brandKit: this.palette.kit,
      colour: this.colour,
      strength: this.number("recolor-strength"),
      feather,
    };
  }

  private adjustments() {
    return adjustmentsFrom(Object.fromEntries(ADJUST_SLIDERS.map((s) => [s.id, this.number(`adjust-${s.id}`)])));
  }

  private number(id: string): number {
    return Number(this.view.el(id).value);
  }

  /** What Apply sends; refuses an Adjust that would change nothing (a job for nothing). */
  applyInput(kind: EditKind): Extract<PanelInput, { kind: EditKind }> {
    const input = this.input(kind);
    if (input.kind === "adjust" && Object.keys(input.adjustments).length === 0)
      throw new Error("Move a slider first: every slider is at its neutral value.");
    return input;
  }

  /** The settings the preview draws: the same mapping Apply sends (`adjustParams`). */
  private settings(): AdjustParamsInput {
    if (this.kind === "recolor" && (!this.palette || !this.colour)) return {};
    return adjustParams(this.input(this.kind));
  }

  private redraw(): void {
    try {
      this.live?.update(this.settings());
    } catch (error) {
      this.deps.error(error);
    }
  }

  private reset(): void {
    for (const s of ADJUST_SLIDERS) this.view.el(`adjust-${s.id}`).value = String(s.neutral);
    this.redraw();
  }

  /** Reads the kit named in the Brand kit field and shows its palette as swatches. */
  private async loadPalette(): Promise<void> {
    const status = this.view.el("palette-status");
    const client = this.deps.client();
    if (!client) return this.deps.error(new Error("Set the server URL and API key in Settings first."));
    status.textContent = "Loading…";
    try {
      this.palette = await brandPalette(client, this.view.el("brand-kit").value);
      this.colour = null;
      status.textContent = `${this.palette.name} (${this.palette.kit})`;
      this.view.swatches(this.palette.swatches, (hex) => {
        this.colour = hex;
        this.redraw();
      });
      this.redraw();
    } catch (error) {
      status.textContent = "";
      this.deps.error(error);
    }
  }
}
