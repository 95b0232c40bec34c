import type { CreateJobRequest, JobKind } from "@easel/shared/protocol";
import type { Plan } from "../pipeline/plan-types.js";
import { adjust } from "./adjust/index.js";
import { generate } from "./generate/index.js";
import { inpaint } from "./inpaint/index.js";
import type { JobKindModule } from "./job-kind.js";
import { noop } from "./noop/index.js";
import { outpaint } from "./outpaint/index.js";
import { select } from "./select/index.js";
import { stylize } from "./stylize/index.js";
import { upscale } from "./upscale/index.js";
import { vary } from "./vary/index.js";

export type { JobKindModule, KindProvenance } from "./job-kind.js";

/**
 * Every job kind, by name: the one place that dispatches on a kind. A kind missing here does not compile
 * (the type is exhaustive over the protocol's `JobKind`).
 */
export const KINDS: { [K in JobKind]: JobKindModule<K> } = {
  upscale,
  inpaint,
  outpaint,
  generate,
  vary,
  stylize,
  noop,
  select,
  adjust,
};

/**
 * The module of a plan's or a request's kind, typed for that plan. (TypeScript cannot relate a
 * module indexed by a union to the plan of the same member, hence the one cast here.)
 */
export function kindOf(of: Plan | CreateJobRequest): JobKindModule<JobKind> {
  return KINDS[of.kind] as unknown as JobKindModule<JobKind>;
}
