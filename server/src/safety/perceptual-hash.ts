import sharp from "sharp";
import type { RasterImage } from "../imaging/raster.js";
import { type ColourSignature, colourDistance, colourSignature } from "./colour-signature.js";

/**
 * A 64-bit DCT perceptual hash as two unsigned 32-bit halves (bits 0–31 in `hi`, 32–63 in `lo`).
 *
 * Algorithm: C. Zauner, "Implementation and Benchmarking of Perceptual Image Hash Functions",
 * master's thesis, Upper Austria University of Applied Sciences, 2010, §4 (the pHash DCT hash,
 * https://www.phash.org): luma at 32×32 → 2D DCT-II → the 8×8 lowest frequencies without the DC row and
 * column (coefficients 1..8 × 1..8, as in pHash's `ph_dct_imagehash`) → one bit per coefficient,
 * set when it is above their median.
 */
export interface PerceptualHash {
  hi: number;
  lo: number;
}

/** What the similarity check keeps per image: the structure hash and the colour signature. */
export interface ImageFingerprint {
  hash: PerceptualHash;
  colour: ColourSignature;
}

const SIZE = 32; // px, the DCT input side
const BAND = 8; // coefficients per side kept, starting at 1 (DC excluded)

// COS[u * SIZE + x] = cos((2x + 1) u π / 2N), u = 0..BAND.
const COS = new Float64Array((BAND + 1) * SIZE);
for (let u = 0; u <= BAND; u++) {
  for (let x = 0; x < SIZE; x++) COS[u * SIZE + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * SIZE));
}

/** Hash of a 32×32 luma image (row-major, any scale): the pure half of `fingerprintImage`. */
export function hashLuma(luma: ArrayLike<number>): PerceptualHash {
  if (luma.length !== SIZE * SIZE)
    throw new Error(`hashLuma needs ${SIZE}x${SIZE} = ${SIZE * SIZE} values, got ${luma.length}`);
  // Separable DCT, only for the frequencies we keep: rows first (over x), then columns (over y).
  const rows = new Float64Array(BAND * SIZE); // [v - 1][y]
  for (let v = 1; v <= BAND; v++) {
    for (let y = 0; y < SIZE; y++) {
      let sum = 0;
      for (let x = 0; x < SIZE; x++) sum += (luma[y * SIZE + x] as number) * (COS[v * SIZE + x] as number);
      rows[(v - 1) * SIZE + y] = sum;
    }
  }
  const coefficients = new Float64Array(BAND * BAND); // [u - 1][v - 1], u vertical frequency
  for (let u = 1; u <= BAND; u++) {
    for (let v = 1; v <= BAND; v++) {
      let sum = 0;
      for (let y = 0; y < SIZE; y++) sum += (rows[(v - 1) * SIZE + y] as number) * (COS[u * SIZE + y] as number);
      coefficients[(u - 1) * BAND + (v - 1)] = sum;
    }
  }
  const sorted = Float64Array.from(coefficients).sort();
  const median = ((sorted[31] as number) + (sorted[32] as number)) / 2;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 64; i++) {
    if ((coefficients[i] as number) <= median) continue;
    if (i < 32) hi |= 1 << (31 - i);
    else lo |= 1 << (63 - i);
  }
  return { hi: hi >>> 0, lo: lo >>> 0 };
}

/** Fractions of the width/height to cut from each side before hashing (0.04 = 4 %). */
export interface CropFractions {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Crops, then resizes to 32×32 with sharp (Lanczos-3, aspect ignored as pHash does); returns interleaved RGB. */
async function rgb32(image: RasterImage, crop?: CropFractions): Promise<Uint8Array> {
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } });
  if (crop) {
    const left = Math.round(image.width * crop.left);
    const top = Math.round(image.height * crop.top);
    const width = image.width - left - Math.round(image.width * crop.right);
    const height = image.height - top - Math.round(image.height * crop.bottom);
    if (width < 1 || height < 1)
      throw new Error(`crop ${JSON.stringify(crop)} leaves nothing of ${image.width}x${image.height}`);
    pipeline = pipeline.extract({ left, top, width, height });
  }
  // Transparent pixels have no defined colour; judge the image as it shows on a white canvas.
  if (image.channels === 4) pipeline = pipeline.flatten({ background: "#ffffff" });
  const { data, info } = await pipeline
    .resize(SIZE, SIZE, { kernel: "lanczos3", fit: "fill" })
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels === 3) return data;
  const rgb = new Uint8Array(SIZE * SIZE * 3);
  for (let i = 0; i < SIZE * SIZE; i++) {
    for (let k = 0; k < 3; k++) rgb[i * 3 + k] = data[i * info.channels + Math.min(k, info.channels - 1)] as number;
  }
  return rgb;
}

