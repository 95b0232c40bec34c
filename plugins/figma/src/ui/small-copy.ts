import { type GrayImage, PREVIEW_SIDE, type RgbaImage } from "@easel/plugin-core";

/** A small copy of an image (and of its mask), and its scale from the full-size pixels (≤ 1). */
export interface SmallCopy {
  image: RgbaImage;
  mask: GrayImage | null;
  scale: number;
}

/** Decodes PNG bytes with the browser's decoder. */
function decode(bytes: Uint8Array): Promise<ImageBitmap> {
  return createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "image/png" }));
}

/** Draws `bitmap` scaled to `width`×`height` and reads it back as RGBA. */
function pixels(bitmap: ImageBitmap, width: number, height: number): Uint8ClampedArray {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext("2d");
  if (!context) throw new Error("This browser cannot draw the preview (no 2D canvas).");
  context.imageSmoothingQuality = "high";
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return context.getImageData(0, 0, width, height).data;
}

/**
 * The preview's small copy of the selected image, at most {@link PREVIEW_SIDE} px a side: the browser's
 * own decoder scales it (fast even for a 4096 px image), so a slider only ever redraws the small copy.
 */
export async function decodeSmall(imageBytes: Uint8Array, maskBytes?: Uint8Array): Promise<SmallCopy> {
  const full = await decode(imageBytes);
  const fullWidth = full.width;
  const scale = Math.min(1, PREVIEW_SIDE / Math.max(full.width, full.height));
  const width = Math.max(1, Math.round(full.width * scale));
  const height = Math.max(1, Math.round(full.height * scale));
  const image: RgbaImage = { width, height, data: new Uint8Array(pixels(full, width, height).buffer) };
  if (!maskBytes) return { image, mask: null, scale: width / fullWidth };
  // A grey mask drawn as RGBA: its red channel is the mask (255 = adjust).
  const drawn = pixels(await decode(maskBytes), width, height);
  const mask = new Uint8Array(width * height);
  for (let i = 0; i < mask.length; i++) mask[i] = drawn[i * 4] as number;
  return { image, mask: { width, height, data: mask }, scale: width / fullWidth };
}
