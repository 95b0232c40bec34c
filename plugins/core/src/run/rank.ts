import type { Layer } from "@easel/shared/protocol";

/**
 * Candidates as the server ranked them: by its combined `score` (server/src/brand/rank.ts), then
 * quality, ties in the server's order. A score the server did not send counts as lowest.
 */
export function rankCandidates(layers: readonly Layer[]): Layer[] {
  const key = (l: Layer) => [l.scores.score ?? -1, l.scores.quality ?? -1] as const;
  return [...layers].sort((a, b) => key(b)[0] - key(a)[0] || key(b)[1] - key(a)[1] || a.index - b.index);
}

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** "Quality 82% · Brand 64%", the scores a candidate shows under its thumbnail. */
export function scoreLabel(layer: Pick<Layer, "scores">): string {
  const { quality, adherence } = layer.scores;
  const parts: string[] = [];
  if (adherence !== undefined) parts.push(`Brand ${pct(adherence)}`);
  parts.push(`Quality ${quality === undefined ? "–" : pct(quality)}`);
  return parts.join(" · ");
}
