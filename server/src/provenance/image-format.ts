import type { IngredientFormat, SignableFormat } from "./manifest-spec.js";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The format of `bytes` from its magic number (PNG, JPEG), or undefined for anything else. */
export function sniffImageFormat(bytes: Uint8Array): SignableFormat | undefined {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return "image/png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  return undefined;
}

/** The format of an ingredient's bytes from its magic number: a signable format, or WebP (RIFF…WEBP). */
export function sniffIngredientFormat(bytes: Uint8Array): IngredientFormat | undefined {
  const riff = bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[2] === 0x46 && bytes[3] === 0x46;
  const webp = bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50;
  return sniffImageFormat(bytes) ?? (riff && webp ? "image/webp" : undefined);
}
