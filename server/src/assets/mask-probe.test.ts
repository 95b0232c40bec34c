import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { binariseMask } from "../imaging/mask-ops.js";
import { readRaster } from "../imaging/raster-io.js";
import { maskIsEmpty } from "./mask-probe.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "easel-mask-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const W = 64;
const H = 48;

/** A mask PNG on disk: a background, optionally one 1×1 dot, in `channels` channels. */
async function maskFile(name: string, background: string, dot?: string, channels: 1 | 3 | 4 = 3): Promise<string> {
  let image = sharp({ create: { width: W, height: H, channels: channels === 4 ? 4 : 3, background } });
  if (dot) {
    const pixel = await sharp({ create: { width: 1, height: 1, channels: 4, background: dot } })
      .png()
      .toBuffer();
    image = sharp(
      await image
        .composite([{ input: pixel, left: 50, top: 40 }])
        .png()
        .toBuffer(),
    );
  }
  if (channels === 1) image = image.greyscale();
  const path = join(dir, `${name}.png`);
  await image.png().toFile(path);
  return path;
}

describe("maskIsEmpty", () => {
  it("says what the engines' binarisation says, for masks either side of luminance 128", async () => {
    const cases: [string, Promise<string>, boolean][] = [
      ["pure red (luminance 76)", maskFile("red", "#ff0000"), true],
      ["grey 127", maskFile("grey127", "#7f7f7f"), true],
      ["grey 128", maskFile("grey128", "#808080"), false],
      ["white, fully transparent", maskFile("clear", "#ffffff00", undefined, 4), true],
      ["white at half opacity (255 × 128/255)", maskFile("half", "#ffffff80", undefined, 4), false],
      ["black with one green pixel (150)", maskFile("dot", "#000000", "#00ff00"), false],
      ["black with one blue pixel (29)", maskFile("blue", "#000000", "#0000ff"), true],
      ["one-channel grey with one white pixel", maskFile("grey1", "#000000", "#ffffff", 1), false],
    ];
    for (const [name, file, empty] of cases) {
      const path = await file;
      const engines = !binariseMask(await readRaster(path)).data.includes(255);
      expect({ name, empty: await maskIsEmpty(path) }).toEqual({ name, empty });
      expect({ name, engines }).toEqual({ name, engines: empty });
    }
  });
});
