import { describe, expect, it } from "vitest";
import { FIG_BOWL, maskIou, rasterisePolygon } from "../select/testing/hand-masks.js";
import { readPhotoRaster, testContext } from "../select/testing/photos.js";
import { GrabCutSegmenter } from "./grabcut-segmenter.js";

const segmenter = new GrabCutSegmenter();

describe("GrabCutSegmenter on the fixture photos", () => {
  it("cuts the red bowl out of the concrete and its shadow from a box around it: IoU ≥ 0.85 with the hand-drawn bowl", async () => {
    const image = await readPhotoRaster("fig-in-red-bowl.png");
    const box = { x: 105, y: 35, width: 405, height: 309 };
    const mask = await segmenter.segment(image, { box, hint: null }, testContext());
    expect(maskIou(mask.data, rasterisePolygon(FIG_BOWL, image.width, image.height))).toBeGreaterThanOrEqual(0.85);
    // Nothing outside the box is subject.
    expect(mask.data[10 * image.width + 50]).toBe(0);
  });

  it("follows a rough hint mask: the bowl from a polygon shrunk inside it", async () => {
    const image = await readPhotoRaster("fig-in-red-bowl.png");
    const truth = rasterisePolygon(FIG_BOWL, image.width, image.height);
    // A rough scribble: the bowl's polygon pulled 30 % toward its centre, marked "probably subject".
    const [cx, cy] = [310, 190];
    const rough = FIG_BOWL.map(([x, y]) => [cx + (x - cx) * 0.7, cy + (y - cy) * 0.7] as const);
    const hint = rasterisePolygon(rough, image.width, image.height).map((v) => (v ? 128 : 0));
    const mask = await segmenter.segment(
      image,
      { box: null, hint: { data: hint, width: image.width, height: image.height, channels: 1 } },
      testContext(),
    );
    expect(maskIou(mask.data, truth)).toBeGreaterThan(
      maskIou(
        hint.map((v) => (v ? 255 : 0)),
        truth,
      ),
    );
  });
});
