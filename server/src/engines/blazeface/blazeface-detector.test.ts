import { describe, expect, it } from "vitest";
import { readPhotoRaster, testContext } from "../select/testing/photos.js";
import { BlazeFaceDetector } from "./blazeface-detector.js";

const detector = new BlazeFaceDetector();

describe("BlazeFaceDetector on the fixture photos", () => {
  // Face boxes checked by eye on each portrait (px): brows to chin, cheek to cheek.
  it.each([
    ["astronaut-eileen-collins.png", { x: 175, y: 80, width: 100, height: 100 }],
    ["grace-hopper-portrait.png", { x: 140, y: 120, width: 175, height: 175 }],
  ])("finds the one face in %s where it is", async (name, expected) => {
    const faces = await detector.detect(await readPhotoRaster(name), testContext());
    expect(faces).toHaveLength(1);
    const face = faces[0] as (typeof faces)[number];
    expect(face.score).toBeGreaterThan(0.8);
    const centre = (b: { x: number; width: number; y: number; height: number }) => [
      b.x + b.width / 2,
      b.y + b.height / 2,
    ];
    const [cx, cy] = centre(face);
    const [ex, ey] = centre(expected);
    expect(Math.hypot((cx as number) - (ex as number), (cy as number) - (ey as number))).toBeLessThan(
      expected.width * 0.2,
    );
    expect(face.width / expected.width).toBeGreaterThan(0.75);
    expect(face.width / expected.width).toBeLessThan(1.33);
    // The eyes lie inside the box, the right eye (subject's) on the image's left.
    const [rightEye, leftEye] = face.keypoints as [[number, number], [number, number]];
    expect(rightEye[0]).toBeLessThan(leftEye[0]);
    for (const [x, y] of [rightEye, leftEye]) {
      expect(x).toBeGreaterThan(face.x);
      expect(x).toBeLessThan(face.x + face.width);
      expect(y).toBeGreaterThan(face.y);
      expect(y).toBeLessThan(face.y + face.height / 2 + 1);
    }
  });

  it.each([
    "mountain-meadow-autumn.png",
    "forest-stream.png",
    "dandelions-meadow.png",
    "coffee-cup.png",
    "fig-in-red-bowl.png",
    "paint-brushes.png",
    "cat-chelsea.png",
  ])("finds no face in %s", async (name) => {
    expect(await detector.detect(await readPhotoRaster(name), testContext())).toEqual([]);
  });
});
