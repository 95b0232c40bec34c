import { throwIfAborted } from "../engines/types.js";
import type { Candidate } from "./candidate.js";
import { orderBest } from "./order-best.js";
import type { Plan, PlanOutput, StageName } from "./plan-types.js";
import type { RunContext } from "./run-context.js";
import { outputStages } from "./stage-names.js";
import { storeStage, TAIL_STAGES } from "./tail-stages.js";

/** A kind's own engine stage: makes the candidates the shared tail stages then decide on, sign and store. */
export interface EngineStage<P extends Plan = Plan> {
  /** Its name in the kind's plans (`engine.upscale`…). */
  name: StageName;
  /** Makes the candidates; one that makes several hands each to `context.made` as it is made (progressive delivery). */
  run(plan: P, context: RunContext): Promise<Candidate[]>;
}

/** What a worker thread hands back: the stored outputs, best first, and how long each stage took (ms). */
export interface StagesResult {
  outputs: PlanOutput[];
  stageMs: Partial<Record<StageName, number>>;
}

/**
 * Executes the plan's stage list inside a worker thread: the kind's engine stage, then the shared tail
 * for each candidate on its own, as soon as the engine made it (`context.made`): classify → similarity →
 * rank (its score) → sign → store, after which an allowed candidate is announced (`context.delivered`)
 * while the engine makes the next. A withheld one is stored unsigned and never announced. The outputs
 * come back ordered best first. The abort signal is checked between stages; each stage reports its
 * progress and timing under its plan name. `settle` is not run here: it runs where the job record lives
 * (jobs/settle-outputs.ts).
 */
export async function runStages(plan: Plan, engine: EngineStage, context: RunContext): Promise<StagesResult> {
  const stages: StageName[] = stagesOf(plan).filter((stage) => stage !== "settle");
  const at = stages.indexOf(engine.name);
  const tail = stages.slice(at + 1);
  for (const stage of tail) {
    if (stage !== "store" && !TAIL_STAGES[stage])
      throw new Error(`stage ${stage} is not one a ${plan.kind} plan can run`);
  }
  const outputs: PlanOutput[] = [];
  if (at < 0) return { outputs, stageMs: {} };
  // In the plan's order, whatever order the candidates' tails and the engine end in.
  const stageMs: Partial<Record<StageName, number>> = Object.fromEntries(stages.slice(at).map((s) => [s, 0]));
  const finished = new Set<Candidate>();
  let tailMs = 0;

  /** Runs the tail on one candidate (once), stores it and announces it unless it was withheld. */
  const finish = async (candidate: Candidate): Promise<void> => {
    if (finished.has(candidate)) return;
    finished.add(candidate);
    const number = finished.size - 1;
    let current = [candidate];
    let output: PlanOutput | undefined;
    for (const stage of tail) {
      throwIfAborted(context.signal);
      const started = performance.now();
      context.progress(stage, 0, 1);
      if (stage === "store") output = (await storeStage(plan, current, context))[0];
      else current = await (TAIL_STAGES[stage] as NonNullable<(typeof TAIL_STAGES)[StageName]>)(plan, current, context);
      context.progress(stage, 1, 1);
      const ms = performance.now() - started;
      stageMs[stage] = (stageMs[stage] ?? 0) + ms;
      tailMs += ms;
    }
    if (!output) return;
    const stored = { ...output, candidate: number };
    outputs.push(stored);
    if (stored.safety?.decision !== "block") context.delivered?.(stored);
  };

  throwIfAborted(context.signal);
  const started = performance.now();
  const made = await engine.run(plan, { ...context, made: finish });
  // The engine stage's own time: less the tails it waited for while it ran.
  stageMs[engine.name] = performance.now() - started - tailMs;
  for (const candidate of made) await finish(candidate);
  for (const stage of Object.keys(stageMs) as StageName[]) stageMs[stage] = Math.round(stageMs[stage] ?? 0);
  return { outputs: orderBest(outputs), stageMs };
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
