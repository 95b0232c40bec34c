import { applyGrade } from "../../brand/grading.js";
import { readRaster, splitAlpha } from "../../imaging/raster-io.js";
import type { Candidate } from "../../pipeline/candidate.js";
import type { StylizePlan } from "../../pipeline/plan-types.js";
import type { RunContext } from "../../pipeline/run-context.js";

/** Grades an image toward its brand kit at the plan's strength (stylize's engine stage, `brand.grade`); alpha is kept. */
export async function runStylize(plan: StylizePlan, context: RunContext): Promise<Candidate[]> {
  const brand = plan.brand;
  if (!brand?.grade) throw new Error("a stylize plan needs a brand kit grade");
  const { rgb, alpha } = splitAlpha(await readRaster(context.inputPath(plan.input.assetId)));
  context.progress("brand.grade", 0, 1);
  const graded = applyGrade(rgb, brand.grade, brand.strength);
  context.progress("brand.grade", 1, 1);
  return [{ image: graded, alpha, placement: plan.placement, label: plan.label, seed: null, scores: {} }];
}
