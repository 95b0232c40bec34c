// The order a job's candidates are delivered in, best first, once each was scored on its own.

/** What ordering needs of a scored output: the scores the `rank` stage set, and which candidate it is. */
export interface Ranked {
  scores: Record<string, number>;
  candidate?: number;
}

/**
 * True when `a` ranks before `b`: the higher combined score (`scores.score`), then the higher quality,
 * then the earlier candidate — the tie-breaks of brand/rank.ts, so the order is deterministic.
 */
export function ranksBefore(a: Ranked, b: Ranked): boolean {
  const by = (x: Ranked, key: string) => x.scores[key] ?? 0;
  if (by(a, "score") !== by(b, "score")) return by(a, "score") > by(b, "score");
  if (by(a, "quality") !== by(b, "quality")) return by(a, "quality") > by(b, "quality");
  return (a.candidate ?? 0) < (b.candidate ?? 0);
}

/**
 * Orders candidates scored one at a time (the `rank` stage runs on each as it finishes) best first. A
 * candidate's score depends only on its own pixels and the job's kit and weights, so ranking them one by
 * one and ordering them at the end gives the order ranking them all at once would.
 */
export function orderBest<T extends Ranked>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (ranksBefore(a, b) ? -1 : ranksBefore(b, a) ? 1 : 0));
}
