import { DEFAULT_FEATURE_WEIGHTS, RANK_FEATURES, type RankFeatures, type RankWeights } from "./rank-weights.js";

/** One feedback event: the candidates' features in the job's order and the one the designer kept. */
export interface ChoiceEvent {
  candidates: RankFeatures[];
  kept: number;
}

export interface FitOptions {
  /** L2 penalty on the weights (per comparison), keeping a fit on few, consistent events finite. */
  l2?: number;
  /** Gradient steps over all comparisons. */
  iterations?: number;
}

/**
 * Fits non-negative rank weights to designers' choices with a logistic (Bradley–Terry) model: for every
 * event, the kept candidate k beats each other candidate j with probability σ(w · (f_k − f_j)). The mean
 * negative log-likelihood plus l2/2 · |w|² is convex, so projected gradient descent (w ≥ 0 after each
 * step: every feature is "higher is better", so a negative weight would only fit noise) converges to the
 * one optimum; the result is scaled to sum to 1. A feature a candidate lacks (adherence without a kit)
 * compares as equal, and a feature no comparison tells apart keeps the default weights' proportion to the
 * others. Returns null when the choices carry no signal (every weight ends at 0).
 */
export function fitRankWeights(events: readonly ChoiceEvent[], options: FitOptions = {}): RankWeights | null {
  const l2 = options.l2 ?? 1e-3;
  const iterations = options.iterations ?? 400;
  const dims = RANK_FEATURES.length;
  const diffs: number[][] = [];
  for (const event of events) {
    const kept = event.candidates[event.kept];
    if (!kept) continue;
    event.candidates.forEach((other, j) => {
      if (j === event.kept) return;
      diffs.push(
        RANK_FEATURES.map((f) => {
          const a = kept[f];
          const b = other[f];
          return a === undefined || b === undefined ? 0 : a - b;
        }),
      );
    });
  }
  if (diffs.length === 0) return null;
  // Each feature is fitted in units of its own spread (RMS difference), so a feature that varies little
  // between candidates (noise, on clean images) converges as fast as one that varies a lot; the weights
  // are mapped back to feature units at the end (w = w_scaled / spread), which keeps them non-negative.
  const spread = RANK_FEATURES.map((_, k) =>
    Math.sqrt(diffs.reduce((s, d) => s + (d[k] as number) ** 2, 0) / diffs.length),
  );
  for (const d of diffs)
    for (let k = 0; k < dims; k++) d[k] = (spread[k] as number) > 0 ? (d[k] as number) / (spread[k] as number) : 0;
  // Step size 1/L for the logistic loss: its Hessian is at most ¼ · mean(d dᵀ) + l2, and |d|² ≤ dims.
  const step = 1 / (dims / 4 + l2);
  // From zero: a feature no comparison tells apart gets no gradient and stays 0 until filled in below.
  const w = new Array<number>(dims).fill(0);
  const grad = new Array<number>(dims);
  for (let it = 0; it < iterations; it++) {
    grad.fill(0);
    for (const d of diffs) {
      let margin = 0;
      for (let k = 0; k < dims; k++) margin += (w[k] as number) * (d[k] as number);
      const g = -1 / (1 + Math.exp(margin)); // d/dm of log(1 + e^−m)
      for (let k = 0; k < dims; k++) grad[k] = (grad[k] as number) + g * (d[k] as number);
    }
    let moved = 0;
    for (let k = 0; k < dims; k++) {
      const next = Math.max(0, (w[k] as number) - step * ((grad[k] as number) / diffs.length + l2 * (w[k] as number)));
      moved = Math.max(moved, Math.abs(next - (w[k] as number)));
      w[k] = next;
    }
    if (moved < 1e-7) break;
  }
  if (!(w.reduce((a, b) => a + b, 0) > 1e-9)) return null;
  for (let k = 0; k < dims; k++) w[k] = (spread[k] as number) > 0 ? (w[k] as number) / (spread[k] as number) : 0;
  // A feature no comparison told apart (adherence when no job had a kit) keeps the default's share,
  // scaled to the fitted weights of the features that were compared: no evidence, no change.
  const compared = RANK_FEATURES.map((_, k) => diffs.some((d) => d[k] !== 0));
  const defaults = RANK_FEATURES.map((f) => DEFAULT_FEATURE_WEIGHTS[f]);
  const comparedDefault = defaults.reduce((s, v, k) => s + (compared[k] ? v : 0), 0);
  const comparedFitted = w.reduce((s, v, k) => s + (compared[k] ? v : 0), 0);
  for (let k = 0; k < dims; k++) {
    if (!compared[k]) w[k] = ((defaults[k] as number) * comparedFitted) / comparedDefault;
  }
  const total = w.reduce((a, b) => a + b, 0);
  const out = {} as RankWeights;
  RANK_FEATURES.forEach((f, k) => {
    out[f] = (w[k] as number) / total;
  });
  return out;
}
