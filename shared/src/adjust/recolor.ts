/**
 * Recolor to one colour (a brand swatch) in CIELAB: every pixel of the region moves by the difference between
 * the target and the region's mean, so the region's average becomes the target while its lightness structure
 * (shading, folds, texture) is kept whole; chroma detail is damped so the hue reads as the target's.
 */

/** Fraction of each pixel's a* and b* deviation from the region's mean that survives (texture in colour). */
const CHROMA_DETAIL = 0.25;

export interface RecolorPlan {
  dL: number;
  meanA: number;
  meanB: number;
  targetA: number;
  targetB: number;
  strength: number; // 0..1
}

/** Works out the shift from the region's weighted mean Lab (`weights` null: the whole image). */
export function planRecolor(
  L: Float64Array,
  a: Float64Array,
  b: Float64Array,
  weights: Float64Array | null,
  target: [number, number, number],
  strength: number,
): RecolorPlan {
  let sw = 0;
  let sL = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < L.length; i++) {
    const w = weights ? (weights[i] as number) : 1;
    if (w === 0) continue;
    sw += w;
    sL += w * (L[i] as number);
    sa += w * (a[i] as number);
    sb += w * (b[i] as number);
  }
  const n = sw || 1;
  return {
    dL: target[0] - sL / n,
    meanA: sa / n,
    meanB: sb / n,
    targetA: target[1],
    targetB: target[2],
    strength,
  };
}

/** Recolors one pixel's Lab in place (`lab` = [L, a, b]). */
export function recolorPixel(lab: [number, number, number], plan: RecolorPlan): void {
  const s = plan.strength;
  const L = Math.min(100, Math.max(0, lab[0] + plan.dL));
  const a = plan.targetA + (lab[1] - plan.meanA) * CHROMA_DETAIL;
  const b = plan.targetB + (lab[2] - plan.meanB) * CHROMA_DETAIL;
  lab[0] += s * (L - lab[0]);
  lab[1] += s * (a - lab[1]);
  lab[2] += s * (b - lab[2]);
}
