import { describe, expect, it } from "vitest";
import { MaskError } from "../../imaging/mask-ops.js";
import { OpenCvInpainter } from "./opencv-inpainter.js";
import { PatchInpainter } from "./patch-inpainter.js";
import {
  changedOutside,
  gradient,
  loadPhoto,
  maskedMae,
  meanColour,
  rectMask,
  saveForReview,
  testContext,
  withSquare,
} from "./test-scenes.js";

const engine = new PatchInpainter();
const DARK = [20, 20, 20];

describe("PatchInpainter", () => {
  it("removes a dark square from a smooth gradient, leaving the gradient's colours", async () => {
    const square = { x: 60, y: 50, width: 40, height: 40 };
    const clean = gradient(160, 140);
    const dirty = withSquare(clean, square, DARK);
    const mask = rectMask(160, 140, square);
    const out = await engine.inpaint(dirty, mask, { seed: 1 }, testContext());
    await saveForReview("patch-gradient-after", out);
    const contrast = maskedMae(dirty, clean, mask);
    expect(contrast).toBeGreaterThan(100);
    expect(maskedMae(out, clean, mask)).toBeLessThan(contrast / 10);
  });

  // Texture can be continued but not recovered, so the error is measured against the object's contrast.
  it.each([
    ["forest-stream.png", { x: 325, y: 175, width: 40, height: 40 }, 0.45],
    ["paint-brushes.png", { x: 400, y: 200, width: 40, height: 40 }, 0.2],
  ])(
    "removes a dark square from %s with the texture around it, as well as Telea or better",
    async (file, spot, ratio) => {
      const clean = await loadPhoto(file);
      const dirty = withSquare(clean, spot, DARK);
      const mask = rectMask(clean.width, clean.height, spot);
      const out = await engine.inpaint(dirty, mask, { seed: 1 }, testContext());
      const telea = await new OpenCvInpainter().telea(dirty, mask, testContext());
      await saveForReview(`patch-${file}-before`, dirty);
      await saveForReview(`patch-${file}-after`, out);
      await saveForReview(`patch-${file}-telea`, telea);
      const contrast = maskedMae(dirty, clean, mask);
      const error = maskedMae(out, clean, mask);
      expect(error).toBeLessThan(ratio * contrast);
      expect(error).toBeLessThan(maskedMae(telea, clean, mask) * 1.1);
      const [want, got] = [meanColour(clean, spot), meanColour(out, spot)];
      for (let c = 0; c < 3; c++) expect(Math.abs((got[c] as number) - (want[c] as number))).toBeLessThan(20);
    },
  );

  it("leaves every pixel outside the mask bit-identical", async () => {
    const image = await loadPhoto("coffee-cup.png");
    const mask = rectMask(image.width, image.height, { x: 200, y: 100, width: 60, height: 50 });
    const out = await engine.inpaint(image, mask, { seed: 3 }, testContext());
    expect(changedOutside(image, out, mask)).toBe(0);
  });

  it("gives the same bytes for the same seed, and a different fill for another seed", async () => {
    const image = await loadPhoto("forest-stream.png");
    const mask = rectMask(image.width, image.height, { x: 150, y: 120, width: 70, height: 60 });
    const a = await engine.inpaint(image, mask, { seed: 42 }, testContext());
    const b = await engine.inpaint(image, mask, { seed: 42 }, testContext());
    const c = await engine.inpaint(image, mask, { seed: 43 }, testContext());
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);
    expect(Buffer.from(a.data).equals(Buffer.from(c.data))).toBe(false);
  });

  it("reports progress per iteration up to the total", async () => {
    const image = gradient(200, 200);
    const context = testContext();
    await engine.inpaint(image, rectMask(200, 200, { x: 70, y: 70, width: 60, height: 60 }), {}, context);
    expect(context.steps.length).toBeGreaterThan(4);
    context.steps.forEach(([step, total], k) => {
      expect(step).toBe(k + 1);
      expect(total).toBe(context.steps.length);
    });
  });

  it("stops at the next iteration after the job is cancelled", async () => {
    const image = await loadPhoto("paint-brushes.png", { width: 1024, height: 1024 });
    const mask = rectMask(1024, 1024, { x: 350, y: 350, width: 324, height: 324 });
    const controller = new AbortController();
    const context = testContext(controller.signal);
    // Cancelled while the first iteration reports its progress: every iteration reports, so any
    // further one would show up in `steps`.
    context.progress = (step, total) => {
      context.steps.push([step, total]);
      controller.abort(new Error("cancelled by user"));
    };
    await expect(engine.inpaint(image, mask, { seed: 1 }, context)).rejects.toThrow("cancelled by user");
    expect(context.steps).toHaveLength(1);
    expect(context.steps[0]?.[1]).toBeGreaterThan(1);
  });

  it("does no work when cancelled before it starts", async () => {
    const controller = new AbortController();
    controller.abort(new Error("too late"));
    const context = testContext(controller.signal);
    const image = gradient(100, 100);
    await expect(
      engine.inpaint(image, rectMask(100, 100, { x: 40, y: 40, width: 20, height: 20 }), {}, context),
    ).rejects.toThrow("too late");
    expect(context.steps).toEqual([]);
  });

  it("still fills a hole too large for whole patches, from the edge inwards", async () => {
    const image = gradient(12, 12);
    const mask = rectMask(12, 12, { x: 2, y: 2, width: 8, height: 8 });
    const out = await engine.inpaint(
      withSquare(image, { x: 2, y: 2, width: 8, height: 8 }, DARK),
      mask,
      {},
      testContext(),
    );
    expect(maskedMae(out, image, mask)).toBeLessThan(15);
  });

  it("rejects masks it cannot use, naming `mask`", async () => {
    const image = gradient(64, 64);
    await expect(
      engine.inpaint(image, rectMask(64, 60, { x: 0, y: 0, width: 4, height: 4 }), {}, testContext()),
    ).rejects.toThrow("`mask` must be the same size as `image` (64x64), got 64x60");
    await expect(
      engine.inpaint(image, rectMask(64, 64, { x: 0, y: 0, width: 64, height: 64 }), {}, testContext()),
    ).rejects.toThrow(MaskError);
  });
});
