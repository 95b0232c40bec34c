import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { decodeRgb, loadPhoto } from "../brand/test-images.js";
import type { RasterImage } from "../engines/types.js";
import type { Candidate } from "../pipeline/candidate.js";
import { rankCandidatesOf } from "../pipeline/rank-outputs.js";

// The rank stage with learned weights: the same candidates come out in the order the weights prefer.

const candidate = (label: string, image: RasterImage): Candidate => ({
  image,
  alpha: null,
  placement: { x: 0, y: 0, width: image.width, height: image.height },
  label,
  seed: null,
  scores: {},
});

async function variants() {
  const photo = await loadPhoto("forest-stream.png", { width: 256, height: 170 });
  const png = await sharp(photo.data, { raw: { width: photo.width, height: photo.height, channels: 3 } })
    .png()
    .toBuffer();
  // Sharp but badly exposed, and well exposed but soft: two features that disagree.
  const dark = await decodeRgb(await sharp(png).modulate({ brightness: 0.3 }).png().toBuffer());
  const soft = await decodeRgb(await sharp(png).blur(2.5).png().toBuffer());
  return [candidate("dark", dark), candidate("soft", soft)];
}

describe("ranking with learned weights", () => {
  it("orders candidates by the weights: sharpness-minded and exposure-minded designers get different firsts", async () => {
    const list = await variants();
    const byDefault = rankCandidatesOf(list, undefined);
    const [dark, soft] = ["dark", "soft"].map((l) => byDefault.find((c) => c.label === l)?.scores ?? {});
    // The two candidates really disagree on the features (precondition of the test).
    expect((dark?.sharpness ?? 0) > (soft?.sharpness ?? 0)).toBe(true);
    expect((soft?.exposure ?? 0) > (dark?.exposure ?? 0)).toBe(true);
    const sharpFirst = rankCandidatesOf(list, undefined, { adherence: 0, sharpness: 1, exposure: 0, noise: 0 });
    const exposedFirst = rankCandidatesOf(list, undefined, { adherence: 0, sharpness: 0, exposure: 1, noise: 0 });
    expect(sharpFirst.map((c) => c.label)).toEqual(["dark", "soft"]);
    expect(exposedFirst.map((c) => c.label)).toEqual(["soft", "dark"]);
    expect(exposedFirst[0]?.scores.score).toBeCloseTo(soft?.exposure ?? -1, 4);
  });

  it("keeps the default ranking's scores when no weights are given (0.6 adherence + 0.4 quality)", async () => {
    const ranked = rankCandidatesOf(await variants(), undefined);
    for (const c of ranked) expect(c.scores.score).toBeCloseTo(c.scores.quality ?? -1, 4);
  });
});