/** Perceptual hash and colour signature of an image (optionally of a crop of it). */
export async function fingerprintImage(image: RasterImage, crop?: CropFractions): Promise<ImageFingerprint> {
  const rgb = await rgb32(image, crop);
  const luma = new Float64Array(SIZE * SIZE);
  for (let i = 0; i < SIZE * SIZE; i++) {
    // ITU-R BT.601 luma, as pHash's YCbCr conversion.
    luma[i] = 0.299 * (rgb[i * 3] as number) + 0.587 * (rgb[i * 3 + 1] as number) + 0.114 * (rgb[i * 3 + 2] as number);
  }
  return { hash: hashLuma(luma), colour: colourSignature(rgb, SIZE, SIZE) };
}

/** Number of set bits in a 32-bit integer (SWAR popcount). */
export function popcount32(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Bits that differ between two hashes, 0..64. */
export function hammingDistance(a: PerceptualHash, b: PerceptualHash): number {
  return popcount32((a.hi ^ b.hi) >>> 0) + popcount32((a.lo ^ b.lo) >>> 0);
}

/** 16 lower-case hex digits, for storage and audit records. */
export function hashToHex(hash: PerceptualHash): string {
  return hash.hi.toString(16).padStart(8, "0") + hash.lo.toString(16).padStart(8, "0");
}

/** Parses `hashToHex` output. */
export function hashFromHex(hex: string): PerceptualHash {
  if (!/^[0-9a-f]{16}$/i.test(hex)) throw new Error(`a perceptual hash is 16 hex digits, got "${hex}"`);
  return { hi: Number.parseInt(hex.slice(0, 8), 16) >>> 0, lo: Number.parseInt(hex.slice(8), 16) >>> 0 };
}

export interface SimilarityThresholds {
  /** At or below this many differing bits, the images are the same whatever their colours. */
  sameStructure: number;
  /** Up to this many bits, the images are the same if their colours also agree. */
  similarStructure: number;
  /** Mean ΔE*ab over the 3×3 grid below which colours agree. */
  sameColour: number;
}

/**
 * Chosen from the distances measured on the 10 photos of tests/fixtures/photos, comparing each edit
 * of a photo with the nearest of the 16 `fingerprintReference` crops (see perceptual-hash.test.ts):
 * copies (0.5x, 2x, JPEG q60, crops of 0–5 % per side, +10 % brightness, greyscale, all combined)
 * differ by 0–6 bits with mean ΔE 0–6; other photos by 16–38 bits (median 28) with ΔE ≥ 12.
 * 10 bits sits 4 above the copies and 6 below the closest other photo; the colour rule only widens
 * that to 14 bits when the colours are as close as a copy's.
 */
export const DEFAULT_SIMILARITY_THRESHOLDS: SimilarityThresholds = {
  sameStructure: 10,
  similarStructure: 14,
  sameColour: 9,
};

export interface SimilarityVerdict {
  hamming: number;
  colourDistance: number;
  /** True when `b` should be treated as a copy of `a`. */
  match: boolean;
}

/**
 * Compares two fingerprints: a close structural match is a copy on its own (a recoloured copy is
 * still a copy); a looser one counts only when the colours agree as well.
 */
export function similarity(
  a: ImageFingerprint,
  b: ImageFingerprint,
  thresholds: SimilarityThresholds = DEFAULT_SIMILARITY_THRESHOLDS,
): SimilarityVerdict {
  const hamming = hammingDistance(a.hash, b.hash);
  const colour = colourDistance(a.colour, b.colour);
  const match =
    hamming <= thresholds.sameStructure || (hamming <= thresholds.similarStructure && colour <= thresholds.sameColour);
  return { hamming, colourDistance: colour, match };
}
