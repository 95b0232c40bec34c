import type { imaging } from "photoshop/dom/ImagingModule.js";
import type { PsBounds, PsImageData } from "../photoshop-api.js";
import { convertPixels, requireProfile } from "./color-profiles.js";
import type { EmulatedDocument } from "./emulated-document.js";
import { EmulatedImageData } from "./emulated-image-data.js";

// The imaging API (getPixels, getSelection, putPixels, putLayerMask, putSelection) as documented for 24.4+:
// reads are trimmed to the area holding pixels, returned in the DOCUMENT's profile unless
// `colorProfile` asks for another, scaled when `targetSize` is given; writes convert from the image
// data's profile to the document's; a mask write with `replace` (the default) replaces the whole mask.

const intersect = (a: PsBounds, b: PsBounds): PsBounds => ({
  left: Math.max(a.left, b.left),
  top: Math.max(a.top, b.top),
  right: Math.min(a.right, b.right),
  bottom: Math.min(a.bottom, b.bottom),
});

/** Area-average scaling of interleaved 8-bit data (what `targetSize` does, near enough). */
function scale(src: Uint8Array, w: number, h: number, c: number, tw: number, th: number): Uint8Array {
  const out = new Uint8Array(tw * th * c);
  for (let ty = 0; ty < th; ty++) {
    const y0 = Math.floor((ty * h) / th);
    const y1 = Math.max(y0 + 1, Math.floor(((ty + 1) * h) / th));
    for (let tx = 0; tx < tw; tx++) {
      const x0 = Math.floor((tx * w) / tw);
      const x1 = Math.max(x0 + 1, Math.floor(((tx + 1) * w) / tw));
      for (let k = 0; k < c; k++) {
        let sum = 0;
        for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += src[(y * w + x) * c + k] as number;
        out[(ty * tw + tx) * c + k] = Math.round(sum / ((y1 - y0) * (x1 - x0)));
      }
    }
  }
  return out;
}

function targetDims(bounds: PsBounds, size: imaging.GetPixelsOptions["targetSize"]): [number, number] {
  const w = bounds.right - bounds.left;
  const h = bounds.bottom - bounds.top;
  if (!size) return [w, h];
  const tw = size.width ?? Math.round((w * (size.height as number)) / h);
  const th = size.height ?? Math.round((h * (size.width as number)) / w);
  return [Math.max(1, Math.min(w, tw)), Math.max(1, Math.min(h, th))];
}

export function getPixels(doc: EmulatedDocument, options: imaging.GetPixelsOptions): imaging.GetPixelsResult {
  if (options.componentSize !== undefined && options.componentSize !== 8 && options.componentSize !== -1)
    throw new Error("emulator: only 8-bit reads are emulated");
  if (options.componentSize !== 8 && doc.bitsPerChannel !== "bitDepth8")
    throw new Error("emulator: reads of 16/32-bit documents without componentSize 8 are not emulated");
  if (options.layerID === undefined) throw new Error("emulator: composite reads are not emulated");
  if (options.colorSpace !== undefined && options.colorSpace !== "RGB")
    throw new Error(`emulator: colorSpace ${options.colorSpace} is not emulated`);
  const layer = doc.layerById(options.layerID);
  if (layer.kind === "group") throw new Error("Photoshop: a group has no pixels of its own");
  // Photoshop trims the requested region to the area that holds pixel data (never the effects).
  const pixels = layer.boundsNoEffects;
  const bounds = intersect(options.sourceBounds ?? pixels, pixels);
  const width = Math.max(0, bounds.right - bounds.left);
  const height = Math.max(0, bounds.bottom - bounds.top);
  if (width === 0 || height === 0) throw new Error("Photoshop: the layer has no pixels in the requested area");
  const components = layer.isBackgroundLayer ? 3 : 4;
  let data: Uint8Array = new Uint8Array(width * height * components);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const px = layer.pixelAt(bounds.left + x, bounds.top + y);
      data.set(px.slice(0, components), (y * width + x) * components);
    }
  }
  // Without `colorProfile` the pixels stay in the document's profile, whatever `colorSpace` says.
  const profile = options.colorProfile ?? doc.colorProfileName;
  requireProfile(profile);
  convertPixels(data, components, doc.colorProfileName, profile);
  const [tw, th] = targetDims(bounds, options.targetSize);
  if (tw !== width || th !== height) data = scale(data, width, height, components, tw, th);
  return {
    imageData: new EmulatedImageData(tw, th, components, "RGB", data, profile),
    sourceBounds: bounds,
    level: 0,
  };
}

