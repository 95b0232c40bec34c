import { burnCpu } from "../engines/noop/burn-cpu.js";
import type { Plan } from "./plan-types.js";
import type { RunContext } from "./run-context.js";
import { runFill } from "./run-fill.js";
import { runGenerate } from "./run-generate.js";
import { type EngineStage, runStages, type StagesResult } from "./run-stages.js";
import { runStylize } from "./run-stylize.js";
import { runUpscale } from "./run-upscale.js";

export type { RunContext } from "./run-context.js";

/** Executes a plan's stage list inside a worker thread and returns its stored outputs. */
export function runPlan(plan: Plan, context: RunContext): Promise<StagesResult> {
  return runStages(plan, engineStageOf(plan), context);
}

function engineStageOf(plan: Plan): EngineStage {
  switch (plan.kind) {
    case "upscale":
      return { name: "engine.upscale", run: (p, c) => runUpscale(p as typeof plan, c) };
    case "inpaint":
    case "outpaint":
      return { name: "engine.inpaint", run: (p, c) => runFill(p as typeof plan, c) };
    case "generate":
    case "vary":
      return { name: "engine.generate", run: (p, c) => runGenerate(p as typeof plan, c) };
    case "stylize":
      return { name: "brand.grade", run: (p, c) => runStylize(p as typeof plan, c) };
    case "noop":
      return {
        name: "engine.noop",
        run: async (p, c) => {
          await burnCpu((p as typeof plan).workMs, c.signal, (step, total) => c.progress("engine.noop", step, total));
          return [];
        },
      };
  }
}
