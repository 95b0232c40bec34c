import { type AdjustSettings, applyAdjustments } from "@easel/shared/adjust";
import { AdjustParams, type AdjustParamsInput } from "@easel/shared/protocol";
import { encodeJpeg } from "../image/jpeg-encode.js";
import type { GrayImage, RgbaImage } from "../image/pixels.js";
import { resizeGray, resizeRgba } from "../image/resize.js";
import { dataUrl } from "../text/base64.js";

/** Longest side of the live preview (px): the panel shows it ~300 px wide; more only costs time per slider move. */
export const PREVIEW_SIDE = 320;

/** The panel's background (#323232): transparent pixels are shown over it, as Photoshop's panels do. */
const MATTE = 0x32;

/**
 * A slider's effect on a small copy of the image, computed here with the same maths the server's `adjust`
 * kind runs (`@easel/shared/adjust`), so moving a slider needs no round trip; Apply then sends the job for
 * the full-size result.
 */
export class AdjustPreview {
  private constructor(
    /** The small copy (px). */
    readonly image: RgbaImage,
    /** The mask over the small copy (255 = adjust), or null for the whole image. */
    readonly mask: GrayImage | null,
    /** Preview px ÷ source px (≤ 1): pixel lengths such as the feather are scaled by it. */
    readonly scale: number,
  ) {}

  /**
   * A preview of `image` (and its mask, same size) scaled to at most `maxSide` px. `sourceScale` says how
   * far `image` is already scaled from the full-size pixels the job will adjust (a host that reads a
   * thumbnail directly passes its scale), so pixel lengths match the full-size result.
   */
  static of(
    image: RgbaImage,
    mask: GrayImage | null = null,
    options: { maxSide?: number; sourceScale?: number } = {},
  ): AdjustPreview {
    const maxSide = options.maxSide ?? PREVIEW_SIDE;
    if (mask && (mask.width !== image.width || mask.height !== image.height))
      throw new Error(`the mask must be the size of the image (${image.width}x${image.height})`);
    const scale = Math.min(1, maxSide / Math.max(image.width, image.height));
    const width = Math.max(1, Math.round(image.width * scale));
    const height = Math.max(1, Math.round(image.height * scale));
    return new AdjustPreview(
      resizeRgba(image, width, height),
      mask ? resizeGray(mask, width, height) : null,
      (width / image.width) * (options.sourceScale ?? 1),
    );
  }

  /** The protocol's settings for `input`, with the feather (px of the full image) scaled to the preview. */
  settings(input: AdjustParamsInput): AdjustSettings {
    const parsed = AdjustParams.parse(input);
    return { ...parsed, feather: Math.round(parsed.feather * this.scale) };
  }

  /** The adjusted small copy. */
  render(input: AdjustParamsInput): RgbaImage {
    const { width, height } = this.image;
    return { width, height, data: applyAdjustments(this.image, this.settings(input), this.mask) };
  }

  /** The adjusted small copy as a JPEG `data:` URL (what UXP's `<img>` shows), over the panel's grey. */
  dataUrl(input: AdjustParamsInput, quality = 85): string {
    return dataUrl(encodeJpeg(overMatte(this.render(input)), quality), "image/jpeg");
  }
}

/** Composites RGBA over the panel's grey so transparent areas do not turn black in a JPEG. */
function overMatte(image: RgbaImage): RgbaImage {
  const data = new Uint8Array(image.data);
  for (let o = 0; o < data.length; o += 4) {
    const a = data[o + 3] as number;
    if (a === 255) continue;
    for (let c = 0; c < 3; c++) data[o + c] = Math.round(((data[o + c] as number) * a + MATTE * (255 - a)) / 255);
    data[o + 3] = 255;
  }
  return { ...image, data };
}
