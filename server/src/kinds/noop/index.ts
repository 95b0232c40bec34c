import type { JobRequestOf } from "@easel/shared/protocol";
import { burnCpu } from "../../engines/noop/burn-cpu.js";
import { fail } from "../../errors/app-error.js";
import type { PlanContext, PlanResult } from "../../pipeline/plan-context.js";
import type { NoopPlan } from "../../pipeline/plan-types.js";
import type { JobKindModule } from "../job-kind.js";

/** Plans the diagnostic job (only when the server enables it): CPU work and no outputs, so no tail. */
function planNoop(request: JobRequestOf<"noop">, context: PlanContext): PlanResult {
  if (!context.diagnostics) {
    throw fail.validation(
      "kind",
      "the `noop` kind is a diagnostic; this server has it switched off (EASEL_DIAGNOSTICS=1)",
    );
  }
  const plan: NoopPlan = { kind: "noop", stages: ["engine.noop"], workMs: request.params.workMs };
  return { plan, notes: [] };
}

/** The diagnostic kind: burns CPU for a while, honouring cancel, and delivers nothing (counts nothing). */
export const noop: JobKindModule<"noop"> = {
  kind: "noop",
  doing: "running the diagnostic job",
  plan: planNoop,
  outputSize: () => null,
  inputs: () => [],
  workClass: () => "noop",
  images: () => 0,
  provenance: () => ({ action: "edited", parentAssetId: null, parameters: {} }),
  engine: {
    name: "engine.noop",
    run: async (plan, context) => {
      await burnCpu(plan.workMs, context.signal, (step, total) => context.progress("engine.noop", step, total));
      return [];
    },
  },
};
