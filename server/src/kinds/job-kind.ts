import type { JobKind, JobRequestOf } from "@easel/shared/protocol";
import type { PlanContext, PlanResult } from "../pipeline/plan-context.js";
import type { PlanByKind } from "../pipeline/plan-types.js";
import type { EngineStage } from "../pipeline/run-stages.js";
import type { SplitCapability } from "../pipeline/split.js";
import type { WorkClass } from "./work-class.js";

/** What a plan's outputs record in their provenance (C2PA) besides the shared facts. */
export interface KindProvenance {
  /** `created` for pixels from nothing (text-to-image), `edited` with the input as the parent ingredient. */
  action: "created" | "edited";
  /** The asset the output was made from (its parent ingredient), or null. */
  parentAssetId: string | null;
  /** The parameters worth recording (never the prompt: only its hash goes in). */
  parameters: Record<string, unknown>;
  /** Set by a kind with no engine of the catalog (stylize grades): whether a trained model made the pixels. */
  generatedPixels?: boolean;
}

/**
 * A job kind, whole: adding a kind is one folder under kinds/, one request schema in the protocol
 * package, and one line in kinds/index.ts (the only place that dispatches on a kind).
 */
export interface JobKindModule<K extends JobKind> {
  kind: K;
  /** What the job does, in the words of a failure message ("upscaling"). */
  doing: string;
  /** Turns a validated request into a plan (pure), or throws an AppError naming the field at fault. */
  plan(request: JobRequestOf<K>, context: PlanContext): PlanResult;
  /** The size (px) of each output, checked at creation (the quality scorer's limits); null: no outputs. */
  outputSize(plan: PlanByKind[K]): { width: number; height: number } | null;
  /** The input assets a worker thread reads (brand references are added by the runner). */
  inputs(plan: PlanByKind[K]): string[];
  /** Which workers can run the plan (jobs/lanes.ts routes it; worker processes take classes). */
  workClass(plan: PlanByKind[K]): WorkClass;
  /** How many images the job can deliver: what its quota reservation holds (billing/plans.ts). */
  images(request: JobRequestOf<K>): number;
  provenance(plan: PlanByKind[K]): KindProvenance;
  /** Its engine stage, the first of its plan's stages (pipeline/run-stages.ts runs the rest). */
  engine: EngineStage<PlanByKind[K]>;
  /** Present when the kind can split its engine stage across free worker threads (jobs/job-runner.ts). */
  split?: SplitCapability<PlanByKind[K]>;
}
