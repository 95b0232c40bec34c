import type { PixelRect } from "./mask-ops.js";
import type { RasterImage } from "./raster.js";

/** New pixels on each side of the original (px). */
export interface Extension {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** What an outpaint job asks for, as in `OutpaintParams`: per-side extension or a target aspect ratio. */
export interface OutpaintRequest {
  extend?: Partial<Extension> | undefined;
  /** "W:H", e.g. "16:9"; reached by extending the dimension that is too short, evenly on both sides. */
  aspectRatio?: string | undefined;
}

/** The extended canvas: its size, and where the original sits on it. */
export interface OutpaintLayout {
  width: number; // px
  height: number; // px
  extend: Extension;
  /** The original's rectangle on the new canvas (px). */
  placement: PixelRect;
}

/** Bad outpaint parameters; the HTTP layer maps it to a 400 problem naming `field`. */
export class OutpaintError extends Error {
  override name = "OutpaintError";
  constructor(
    readonly field: "params" | "params.extend" | "params.aspectRatio",
    message: string,
  ) {
    super(message);
  }
}

const SIDES = ["left", "top", "right", "bottom"] as const;

/**
 * Works out the canvas for extending an image of `size`. Throws `OutpaintError` naming the field
 * when the request is malformed, adds nothing, or makes a side longer than `maxSide` px.
 */
export function planOutpaint(
  size: { width: number; height: number },
  request: OutpaintRequest,
  maxSide: number,
): OutpaintLayout {
  if (request.extend && request.aspectRatio !== undefined) {
    throw new OutpaintError("params", "give either `params.extend` or `params.aspectRatio`, not both");
  }
  const extend =
    request.aspectRatio !== undefined
      ? extensionForAspect(size, request.aspectRatio)
      : extensionFromSides(request.extend);
  const width = size.width + extend.left + extend.right;
  const height = size.height + extend.top + extend.bottom;
  if (width > maxSide || height > maxSide) {
    throw new OutpaintError(
      "params",
      `the extended canvas would be ${width}x${height} px, over the limit of ${maxSide} px per side: extend less`,
    );
  }
  return {
    width,
    height,
    extend,
    placement: { x: extend.left, y: extend.top, width: size.width, height: size.height },
  };
}

function extensionFromSides(sides: Partial<Extension> | undefined): Extension {
  const extend: Extension = { left: 0, top: 0, right: 0, bottom: 0 };
  for (const side of SIDES) {
    const value = sides?.[side] ?? 0;
    if (!Number.isInteger(value) || value < 0) {
      throw new OutpaintError(
        "params.extend",
        `\`params.extend.${side}\` must be a whole number of pixels ≥ 0, got ${value}`,
      );
    }
    extend[side] = value;
  }
  if (SIDES.every((side) => extend[side] === 0)) {
    throw new OutpaintError(
      "params.extend",
      "`params.extend` adds nothing: give the pixels to add on at least one side, or `params.aspectRatio`",
    );
  }
  return extend;
}

function extensionForAspect(size: { width: number; height: number }, aspect: string): Extension {
  const match = /^(\d{1,4}):(\d{1,4})$/.exec(aspect);
  const rw = Number(match?.[1]);
  const rh = Number(match?.[2]);
  if (!match || rw <= 0 || rh <= 0) {
    throw new OutpaintError("params.aspectRatio", `\`params.aspectRatio\` must look like 16:9, got "${aspect}"`);
  }
  // Widen when the image is narrower than the target, else heighten; never crop.
  const targetWidth = Math.round((size.height * rw) / rh);
  const targetHeight = Math.round((size.width * rh) / rw);
  const extraWidth = Math.max(0, targetWidth - size.width);
  const extraHeight = extraWidth > 0 ? 0 : Math.max(0, targetHeight - size.height);
  if (extraWidth === 0 && extraHeight === 0) {
    throw new OutpaintError(
      "params.aspectRatio",
      `the image (${size.width}x${size.height}) is already ${aspect}: nothing to extend`,
    );
  }
  const left = Math.floor(extraWidth / 2);
  const top = Math.floor(extraHeight / 2);
  return { left, top, right: extraWidth - left, bottom: extraHeight - top };
}

/**
 * The canvas to inpaint and its mask (255 = new area to fill, 0 = original). New pixels start as
 * copies of the nearest edge pixel: engines ignore them, but previews and any engine that reads
 * the hole then see the right colours rather than black.
 */
export function buildOutpaintCanvas(
  image: RasterImage,
  layout: OutpaintLayout,
): { image: RasterImage; mask: RasterImage } {
  const { width, height, placement } = layout;
  if (placement.width !== image.width || placement.height !== image.height) {
    throw new Error(
      `buildOutpaintCanvas: layout is for a ${placement.width}x${placement.height} image, got ${image.width}x${image.height}`,
    );
  }
  const C = image.channels;
  const data = new Uint8Array(width * height * C);
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(image.height - 1, Math.max(0, y - placement.y));
    const insideRow = y >= placement.y && y < placement.y + image.height;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(image.width - 1, Math.max(0, x - placement.x));
      const i = y * width + x;
      data.set(image.data.subarray((sy * image.width + sx) * C, (sy * image.width + sx + 1) * C), i * C);
      if (!insideRow || x < placement.x || x >= placement.x + image.width) mask[i] = 255;
    }
  }
  return { image: { data, width, height, channels: C }, mask: { data: mask, width, height, channels: 1 } };
}
