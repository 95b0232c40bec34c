import { setImmediate as nextTurn } from "node:timers/promises";
import { maskSelectsAny } from "../imaging/mask-ops.js";
import { readRaster } from "../imaging/raster-io.js";

/** Pixels scanned between two turns of the event loop (about a millisecond's work). */
const SLICE = 1 << 19;

/**
 * Whether a mask selects nothing, decided exactly as the engines decide it: decoded by the engines'
 * reader and tested with their binarisation rule (luminance ≥ 128 after flattening alpha onto black,
 * mask-ops.ts), so a mask refused here is one an engine would refuse, and one accepted here is one
 * it accepts. libvips decodes in its own threads; the scan yields to the event loop between slices.
 */
export async function maskIsEmpty(path: string): Promise<boolean> {
  const mask = await readRaster(path);
  const pixels = mask.width * mask.height;
  for (let from = 0; from < pixels; from += SLICE) {
    if (maskSelectsAny(mask, from, Math.min(pixels, from + SLICE))) return false;
    await nextTurn();
  }
  return true;
}
