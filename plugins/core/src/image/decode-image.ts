import { decodeJpeg } from "./jpeg-decode.js";
import type { RgbaImage } from "./pixels.js";
import { decodePng } from "./png.js";

/** Decodes PNG or JPEG bytes (told apart by their signatures) to RGBA. */
export function decodeImage(bytes: Uint8Array): RgbaImage {
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return decodePng(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return decodeJpeg(bytes);
  throw new Error("not a PNG or JPEG image");
}
