import {
  COMMANDS,
  type CommandInput,
  contextPadding,
  encodeMaskPng,
  encodeRgbaPng,
  fitScale,
  HostError,
  type InputLimits,
  intersect,
  type Rect,
  rectSize,
  workingArea,
} from "@easel/plugin-core";
import { checkDocument } from "../host/check-document.js";
import type { PhotoshopApi } from "../host/photoshop-api.js";
import { type ActiveLayer, activeLayer, readLayerPixels } from "../host/read-layer.js";
import { readSelectionMask, selectionBounds } from "../host/read-selection.js";
import type { PanelInput } from "./command-input.js";
import type { Placement } from "./placement.js";

/** What a command read from Photoshop before talking to the server. */
export interface Capture {
  placement: Placement;
  /** The command with everything the server needs filled in (generate's size, expand in upload px). */
  request: CommandInput;
  /** PNG bytes to upload (sRGB-tagged). */
  image?: Uint8Array;
  mask?: Uint8Array;
  /** Size of the uploaded image (px), for tests and the panel. */
  uploaded?: { width: number; height: number };
}

/** Longest side `generate` asks for (px); SD-class models work best near 1024. */
const GENERATE_MAX_SIDE = 1024;

/** Size for `generate` with the target's aspect ratio, longest side ≤ 1024, multiples of 8 (px). */
export function generateSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, GENERATE_MAX_SIDE / Math.max(width, height));
  const fit = (v: number) => Math.min(4096, Math.max(64, Math.round((v * scale) / 8) * 8));
  return { width: fit(width), height: fit(height) };
}

const base = (layer: ActiveLayer, input: PanelInput, crop: Rect, scale: number): Placement => ({
  input,
  documentId: layer.documentId,
  documentTitle: layer.documentTitle,
  resolution: layer.resolution,
  layerId: layer.layerId,
  crop,
  scale,
});

async function readArea(ps: PhotoshopApi, layer: ActiveLayer, focus: Rect, limits: InputLimits, padding: number) {
  const area = workingArea(focus, layer.bounds, limits, padding);
  const read = await readLayerPixels(ps, layer, area.crop, area);
  // Photoshop trims reads to the pixels the layer has; the crop is what it really returned.
  return { crop: read.bounds, scale: read.image.width / rectSize(read.bounds).width, image: read.image };
}

/** A selection's bounds as a `select` box in the uploaded image's pixels, or undefined off the image. */
function boxIn(selection: Rect, crop: Rect, scale: number, image: { width: number; height: number }) {
  const inside = intersect(selection, crop);
  const x = Math.min(image.width - 1, Math.max(0, Math.floor((inside.left - crop.left) * scale)));
  const y = Math.min(image.height - 1, Math.max(0, Math.floor((inside.top - crop.top) * scale)));
  const width = Math.min(image.width - x, Math.ceil((inside.right - inside.left) * scale));
  const height = Math.min(image.height - y, Math.ceil((inside.bottom - inside.top) * scale));
  return width >= 1 && height >= 1 ? { x, y, width, height } : undefined;
}

