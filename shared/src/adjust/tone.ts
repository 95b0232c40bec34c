/**
 * Tone and colour curves on CIELAB values: lightness (L*, 0..100) for contrast, highlights, shadows and clarity;
 * chroma (a*, b*) for saturation and vibrance. Amounts are fractions (−1..1) of the protocol's percentages.
 */

function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
}

const S_CURVE_K = 2;
const S_CURVE_NORM = Math.tanh(S_CURVE_K);

/** Contrast around L* 50: an S-curve for more (no hard clipping), a linear flattening for less. */
export function contrast(L: number, amount: number): number {
  if (amount === 0) return L;
  if (amount > 0) {
    const s = 50 + (50 * Math.tanh((S_CURVE_K * (L - 50)) / 50)) / S_CURVE_NORM;
    return L + amount * (s - L);
  }
  return 50 + (L - 50) * (1 + 0.75 * amount);
}

/** Highlights: moves lightness above ~40 L* by up to 25 L* toward white (+) or down (−), fading to 0 at mid-grey. */
export function highlights(L: number, amount: number): number {
  if (amount === 0) return L;
  const w = smoothstep(40, 100, L);
  return amount > 0 ? L + amount * w * Math.min(25, 100 - L) : L + amount * w * 25;
}

/** Shadows: lifts (+) or deepens (−) lightness below ~60 L* by up to 25 L*, most in the deepest shadows. */
export function shadows(L: number, amount: number): number {
  if (amount === 0) return L;
  const w = 1 - smoothstep(0, 60, L);
  return amount > 0 ? L + amount * w * 25 : L + amount * w * Math.min(25, L);
}

/** Clarity: adds `amount` × the local detail (L* minus its blur), most in the midtones where it reads as crispness. */
export function clarity(L: number, blurred: number, amount: number): number {
  if (amount === 0) return L;
  const mid = 1 - ((L - 50) / 50) ** 2;
  return L + amount * (L - blurred) * Math.max(0, mid);
}

/** The factor on chroma: saturation scales every colour; vibrance mostly the muted ones (chroma < ~60). */
export function chromaFactor(chroma: number, saturation: number, vibrance: number): number {
  const muted = 1 - Math.min(1, chroma / 60);
  return Math.max(0, (1 + saturation) * (1 + vibrance * muted));
}

/** Clarity's neighbourhood: 1 % of the image's longer side (px), so a small preview copy matches the full size. */
export function clarityRadius(width: number, height: number): number {
  return Math.max(1, Math.round(Math.max(width, height) / 100));
}
