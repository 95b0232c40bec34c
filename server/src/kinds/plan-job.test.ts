import { CreateJobRequest } from "@easel/shared/protocol";
import { describe, expect, it } from "vitest";
import { buildCatalog } from "../engines/builtin-engines.js";
import { EngineCatalog } from "../engines/engine-catalog.js";
import { LANCZOS_DESCRIPTOR } from "../engines/lanczos/lanczos-upscaler.js";
import { AppError } from "../errors/app-error.js";
import { planJob } from "./plan-job.js";

const image = { assetId: "a".repeat(64), width: 800, height: 600, hasAlpha: false };
const context = {
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
const plan = (body: unknown) => planJob(CreateJobRequest.parse(body), context);
const failure = (body: unknown, overrides: Partial<typeof context> = {}): AppError => {
  try {
    planJob(CreateJobRequest.parse(body), { ...context, ...overrides });
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected the planner to refuse");
};

describe("planJob", () => {
  it("plans a 2x upscale by default, covering the source", () => {
    const { plan: p } = plan({ kind: "upscale", image: image.assetId });
    expect(p).toMatchObject({
      kind: "upscale",
      scale: 2,
      output: { width: 1600, height: 1200 },
      stages: ["engine.upscale", "classify", "similarity", "rank", "sign", "store", "settle"],
    });
    expect(p.kind === "upscale" && p.placement).toEqual({ x: 0, y: 0, width: 800, height: 600 });
  });

  it("picks the smallest engine scale that reaches a target size, then resizes exactly", () => {
    const result = plan({ kind: "upscale", image: image.assetId, params: { width: 2000 } });
    expect(result.plan).toMatchObject({ scale: 3, output: { width: 2000, height: 1500 } });
    expect(result.notes.join()).toContain("resized exactly to 2000x1500");
  });

  it("refuses outputs above the cap and names the field", () => {
    const capped = failure({ kind: "upscale", image: image.assetId, params: { scale: 4 } }, { maxOutputSide: 3000 });
    expect(capped).toMatchObject({ field: "params.scale", status: 400 });
    expect(capped.message).toContain("3200x2400");
    expect(failure({ kind: "upscale", image: image.assetId, params: { scale: 2, maxSide: 1024 } }).field).toBe(
      "params.maxSide",
    );
    expect(failure({ kind: "upscale", image: image.assetId, params: { width: 700 } }).field).toBe("params.width");
    // 4000 wide from 800 needs 5x: more than any engine scale.
    expect(failure({ kind: "upscale", image: image.assetId, params: { width: 4000, height: 3000 } }).message).toMatch(
      /5\.00x/,
    );
  });

  it("answers unconfigured capabilities with a 503 that says what to configure", () => {
    const error = failure({ kind: "generate", prompt: "a red bicycle" });
    expect(error).toMatchObject({ code: "capability_unavailable", status: 503, field: "kind" });
    expect(error.message).toMatch(/ONNX|ComfyUI/);
  });

  it("picks the best upscale tier that fits the time budget, and says so", () => {
    const small = planJob(CreateJobRequest.parse({ kind: "upscale", image: image.assetId }), {
      ...context,
      inputs: { image: { ...image, width: 256, height: 256 } },
    });
    expect(small.plan.kind === "upscale" && small.plan.engine).toBe("esrgan-best");
    expect(small.notes.join()).toMatch(/tier best chosen automatically/);
    const large = planJob(CreateJobRequest.parse({ kind: "upscale", image: image.assetId, params: { scale: 2 } }), {
      ...context,
      inputs: { image: { ...image, width: 2048, height: 2048 } },
      maxOutputSide: 8192,
    });
    expect(large.plan.kind === "upscale" && large.plan.engine).toBe("esrgan-fast");
  });

  it("refuses a tier this server lacks, listing the tiers it has", () => {
    const lanczosOnly = new EngineCatalog().add({ descriptor: LANCZOS_DESCRIPTOR, tier: "instant", isDefault: true });
    const error = failure(
      { kind: "upscale", image: image.assetId, params: { tier: "best" } },
      { catalog: lanczosOnly },
    );
    expect(error).toMatchObject({ code: "capability_unavailable", field: "params.tier" });
    expect(error.message).toContain("instant");
  });

  it("keeps the diagnostic kind off unless enabled", () => {
    expect(failure({ kind: "noop" }).field).toBe("kind");
    expect(
      planJob(CreateJobRequest.parse({ kind: "noop", params: { workMs: 5 } }), { ...context, diagnostics: true }).plan,
    ).toEqual({
      kind: "noop",
      stages: ["engine.noop"],
      workMs: 5,
    });
  });
});
