import type { Plan } from "./plan-types.js";
import type { RunContext, SplitPart } from "./run-context.js";

export type { SplitPart } from "./run-context.js";

/**
 * A kind whose engine stage can be split across free worker threads declares this (kinds/upscale does,
 * by horizontal strips). The runner only provides the threads: it asks how many parts, runs each part on
 * its own thread, then runs the plan's stages on the job's thread with the parts in `RunContext.parts`,
 * where the kind's engine stage merges them instead of running its engine.
 */
export interface SplitCapability<P extends Plan = Plan> {
  /** Into how many parts the plan splits when `threads` threads are free (1: not split). */
  parts(plan: P, threads: number): number;
  /** Runs part `index` of `count` inside a worker thread. */
  runPart(plan: P, part: { index: number; count: number }, context: RunContext): Promise<SplitPart>;
}
