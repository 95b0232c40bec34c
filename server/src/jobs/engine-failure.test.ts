import sharp from "sharp";
import { describe, expect, it } from "vitest";
import type { StylizePlan } from "../pipeline/plan-types.js";
import { ProvenanceError } from "../provenance/provenance-error.js";
import { engineFailure } from "./engine-failure.js";

const plan: StylizePlan = {
  kind: "stylize",
  stages: ["brand.grade", "store"],
  engine: "brand-grade",
  input: { assetId: "a".repeat(64), width: 64, height: 48, hasAlpha: false },
  placement: { x: 0, y: 0, width: 64, height: 48 },
  label: "Brand style",
};

describe("engineFailure", () => {
  it("words a library's error for the job and keeps the library's text for the log", async () => {
    // A real error from sharp (libvips), as an engine would meet it.
    const error = await sharp(Buffer.from("not an image at all"))
      .metadata()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(Error);
    const failure = engineFailure(error, plan);
    expect(failure).toMatchObject({ code: "job_failed", retryable: false, aborted: false });
    expect(failure.message).toBe(
      "the brand-grade engine failed while styling to the brand kit; the cause is in the service log under this job's id",
    );
    expect(failure.cause).toContain((error as Error).message);
    expect(failure.message).not.toContain((error as Error).message);
  });

  it("says signing failed, not the engine, when C2PA signing threw", () => {
    const failure = engineFailure(new ProvenanceError("C2PA signing failed: JUMBF box too large"), plan);
    expect(failure.message).toMatch(/^signing the result with Content Credentials failed; /);
    expect(failure.cause).toBe("ProvenanceError: C2PA signing failed: JUMBF box too large");
  });

  it("describes what was thrown even when it is not an Error", () => {
    expect(engineFailure("out of tiles", { kind: "noop", stages: ["engine.noop"], workMs: 0 })).toMatchObject({
      code: "job_failed",
      message: expect.stringMatching(/^the diagnostic engine failed while running the diagnostic job/),
      cause: "out of tiles",
    });
  });
});
