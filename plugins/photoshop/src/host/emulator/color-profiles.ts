// The RGB profiles the emulator converts between, as Photoshop's colour engine would (relative
// colorimetric, 8-bit, no dithering): transfer curve + RGB→XYZ(D65) matrix of each profile.
// sRGB: IEC 61966-2-1; Adobe RGB (1998): Adobe's spec (gamma 563/256); Display P3: SMPTE EG 432-1
// primaries with the sRGB curve. Other names (ProPhoto, CMYK, Lab) are refused: not emulated.

type Matrix = [number, number, number, number, number, number, number, number, number];

interface Profile {
  toLinear(v: number): number;
  fromLinear(v: number): number;
  toXyz: Matrix;
}

const srgbCurve = {
  toLinear: (v: number) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4),
  fromLinear: (v: number) => (v <= 0.0031308 ? v * 12.92 : 1.055 * v ** (1 / 2.4) - 0.055),
};
const ADOBE_GAMMA = 563 / 256;

export const SRGB = "sRGB IEC61966-2.1";
export const ADOBE_RGB = "Adobe RGB (1998)";
export const DISPLAY_P3 = "Display P3";

const PROFILES: Record<string, Profile> = {
  [SRGB]: {
    ...srgbCurve,
    toXyz: [0.4124564, 0.3575761, 0.1804375, 0.2126729, 0.7151522, 0.072175, 0.0193339, 0.119192, 0.9503041],
  },
  [ADOBE_RGB]: {
    toLinear: (v) => v ** ADOBE_GAMMA,
    fromLinear: (v) => v ** (1 / ADOBE_GAMMA),
    toXyz: [0.5767309, 0.185554, 0.1881852, 0.2973769, 0.6273491, 0.0752741, 0.0270343, 0.0706872, 0.9911085],
  },
  [DISPLAY_P3]: {
    ...srgbCurve,
    toXyz: [0.4865709, 0.2656677, 0.1982173, 0.2289746, 0.6917385, 0.0792869, 0, 0.0451134, 1.0439444],
  },
};

function invert(m: Matrix): Matrix {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [
    A / det,
    -(b * i - c * h) / det,
    (b * f - c * e) / det,
    B / det,
    (a * i - c * g) / det,
    -(a * f - c * d) / det,
    C / det,
    -(a * h - b * g) / det,
    (a * e - b * d) / det,
  ];
}

const multiply = (m: Matrix, v: [number, number, number]): [number, number, number] => [
  m[0] * v[0] + m[1] * v[1] + m[2] * v[2],
  m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
  m[6] * v[0] + m[7] * v[1] + m[8] * v[2],
];

/** Throws like Photoshop for a profile name it does not know (the emulator knows three). */
export function requireProfile(name: string): void {
  if (!PROFILES[name]) throw new Error(`Photoshop: unknown or unsupported color profile "${name}" (emulator)`);
}

/** Converts interleaved 8-bit RGB(A) pixels from one profile to another in place (alpha untouched). */
export function convertPixels(data: Uint8Array, components: number, from: string, to: string): void {
  if (from === to) return;
  const source = PROFILES[from];
  const target = PROFILES[to];
  if (!source || !target) throw new Error(`Photoshop: cannot convert ${from} → ${to} (emulator)`);
  const fromXyz = invert(target.toXyz);
  // A lookup per distinct colour keeps 24 MP conversions cheap (photos repeat colours a lot).
  const cache = new Map<number, number>();
  for (let i = 0; i + 2 < data.length; i += components) {
    const key = ((data[i] as number) << 16) | ((data[i + 1] as number) << 8) | (data[i + 2] as number);
    let out = cache.get(key);
    if (out === undefined) {
      const linear: [number, number, number] = [
        source.toLinear((data[i] as number) / 255),
        source.toLinear((data[i + 1] as number) / 255),
        source.toLinear((data[i + 2] as number) / 255),
      ];
      const rgb = multiply(fromXyz, multiply(source.toXyz, linear));
      const q = rgb.map((v) => Math.round(255 * target.fromLinear(Math.min(1, Math.max(0, v)))));
      out = ((q[0] as number) << 16) | ((q[1] as number) << 8) | (q[2] as number);
      cache.set(key, out);
    }
    data[i] = out >> 16;
    data[i + 1] = (out >> 8) & 255;
    data[i + 2] = out & 255;
  }
}
