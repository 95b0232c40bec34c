import { CreateJobRequest } from "@easel/shared/protocol";
import { describe, expect, it } from "vitest";
import { buildCatalog } from "../engines/builtin-engines.js";
import { AppError } from "../errors/app-error.js";
import type { PlanContext } from "../pipeline/plan-context.js";
import { planJob } from "./plan-job.js";

const image = { assetId: "a".repeat(64), width: 800, height: 600, hasAlpha: false };
const context: PlanContext = {
  catalog: buildCatalog({
    inpaintModelPath: null,
    sdModelDir: null,
    comfy: null,
    modelCacheDir: null,
    bestPrecision: "auto",
  }),
  inputs: { image },
  maxOutputSide: 4096,
  diagnostics: false,
  randomSeed: 42,
  upscaleBudgetS: 60,
  brand: null,
};
const plan = (body: unknown, inputs = context.inputs) =>
  planJob(CreateJobRequest.parse({ image: image.assetId, ...(body as object) }), { ...context, inputs });
const refusal = (body: unknown, inputs = context.inputs): AppError => {
  try {
    plan(body, inputs);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected the planner to refuse");
};

describe("planning select and adjust", () => {
  it("picks the engine by mode and carries its facts: models for people and faces, none for grabCut", () => {
    expect(plan({ kind: "select", mode: "people" }).plan).toMatchObject({
      engine: "mediapipe-selfie",
      engineFacts: { trainedModel: true, device: "cpu" },
      placement: { x: 0, y: 0, width: 800, height: 600 },
    });
    expect(plan({ kind: "select", mode: "faces" }).plan).toMatchObject({ engine: "mediapipe-blazeface" });
    const box = { x: 10, y: 20, width: 300, height: 200 };
    expect(plan({ kind: "select", mode: "subject", box }).plan).toMatchObject({
      engine: "opencv-grabcut",
      engineFacts: { trainedModel: false },
      box,
      seedWithPeople: false,
    });
    // Without a box or a hint, grabCut starts from the people mask (a model's).
    expect(plan({ kind: "select", mode: "background" }).plan).toMatchObject({ seedWithPeople: true });
  });

  it("names `box` when it leaves the image and `hint` when its size differs", () => {
    expect(refusal({ kind: "select", mode: "subject", box: { x: 700, y: 0, width: 200, height: 10 } })).toMatchObject({
      field: "box",
    });
    const hint = { assetId: "b".repeat(64), width: 400, height: 300, hasAlpha: false };
    const error = refusal({ kind: "select", mode: "subject", hint: hint.assetId }, { image, hint });
    expect(error).toMatchObject({ field: "hint" });
    expect(error.message).toContain("800x600");
  });

  it("plans an adjust with its settings parsed to real units, and names `mask` when its size differs", () => {
    const { plan: p, notes } = plan({ kind: "adjust", params: { exposure: 0.5, temperature: 5000 } });
    expect(p).toMatchObject({
      kind: "adjust",
      mask: null,
      settings: { exposure: 0.5, temperature: 5000, contrast: 0 },
    });
    expect(notes).toEqual([]);
    expect(plan({ kind: "adjust" }).notes[0]).toMatch(/no adjustment/);
    const mask = { assetId: "c".repeat(64), width: 10, height: 10, hasAlpha: false };
    expect(refusal({ kind: "adjust", mask: mask.assetId, params: { saturation: 10 } }, { image, mask })).toMatchObject({
      field: "mask",
    });
  });
});
