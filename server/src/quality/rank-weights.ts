import { RANK_FEATURES, type RankFeature, type RankWeights } from "@easel/shared/protocol";
import { DEFAULT_QUALITY_WEIGHTS } from "../brand/image-quality.js";
import { DEFAULT_RANK_WEIGHTS as DEFAULT_BLEND } from "../brand/rank.js";

export type { RankFeature, RankWeights };
export { RANK_FEATURES };

/** One candidate's rank features (each 0..1, 1 = better); `adherence` only where a brand kit applies. */
export type RankFeatures = Partial<Record<RankFeature, number>>;

/**
 * The default ranking (0.6 × adherence + 0.4 × quality, quality = 0.4 sharpness + 0.3 exposure + 0.3
 * noise) spelled out over the features, so learned and default weights are the same kind of thing.
 */
export const DEFAULT_FEATURE_WEIGHTS: RankWeights = normalise({
  adherence: DEFAULT_BLEND.adherence,
  sharpness: DEFAULT_BLEND.quality * DEFAULT_QUALITY_WEIGHTS.sharpness,
  exposure: DEFAULT_BLEND.quality * DEFAULT_QUALITY_WEIGHTS.exposure,
  noise: DEFAULT_BLEND.quality * DEFAULT_QUALITY_WEIGHTS.noise,
});

/** Weights scaled to sum to 1 (rank order does not change with a positive scale). */
export function normalise(weights: RankWeights): RankWeights {
  const total = RANK_FEATURES.reduce((sum, f) => sum + weights[f], 0);
  if (!(total > 0)) throw new RangeError("rank weights must not all be zero");
  const out = { ...weights };
  for (const f of RANK_FEATURES) out[f] = weights[f] / total;
  return out;
}

/** The rank features a layer's stored scores carry (scoreOutput in pipeline/rank-outputs.ts writes them). */
export function featuresOf(scores: Record<string, number>): RankFeatures {
  const out: RankFeatures = {};
  for (const f of RANK_FEATURES) if (typeof scores[f] === "number") out[f] = scores[f];
  return out;
}

/**
 * A candidate's score under `weights`, 0..1: the weighted mean over the features it has. Without a kit
 * there is no adherence, and the other weights keep their proportions.
 */
export function weightedScore(features: RankFeatures, weights: RankWeights): number {
  let sum = 0;
  let total = 0;
  for (const f of RANK_FEATURES) {
    const value = features[f];
    if (value === undefined) continue;
    sum += weights[f] * value;
    total += weights[f];
  }
  return total > 0 ? sum / total : 0;
}

/** "adherence 0.42, sharpness 0.31, exposure 0.12, noise 0.15" for notes and the console. */
export function describeWeights(weights: RankWeights): string {
  return RANK_FEATURES.map((f) => `${f} ${weights[f].toFixed(2)}`).join(", ");
}
