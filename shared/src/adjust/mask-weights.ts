import { gaussianish } from "./box-blur.js";
import type { Mask } from "./raster.js";

/**
 * How much of the adjustment each pixel takes (0..1), from a mask and a feather width (px). The feather lies
 * inside the selection: the mask is multiplied by a ramp that is 0 on the selection's border and 1 from
 * `feather` px inside it, so a pixel the mask leaves out (0) keeps weight 0 and stays byte-identical.
 */
export function maskWeights(mask: Mask, feather: number, invert: boolean): Float64Array {
  const n = mask.width * mask.height;
  const m = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = (mask.data[i] as number) / 255;
    m[i] = invert ? 1 - v : v;
  }
  // Three box passes of radius r reach 3r px: the blurred support is 1/2 on the border and 1 from `feather` px in.
  const radius = Math.round(feather / 3);
  if (radius < 1) return m;
  const support = new Float64Array(n);
  for (let i = 0; i < n; i++) support[i] = (m[i] as number) > 0 ? 1 : 0;
  const blurred = gaussianish(support, mask.width, mask.height, radius);
  for (let i = 0; i < n; i++) {
    const ramp = Math.min(1, Math.max(0, 2 * (blurred[i] as number) - 1));
    m[i] = (m[i] as number) * ramp;
  }
  return m;
}
