import { readFileSync } from "node:fs";
import { AdjustParams } from "@easel/shared/protocol";
import { describe, expect, it } from "vitest";
import { deltaE2000, hexToRgb, type Lab, srgb8ToLab } from "../../brand/color/index.js";
import { FIG_BOWL, rasterisePolygon } from "../../engines/select/testing/hand-masks.js";
import { readPhotoRaster } from "../../engines/select/testing/photos.js";
import { runAdjustPixels } from "./engine-stage.js";

/** The Northwind Tech kit's palette (brand-kits/northwind-tech/brand-kit.json). */
const palette = (
  JSON.parse(
    readFileSync(new URL("../../../../brand-kits/northwind-tech/brand-kit.json", import.meta.url), "utf8"),
  ) as {
    palette: { name: string; hex: string }[];
  }
).palette;

function meanLab(rgb: Uint8Array, mask: Uint8Array): Lab {
  const sum = { L: 0, a: 0, b: 0 };
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== 255) continue;
    const lab = srgb8ToLab(rgb[i * 3] as number, rgb[i * 3 + 1] as number, rgb[i * 3 + 2] as number);
    sum.L += lab.L;
    sum.a += lab.a;
    sum.b += lab.b;
    n++;
  }
  return { L: sum.L / n, a: sum.a / n, b: sum.b / n };
}

describe("recolor to a brand palette colour on a real photo", () => {
  it.each(palette.map((c) => [c.name, c.hex]))(
    "moves the red bowl's mean colour to %s (ΔE2000 < 8), keeps its shading, and leaves every pixel outside it byte-identical",
    async (_name, hex) => {
      const image = await readPhotoRaster("fig-in-red-bowl.png");
      const mask = rasterisePolygon(FIG_BOWL, image.width, image.height);
      const settings = AdjustParams.parse({ recolor: { colour: hex }, feather: 4 });
      const out = runAdjustPixels(image, { width: image.width, height: image.height, data: mask }, settings);
      // Deep inside the bowl (the feather is a 4 px ramp at its edge): the region's mean is the target.
      const inner = rasterisePolygon(
        FIG_BOWL.map(([x, y]) => [310 + (x - 310) * 0.9, 190 + (y - 190) * 0.9] as const),
        image.width,
        image.height,
      );
      const [r, g, b] = hexToRgb(hex);
      expect(deltaE2000(meanLab(out.rgb, inner), srgb8ToLab(r, g, b))).toBeLessThan(8);
      // Shading kept: lightness inside follows the original's, pixel for pixel (Pearson correlation).
      const before: number[] = [];
      const after: number[] = [];
      for (let i = 0; i < inner.length; i += 3) {
        if (inner[i] !== 255) continue;
        before.push(
          srgb8ToLab(image.data[i * 3] as number, image.data[i * 3 + 1] as number, image.data[i * 3 + 2] as number).L,
        );
        after.push(srgb8ToLab(out.rgb[i * 3] as number, out.rgb[i * 3 + 1] as number, out.rgb[i * 3 + 2] as number).L);
      }
      expect(correlation(before, after)).toBeGreaterThan(0.9);
      for (let i = 0; i < mask.length; i++) {
        if (mask[i] !== 0) continue;
        for (let c = 0; c < 3; c++) {
          if (out.rgb[i * 3 + c] !== image.data[i * 3 + c]) throw new Error(`pixel ${i} outside the mask changed`);
        }
      }
    },
  );
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
