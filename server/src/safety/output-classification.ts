import type { RasterImage } from "../imaging/raster.js";

/** What the check needs of a classifier (engines' ImageClassifier is one): scores per class, 0..1. */
export interface OutputClassifier {
  classify(
    image: RasterImage,
    context: { signal: AbortSignal; progress(step: number, total: number): void },
  ): Promise<Record<string, number>>;
}

/** Score limits above which an output is withheld (nsfwjs classes, 0..1). Stricter for free orgs. */
export interface OutputThresholds {
  /** Porn + Hentai. */
  explicit: number;
  /** Sexy (suggestive). */
  suggestive: number;
}

/** Free (and education) orgs: stricter than the standard defaults (0.6 / 0.85, EASEL_SAFETY_*). */
export const STRICT_THRESHOLDS: OutputThresholds = { explicit: 0.35, suggestive: 0.6 };

/** The lower of two sets of limits, per class. */
export function strictest(a: OutputThresholds, b: OutputThresholds): OutputThresholds {
  return { explicit: Math.min(a.explicit, b.explicit), suggestive: Math.min(a.suggestive, b.suggestive) };
}

export interface OutputVerdict {
  decision: "allow" | "block";
  category: "sexual" | null;
  reason: string;
  scores: Record<string, number>;
}

/** Classifies one output before anyone can fetch it. */
export async function classifyOutput(
  image: RasterImage,
  classifier: OutputClassifier,
  thresholds: OutputThresholds,
  signal: AbortSignal,
): Promise<OutputVerdict> {
  const scores = await classifier.classify(image, { signal, progress: () => {} });
  const explicit = (scores.Porn ?? 0) + (scores.Hentai ?? 0);
  const suggestive = scores.Sexy ?? 0;
  const rounded = Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, Math.round(v * 1e4) / 1e4]));
  if (explicit >= thresholds.explicit) {
    return {
      decision: "block",
      category: "sexual",
      reason: `explicit content score ${explicit.toFixed(2)} ≥ ${thresholds.explicit}`,
      scores: rounded,
    };
  }
  if (suggestive >= thresholds.suggestive) {
    return {
      decision: "block",
      category: "sexual",
      reason: `suggestive content score ${suggestive.toFixed(2)} ≥ ${thresholds.suggestive}`,
      scores: rounded,
    };
  }
  return { decision: "allow", category: null, reason: "classifier scores under the thresholds", scores: rounded };
}
