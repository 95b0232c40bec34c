import path from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import sharp, { type Sharp } from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { psnr } from "../../imaging/quality.js";
import type { EngineContext, RasterImage } from "../types.js";
import type { EsrganTier } from "./esrgan-models.js";
import { EsrganUpscaler } from "./esrgan-upscaler.js";
import { planTiles } from "./tiling.js";

const photos = fileURLToPath(new URL("../../../../tests/fixtures/photos/", import.meta.url));

async function toRaster(pipeline: Sharp): Promise<RasterImage> {
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  const channels = info.channels as RasterImage["channels"];
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
    channels,
  };
}

/** A `width` x `height` crop around the centre of a fixture photo. */
async function centreCrop(name: string, width: number, height = width): Promise<RasterImage> {
  const file = path.join(photos, name);
  const meta = await sharp(file).metadata();
  const left = ((meta.width ?? 0) - width) >> 1;
  const top = ((meta.height ?? 0) - height) >> 1;
  return toRaster(sharp(file).extract({ left, top, width, height }).removeAlpha());
}

function resize(image: RasterImage, width: number, height: number, kernel: "cubic" | "lanczos3"): Promise<RasterImage> {
  const { data, width: w, height: h, channels } = image;
  const resized = sharp(data, { raw: { width: w, height: h, channels } }).resize(width, height, {
    kernel,
    fit: "fill",
  });
  return toRaster(channels === 1 ? resized.toColourspace("b-w") : resized);
}

function context(signal = new AbortController().signal): EngineContext & { steps: [number, number][] } {
  const steps: [number, number][] = [];
  return { signal, steps, progress: (step, total) => steps.push([step, total]) };
}

/** Mean of each colour channel. */
function meanColour(image: RasterImage): number[] {
  const sums = [0, 0, 0];
  for (let i = 0; i < image.data.length; i++) sums[i % 3] = (sums[i % 3] as number) + (image.data[i] as number);
  return sums.map((s) => s / (image.width * image.height));
}

const tiers: EsrganTier[] = ["fast", "balanced", "best"];

