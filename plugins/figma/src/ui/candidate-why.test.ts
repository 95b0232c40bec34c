import type { Layer } from "@easel/shared/protocol";
import { describe, expect, it } from "vitest";
import { adherenceLabel, candidateWhy } from "./candidate-why.js";

const layer = (id: string, scores: Record<string, number>): Layer => ({
  id,
  jobId: "job_1",
  index: 0,
  assetId: `sha256:${id}`,
  url: "",
  width: 64,
  height: 48,
  placement: { x: 0, y: 0, width: 64, height: 48 },
  label: "Fill",
  seed: 1234567890,
  scores,
  manifestId: null,
  manifestUrl: null,
  commercialRights: true,
});

describe("why a candidate is worth a look", () => {
  it("names the one closest to the palette, the sharpest, and the rest as other takes", () => {
    const onPalette = layer("a", { adherence: 0.9, quality: 0.5 });
    const sharp = layer("b", { adherence: 0.6, quality: 0.9 });
    const middle = layer("c", { adherence: 0.8, quality: 0.6 });
    const off = layer("d", { adherence: 0.3, quality: 0.55 });
    const all = [onPalette, sharp, middle, off];
    expect(all.map((l) => candidateWhy(l, all))).toEqual([
      "closest to palette",
      "sharpest detail",
      "another take",
      "further from palette",
    ]);
  });

  it("says when one candidate leads on both scores, and judges a lone result against the palette alone", () => {
    const both = layer("a", { adherence: 0.9, quality: 0.9 });
    expect(candidateWhy(both, [both, layer("b", { adherence: 0.5, quality: 0.4 })])).toBe(
      "closest to palette, sharpest",
    );
    expect(candidateWhy(both, [both])).toBe("close to palette");
    expect(candidateWhy(layer("c", { adherence: 0.2 }), [])).toBe("away from palette");
  });

  it("ranks by quality alone without a kit, and never shows a seed", () => {
    const a = layer("a", { quality: 0.7 });
    const b = layer("b", { quality: 0.4 });
    expect([candidateWhy(a, [a, b]), candidateWhy(b, [a, b])]).toEqual(["sharpest detail", "another take"]);
    expect(candidateWhy(a, [a])).toBe("");
    expect(adherenceLabel(a)).toBeNull();
    expect(adherenceLabel(layer("c", { adherence: 0.824 }))).toBe("Brand 82%");
  });
});
