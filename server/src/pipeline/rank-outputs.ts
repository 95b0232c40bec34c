import { measureImageQuality } from "../brand/image-quality.js";
import { scorePaletteAdherence } from "../brand/palette-adherence.js";
import { rankCandidates } from "../brand/rank.js";
import type { RasterImage } from "../engines/types.js";
import type { Candidate } from "./candidate.js";
import type { PlanBrand } from "./plan-types.js";

/** The scores every layer carries: image quality, and palette adherence when a brand kit applies (0..1). */
export function scoreOutput(image: RasterImage, brand: PlanBrand | undefined): Record<string, number> {
  const quality = measureImageQuality(image).score;
  if (!brand) return { quality };
  return { quality, adherence: scorePaletteAdherence(image, brand.palette).score };
}

/** Scores a job's candidates and orders them best first by the combined score (rank.ts), adding `score`. */
export function rankCandidatesOf(candidates: Candidate[], brand: PlanBrand | undefined): Candidate[] {
  if (candidates.length === 0) return candidates;
  const scored = candidates.map((c) => ({ ...c, scores: scoreOutput(c.image, brand) }));
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
