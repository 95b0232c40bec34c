import { describe, expect, it } from "vitest";
import { ASTRONAUT_PERSON, HOPPER_PERSON, maskIou, rasterisePolygon } from "../select/testing/hand-masks.js";
import { readPhotoRaster, testContext } from "../select/testing/photos.js";
import { SelfieSegmenter } from "./selfie-segmenter.js";

const segmenter = new SelfieSegmenter();

describe("SelfieSegmenter on the fixture photos", () => {
  it.each([
    ["astronaut-eileen-collins.png", ASTRONAUT_PERSON],
    ["grace-hopper-portrait.png", HOPPER_PERSON],
  ] as const)("selects the person in %s: IoU ≥ 0.85 with the region drawn by hand", async (name, polygon) => {
    const image = await readPhotoRaster(name);
    const mask = await segmenter.segment(image, testContext());
    expect({ width: mask.width, height: mask.height, channels: mask.channels }).toEqual({
      width: image.width,
      height: image.height,
      channels: 1,
    });
    expect(maskIou(mask.data, rasterisePolygon(polygon, image.width, image.height))).toBeGreaterThanOrEqual(0.85);
    // Soft edges: the model's uncertainty survives as grey levels along the outline.
    const soft = mask.data.filter((v) => v > 16 && v < 240).length;
    expect(soft).toBeGreaterThan(0.002 * mask.data.length);
  });
});
