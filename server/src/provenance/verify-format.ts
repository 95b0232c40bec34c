// Which uploads `POST /v1/provenance/verify` can check: the image formats whose C2PA manifests the bundled
// reader (c2pa-rs 0.91 in @contentauth/c2pa-wasm) reads, recognised by their magic numbers. The reader takes a
// MIME type and would answer "no manifest" for bytes of any other format, so anything unrecognised here is
// refused as a whole (415) instead of being reported as carrying no Content Credentials.

/** MIME types the verifier reads manifests from, as the reader names them. */
export const VERIFIABLE_FORMATS = [
  "image/png",
  "image/jpeg",
  "image/webp",
  "image/gif",
  "image/tiff",
  "image/avif",
  "image/heic",
  "image/heif",
] as const;

export type VerifiableFormat = (typeof VERIFIABLE_FORMATS)[number];

/** ISO BMFF `ftyp` brands (ISO/IEC 23008-12 Annex B, AV1 Image File Format §9) and the MIME type each implies. */
const BMFF_BRANDS: Record<string, VerifiableFormat> = {
  avif: "image/avif",
  avis: "image/avif",
  heic: "image/heic",
  heix: "image/heic",
  heim: "image/heic",
  heis: "image/heic",
  hevc: "image/heic",
  hevx: "image/heic",
  mif1: "image/heif",
  msf1: "image/heif",
};

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, Math.min(to, bytes.length)));
}

/** The brand-named format of an ISO BMFF file: the major brand if known, else the first known compatible brand. */
function bmffFormat(bytes: Uint8Array): VerifiableFormat | undefined {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== "ftyp") return undefined;
  const boxSize = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
  const end = Math.min(boxSize, bytes.length, 4096);
  const brands = [ascii(bytes, 8, 12)];
  for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(bytes, at, at + 4));
  for (const brand of brands) {
    const format = BMFF_BRANDS[brand];
    if (format) return format;
  }
  return undefined;
}

/** The format of `bytes` if the verifier can read manifests from it, from its magic number; else undefined. */
export function verifiableFormat(bytes: Uint8Array): VerifiableFormat | undefined {
  if (bytes[0] === 0x89 && ascii(bytes, 1, 4) === "PNG") return "image/png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") return "image/webp";
  const head = ascii(bytes, 0, 6);
  if (head === "GIF87a" || head === "GIF89a") return "image/gif";
  // Little-endian "II" 42 or big-endian "MM" 42 (TIFF 6.0 §2).
  if (head.startsWith("II*\u0000") || head.startsWith("MM\u0000*")) return "image/tiff";
  return bmffFormat(bytes);
}
