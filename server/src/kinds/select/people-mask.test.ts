import { describe, expect, it } from "vitest";
import { SelectEngines } from "../../engines/select/select-engines.js";
import { ASTRONAUT_PERSON, maskIou, rasterisePolygon } from "../../engines/select/testing/hand-masks.js";
import { readPhotoRaster, testContext } from "../../engines/select/testing/photos.js";
import { faceMask } from "./face-mask.js";
import { peopleMask } from "./people-mask.js";

const engines = new SelectEngines();

describe("people and face selections on the fixture photos", () => {
  it("selects the astronaut (one face found)", async () => {
    const image = await readPhotoRaster("astronaut-eileen-collins.png");
    const { mask, faces } = await peopleMask(image, engines, testContext());
    expect(faces).toBe(1);
    expect(maskIou(mask.data, rasterisePolygon(ASTRONAUT_PERSON, 512, 512))).toBeGreaterThanOrEqual(0.85);
  });

  it.each(["cat-chelsea.png", "coffee-cup.png"])(
    "selects no one in %s, where the segmentation model alone would mark a 'person'",
    async (name) => {
      const image = await readPhotoRaster(name);
      const { mask, faces } = await peopleMask(image, engines, testContext());
      expect(faces).toBe(0);
      expect(mask.data.every((v) => v === 0)).toBe(true);
      // The model on its own does fire here: the gate is what keeps the selection empty.
      const raw = await (await engines.personSegmenter()).segment(image, testContext());
      expect(raw.data.filter((v) => v >= 128).length).toBeGreaterThan(0.1 * raw.data.length);
    },
  );

  it("covers Grace Hopper's face with a soft ellipse and leaves the flag and uniform out", async () => {
    const image = await readPhotoRaster("grace-hopper-portrait.png");
    const faces = await (await engines.faceDetector()).detect(image, testContext());
    const mask = faceMask(image.width, image.height, faces);
    const at = (x: number, y: number) => mask.data[y * image.width + x] as number;
    expect(at(228, 210)).toBe(255); // nose
    expect(at(40, 100)).toBe(0); // flag
    expect(at(218, 470)).toBe(0); // tie
    expect(mask.data.some((v) => v > 0 && v < 255)).toBe(true);
  });
});
