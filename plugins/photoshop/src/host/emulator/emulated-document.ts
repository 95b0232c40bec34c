import type { PsBounds, PsDocument, PsLayer } from "../photoshop-api.js";
import { EmulatedLayer, type Surface } from "./emulated-layer.js";

/** Host-wide state every document shares: the modal scope, id counters and the emulated version. */
export interface EmulatorHost {
  inModal: boolean;
  nextId(): number;
  /** `Document.selection` exists from Photoshop 25.0 on; before, the property is undefined. */
  readonly hasDocumentSelection: boolean;
  close(doc: EmulatedDocument): void;
}

/** How a document stores its pixels (File → Document Properties, Image → Mode). */
export interface DocumentFormat {
  /** ICC profile name the stored RGB values are in, e.g. "Adobe RGB (1998)". */
  colorProfileName: string;
  bitsPerChannel: "bitDepth8" | "bitDepth16" | "bitDepth32";
  mode: "RGBColorMode" | "CMYKColorMode" | "grayscaleMode" | "labColorMode";
}

interface Snapshot {
  width: number;
  height: number;
  order: EmulatedLayer[];
  layers: Map<EmulatedLayer, { surface: Surface | null; mask: Surface | null; name: string }>;
  selection: Uint8Array | null;
  active: Set<number>;
}

const copySurface = (s: Surface | null): Surface | null => (s ? { ...s, data: s.data.slice() } : null);

/** A Photoshop document: a canvas, a layer stack (top first), a selection and a history list. */
export class EmulatedDocument implements PsDocument {
  readonly resolution = 72; // ppi
  /** Layers top first, like `document.layers`. */
  private order: EmulatedLayer[] = [];
  private active = new Set<number>();
  /** Selection as one byte per canvas pixel (255 = selected), or null when nothing is selected. */
  selectionMask: Uint8Array | null = null;
  /** History state names, oldest first. */
  readonly history: string[] = [];
  private suspension: { id: number; name: string; snapshot: Snapshot } | null = null;

  constructor(
    readonly host: EmulatorHost,
    readonly id: number,
    readonly title: string,
    public width: number,
    public height: number,
    readonly format: DocumentFormat = {
      colorProfileName: "sRGB IEC61966-2.1",
      bitsPerChannel: "bitDepth8",
      mode: "RGBColorMode",
    },
  ) {}

  get colorProfileName(): string {
    return this.format.colorProfileName;
  }

  get bitsPerChannel(): DocumentFormat["bitsPerChannel"] {
    return this.format.bitsPerChannel;
  }

  get mode(): DocumentFormat["mode"] {
    return this.format.mode;
  }

  get layers(): EmulatedLayer[] {
    return [...this.order];
  }

  get activeLayers(): EmulatedLayer[] {
    return this.order.filter((layer) => this.active.has(layer.id));
  }

