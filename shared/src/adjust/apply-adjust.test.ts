import { describe, expect, it } from "vitest";
import { AdjustParams, type AdjustParamsInput } from "../protocol/adjust-params.js";
import { applyAdjustments } from "./apply-adjust.js";
import { hexToLab, linearToLab, SRGB8_TO_LINEAR } from "./colour.js";
import { maskWeights } from "./mask-weights.js";
import type { Mask, RgbaImage } from "./raster.js";

/** A deterministic textured test image: a gradient with a fabric-like ripple, alpha varying. */
function photo(width = 64, height = 48): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const ripple = 30 * Math.sin(x / 3) * Math.cos(y / 5);
      data[o] = Math.round(60 + (120 * x) / width + ripple);
      data[o + 1] = Math.round(90 + (80 * y) / height + ripple / 2);
      data[o + 2] = Math.round(140 - (60 * x) / width + ripple);
      data[o + 3] = 200 + ((x + y) % 56);
    }
  }
  return { width, height, data };
}

/** A mask selecting the rectangle [x0, x1) × [y0, y1). */
function rectMask(width: number, height: number, x0: number, y0: number, x1: number, y1: number): Mask {
  const data = new Uint8Array(width * height);
  for (let y = y0; y < y1; y++) data.fill(255, y * width + x0, y * width + x1);
  return { width, height, data };
}

const settings = (p: AdjustParamsInput) => AdjustParams.parse(p);

function labOf(data: Uint8Array | Uint8ClampedArray, i: number): [number, number, number] {
  const out: [number, number, number] = [0, 0, 0];
  const lin = (v: number) => SRGB8_TO_LINEAR[v] as number;
  linearToLab(lin(data[i * 4] as number), lin(data[i * 4 + 1] as number), lin(data[i * 4 + 2] as number), out);
  return out;
}

