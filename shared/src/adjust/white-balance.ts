/**
 * White balance as per-channel gains in linear sRGB, from a colour temperature (K) and a green–magenta tint (%).
 * The light's chromaticity is the Planckian locus in the cubic-spline approximation of B. Kang et al., "Design of
 * advanced color temperature control system for HDTV applications", J. Korean Phys. Soc. 41(6), 2002 (valid
 * 1667–25000 K); a von Kries scaling in linear sRGB moves that light to the 6500 K reference, luminance kept.
 */
/** CIE 1931 xy of a blackbody at `kelvin`. */
export function planckianXy(kelvin: number): [number, number] {
  const t = Math.min(25000, Math.max(1667, kelvin));
  const t2 = t * t;
  const t3 = t2 * t;
  const x =
    t <= 4000
      ? -0.2661239e9 / t3 - 0.2343589e6 / t2 + 0.8776956e3 / t + 0.17991
      : -3.0258469e9 / t3 + 2.1070379e6 / t2 + 0.2226347e3 / t + 0.24039;
  const x2 = x * x;
  const x3 = x2 * x;
  const y =
    t <= 2222
      ? -1.1063814 * x3 - 1.3481102 * x2 + 2.18555832 * x - 0.20219683
      : t <= 4000
        ? -0.9549476 * x3 - 1.37418593 * x2 + 2.09137015 * x - 0.16748867
        : 3.081758 * x3 - 5.8733867 * x2 + 3.75112997 * x - 0.37001483;
  return [x, y];
}

/** Linear sRGB of a light with chromaticity xy (Y = 1); IEC 61966-2-1 inverse matrix. */
function xyToLinearRgb([x, y]: [number, number]): [number, number, number] {
  const X = x / y;
  const Z = (1 - x - y) / y;
  return [3.2406 * X - 1.5372 - 0.4986 * Z, -0.9689 * X + 1.8758 + 0.0415 * Z, 0.0557 * X - 0.204 + 1.057 * Z];
}

const REFERENCE = xyToLinearRgb(planckianXy(6500));

/**
 * Gains (linear R, G, B) that correct an image lit by `kelvin` to the reference: a higher temperature means a
 * bluer light is removed, so the image warms (as in raw converters). `tint` +100 % removes green (magenta),
 * −100 % adds it; `exposure` (EV) scales all three. At 6500 K, tint 0 and 0 EV the gains are exactly 1.
 */
export function whiteBalanceGains(kelvin: number, tint: number, exposure: number): [number, number, number] {
  const light = xyToLinearRgb(planckianXy(kelvin));
  const r = (REFERENCE[0] / light[0]) as number;
  const g = ((REFERENCE[1] / light[1]) as number) * 2 ** (-0.5 * (tint / 100)); // ±100 % = ∓half a stop of green
  const b = (REFERENCE[2] / light[2]) as number;
  // Keep the luminance (Rec. 709 / sRGB Y weights) of white: only the hue of the light changes.
  const y = kelvin === 6500 && tint === 0 ? 1 : 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const ev = 2 ** exposure;
  return [(r / y) * ev, (g / y) * ev, (b / y) * ev];
}
