import type { PsBounds, PsLayer } from "../photoshop-api.js";
import type { EmulatedDocument } from "./emulated-document.js";

/** A rectangle of pixels positioned in document coordinates (px). */
export interface Surface {
  left: number;
  top: number;
  width: number;
  height: number;
  /** RGBA for layer pixels, one byte per pixel for masks. */
  data: Uint8Array;
}

/** `Layer.kind` values the emulator knows (constants.LayerKind in @types/photoshop). */
export type EmulatedLayerKind = "pixel" | "smartObject" | "group" | "text";

/** A pixel layer: its pixels live on a surface that may extend past the canvas, like Photoshop's. */
export class EmulatedLayer implements PsLayer {
  /** The user (pixel) mask, if one was added. */
  mask: Surface | null = null;
  /** What kind of layer this is; only `pixel` layers hold editable pixels. */
  kind: EmulatedLayerKind = "pixel";
  /**
   * How far the layer's effects (drop shadow, stroke, glow) reach past its pixels (px). Photoshop's
   * `bounds` includes them; `boundsNoEffects` does not.
   */
  effectsSpread = 0;
  private surfaceValue: Surface | null;
  private cachedBounds: PsBounds | null = null;

  constructor(
    readonly document: EmulatedDocument,
    readonly id: number,
    private layerName: string,
    surface: Surface | null,
    readonly isBackgroundLayer = false,
  ) {
    this.surfaceValue = surface;
  }

  get surface(): Surface | null {
    return this.surfaceValue;
  }

  set surface(value: Surface | null) {
    this.surfaceValue = value;
    this.cachedBounds = null;
  }

  get name(): string {
    return this.layerName;
  }

  set name(value: string) {
    this.document.requireModal("set layer name");
    this.layerName = value;
    this.document.recordHistory("Rename Layer");
  }

  /** Bounds including the layer's effects, as Photoshop's `Layer.bounds` reports them. */
  get bounds(): PsBounds {
    const b = this.boundsNoEffects;
    if (this.effectsSpread === 0 || b.right <= b.left) return b;
    const e = this.effectsSpread;
    return { left: b.left - e, top: b.top - e, right: b.right + e, bottom: b.bottom + e };
  }

  /** Bounds of the non-transparent pixels; all zero for an empty layer (as Photoshop reports it). */
  get boundsNoEffects(): PsBounds {
    this.cachedBounds ??= this.pixelBounds();
    return { ...this.cachedBounds };
  }

  private pixelBounds(): PsBounds {
    const s = this.surface;
    if (!s) return { left: 0, top: 0, right: 0, bottom: 0 };
    // A background layer is opaque everywhere: no need to scan 24 MP for transparency.
    if (this.isBackgroundLayer) return { left: s.left, top: s.top, right: s.left + s.width, bottom: s.top + s.height };
    let left = Number.POSITIVE_INFINITY;
    let top = Number.POSITIVE_INFINITY;
    let right = Number.NEGATIVE_INFINITY;
    let bottom = Number.NEGATIVE_INFINITY;
    for (let y = 0; y < s.height; y++) {
      for (let x = 0; x < s.width; x++) {
        if ((s.data[(y * s.width + x) * 4 + 3] as number) === 0) continue;
        left = Math.min(left, x);
        right = Math.max(right, x + 1);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y + 1);
      }
    }
    if (left === Number.POSITIVE_INFINITY) return { left: 0, top: 0, right: 0, bottom: 0 };
    return { left: s.left + left, top: s.top + top, right: s.left + right, bottom: s.top + bottom };
  }

  move(relativeObject: PsLayer, insertLocation: string): void {
    this.document.requireModal("move layer");
    if (insertLocation !== "placeBefore") throw new Error(`emulator: placement ${insertLocation} is not emulated`);
    this.document.moveAbove(this, relativeObject.id);
  }

  /** Puts the name back when history is rolled back (no history entry of its own). */
  restoreName(name: string): void {
    this.layerName = name;
  }

  /** RGBA pixel at document coordinates, transparent outside the surface. */
  pixelAt(x: number, y: number): [number, number, number, number] {
    const s = this.surface;
    if (!s || x < s.left || y < s.top || x >= s.left + s.width || y >= s.top + s.height) return [0, 0, 0, 0];
    const i = ((y - s.top) * s.width + (x - s.left)) * 4;
    return [s.data[i] as number, s.data[i + 1] as number, s.data[i + 2] as number, s.data[i + 3] as number];
  }

  /** Mask value at document coordinates; 255 (revealed) where there is no mask. */
  maskAt(x: number, y: number): number {
    const m = this.mask;
    if (!m) return 255;
    if (x < m.left || y < m.top || x >= m.left + m.width || y >= m.top + m.height) return 255;
    return m.data[(y - m.top) * m.width + (x - m.left)] as number;
  }
}
