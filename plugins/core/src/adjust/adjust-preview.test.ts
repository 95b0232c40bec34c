import { readFileSync } from "node:fs";
import { applyAdjustments } from "@easel/shared/adjust";
import { AdjustParams } from "@easel/shared/protocol";
import { describe, expect, it } from "vitest";
import { decodeJpeg } from "../image/jpeg-decode.js";
import { decodePng } from "../image/png.js";
import { resizeRgba } from "../image/resize.js";
import { base64Decode } from "../text/base64.js";
import { AdjustPreview, PREVIEW_SIDE } from "./adjust-preview.js";
import { ADJUST_SLIDERS, adjustmentsFrom, sliderText } from "./adjust-sliders.js";
import { LivePreview } from "./live-preview.js";

const PHOTO = decodePng(
  new Uint8Array(readFileSync(new URL("../../../../tests/fixtures/photos/fig-in-red-bowl.png", import.meta.url))),
);

const mean = (data: Uint8Array, pick: (i: number) => boolean = () => true) => {
  let sum = 0;
  let count = 0;
  for (let p = 0; p < data.length / 4; p++) {
    if (!pick(p)) continue;
    sum += (data[p * 4] as number) + (data[p * 4 + 1] as number) + (data[p * 4 + 2] as number);
    count += 3;
  }
  return sum / count;
};

/** A mask selecting the left half (255) of a `width`x`height` image. */
const leftHalf = (width: number, height: number) => {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) data.fill(255, y * width, y * width + Math.floor(width / 2));
  return { width, height, data };
};

describe("live preview of Adjust on a small copy", () => {
  it("runs the server's own adjust maths on a copy scaled to the panel", () => {
    const preview = AdjustPreview.of(PHOTO);
    expect(Math.max(preview.image.width, preview.image.height)).toBe(PREVIEW_SIDE);
    const small = resizeRgba(PHOTO, preview.image.width, preview.image.height);
    const settings = { exposure: 1, contrast: 20, temperature: 5000 };
    const drawn = preview.render(settings);
    const expected = applyAdjustments(small, { ...AdjustParams.parse(settings), feather: 0 });
    expect(Buffer.compare(Buffer.from(drawn.data), Buffer.from(expected))).toBe(0);
    // +1 EV brightens what the designer sees.
    expect(mean(drawn.data)).toBeGreaterThan(mean(small.data) + 20);
  });

  it("changes only the selected part of the preview, with the feather scaled to the copy", () => {
    const mask = leftHalf(PHOTO.width, PHOTO.height);
    const preview = AdjustPreview.of(PHOTO, mask, { maxSide: PHOTO.width / 2 });
    expect(preview.scale).toBeCloseTo(0.5, 2);
    expect(preview.settings({ feather: 12 }).feather).toBe(6);
    const drawn = preview.render({ saturation: -100, feather: 12 });
    const { width } = preview.image;
    const right = (p: number) => p % width >= width / 2 + 1;
    let changedRight = 0;
    for (let p = 0; p < width * preview.image.height; p++)
      if (right(p) && drawn.data[p * 4] !== preview.image.data[p * 4]) changedRight++;
    expect(changedRight).toBe(0);
    // Left of the feather, colour is gone: red equals green.
    const p = 40 * width + 10;
    expect(drawn.data[p * 4]).toBe(drawn.data[p * 4 + 1]);
    // A host that read a thumbnail already passes its own scale on.
    expect(AdjustPreview.of(preview.image, preview.mask, { sourceScale: 0.5 }).settings({ feather: 12 }).feather).toBe(
      6,
    );
  });

  it("draws a JPEG data URL for UXP's <img>, transparent areas over the panel's grey", () => {
    const clear = { width: 8, height: 8, data: new Uint8Array(8 * 8 * 4) };
    const url = AdjustPreview.of(clear).dataUrl({ exposure: 2 });
    expect(url).toMatch(/^data:image\/jpeg;base64,/);
    const back = decodeJpeg(base64Decode(url.slice(url.indexOf(",") + 1)));
    expect(Math.abs((back.data[0] as number) - 0x32)).toBeLessThanOrEqual(2);
  });

  it("draws one frame for a burst of slider moves, with the latest values", async () => {
    const shown: number[] = [];
    const live = new LivePreview(AdjustPreview.of(PHOTO, null, { maxSide: 64 }), (_url, settings) =>
      shown.push(settings.exposure ?? 0),
    );
    for (let i = 1; i <= 25; i++) live.update({ exposure: i / 10 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(shown).toEqual([2.5]);
    expect(live.renders).toBe(1);
  });
});

describe("Adjust sliders", () => {
  it("keep values inside the protocol's ranges, on their steps, and drop the ones left at neutral", () => {
    for (const s of ADJUST_SLIDERS) {
      const shape = AdjustParams.shape[s.id];
      expect(shape.safeParse(s.min).success && shape.safeParse(s.max).success, s.id).toBe(true);
    }
    expect(adjustmentsFrom({ exposure: "0.537", contrast: 250, temperature: 6500, tint: 0, clarity: "-12.4" })).toEqual(
      {
        exposure: 0.55,
        contrast: 100,
        clarity: -12,
      },
    );
    expect(() => adjustmentsFrom({ shadows: "lots" })).toThrow(/Shadows must be a number from -100 to 100/);
    const exposure = ADJUST_SLIDERS[0] as (typeof ADJUST_SLIDERS)[number];
    expect(sliderText(exposure, 0.5)).toBe("+0.50 EV");
  });
});
