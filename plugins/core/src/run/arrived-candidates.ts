import type { JobEventData, Layer } from "@easel/shared/protocol";

/** A candidate shown before its job ends (progressive delivery), and the gallery as it stands now. */
export interface ArrivedCandidate {
  layer: Layer;
  /** Where it ranks among the candidates arrived so far: 1 for the best so far. */
  rank: number;
  /** Which of the job's candidates it is (0-based, in the order they were made); null from an older server. */
  candidate: number | null;
  /** The combined score it was ranked by (0..1), or null when the server sent none. */
  score: number | null;
  /** Every candidate arrived so far, best first: what a gallery shows now. */
  soFar: Layer[];
}

/**
 * The candidates of one run as their `candidate` events arrive, in the server's best-so-far order (each
 * event says where it ranks among those before it). Provisional: a layer's `index` is its place so far;
 * the finished run's candidates (the job's layers, same ids) carry the final order.
 */
export class ArrivedCandidates {
  private readonly layers: Layer[] = [];

  /** Adds one `candidate` event's data; null when that layer already arrived (a resumed stream). */
  add(data: JobEventData<"candidate">): ArrivedCandidate | null {
    if (this.layers.some((l) => l.id === data.layer.id)) return null;
    const at = Math.min(Math.max(0, data.index), this.layers.length);
    this.layers.splice(at, 0, data.layer);
    return {
      layer: data.layer,
      rank: at + 1,
      candidate: data.candidate ?? null,
      score: data.score ?? data.layer.scores.score ?? null,
      soFar: [...this.layers],
    };
  }
}
