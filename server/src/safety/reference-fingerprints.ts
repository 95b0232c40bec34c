import type { RasterImage } from "../imaging/raster.js";
import { type CropFractions, fingerprintImage, type ImageFingerprint } from "./perceptual-hash.js";

/** How much of each side the cropped variants of a reference cut (4 %). */
export const REFERENCE_CROP = 0.04;

/**
 * Every combination of cutting 0 or 4 % from each side (16 crops, the first uncropped). pHash alone
 * moves up to 20–22 bits when a copy is cropped by 5 % on some sides (closer than two different photos); against the nearest of these
 * crops a copy cropped anywhere from 0 to 5 % per side stays within 8 bits on our photos
 * (perceptual-hash.test.ts has the figures).
 */
export const REFERENCE_CROPS: readonly CropFractions[] = Array.from({ length: 16 }, (_, bits) => ({
  left: bits & 1 ? REFERENCE_CROP : 0,
  top: bits & 2 ? REFERENCE_CROP : 0,
  right: bits & 4 ? REFERENCE_CROP : 0,
  bottom: bits & 8 ? REFERENCE_CROP : 0,
}));

/** Fingerprints of a protected reference: itself and its 15 slightly cropped variants. */
export async function fingerprintReference(image: RasterImage): Promise<ImageFingerprint[]> {
  const fingerprints: ImageFingerprint[] = [];
  for (const crop of REFERENCE_CROPS) fingerprints.push(await fingerprintImage(image, crop));
  return fingerprints;
}
