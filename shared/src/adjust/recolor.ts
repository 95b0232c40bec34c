/**
 * Recolor to one colour (a brand swatch) in CIELAB: every pixel of the region moves by the difference between
 * the target and the region's mean, so the region's average becomes the target while its lightness structure
 * (shading, folds, texture) is kept — scaled down only where the target is so light or dark that ±2σ of it would
 * not fit in L* 0..100; chroma detail is damped so the hue reads as the target's.
 */

/** Fraction of each pixel's a* and b* deviation from the region's mean that survives (texture in colour). */
const CHROMA_DETAIL = 0.25;

export interface RecolorPlan {
  meanL: number;
  targetL: number;
  /** Scale on each pixel's lightness deviation from the mean: < 1 only where ±2σ would not fit in 0..100. */
  contrastL: number;
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
  let sLL = 0;
  for (let i = 0; i < L.length; i++) {
    const w = weights ? (weights[i] as number) : 1;
    if (w === 0) continue;
    sw += w;
    sL += w * (L[i] as number);
    sLL += w * (L[i] as number) ** 2;
    sa += w * (a[i] as number);
    sb += w * (b[i] as number);
  }
  const n = sw || 1;
  const meanL = sL / n;
  const sigma = Math.sqrt(Math.max(0, sLL / n - meanL * meanL));
  // Shading squeezed only as much as the target's lightness requires (a near-white swatch leaves little room).
  const room = Math.min(100 - target[0], target[0]);
  return {
    meanL,
    targetL: target[0],
    contrastL: sigma > 0 ? Math.min(1, room / (2 * sigma)) : 1,
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
  const L = Math.min(100, Math.max(0, plan.targetL + (lab[0] - plan.meanL) * plan.contrastL));
  const a = plan.targetA + (lab[1] - plan.meanA) * CHROMA_DETAIL;
  const b = plan.targetB + (lab[2] - plan.meanB) * CHROMA_DETAIL;
  lab[0] += s * (L - lab[0]);
  lab[1] += s * (a - lab[1]);
  lab[2] += s * (b - lab[2]);
}
