import type { ImageFormat } from "@easel/shared/protocol";
import sharp, { type Metadata } from "sharp";
import { AppError } from "../errors/app-error.js";
import { INPUT_DECODE } from "../imaging/decode-options.js";

export interface ProbedImage {
  format: ImageFormat;
  width: number; // px
  height: number; // px
  hasAlpha: boolean;
}

const MAGIC: { format: ImageFormat; test: (b: Uint8Array) => boolean }[] = [
  { format: "png", test: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  { format: "jpeg", test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    format: "webp",
    test: (b) =>
      b[0] === 0x52 &&
      b[1] === 0x49 &&
      b[2] === 0x46 &&
      b[3] === 0x46 &&
      b[8] === 0x57 &&
      b[9] === 0x45 &&
      b[10] === 0x42,
  },
];

/** The image format from the file's magic bytes, or null for anything else. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | null {
  if (bytes.length < 12) return null;
  return MAGIC.find((m) => m.test(bytes))?.format ?? null;
}

/**
 * Validates untrusted image bytes: the format by magic bytes, the size from the header *before*
 * decoding (so decompression bombs never get decoded), then a full decode with the options the
 * engines decode with (INPUT_DECODE), so that truncated or corrupt data (a PNG chunk with a wrong
 * CRC, say) is refused here with a 422 and not later in a job. `field` names the request field.
 */
export async function probeImage(bytes: Uint8Array, maxPixels: number, field = "body"): Promise<ProbedImage> {
  const format = sniffFormat(bytes);
  if (!format) {
    throw new AppError("unsupported_media_type", `\`${field}\` is not a PNG, JPEG or WebP image`, { field });
  }
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { ...INPUT_DECODE, limitInputPixels: false }).metadata();
  } catch {
    throw new AppError("validation", `\`${field}\` is not a readable ${format.toUpperCase()} image`, {
      field,
      status: 422,
    });
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width <= 0 || height <= 0) {
    throw new AppError("validation", `\`${field}\` has no image dimensions`, { field });
  }
  if (width * height > maxPixels) {
    const side = Math.floor(Math.sqrt(maxPixels));
    throw new AppError(
      "payload_too_large",
      `\`${field}\` is ${width}x${height} (${width * height} pixels); the limit is ${maxPixels} pixels (${side}x${side})`,
      { field },
    );
  }
  try {
    // Decoding to nowhere is the cheapest full validation sharp offers.
    await sharp(bytes, { ...INPUT_DECODE, limitInputPixels: maxPixels })
      .raw()
      .toBuffer({ resolveWithObject: false });
  } catch {
    throw new AppError(
      "validation",
      `\`${field}\` is truncated or corrupt (${format.toUpperCase()} data the decoder refuses, e.g. a wrong chunk checksum) and cannot be decoded`,
      { field, status: 422 },
    );
  }
  return { format, width, height, hasAlpha: meta.hasAlpha ?? false };
}
