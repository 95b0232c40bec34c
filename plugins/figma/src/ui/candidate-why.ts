import type { Layer } from "@easel/shared/protocol";

/** How far apart two scores must be before one candidate is said to beat another (0..1). */
const CLEAR_GAP = 0.03;

const best = (layers: readonly Layer[], key: "adherence" | "quality") =>
  Math.max(...layers.map((l) => l.scores[key] ?? Number.NEGATIVE_INFINITY));

/**
 * A few words on why a candidate is worth a look, compared with the others of its job: "closest to
 * palette", "sharpest detail", "best overall"… Scores are the server's (0..1: brand adherence to the
 * kit's palette, image quality); a designer reads the reason, not ten-digit seeds.
 */
export function candidateWhy(layer: Layer, all: readonly Layer[]): string {
  const { adherence, quality } = layer.scores;
  if (all.length <= 1) {
    if (adherence === undefined) return "";
    return adherence >= 0.7 ? "close to palette" : adherence >= 0.45 ? "partly on palette" : "away from palette";
  }
  const others = all.filter((l) => l !== layer);
  const topAdherence = adherence !== undefined && adherence >= best(all, "adherence");
  const topQuality = quality !== undefined && quality >= best(all, "quality");
  const clearly = (key: "adherence" | "quality", value: number) => value - best(others, key) >= CLEAR_GAP;
  if (topAdherence && topQuality) return "closest to palette, sharpest";
  // Top on one score: name the score it clearly leads on, the palette first (the kit is why it was picked).
  if (topAdherence && clearly("adherence", adherence)) return "closest to palette";
  if (topQuality && clearly("quality", quality)) return "sharpest detail";
  if (topAdherence) return "closest to palette";
  if (topQuality) return "sharpest detail";
  if (adherence !== undefined && best(all, "adherence") - adherence >= 0.15) return "further from palette";
  return "another take";
}

/** "Brand 82%", or null when no kit applied to the job. */
export function adherenceLabel(layer: Layer): string | null {
  const adherence = layer.scores.adherence;
  return adherence === undefined ? null : `Brand ${Math.round(adherence * 100)}%`;
}