describe("EsrganUpscaler", () => {
  const upscalers = Object.fromEntries(tiers.map((t) => [t, new EsrganUpscaler(t)])) as Record<
    EsrganTier,
    EsrganUpscaler
  >;
  let crop: RasterImage; // an odd-sized real photo crop: no tile grid or multiple of anything lines up

  beforeAll(async () => {
    crop = await centreCrop("cat-chelsea.png", 37, 29);
  });

  it("describes each tier as an upscale engine with its scales and tile size", () => {
    for (const tier of tiers) {
      const { descriptor, scales } = upscalers[tier];
      expect(descriptor.name).toBe(`esrgan-${tier}`);
      expect(descriptor.capability).toBe("upscale");
      expect(scales).toEqual([2, 3, 4]);
      expect(descriptor.limits.scales).toEqual(["2", "3", "4"]);
      expect(descriptor.limits.tileSize).toBe(upscalers[tier].tiling.tileSize);
    }
  });

  it.each(tiers)(
    "%s: loads and returns exactly 2x and 4x the size of a real photo crop, colours kept",
    async (tier) => {
      for (const scale of [2, 4] as const) {
        const out = await upscalers[tier].upscale(crop, { scale }, context());
        expect([out.width, out.height, out.channels, out.data.length]).toEqual([
          37 * scale,
          29 * scale,
          3,
          37 * 29 * 3 * scale * scale,
        ]);
        // Same picture as a plain resize (a wrong input range would saturate or darken everything).
        const reference = await resize(crop, out.width, out.height, "lanczos3");
        expect(psnr(out, reference)).toBeGreaterThan(22);
        const shift = meanColour(out).map((m, c) => Math.abs(m - (meanColour(reference)[c] as number)));
        expect(Math.max(...shift)).toBeLessThan(4); // levels of 255
      }
    },
  );

  it("fast: also offers x3", async () => {
    const out = await upscalers.fast.upscale(crop, { scale: 3 }, context());
    expect([out.width, out.height]).toEqual([111, 87]);
  });

  it("best: beats bicubic PSNR on 4x-downsampled real photographs", async () => {
    const names = [
      "coffee-cup.png",
      "astronaut-eileen-collins.png",
      "fig-in-red-bowl.png",
      "paint-brushes.png",
      "cat-chelsea.png",
    ];
    const gains: number[] = [];
    for (const name of names) {
      const original = await centreCrop(name, 128);
      const small = await resize(original, 32, 32, "cubic");
      const esrgan = await upscalers.best.upscale(small, { scale: 4 }, context());
      const bicubic = await resize(small, 128, 128, "cubic");
      gains.push(psnr(esrgan, original) - psnr(bicubic, original));
    }
    const meanGain = gains.reduce((a, b) => a + b, 0) / gains.length;
    expect(meanGain, `PSNR gain per photo (dB): ${gains.map((g) => g.toFixed(2)).join(", ")}`).toBeGreaterThan(0.3);
  });

  it.each(tiers)("%s: keeps flat colour flat right up to the border, even for images of a few pixels", async (tier) => {
    const sizes: [number, number][] = [
      [1, 1],
      [3, 2],
      [24, 16],
    ];
    for (const [width, height] of sizes) {
      const flat: RasterImage = { data: new Uint8Array(width * height * 3).fill(120), width, height, channels: 3 };
      const out = await upscalers[tier].upscale(flat, { scale: 4 }, context());
      // Zero padding inside the model would leave a frame as dark as 71; mirrored context keeps 119..121.
      expect(Math.min(...out.data), `${width}x${height}`).toBeGreaterThanOrEqual(118);
      expect(Math.max(...out.data), `${width}x${height}`).toBeLessThanOrEqual(122);
    }
  });

  it("reports progress once per tile, in order", async () => {
    const upscaler = new EsrganUpscaler("fast", { tileSize: 32, overlap: 8 });
    const image = await centreCrop("forest-stream.png", 80, 60);
    const ctx = context();
    await upscaler.upscale(image, { scale: 2 }, ctx);
    const pad = upscaler.borderPad;
    const total = planTiles(80 + 2 * pad, 60 + 2 * pad, upscaler.tiling).length;
    expect(total).toBeGreaterThan(4);
    expect(ctx.steps).toEqual(Array.from({ length: total }, (_, i) => [i + 1, total]));
  });

  it("stops between tiles when cancelled, rejecting with the reason before running another tile", async () => {
    const upscaler = new EsrganUpscaler("best", { tileSize: 32, overlap: 8 });
    const image = await centreCrop("coffee-cup.png", 96, 96); // 5x5 tiles with the border, ~0.3 s each
    await upscaler.warmUp([2]);
    const tensors = tf.memory().numTensors;
    const controller = new AbortController();
    const ctx = context(controller.signal);
    ctx.progress = (step, total) => {
      ctx.steps.push([step, total]);
      controller.abort(new Error("cancelled by user"));
    };
    await expect(upscaler.upscale(image, { scale: 2 }, ctx)).rejects.toThrow("cancelled by user");
    const total = planTiles(96 + 2 * upscaler.borderPad, 96 + 2 * upscaler.borderPad, upscaler.tiling).length;
    expect(total).toBeGreaterThan(9);
    // Every tile reports its progress: only the first was run.
    expect(ctx.steps).toEqual([[1, total]]);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it("leaves no tensors behind", async () => {
    const upscaler = new EsrganUpscaler("balanced", { tileSize: 24, overlap: 8 });
    await upscaler.upscale(crop, { scale: 2 }, context()); // loads the model: its weights are tensors too
    const before = tf.memory().numTensors;
    await upscaler.upscale(crop, { scale: 2 }, context());
    await upscaler.warmUp([2]);
    await upscaler.upscale(crop, { scale: 2 }, context());
    expect(tf.memory().numTensors).toBe(before);
  });

  it("joins real model tiles invisibly: tiled output matches a single-tile run", async () => {
    const image = await centreCrop("mountain-meadow-autumn.png", 96, 80);
    const whole = await new EsrganUpscaler("fast", { tileSize: 256 }).upscale(image, { scale: 4 }, context());
    const tiled = await new EsrganUpscaler("fast", { tileSize: 40, overlap: 12 }).upscale(
      image,
      { scale: 4 },
      context(),
    );
    expect(psnr(tiled, whole)).toBeGreaterThan(50);
  });

  it("keeps alpha: RGBA in gives RGBA out, RGB as for the RGB image and alpha resized with lanczos3", async () => {
    const alpha = new Uint8Array(37 * 29).map((_, i) => ((i % 37) * 255) / 36); // left-to-right ramp
    const rgba = new Uint8Array(37 * 29 * 4);
    for (let i = 0; i < 37 * 29; i++) {
      rgba.set(crop.data.subarray(i * 3, i * 3 + 3), i * 4);
      rgba[i * 4 + 3] = alpha[i] as number;
    }
    const out = await upscalers.fast.upscale(
      { data: rgba, width: 37, height: 29, channels: 4 },
      { scale: 2 },
      context(),
    );
    const rgb = await upscalers.fast.upscale(crop, { scale: 2 }, context());
    expect([out.width, out.height, out.channels]).toEqual([74, 58, 4]);
    const expectedAlpha = await resize({ data: alpha, width: 37, height: 29, channels: 1 }, 74, 58, "lanczos3");
    for (let i = 0; i < 74 * 58; i++) {
      expect(out.data[i * 4 + 3]).toBe(expectedAlpha.data[i]);
      expect(Array.from(out.data.subarray(i * 4, i * 4 + 3))).toEqual(Array.from(rgb.data.subarray(i * 3, i * 3 + 3)));
    }
  });

  it("upscales grey images to grey", async () => {
    const grey = await toRaster(
      sharp(path.join(photos, "cat-chelsea.png")).extract({ left: 200, top: 150, width: 30, height: 20 }).greyscale(),
    );
    const out = await upscalers.fast.upscale(grey, { scale: 2 }, context());
    expect([out.width, out.height, out.channels, out.data.length]).toEqual([60, 40, 1, 2400]);
  });

  it("names the bad field before doing any work", async () => {
    await expect(upscalers.fast.upscale(crop, { scale: 5 as 4 }, context())).rejects.toThrow(
      /`scale` must be one of 2, 3, 4/,
    );
    await expect(
      upscalers.fast.upscale({ ...crop, data: crop.data.subarray(1) }, { scale: 2 }, context()),
    ).rejects.toThrow(/`image` data must hold 37x29x3 = 3219 bytes, got 3218/);
    expect(() => new EsrganUpscaler("fast", { tileSize: 32, overlap: 40 })).toThrow(/overlap/);
  });
});
