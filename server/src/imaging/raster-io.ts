import sharp from "sharp";
import { INPUT_DECODE } from "./decode-options.js";
import type { RasterImage } from "./raster.js";

/** Decodes an input image file to 8-bit sRGB pixels (3 or 4 channels), as the upload probe checked it. */
export async function readRaster(path: string): Promise<RasterImage> {
  const { data, info } = await sharp(path, INPUT_DECODE)
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  const channels = info.channels === 4 ? 4 : 3;
  if (info.channels !== channels) throw new Error(`unexpected channel count ${info.channels} in ${path}`);
  return { data, width: info.width, height: info.height, channels };
}

/** Decodes encoded image bytes to 8-bit sRGB RGB pixels (alpha dropped). */
export async function readRasterBytes(bytes: Uint8Array): Promise<RasterImage> {
  const { data, info } = await sharp(bytes)
    .removeAlpha()
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}

/** Splits RGBA into RGB and a one-channel alpha; RGB input passes through with no alpha. */
export function splitAlpha(image: RasterImage): { rgb: RasterImage; alpha: RasterImage | null } {
  if (image.channels !== 4) return { rgb: image, alpha: null };
  const pixels = image.width * image.height;
  const rgb = new Uint8Array(pixels * 3);
  const alpha = new Uint8Array(pixels);
  for (let i = 0, j = 0; i < pixels; i++, j += 4) {
    rgb[i * 3] = image.data[j] as number;
    rgb[i * 3 + 1] = image.data[j + 1] as number;
    rgb[i * 3 + 2] = image.data[j + 2] as number;
    alpha[i] = image.data[j + 3] as number;
  }
  return {
    rgb: { data: rgb, width: image.width, height: image.height, channels: 3 },
    alpha: { data: alpha, width: image.width, height: image.height, channels: 1 },
  };
}

/** Resizes raw pixels to an exact size with Lanczos-3. */
export async function resizeRaster(image: RasterImage, width: number, height: number): Promise<RasterImage> {
  if (image.width === width && image.height === height) return image;
  let pipeline = sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: image.channels },
  }).resize(width, height, { kernel: "lanczos3", fit: "fill" });
  // libvips keeps one band as one band only when told it is "b-w"; otherwise it returns sRGB.
  if (image.channels === 1) pipeline = pipeline.toColourspace("b-w");
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== image.channels)
    throw new Error(`resize turned ${image.channels} channels into ${info.channels}`);
  return { data, width: info.width, height: info.height, channels: image.channels };
}

/** Encodes RGB (+ optional alpha of the same size) as PNG. */
export async function encodePng(rgb: RasterImage, alpha: RasterImage | null): Promise<Buffer> {
  let pipeline = sharp(rgb.data, { raw: { width: rgb.width, height: rgb.height, channels: rgb.channels } });
  if (alpha) {
    pipeline = pipeline.joinChannel(Buffer.from(alpha.data.buffer, alpha.data.byteOffset, alpha.data.byteLength), {
      raw: { width: alpha.width, height: alpha.height, channels: 1 },
    });
  }
  // Level 6 is libvips' default trade-off; outputs are written once and downloaded many times.
  return pipeline.png({ compressionLevel: 6 }).toBuffer();
}