  get selection(): { bounds: PsBounds | null } | undefined {
    if (!this.host.hasDocumentSelection) return undefined;
    const mask = this.selectionMask;
    if (!mask) return { bounds: null };
    let left = this.width;
    let top = this.height;
    let right = 0;
    let bottom = 0;
    for (let y = 0; y < this.height; y++) {
      for (let x = 0; x < this.width; x++) {
        if ((mask[y * this.width + x] as number) === 0) continue;
        left = Math.min(left, x);
        right = Math.max(right, x + 1);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y + 1);
      }
    }
    return { bounds: right > left ? { left, top, right, bottom } : null };
  }

  closeWithoutSaving(): void {
    this.requireModal("closeWithoutSaving");
    this.host.close(this);
  }

  /** Adds a layer on top of the stack (set-up helper for tests; not a Photoshop call). */
  addLayer(name: string, surface: Surface | null, isBackground = false): EmulatedLayer {
    const layer = new EmulatedLayer(this, this.host.nextId(), name, surface, isBackground);
    this.order.unshift(layer);
    this.active = new Set([layer.id]);
    return layer;
  }

  /** Makes the given layers the active ones (what clicking in the Layers panel does). */
  selectLayers(...ids: number[]): void {
    this.active = new Set(ids);
  }

  layerById(id: number): EmulatedLayer {
    const layer = this.order.find((l) => l.id === id);
    if (!layer) throw new Error(`Photoshop: no layer with id ${id} in document ${this.id}`);
    return layer;
  }

  async createPixelLayer(options: { name?: string } = {}): Promise<PsLayer | null> {
    this.requireModal("createPixelLayer");
    const layer = new EmulatedLayer(this, this.host.nextId(), options.name ?? `Layer ${this.order.length}`, null);
    // Photoshop creates the new layer above the topmost active layer and makes it the active one.
    const above = this.order.findIndex((l) => this.active.has(l.id));
    this.order.splice(Math.max(0, above), 0, layer);
    this.active = new Set([layer.id]);
    this.recordHistory("New Layer");
    return layer;
  }

  async resizeCanvas(width: number, height: number, anchor?: string): Promise<void> {
    this.requireModal("resizeCanvas");
    const dx =
      anchor === "top-left" ? 0 : anchor === "bottom-right" ? width - this.width : Math.floor((width - this.width) / 2);
    const dy =
      anchor === "top-left"
        ? 0
        : anchor === "bottom-right"
          ? height - this.height
          : Math.floor((height - this.height) / 2);
    for (const layer of this.order) {
      if (layer.isBackgroundLayer && layer.surface) {
        // The background has no transparency: new canvas is filled with the background colour (white).
        const old = layer.surface;
        const data = new Uint8Array(width * height * 4).fill(255);
        for (let y = 0; y < old.height; y++) {
          for (let x = 0; x < old.width; x++) {
            const tx = x + old.left + dx;
            const ty = y + old.top + dy;
            if (tx < 0 || ty < 0 || tx >= width || ty >= height) continue;
            data.set(old.data.subarray((y * old.width + x) * 4, (y * old.width + x) * 4 + 4), (ty * width + tx) * 4);
          }
        }
        layer.surface = { left: 0, top: 0, width, height, data };
      } else if (layer.surface) {
        layer.surface = { ...layer.surface, left: layer.surface.left + dx, top: layer.surface.top + dy };
      }
      if (layer.mask) layer.mask = { ...layer.mask, left: layer.mask.left + dx, top: layer.mask.top + dy };
    }
    if (this.selectionMask) {
      const moved = new Uint8Array(width * height);
      for (let y = 0; y < this.height; y++) {
        for (let x = 0; x < this.width; x++) {
          const tx = x + dx;
          const ty = y + dy;
          if (tx >= 0 && ty >= 0 && tx < width && ty < height)
            moved[ty * width + tx] = this.selectionMask[y * this.width + x] as number;
        }
      }
      this.selectionMask = moved;
    }
    this.width = width;
    this.height = height;
    this.recordHistory("Canvas Size");
  }

  /** Throws like Photoshop does when a plugin edits a document outside `executeAsModal`. */
  requireModal(what: string): void {
    if (!this.host.inModal) {
      throw new Error(`Photoshop: ${what} modifies the document and must run inside core.executeAsModal`);
    }
  }

  moveAbove(layer: EmulatedLayer, relativeId: number): void {
    const relative = this.layerById(relativeId);
    this.order = this.order.filter((l) => l !== layer);
    this.order.splice(this.order.indexOf(relative), 0, layer);
    this.recordHistory("Move");
  }

  recordHistory(name: string): void {
    if (!this.suspension) this.history.push(name);
  }

  suspendHistory(id: number, name: string): void {
    if (this.suspension) throw new Error(`Photoshop: history of document ${this.id} is already suspended`);
    this.suspension = { id, name, snapshot: this.snapshot() };
  }

  resumeHistory(id: number, commit: boolean, finalName?: string): void {
    const suspension = this.suspension;
    if (!suspension || suspension.id !== id) throw new Error(`Photoshop: no history suspension ${id}`);
    this.suspension = null;
    if (commit) this.history.push(finalName ?? suspension.name);
    else this.restore(suspension.snapshot);
  }

  get historySuspended(): boolean {
    return this.suspension !== null;
  }

  private snapshot(): Snapshot {
    const layers = new Map<EmulatedLayer, { surface: Surface | null; mask: Surface | null; name: string }>();
    for (const layer of this.order)
      layers.set(layer, { surface: copySurface(layer.surface), mask: copySurface(layer.mask), name: layer.name });
    return {
      width: this.width,
      height: this.height,
      order: [...this.order],
      layers,
      selection: this.selectionMask?.slice() ?? null,
      active: new Set(this.active),
    };
  }

  private restore(s: Snapshot): void {
    this.width = s.width;
    this.height = s.height;
    this.order = [...s.order];
    for (const [layer, state] of s.layers) {
      layer.surface = state.surface;
      layer.mask = state.mask;
      layer.restoreName(state.name);
    }
    this.selectionMask = s.selection;
    this.active = s.active;
  }
}