export function getSelection(doc: EmulatedDocument, options: imaging.GetSelectionOptions): imaging.GetSelectionResult {
  const canvas = { left: 0, top: 0, right: doc.width, bottom: doc.height };
  const bounds = intersect(options.sourceBounds ?? canvas, canvas);
  const width = bounds.right - bounds.left;
  const height = bounds.bottom - bounds.top;
  let data: Uint8Array = new Uint8Array(width * height);
  const mask = doc.selectionMask;
  if (mask) {
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        data[y * width + x] = mask[(y + bounds.top) * doc.width + x + bounds.left] as number;
  }
  const [tw, th] = targetDims(bounds, options.targetSize);
  if (tw !== width || th !== height) data = scale(data, width, height, 1, tw, th);
  return { imageData: new EmulatedImageData(tw, th, 1, "Grayscale", data, "Gray Gamma 2.2"), sourceBounds: bounds };
}

const asEmulated = (data: PsImageData, space: "RGB" | "Grayscale"): EmulatedImageData => {
  if (!(data instanceof EmulatedImageData)) throw new Error("Photoshop: image data was not made by this host");
  if (data.colorSpace !== space) throw new Error(`Photoshop: expected ${space} image data, got ${data.colorSpace}`);
  return data;
};

export function putPixels(doc: EmulatedDocument, options: imaging.PutPixelsOptions): void {
  doc.requireModal("putPixels");
  const layer = doc.layerById(options.layerID);
  if (layer.kind !== "pixel") throw new Error(`Photoshop: putPixels needs a pixel layer, got ${layer.kind}`);
  const image = asEmulated(options.imageData, "RGB");
  const left = options.targetBounds?.left ?? 0;
  const top = options.targetBounds?.top ?? 0;
  const src = image.raw();
  const data = new Uint8Array(image.width * image.height * 4);
  for (let p = 0; p < image.width * image.height; p++) {
    const i = p * image.components;
    data.set(
      [src[i] as number, src[i + 1] as number, src[i + 2] as number, image.hasAlpha ? (src[i + 3] as number) : 255],
      p * 4,
    );
  }
  // Photoshop converts from the image data's profile into the document's.
  convertPixels(data, 4, image.colorProfile, doc.colorProfileName);
  if (options.replace === false && layer.surface) throw new Error("emulator: merging putPixels is not emulated");
  layer.surface = { left, top, width: image.width, height: image.height, data };
  doc.recordHistory(options.commandName ?? "Put Pixels");
}

export function putLayerMask(doc: EmulatedDocument, options: imaging.PutLayerMaskOptions): void {
  doc.requireModal("putLayerMask");
  const layer = doc.layerById(options.layerID);
  if (!layer.mask) throw new Error(`Photoshop: layer ${layer.id} has no pixel mask to edit`);
  const image = asEmulated(options.imageData, "Grayscale");
  const left = options.targetBounds?.left ?? 0;
  const top = options.targetBounds?.top ?? 0;
  const mask = layer.mask;
  // `replace` (the default) replaces the whole mask: whatever lies outside `targetBounds` is gone
  // (hidden), it is not kept from the mask the layer had. Only `replace: false` merges.
  if (options.replace !== false) mask.data.fill(0);
  const src = image.raw();
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const mx = x + left - mask.left;
      const my = y + top - mask.top;
      if (mx < 0 || my < 0 || mx >= mask.width || my >= mask.height) continue;
      mask.data[my * mask.width + mx] = src[y * image.width + x] as number;
    }
  }
  doc.recordHistory(options.commandName ?? "Put Layer Mask");
}

/**
 * `putSelection` as documented: single-component grayscale image data made by the host, placed at
 * `targetBounds.left/top` (default the origin), clipped to the canvas. `replace` (the default) discards the
 * old selection first; `replace: false` adds to it. A selection with no selected pixel is no selection.
 */
export function putSelection(doc: EmulatedDocument, options: imaging.PutSelectionOptions): void {
  doc.requireModal("putSelection");
  const image = asEmulated(options.imageData, "Grayscale");
  if (image.components !== 1) throw new Error(`Photoshop: a selection needs 1 component, got ${image.components}`);
  const left = options.targetBounds?.left ?? 0;
  const top = options.targetBounds?.top ?? 0;
  const next =
    options.replace === false && doc.selectionMask ? doc.selectionMask.slice() : new Uint8Array(doc.width * doc.height);
  const src = image.raw();
  for (let y = 0; y < image.height; y++) {
    const ty = y + top;
    if (ty < 0 || ty >= doc.height) continue;
    for (let x = 0; x < image.width; x++) {
      const tx = x + left;
      if (tx < 0 || tx >= doc.width) continue;
      const i = ty * doc.width + tx;
      next[i] = Math.max(next[i] as number, src[y * image.width + x] as number);
    }
  }
  doc.selectionMask = next.some((v) => v !== 0) ? next : null;
  doc.recordHistory(options.commandName ?? "Set Selection");
}
