import { measureImageQuality } from "../brand/image-quality.js";
import { scorePaletteAdherence } from "../brand/palette-adherence.js";
import { rankCandidates } from "../brand/rank.js";
import type { RasterImage } from "../engines/types.js";
import { featuresOf, type RankWeights, weightedScore } from "../quality/rank-weights.js";
import type { Candidate } from "./candidate.js";
import type { PlanBrand } from "./plan-types.js";

/**
 * The scores every layer carries (0..1): image quality and its parts (sharpness, exposure, noise: the rank
 * features the feedback loop learns weights over), and palette adherence when a brand kit applies.
 */
export function scoreOutput(image: RasterImage, brand: PlanBrand | undefined): Record<string, number> {
  const measured = measureImageQuality(image);
  const quality = {
    quality: measured.score,
    sharpness: measured.sharpness.score,
    exposure: measured.exposure.score,
    noise: measured.noise.score,
  };
  if (!brand) return quality;
  return { ...quality, adherence: scorePaletteAdherence(image, brand.palette).score };
}

/**
 * Scores a job's candidates and orders them best first by the combined score (rank.ts), adding `score`;
 * with `weights` (learned from the org's feedback, server/src/quality) the score is their weighted mean
 * of the rank features instead.
 */
export function rankCandidatesOf(
  candidates: Candidate[],
  brand: PlanBrand | undefined,
  weights?: RankWeights,
): Candidate[] {
  if (candidates.length === 0) return candidates;
  const scored = candidates.map((c) => ({ ...c, scores: scoreOutput(c.image, brand) }));
  if (weights) {
    const withScore = scored.map((c): Candidate => {
      const score = Math.round(weightedScore(featuresOf(c.scores), weights) * 1e4) / 1e4;
      return { ...c, scores: { ...c.scores, score } };
    });
    return withScore.sort(
      (a, b) => (b.scores.score ?? 0) - (a.scores.score ?? 0) || (b.scores.quality ?? 0) - (a.scores.quality ?? 0),
    );
  }
  const ranked = rankCandidates(
    scored.map((c, i) => ({
      id: String(i),
      quality: c.scores.quality ?? 0,
      ...(c.scores.adherence === undefined ? {} : { adherence: c.scores.adherence }),
    })),
  );
  return ranked.map((r) => {
    const c = scored[Number(r.id)] as Candidate;
    return { ...c, scores: { ...c.scores, score: Math.round(r.score * 1e4) / 1e4 } };
  });
}
