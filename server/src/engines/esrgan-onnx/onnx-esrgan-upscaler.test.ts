import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EsrganUpscaler } from "../esrgan/esrgan-upscaler.js";
import { planTiles } from "../esrgan/tiling.js";
import type { EngineContext, RasterImage } from "../types.js";
import { OnnxEsrganUpscaler } from "./onnx-esrgan-upscaler.js";
import { photoCrop } from "./test-photos.js";

function context(signal = new AbortController().signal): EngineContext & { steps: [number, number][] } {
  const steps: [number, number][] = [];
  return { signal, steps, progress: (step, total) => steps.push([step, total]) };
}

/** How many bytes differ, and by how much at most. */
function difference(a: RasterImage, b: RasterImage): { differing: number; max: number } {
  let differing = 0;
  let max = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs((a.data[i] as number) - (b.data[i] as number));
    if (d > 0) differing++;
    max = Math.max(max, d);
  }
  return { differing, max };
}

describe("OnnxEsrganUpscaler", () => {
  let cacheDir: string;
  let crop: RasterImage; // odd-sized: no tile grid or multiple of anything lines up

  beforeAll(async () => {
    cacheDir = await mkdtemp(path.join(tmpdir(), "easel-onnx-esrgan-"));
    crop = await photoCrop("cat-chelsea.png", 37, 29);
  });

  afterAll(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it("returns exactly 2x, 3x and 4x the size of a real photo crop for 1, 3 and 4 channels, alpha kept", async () => {
    const upscaler = new OnnxEsrganUpscaler("fast", { cacheDir });
    const grey: RasterImage = { ...crop, data: crop.data.filter((_, i) => i % 3 === 1), channels: 1 };
    const rgba: RasterImage = { ...crop, data: new Uint8Array(37 * 29 * 4), channels: 4 };
    for (let p = 0; p < 37 * 29; p++) {
      rgba.data.set(crop.data.subarray(p * 3, p * 3 + 3), p * 4);
      rgba.data[p * 4 + 3] = p % 37 < 18 ? 255 : 0; // left half opaque, right half transparent
    }
    for (const scale of [2, 3, 4] as const) {
      for (const image of [crop, grey, rgba]) {
        const out = await upscaler.upscale(image, { scale }, context());
        expect([out.width, out.height, out.channels, out.data.length]).toEqual([
          37 * scale,
          29 * scale,
          image.channels,
          37 * 29 * image.channels * scale * scale,
        ]);
        if (image.channels === 4) {
          const alphaAt = (x: number, y: number) => out.data[(y * out.width + x) * 4 + 3];
          expect(alphaAt(2, 10 * scale)).toBe(255);
          expect(alphaAt(out.width - 3, 10 * scale)).toBe(0);
        }
      }
    }
  });

  it("best x4 gives the same picture as the TF.js engine with the same tiles (rounding aside)", async () => {
    const image = await photoCrop("fig-in-red-bowl.png", 40, 30);
    const tiling = { tileSize: 32, overlap: 12 }; // several tiles, so the blend is exercised too
    const onnx = await new OnnxEsrganUpscaler("best", { cacheDir, ...tiling }).upscale(image, { scale: 4 }, context());
    const tfjs = await new EsrganUpscaler("best", tiling).upscale(image, { scale: 4 }, context());
    const { differing, max } = difference(onnx, tfjs);
    expect(max).toBeLessThanOrEqual(1);
    expect(differing / onnx.data.length).toBeLessThan(0.001);
  });

  it("reports progress once per tile", async () => {
    const upscaler = new OnnxEsrganUpscaler("balanced", { cacheDir, tileSize: 24, overlap: 4, borderPad: 8 });
    const tiles = planTiles(37 + 16, 29 + 16, upscaler.tiling).length;
    expect(tiles).toBeGreaterThan(3);
    const ctx = context();
    await upscaler.upscale(crop, { scale: 2 }, ctx);
    expect(ctx.steps).toEqual(Array.from({ length: tiles }, (_, i) => [i + 1, tiles]));
  });

  it("stops between tiles when cancelled, with the cancel reason", async () => {
    const upscaler = new OnnxEsrganUpscaler("balanced", { cacheDir, tileSize: 24, overlap: 4 });
    const controller = new AbortController();
    const steps: number[] = [];
    const cancelled = upscaler.upscale(
      crop,
      { scale: 2 },
      {
        signal: controller.signal,
        progress: (step) => {
          steps.push(step);
          if (step === 2) controller.abort(new Error("cancelled by the user"));
        },
      },
    );
    await expect(cancelled).rejects.toThrow("cancelled by the user");
    expect(steps).toEqual([1, 2]);

    const already = new AbortController();
    already.abort(new Error("cancelled before it started"));
    await expect(upscaler.upscale(crop, { scale: 2 }, context(already.signal))).rejects.toThrow(
      "cancelled before it started",
    );
  });

  it("names the field when asked for a scale it does not have or given a malformed image", async () => {
    const upscaler = new OnnxEsrganUpscaler("fast", { cacheDir });
    await expect(upscaler.upscale(crop, { scale: 8 as 4 }, context())).rejects.toThrow(
      "`scale` must be one of 2, 3, 4 for esrgan-fast, got 8",
    );
    await expect(upscaler.upscale({ ...crop, width: 36 }, { scale: 2 }, context())).rejects.toThrow(
      "`image` data must hold 36x29x3",
    );
    expect(() => new OnnxEsrganUpscaler("fast", { cacheDir, intraOpNumThreads: 0 })).toThrow("intraOpNumThreads");
  });
});
