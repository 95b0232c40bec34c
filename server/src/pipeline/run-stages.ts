import { throwIfAborted } from "../engines/types.js";
import type { Candidate } from "./candidate.js";
import type { Plan, PlanOutput, StageName } from "./plan-types.js";
import type { RunContext } from "./run-context.js";
import { outputStages } from "./stage-names.js";
import { storeStage, TAIL_STAGES } from "./tail-stages.js";

/** A kind's own engine stage: makes the candidates the shared tail stages then decide on, sign and store. */
export interface EngineStage<P extends Plan = Plan> {
  /** Its name in the kind's plans (`engine.upscale`…). */
  name: StageName;
  run(plan: P, context: RunContext): Promise<Candidate[]>;
}

/** What a worker thread hands back: the stored outputs and how long each stage took (ms). */
export interface StagesResult {
  outputs: PlanOutput[];
  stageMs: Partial<Record<StageName, number>>;
}

/**
 * Executes the plan's stage list, in order, inside a worker thread: the kind's engine stage, then the
 * shared tail. The abort signal is checked between stages; each stage reports its progress and timing
 * under its plan name. `settle` is not run here: it runs where the job record lives (jobs/settle-outputs.ts).
 */
export async function runStages(plan: Plan, engine: EngineStage, context: RunContext): Promise<StagesResult> {
  let candidates: Candidate[] = [];
  let outputs: PlanOutput[] = [];
  const stageMs: Partial<Record<StageName, number>> = {};
  for (const stage of stagesOf(plan)) {
    if (stage === "settle") continue;
    throwIfAborted(context.signal);
    const started = performance.now();
    if (stage === engine.name) {
      candidates = await engine.run(plan, context);
    } else {
      context.progress(stage, 0, 1);
      if (stage === "store") outputs = await storeStage(plan, candidates, context);
      else {
        const run = TAIL_STAGES[stage];
        if (!run) throw new Error(`stage ${stage} is not one a ${plan.kind} plan can run`);
        candidates = await run(plan, candidates, context);
      }
      context.progress(stage, 1, 1);
    }
    stageMs[stage] = Math.round(performance.now() - started);
  }
  return { outputs, stageMs };
}

/**
 * The stages to run: the plan's own, except for a plan stored before the shared tail existed (its list
 * ends `… → store` with no `sign`), which runs with today's tail, so no output skips the safety stages.
 */
export function stagesOf(plan: Plan): StageName[] {
  if (plan.stages.includes("sign") || !plan.stages.includes("store")) return plan.stages;
  const engine = plan.stages[0] as StageName;
  return outputStages(engine, engine !== "brand.grade" && plan.stages.includes("brand.grade"));
}