/** Reads what `input` needs from the active document, refusing in plain words what cannot work. */
export async function captureFor(ps: PhotoshopApi, input: PanelInput, limits: InputLimits): Promise<Capture> {
  if (input.kind === "generate") {
    if (ps.app.documents.length === 0) throw new HostError("Open a document in Photoshop first.");
    const doc = ps.app.activeDocument;
    // Generate fills the selection when there is one, otherwise the whole canvas.
    const target = (await selectionBounds(ps, doc.id)) ?? { left: 0, top: 0, right: doc.width, bottom: doc.height };
    checkDocument(doc);
    const above = [...doc.activeLayers][0] ?? [...doc.layers][0];
    const { width, height } = rectSize(target);
    return {
      placement: {
        input,
        documentId: doc.id,
        documentTitle: doc.title,
        resolution: doc.resolution,
        layerId: above?.id ?? -1,
        crop: target,
        scale: 1,
      },
      request: { ...input, ...generateSize(width, height) },
    };
  }
  const layer = activeLayer(ps);
  switch (input.kind) {
    case "fill":
    case "remove": {
      const selection = await selectionBounds(ps, layer.documentId);
      const focus = selection ? intersect(selection, layer.bounds) : null;
      if (!focus || focus.right <= focus.left || focus.bottom <= focus.top) {
        throw new HostError(
          input.kind === "remove"
            ? "Select what to remove first (marquee or lasso) on the active layer."
            : "Select the area to fill first (marquee or lasso) on the active layer.",
        );
      }
      const { crop, scale, image } = await readArea(ps, layer, focus, limits, contextPadding(focus));
      const mask = await readSelectionMask(ps, layer.documentId, crop, image);
      if (!mask) throw new HostError("The selection does not cover any pixels of the active layer.");
      return {
        placement: base(layer, input, crop, scale),
        request: input,
        image: encodeRgbaPng(image),
        mask: encodeMaskPng(mask),
        uploaded: { width: image.width, height: image.height },
      };
    }
    case "upscale": {
      // Upscaling a downscaled copy would defeat the point: read the selection (or layer) as is.
      const selection = await selectionBounds(ps, layer.documentId);
      const focus = selection ? intersect(selection, layer.bounds) : layer.bounds;
      const { width, height } = rectSize(focus);
      if (fitScale(width, height, limits) < 1)
        throw new HostError(
          `Upscale reads at most ${limits.maxSide} px a side; this area is ${width}×${height} px. Select a smaller area to upscale.`,
        );
      const { crop, scale, image } = await readArea(ps, layer, focus, limits, 0);
      return {
        placement: base(layer, input, crop, scale),
        request: input,
        image: encodeRgbaPng(image),
        uploaded: { width: image.width, height: image.height },
      };
    }
    case "expand": {
      const { crop, scale, image } = await readArea(ps, layer, layer.bounds, limits, 0);
      const extend = input.extend ?? { left: 0, top: 0, right: 0, bottom: 0 };
      const up = (v: number) => Math.round(v * scale);
      return {
        placement: { ...base(layer, input, crop, scale), extend },
        request: {
          ...input,
          extend: { left: up(extend.left), top: up(extend.top), right: up(extend.right), bottom: up(extend.bottom) },
        },
        image: encodeRgbaPng(image),
        uploaded: { width: image.width, height: image.height },
      };
    }
    case "select": {
      // The whole layer (scaled to the limits: a mask scales back up with soft edges). A selection the
      // user drew tells subject/background modes roughly where the subject is.
      const selection = await selectionBounds(ps, layer.documentId);
      const { crop, scale, image } = await readArea(ps, layer, layer.bounds, limits, 0);
      const seeds = input.mode === "subject" || input.mode === "background";
      const box = input.box ?? (selection && seeds ? boxIn(selection, crop, scale, image) : undefined);
      return {
        placement: base(layer, input, crop, scale),
        request: { ...input, ...(box ? { box } : {}) },
        image: encodeRgbaPng(image),
        uploaded: { width: image.width, height: image.height },
      };
    }
    case "adjust":
    case "recolor": {
      // The selection (or the layer) at full size: a colour edit of a downscaled copy, scaled back up,
      // would soften every pixel it was meant to keep.
      const selection = await selectionBounds(ps, layer.documentId);
      const focus = selection ? intersect(selection, layer.bounds) : layer.bounds;
      const { width, height } = rectSize(focus);
      if (width <= 0 || height <= 0)
        throw new HostError("The selection does not cover any pixels of the active layer.");
      if (fitScale(width, height, limits) < 1)
        throw new HostError(
          `${COMMANDS[input.kind].label} works at full size on at most ${limits.maxSide} px a side; this area is ${width}×${height} px. Select a smaller area first.`,
        );
      const { crop, scale, image } = await readArea(ps, layer, focus, limits, 0);
      const mask = selection ? await readSelectionMask(ps, layer.documentId, crop, image) : null;
      if (selection && !mask) throw new HostError("The selection does not cover any pixels of the active layer.");
      return {
        placement: base(layer, input, crop, scale),
        request: input,
        image: encodeRgbaPng(image),
        ...(mask ? { mask: encodeMaskPng(mask) } : {}),
        uploaded: { width: image.width, height: image.height },
      };
    }
    case "brand-style":
    case "variations": {
      const { crop, scale, image } = await readArea(ps, layer, layer.bounds, limits, 0);
      return {
        placement: base(layer, input, crop, scale),
        request: input,
        image: encodeRgbaPng(image),
        uploaded: { width: image.width, height: image.height },
      };
    }
    default: {
      const never: never = input;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}
