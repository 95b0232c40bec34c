import type { StageName } from "./plan-types.js";

/**
 * The stages every kind that makes images ends with, in order. Classification and the protected-work
 * similarity check both decide before `sign`: a withheld output is stored quarantined and unsigned.
 */
export const OUTPUT_TAIL: readonly StageName[] = ["classify", "similarity", "rank", "sign", "store", "settle"];

/** A kind's full stage list: its engine stage, the brand grade when the kit asks for one, then the tail. */
export function outputStages(engine: StageName, graded = false): StageName[] {
  return [engine, ...(graded ? (["brand.grade"] as const) : []), ...OUTPUT_TAIL];
}
