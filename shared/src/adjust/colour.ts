/**
 * sRGB (IEC 61966-2-1) ↔ linear light ↔ CIELAB (D65), the same matrix and white as the server's brand colour
 * science (server/src/brand/color): a 4-decimal §5.2 matrix, its exact inverse, and the white taken as the
 * matrix's row sums so #ffffff is exactly L* 100, a* = b* = 0 and bytes round-trip.
 */

/** Linear light (0..1) of each sRGB byte. */
export const SRGB8_TO_LINEAR: Float64Array = (() => {
  const t = new Float64Array(256);
  for (let i = 0; i < 256; i++) {
    const v = i / 255;
    t[i] = v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }
  return t;
})();

/** Linear light to an sRGB value 0..255 (unrounded), clamped to the gamut. */
export function linearToSrgb8(v: number): number {
  if (!(v > 0)) return 0;
  if (v >= 1) return 255;
  return 255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055);
}

// Rows: X, Y, Z from linear R, G, B.
const M = [0.4124, 0.3576, 0.1805, 0.2126, 0.7152, 0.0722, 0.0193, 0.1192, 0.9505] as const;
const M_INV = (() => {
  const [a, b, c, d, e, f, g, h, i] = M;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [
    A,
    -(b * i - c * h),
    b * f - c * e,
    B,
    a * i - c * g,
    -(a * f - c * d),
    C,
    -(a * h - b * g),
    a * e - b * d,
  ].map((v) => v / det) as [number, number, number, number, number, number, number, number, number];
})();
const XW = M[0] + M[1] + M[2];
const YW = M[3] + M[4] + M[5];
const ZW = M[6] + M[7] + M[8];

const EPSILON = 216 / 24389; // (6/29)^3, CIE 15:2004 §8.2.1
const KAPPA = 24389 / 27; // (29/3)^3

function f(t: number): number {
  return t > EPSILON ? Math.cbrt(t) : (KAPPA * t + 16) / 116;
}

function fInv(t: number): number {
  const t3 = t * t * t;
  return t3 > EPSILON ? t3 : (116 * t - 16) / KAPPA;
}

/** Linear sRGB → CIELAB, written into `out` (L* 0..100). */
export function linearToLab(r: number, g: number, b: number, out: [number, number, number]): void {
  const fx = f((M[0] * r + M[1] * g + M[2] * b) / XW);
  const fy = f((M[3] * r + M[4] * g + M[5] * b) / YW);
  const fz = f((M[6] * r + M[7] * g + M[8] * b) / ZW);
  out[0] = 116 * fy - 16;
  out[1] = 500 * (fx - fy);
  out[2] = 200 * (fy - fz);
}

/** CIELAB → linear sRGB (unclamped: out-of-gamut colours give values outside 0..1), written into `out`. */
export function labToLinear(L: number, a: number, b: number, out: [number, number, number]): void {
  const fy = (L + 16) / 116;
  const x = XW * fInv(fy + a / 500);
  const y = YW * fInv(fy);
  const z = ZW * fInv(fy - b / 200);
  out[0] = M_INV[0] * x + M_INV[1] * y + M_INV[2] * z;
  out[1] = M_INV[3] * x + M_INV[4] * y + M_INV[5] * z;
  out[2] = M_INV[6] * x + M_INV[7] * y + M_INV[8] * z;
}

/** The CIELAB of an `#rrggbb` colour. */
export function hexToLab(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new RangeError(`colour must be #rrggbb, got ${JSON.stringify(hex)}`);
  const out: [number, number, number] = [0, 0, 0];
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => SRGB8_TO_LINEAR[Number.parseInt(h as string, 16)] as number);
  linearToLab(r as number, g as number, b as number, out);
  return out;
}