describe("applyAdjustments", () => {
  it("returns the same bytes when no slider moved", () => {
    const image = photo();
    expect(applyAdjustments(image, settings({}))).toEqual(new Uint8Array(image.data));
  });

  it("leaves every pixel outside the mask byte-identical and never touches alpha", () => {
    const image = photo();
    const mask = rectMask(64, 48, 16, 12, 48, 36);
    const out = applyAdjustments(image, settings({ exposure: 1, saturation: 40, feather: 6 }), mask);
    let changedInside = 0;
    for (let i = 0; i < 64 * 48; i++) {
      const inside = mask.data[i] === 255;
      for (let c = 0; c < 4; c++) {
        if (!inside || c === 3) expect(out[i * 4 + c]).toBe(image.data[i * 4 + c]);
      }
      if (inside && out[i * 4] !== image.data[i * 4]) changedInside++;
    }
    expect(changedInside).toBeGreaterThan(0.9 * 32 * 24);
  });

  it("adjusts the complement of the mask when asked to invert it", () => {
    const image = photo();
    const mask = rectMask(64, 48, 16, 12, 48, 36);
    const out = applyAdjustments(image, settings({ exposure: -1, invertMask: true, feather: 0 }), mask);
    const centre = (24 * 64 + 32) * 4;
    expect(out[centre]).toBe(image.data[centre]);
    expect(out[0]).toBeLessThan(image.data[0] as number);
  });

  it("doubles linear light for +1 EV", () => {
    const grey = { width: 1, height: 1, data: new Uint8Array([100, 100, 100, 255]) };
    const out = applyAdjustments(grey, settings({ exposure: 1 }));
    const lin = SRGB8_TO_LINEAR[out[0] as number] as number;
    expect(lin / (SRGB8_TO_LINEAR[100] as number)).toBeCloseTo(2, 1);
    expect(out[0]).toBe(out[1]);
    expect(out[1]).toBe(out[2]);
  });

  it("warms a grey above 6500 K and cools it below, keeping its lightness", () => {
    const grey = { width: 1, height: 1, data: new Uint8Array([128, 128, 128, 255]) };
    const warm = applyAdjustments(grey, settings({ temperature: 9000 }));
    const cool = applyAdjustments(grey, settings({ temperature: 4000 }));
    expect(warm[0]).toBeGreaterThan(warm[2] as number);
    expect(cool[2]).toBeGreaterThan(cool[0] as number);
    expect(Math.abs(labOf(warm, 0)[0] - labOf(grey.data, 0)[0])).toBeLessThan(2);
    const magenta = applyAdjustments(grey, settings({ tint: 60 }));
    expect(magenta[1]).toBeLessThan(magenta[0] as number);
  });

  it("turns colours grey at −100 % saturation and stronger at +50 %", () => {
    const image = photo();
    const grey = applyAdjustments(image, settings({ saturation: -100 }));
    const vivid = applyAdjustments(image, settings({ saturation: 50 }));
    for (let i = 0; i < 64 * 48; i += 7) {
      const [, a, b] = labOf(grey, i);
      expect(Math.hypot(a, b)).toBeLessThan(1.5);
      const [, a0, b0] = labOf(image.data, i);
      const [, a1, b1] = labOf(vivid, i);
      if (Math.hypot(a0, b0) > 5) expect(Math.hypot(a1, b1)).toBeGreaterThan(Math.hypot(a0, b0));
    }
  });

  it("spreads lightness with contrast and pulls bright pixels down with negative highlights", () => {
    const image = photo();
    const spread = (data: Uint8Array | Uint8ClampedArray) => {
      const Ls = Array.from({ length: 64 * 48 }, (_, i) => labOf(data, i)[0]);
      const mean = Ls.reduce((s, v) => s + v, 0) / Ls.length;
      return Math.sqrt(Ls.reduce((s, v) => s + (v - mean) ** 2, 0) / Ls.length);
    };
    expect(spread(applyAdjustments(image, settings({ contrast: 60 })))).toBeGreaterThan(spread(image.data) * 1.1);
    expect(spread(applyAdjustments(image, settings({ contrast: -60 })))).toBeLessThan(spread(image.data) * 0.8);
    const bright = { width: 2, height: 1, data: new Uint8Array([240, 240, 240, 255, 30, 30, 30, 255]) };
    const out = applyAdjustments(bright, settings({ highlights: -100 }));
    expect(out[0]).toBeLessThan(230);
    expect(Math.abs((out[4] as number) - 30)).toBeLessThanOrEqual(1);
  });

  it("recolors a region to the target's mean colour while keeping its lightness structure", () => {
    const image = photo();
    const mask = rectMask(64, 48, 8, 8, 56, 40);
    const target = hexToLab("#c8102e");
    const out = applyAdjustments(image, settings({ recolor: { colour: "#c8102e" }, feather: 0 }), mask);
    const before: number[] = [];
    const after: number[] = [];
    const mean = [0, 0, 0];
    for (let i = 0; i < 64 * 48; i++) {
      if (mask.data[i] !== 255) continue;
      const lab = labOf(out, i);
      for (let c = 0; c < 3; c++) mean[c] = (mean[c] as number) + (lab[c] as number);
      after.push(lab[0]);
      before.push(labOf(image.data, i)[0]);
    }
    const n = after.length;
    const dE76 = Math.hypot(...mean.map((m, c) => m / n - (target[c] as number)));
    expect(dE76).toBeLessThan(4);
    expect(correlation(before, after)).toBeGreaterThan(0.95);
  });

  it("names the mask when its size differs from the image", () => {
    expect(() => applyAdjustments(photo(), settings({ exposure: 1 }), rectMask(10, 10, 0, 0, 5, 5))).toThrow(/mask/);
  });
});

describe("maskWeights", () => {
  it("feathers inside the selection: zero outside, ramping up to one inside", () => {
    const mask = rectMask(40, 40, 10, 10, 30, 30);
    const w = maskWeights(mask, 8, false);
    expect(w[5 * 40 + 5]).toBe(0);
    expect(w[10 * 40 + 20]).toBeGreaterThan(0);
    expect(w[10 * 40 + 20]).toBeLessThan(0.7);
    expect(w[20 * 40 + 20]).toBeCloseTo(1, 6);
  });
});

function correlation(x: number[], y: number[]): number {
  const mx = x.reduce((s, v) => s + v, 0) / x.length;
  const my = y.reduce((s, v) => s + v, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += ((x[i] as number) - mx) * ((y[i] as number) - my);
    sxx += ((x[i] as number) - mx) ** 2;
    syy += ((y[i] as number) - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
