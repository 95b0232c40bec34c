import { describe, expect, it } from "vitest";
import { type ChoiceEvent, fitRankWeights } from "./fit-weights.js";
import { RANK_FEATURES, type RankFeatures, type RankWeights, weightedScore } from "./rank-weights.js";

/** A deterministic generator (mulberry32), so the tests see the same designers every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function candidates(random: () => number, n: number): RankFeatures[] {
  return Array.from({ length: n }, () => Object.fromEntries(RANK_FEATURES.map((f) => [f, random()])) as RankFeatures);
}

/** A designer who always keeps the candidate their hidden weights like best. */
function choices(hidden: RankWeights, count: number, seed: number): ChoiceEvent[] {
  const random = rng(seed);
  return Array.from({ length: count }, () => {
    const list = candidates(random, 4);
    const scores = list.map((c) => weightedScore(c, hidden));
    return { candidates: list, kept: scores.indexOf(Math.max(...scores)) };
  });
}

describe("fitRankWeights", () => {
  it("recovers which feature a designer cares about most from kept-vs-discarded choices", () => {
    const hidden = { adherence: 0.1, sharpness: 0.6, exposure: 0.2, noise: 0.1 };
    const fitted = fitRankWeights(choices(hidden, 200, 1)) as RankWeights;
    expect(fitted).not.toBeNull();
    expect(RANK_FEATURES.reduce((s, f) => s + fitted[f], 0)).toBeCloseTo(1, 9);
    const top = RANK_FEATURES.reduce((a, b) => (fitted[a] >= fitted[b] ? a : b));
    expect(top).toBe("sharpness");
    expect(fitted.sharpness).toBeGreaterThan(fitted.exposure);
    expect(fitted.exposure).toBeGreaterThan(fitted.noise);
  });

  it("ranks new candidates as the designer would far more often than the default weights do", () => {
    const hidden = { adherence: 0.05, sharpness: 0.15, exposure: 0.7, noise: 0.1 };
    const fitted = fitRankWeights(choices(hidden, 200, 2)) as RankWeights;
    const held = choices(hidden, 300, 3);
    const top1 = (w: RankWeights) =>
      held.filter((e) => {
        const s = e.candidates.map((c) => weightedScore(c, w));
        return s.indexOf(Math.max(...s)) === e.kept;
      }).length / held.length;
    expect(top1(fitted)).toBeGreaterThan(0.85);
    expect(top1(fitted)).toBeGreaterThan(top1({ adherence: 0.6, sharpness: 0.16, exposure: 0.12, noise: 0.12 }) + 0.2);
  });

  it("never gives a feature a negative weight, and treats a feature no candidate has as equal", () => {
    // Kept candidates are the noisier ones: the noise weight would go negative without the bound.
    const events: ChoiceEvent[] = [
      {
        candidates: [
          { sharpness: 0.9, noise: 0.1 },
          { sharpness: 0.2, noise: 0.9 },
        ],
        kept: 0,
      },
      {
        candidates: [
          { sharpness: 0.3, noise: 0.8 },
          { sharpness: 0.8, noise: 0.2 },
        ],
        kept: 1,
      },
    ];
    const fitted = fitRankWeights(events) as RankWeights;
    for (const f of RANK_FEATURES) expect(fitted[f]).toBeGreaterThanOrEqual(0);
    expect(fitted.noise).toBe(0);
    expect(fitted.sharpness).toBeGreaterThan(0);
    // No event compares adherence or exposure: they keep the default's proportions (0.6 : 0.12 : 0.28).
    expect(fitted.adherence / fitted.exposure).toBeCloseTo(5, 6);
    expect(fitted.adherence / fitted.sharpness).toBeCloseTo(0.6 / 0.28, 6);
  });

  it("returns null without comparisons, or when the choices carry no signal", () => {
    expect(fitRankWeights([])).toBeNull();
    expect(fitRankWeights([{ candidates: [{ sharpness: 0.5 }], kept: 0 }])).toBeNull();
    // Every kept candidate is worse on every feature: no non-negative weights explain that.
    const contrary: ChoiceEvent[] = [
      {
        candidates: [
          { adherence: 0.1, sharpness: 0.1, exposure: 0.1, noise: 0.1 },
          { adherence: 0.9, sharpness: 0.9, exposure: 0.9, noise: 0.9 },
        ],
        kept: 0,
      },
    ];
    expect(fitRankWeights(contrary)).toBeNull();
  });
});
