import type { SharpOptions } from "sharp";

/**
 * How every input image is decoded: at upload (assets/image-probe.ts) and in the worker's engines
 * (raster-io.ts `readRaster`). One setting for both, so an accepted upload decodes in a job exactly as it
 * did when it was checked. `error` refuses what the codec reports as an error: truncated data, or a
 * critical PNG chunk (IHDR, PLTE, IDAT) whose CRC is wrong; libpng itself drops ancillary chunks with a bad
 * CRC (PNG spec §13.2), so those decode alike in both places. Warnings (an sRGB profile libpng knows to be
 * inexact, stray bytes between JPEG markers) do not refuse an image that decodes.
 */
export const INPUT_DECODE: Pick<SharpOptions, "failOn"> = { failOn: "error" };
