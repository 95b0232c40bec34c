import { decodePng } from "@easel/plugin-core";
import { describe, expect, it } from "vitest";
import { PHOTO, setup } from "../../tests/controller-harness.js";
import { imagePixelAt } from "../../tests/emu-render.js";
import type { EmuNode } from "../../tests/figma-emulator.js";
import { type Affine, apply, invert } from "./geometry/affine.js";

// The mask Fill sends must mark exactly the image pixels the designer's shape covers on the canvas. The
// expected pixel under each canvas point comes from the emulator's renderer (its own reading of FIT and
// CROP), not from the plugin's mapping.
const photo = decodePng(PHOTO);

async function maskFor(s: ReturnType<typeof setup>, image: EmuNode, shape: EmuNode) {
  s.emu.api.currentPage.selection = [image, shape];
  const answer = await s.prepare("fill");
  if (answer.type !== "prepared") throw new Error(JSON.stringify(answer));
  return decodePng(answer.prepared.mask as Uint8Array);
}

/** Samples canvas points over the shape; counts mask pixels that disagree with the shape (edges excepted). */
function disagreements(image: EmuNode, shape: EmuNode, mask: { width: number; data: Uint8Array }) {
  const paint = image.fills[0] as ImagePaint;
  const toImage = invert(image.absoluteTransform as Affine);
  const toShape = invert(shape.absoluteTransform as Affine);
  let checked = 0;
  let wrong = 0;
  for (let v = -0.4; v <= 1.4; v += 0.0131) {
    for (let u = -0.4; u <= 1.4; u += 0.0137) {
      const canvas = apply(shape.absoluteTransform as Affine, { x: u * shape.width, y: v * shape.height });
      const px = imagePixelAt(paint, image, photo, apply(toImage, canvas));
      if (!px) continue;
      const local = apply(toShape, canvas);
      const edge = Math.min(
        Math.abs(local.x),
        Math.abs(local.y),
        Math.abs(shape.width - local.x),
        Math.abs(shape.height - local.y),
      );
      if (edge < 1.5) continue; // within a pixel or so of the outline either answer is right
      const inside = local.x > 0 && local.y > 0 && local.x < shape.width && local.y < shape.height;
      checked++;
      if ((mask.data[(Math.floor(px.y) * mask.width + Math.floor(px.x)) * 4] === 255) !== inside) wrong++;
    }
  }
  return { checked, wrong };
}

describe("Fill's mask lines up with the shape over the image (emulator renderer)", () => {
  it("for a rotated, letterboxed (FIT) image and a rotated rectangle", async () => {
    const s = setup();
    const image = s.emu.add("RECTANGLE", { name: "Cat", x: 100, y: 80, width: 300, height: 300, rotation: 20 });
    s.emu.paintImage(image, PHOTO, { scaleMode: "FIT" });
    const shape = s.emu.add("RECTANGLE", { name: "Area", x: 180, y: 150, width: 120, height: 60, rotation: -35 });
    const { checked, wrong } = disagreements(image, shape, await maskFor(s, image, shape));
    expect(checked).toBeGreaterThan(5000);
    expect(wrong).toBe(0);
  });

  it("for a cropped (CROP) image in a rotated frame", async () => {
    const s = setup();
    const frame = s.emu.add("FRAME", { name: "Card", x: 50, y: 50, width: 600, height: 500, rotation: 15 });
    const image = s.emu.add("RECTANGLE", { name: "Cat", x: 40, y: 30, width: 260, height: 200 }, frame);
    s.emu.paintImage(image, PHOTO, {
      scaleMode: "CROP",
      imageTransform: [
        [0.6, 0, 0.25],
        [0, 0.7, 0.1],
      ],
    });
    const shape = s.emu.add("RECTANGLE", { name: "Area", x: 120, y: 90, width: 90, height: 70, rotation: 30 });
    const { checked, wrong } = disagreements(image, shape, await maskFor(s, image, shape));
    expect(checked).toBeGreaterThan(5000);
    expect(wrong).toBe(0);
  });

  it("refuses Fill on a tiled image in words", async () => {
    const s = setup();
    const image = s.emu.add("RECTANGLE", { name: "Pattern", width: 600, height: 400 });
    s.emu.paintImage(image, PHOTO, { scaleMode: "TILE", scalingFactor: 0.5 });
    const shape = s.emu.add("ELLIPSE", { name: "Area", x: 50, y: 50 });
    s.emu.api.currentPage.selection = [image, shape];
    expect(s.last()).toMatchObject({
      selection: { needs: { fill: expect.stringMatching(/tiled fill/), upscale: null } },
    });
    expect(await s.prepare("fill")).toMatchObject({
      type: "refused",
      message: expect.stringMatching(/^Tiled image fills/),
    });
  });
});
