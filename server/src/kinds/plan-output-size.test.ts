import { CreateJobRequest } from "@easel/shared/protocol";
import { describe, expect, it } from "vitest";
import { measureImageQuality, qualitySizeLimit } from "../brand/image-quality.js";
import { buildCatalog } from "../engines/builtin-engines.js";
import { AppError } from "../errors/app-error.js";
import type { PlanContext } from "../pipeline/plan-context.js";
import { planJob } from "./plan-job.js";

const asset = (width: number, height: number) => ({ assetId: "a".repeat(64), width, height, hasAlpha: false });
const context = (width: number, height: number): PlanContext => ({
  catalog: buildCatalog({
    inpaintModelPath: null,
    sdModelDir: null,
    comfy: null,
    modelCacheDir: null,
    bestPrecision: "auto",
  }),
  inputs: { image: asset(width, height), mask: asset(width, height) },
  maxOutputSide: 8192,
  diagnostics: false,
  randomSeed: 42,
  upscaleBudgetS: 60,
  brand: null,
});

function refusal(body: unknown, width: number, height: number): AppError | undefined {
  try {
    planJob(CreateJobRequest.parse(body), context(width, height));
    return undefined;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

const image = "a".repeat(64);

describe("the planner's output size check", () => {
  it("refuses, with a 422 naming `image` and the limit, an edit whose result could not be scored", () => {
    const inpaint = refusal({ kind: "inpaint", image, mask: image }, 2, 2);
    expect(inpaint).toMatchObject({ status: 422, field: "image" });
    expect(inpaint?.message).toBe("`image` is 2x2 px; images to edit must be at least 3x3 px");
    const upscale = refusal({ kind: "upscale", image, params: { scale: 2, tier: "instant" } }, 1, 1);
    expect(upscale?.message).toBe("`image` is 1x1 px, so the result would be 2x2 px; results must be at least 3x3 px");
    const outpaint = refusal({ kind: "outpaint", image, params: { extend: { left: 8 } } }, 300, 2);
    expect(outpaint).toMatchObject({ status: 422, field: "image" });
    // A long side past 1024 px is analysed shrunk: the short side needs 3 px per started 1024 px.
    expect(refusal({ kind: "upscale", image, params: { scale: 2, tier: "instant" } }, 2, 1500)?.message).toBe(
      "`image` is 2x1500 px, so the result would be 4x3000 px; results must be at least 9 px on the short side when the long side is 3000 px (3 px per 1024 px)",
    );
  });

  it("plans edits whose results can be scored", () => {
    expect(refusal({ kind: "inpaint", image, mask: image }, 3, 3)).toBeUndefined();
    expect(refusal({ kind: "upscale", image, params: { scale: 2, tier: "instant" } }, 2, 2)).toBeUndefined();
    expect(refusal({ kind: "outpaint", image, params: { extend: { top: 2 } } }, 3, 1)).toBeUndefined();
  });

  it("uses the very rule measureImageQuality applies to every output", () => {
    const sizes = [
      [3, 3],
      [2, 3],
      [3, 1024],
      [3, 1025],
      [5, 1025],
      [6, 1025],
      [8, 2049],
      [9, 2049],
      [177, 60000],
      [176, 60000],
    ] as const;
    for (const [width, height] of sizes) {
      const image = { data: new Uint8Array(width * height * 3), width, height, channels: 3 as const };
      const measured = (() => {
        try {
          measureImageQuality(image);
          return true;
        } catch {
          return false;
        }
      })();
      expect({ width, height, measurable: qualitySizeLimit(width, height) === null }).toEqual({
        width,
        height,
        measurable: measured,
      });
    }
  });
});
