import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as ort from "onnxruntime-node";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineContext, GenerateOptions, RasterImage } from "../types.js";
import { loadSdModel, type SdSession } from "./load-sd-model.js";
import { SdInputError } from "./sd-inputs.js";
import { OnnxStableDiffusion } from "./sd-pipeline.js";

const builderPath = fileURLToPath(new URL("../../../../tests/fixtures/sd/build-tiny-pipeline.ts", import.meta.url));
const photo = fileURLToPath(new URL("../../../../tests/fixtures/photos/fig-in-red-bowl.png", import.meta.url));
interface Builder {
  writeTinyPipeline(dir: string, spec?: Record<string, unknown>): Promise<string>;
}

let root: string;
let builder: Builder;
let sd: OnnxStableDiffusion;
let source: RasterImage; // a real photo crop, deliberately not a multiple of 8 px

const base: GenerateOptions = { prompt: "a photo of a cat", width: 64, height: 64, steps: 8, guidance: 7.5, seed: 42 };
const quiet = (): EngineContext => ({ signal: new AbortController().signal, progress: () => {} });

/** Mean absolute difference of two same-sized rasters, in 8-bit levels. */
function meanDiff(a: RasterImage, b: RasterImage): number {
  expect(a.data.length).toBe(b.data.length);
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs((a.data[i] as number) - (b.data[i] as number));
  return sum / a.data.length;
}

/** Loads a tiny pipeline whose sessions count how often they are created and run. */
async function counted(dir: string) {
  const counts = { created: 0, runs: {} as Record<string, number> };
  const components = await loadSdModel(dir, {
    createSession: async (file): Promise<SdSession> => {
      const session = await ort.InferenceSession.create(file);
      const component = path.basename(path.dirname(file));
      counts.created++;
      return {
        inputMetadata: session.inputMetadata,
        outputMetadata: session.outputMetadata,
        release: () => session.release(),
        run: (feeds) => {
          counts.runs[component] = (counts.runs[component] ?? 0) + 1;
          return session.run(feeds);
        },
      };
    },
  });
  return { sd: new OnnxStableDiffusion(components), counts };
}

beforeAll(async () => {
  builder = (await import(builderPath)) as Builder;
  root = await mkdtemp(path.join(os.tmpdir(), "easel-sd-"));
  sd = await OnnxStableDiffusion.load(await builder.writeTinyPipeline(path.join(root, "sd15")));
  const { data, info } = await sharp(photo)
    .extract({ left: 150, top: 90, width: 101, height: 75 })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  source = { data: new Uint8Array(data), width: info.width, height: info.height, channels: 3 };
});

afterAll(async () => {
  await sd?.release();
  await rm(root, { recursive: true, force: true });
});

describe("OnnxStableDiffusion txt2img", () => {
  it("generates an RGB image of the requested size", async () => {
    const image = await sd.generate(base, quiet());
    expect([image.width, image.height, image.channels, image.data.length]).toEqual([64, 64, 3, 64 * 64 * 3]);
  });

  it("snaps a 70x53 request to 72x56 and says so", async () => {
    const result = await sd.run({ kind: "generate", options: { ...base, width: 70, height: 53 } }, quiet());
    expect([result.image.width, result.image.height]).toEqual([72, 56]);
    expect(result.notes).toContain("size 70x53 px snapped to 72x56 px (Stable Diffusion works in multiples of 8 px)");
    const exact = await sd.run({ kind: "generate", options: { ...base, width: 72, height: 56 } }, quiet());
    expect(exact.notes.some((n) => n.startsWith("size"))).toBe(false);
  });

  it("gives byte-identical images for the same seed, also from a freshly loaded pipeline, and new ones for another", async () => {
    const first = await sd.generate(base, quiet());
    const again = await sd.generate(base, quiet());
    const fresh = await OnnxStableDiffusion.load(sd.components.dir);
    const fromFresh = await fresh.generate(base, quiet());
    await fresh.release();
    expect(Buffer.from(again.data).equals(Buffer.from(first.data))).toBe(true);
    expect(Buffer.from(fromFresh.data).equals(Buffer.from(first.data))).toBe(true);
    expect(meanDiff(await sd.generate({ ...base, seed: 43 }, quiet()), first)).toBeGreaterThan(1);
  });

  it("changes the image with the prompt, the guidance scale and the negative prompt", async () => {
    const cat = await sd.generate(base, quiet());
    expect(meanDiff(await sd.generate({ ...base, prompt: "a photo of a dog" }, quiet()), cat)).toBeGreaterThan(0.5);
    expect(meanDiff(await sd.generate({ ...base, guidance: 12 }, quiet()), cat)).toBeGreaterThan(0.5);
    expect(
      meanDiff(await sd.generate({ ...base, negativePrompt: "blurry, low quality" }, quiet()), cat),
    ).toBeGreaterThan(0.5);
  });

  it("turns classifier-free guidance off at guidance ≤ 1 (one UNet pass per step) and ignores the negative prompt", async () => {
    const { sd: countedSd, counts } = await counted(sd.components.dir);
    const plain = await countedSd.run({ kind: "generate", options: { ...base, guidance: 1 } }, quiet());
    const withNegative = await countedSd.run(
      { kind: "generate", options: { ...base, guidance: 1, negativePrompt: "blurry" } },
      quiet(),
    );
    await countedSd.release();
    expect(plain.classifierFreeGuidance).toBe(false);
    expect(Buffer.from(withNegative.image.data).equals(Buffer.from(plain.image.data))).toBe(true);
    expect(withNegative.notes).toContain("negative prompt ignored: classifier-free guidance is off (guidance ≤ 1)");
    expect(counts.runs.text_encoder).toBe(1); // only the prompt, cached across both calls
    expect(counts.runs.unet).toBe(2 * base.steps);
  });

  it("reuses its sessions across a batch of candidates and encodes a shared prompt once", async () => {
    const { sd: countedSd, counts } = await counted(sd.components.dir);
    for (const seed of [1, 2, 3]) await countedSd.generate({ ...base, seed }, quiet());
    await countedSd.release();
    expect(counts.created).toBe(4); // text_encoder, unet, vae_decoder, vae_encoder, once
    expect(counts.runs.text_encoder).toBe(2); // the prompt and the empty negative prompt
    expect(counts.runs.unet).toBe(3 * base.steps); // both guidance halves in one batch per step
  });

  it("reports progress after every step with a decodable latent preview PNG", async () => {
    const reports: { step: number; total: number; preview?: Uint8Array }[] = [];
    await sd.generate(base, {
      signal: new AbortController().signal,
      progress: (step, total, preview) => reports.push({ step, total, ...(preview && { preview }) }),
    });
    expect(reports.map((r) => `${r.step}/${r.total}`)).toEqual(Array.from({ length: 8 }, (_, i) => `${i + 1}/8`));
    for (const { preview } of reports) {
      const meta = await sharp(preview as Uint8Array).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(["png", 8, 8]); // one pixel per latent cell
    }
  });

  it("stops between steps when cancelled: aborting after the second report rejects before the third", async () => {
    const controller = new AbortController();
    const steps: number[] = [];
    const run = sd.generate(
      { ...base, steps: 30 },
      {
        signal: controller.signal,
        progress: (step) => {
          steps.push(step);
          if (step === 2) controller.abort(new Error("cancelled by user"));
        },
      },
    );
    await expect(run).rejects.toThrow("cancelled by user");
    expect(steps).toEqual([1, 2]);
  });

  it("names the argument and the bad value before doing any work", async () => {
    const bad = (options: Partial<GenerateOptions>) =>
      sd.run({ kind: "generate", options: { ...base, ...options } }, quiet());
    await expect(bad({ width: 0 })).rejects.toThrow("`width` must be an integer from 1 to 2048 px, got 0");
    await expect(bad({ steps: 2.5 })).rejects.toThrow("`steps` must be an integer from 1 to 150, got 2.5");
    await expect(bad({ guidance: Number.NaN })).rejects.toThrow("`guidance` must be a number from 0 to 30, got NaN");
    await expect(bad({ seed: 0.5 })).rejects.toMatchObject({ name: "SdInputError", field: "seed" });
    await expect(bad({ height: 3000 })).rejects.toBeInstanceOf(SdInputError);
  });

  it("reports a truncated prompt with the words that were dropped", async () => {
    const prompt = `${"red ".repeat(75)}blue green`;
    const result = await sd.run({ kind: "generate", options: { ...base, prompt, steps: 1 } }, quiet());
    expect(result.prompt.truncated).toBe(true);
    expect(result.notes).toContain('prompt truncated to 75 tokens; dropped: "blue green"');
  });
});

describe("OnnxStableDiffusion img2img (vary)", () => {
  it("returns the input image exactly at strength 0, without running a model", async () => {
    const { sd: countedSd, counts } = await counted(sd.components.dir);
    const result = await countedSd.run(
      { kind: "vary", image: source, options: { ...base, width: 104, height: 72, strength: 0 } },
      quiet(),
    );
    await countedSd.release();
    expect([result.image.width, result.image.height]).toEqual([source.width, source.height]);
    expect(Buffer.from(result.image.data).equals(Buffer.from(source.data))).toBe(true);
    expect(result.image.data).not.toBe(source.data); // a copy: the caller may keep editing its buffer
    expect(counts.runs).toEqual({});
  });

  it("runs the last strength × steps of the schedule from the encoded source", async () => {
    const options = { ...base, width: 104, height: 72, steps: 20, strength: 0.3 };
    const result = await sd.run({ kind: "vary", image: source, options }, quiet());
    expect([result.image.width, result.image.height]).toEqual([104, 72]);
    expect(result.timesteps).toHaveLength(6);
    // The source shapes the result: a different photo under the same seed and prompt gives another image.
    const flipped = { ...source, data: new Uint8Array(source.data).reverse() };
    const other = await sd.vary(flipped, options, quiet());
    expect(meanDiff(other, result.image)).toBeGreaterThan(0.5);
  });

  it("refuses a strength outside 0..1, naming it", async () => {
    await expect(sd.vary(source, { ...base, strength: 1.5 }, quiet())).rejects.toThrow(
      "`strength` must be a number from 0 to 1, got 1.5",
    );
  });
});

/** A one-channel mask of `image`'s size, white inside the rectangle. */
function rectMask(image: RasterImage, rect: { x: number; y: number; w: number; h: number }): RasterImage {
  const data = new Uint8Array(image.width * image.height);
  for (let y = rect.y; y < rect.y + rect.h; y++)
    data.fill(255, y * image.width + rect.x, y * image.width + rect.x + rect.w);
  return { data, width: image.width, height: image.height, channels: 1 };
}

function insideOutsideChange(result: RasterImage, mask: RasterImage): { inside: number; outside: number } {
  let inside = 0;
  let outside = 0;
  let holes = 0;
  for (let p = 0; p < mask.data.length; p++) {
    let d = 0;
    for (let c = 0; c < 3; c++) d += Math.abs((result.data[p * 3 + c] as number) - (source.data[p * 3 + c] as number));
    if ((mask.data[p] as number) >= 128) {
      inside += d;
      holes++;
    } else outside += d;
  }
  return { inside: inside / (holes * 3), outside };
}

describe("OnnxStableDiffusion inpainting", () => {
  it("regenerates only the masked pixels of a standard-UNet model and returns the source size", async () => {
    const mask = rectMask(source, { x: 30, y: 20, w: 37, h: 29 });
    const result = await sd.inpaint(source, mask, base, quiet());
    expect([result.width, result.height, result.channels]).toEqual([source.width, source.height, 3]);
    const change = insideOutsideChange(result, mask);
    expect(change.outside).toBe(0);
    expect(change.inside).toBeGreaterThan(5);
  });

  it("feeds mask and masked-image latents to a 9-channel inpainting UNet", async () => {
    const nine = await OnnxStableDiffusion.load(
      await builder.writeTinyPipeline(path.join(root, "inpaint9"), { unet: { inChannels: 9 } }),
    );
    const mask = rectMask(source, { x: 10, y: 10, w: 50, h: 40 });
    const result = await nine.inpaint(source, mask, base, quiet());
    const txt2img = await nine.generate(base, quiet()); // all-masked, blank source
    await nine.release();
    expect(nine.descriptor.limits.unetChannels).toBe(9);
    const change = insideOutsideChange(result, mask);
    expect(change.outside).toBe(0);
    expect(change.inside).toBeGreaterThan(5);
    expect([txt2img.width, txt2img.height]).toEqual([64, 64]);
  });

  it("names the mask when it does not match the image", async () => {
    const small = { data: new Uint8Array(10 * 10).fill(255), width: 10, height: 10, channels: 1 as const };
    await expect(sd.inpaint(source, small, base, quiet())).rejects.toThrow(
      "`mask` must be the same size as `image` (101x75), got 10x10",
    );
  });
});

describe("OnnxStableDiffusion export variants", () => {
  it("runs LCM UNets with timestep_cond: guidance goes in as an embedding, one UNet pass per step", async () => {
    const dir = await builder.writeTinyPipeline(path.join(root, "lcm"), {
      unet: { timestepCondDim: 16 },
      scheduler: { _class_name: "LCMScheduler" },
    });
    const { sd: lcm, counts } = await counted(dir);
    const low = await lcm.run({ kind: "generate", options: { ...base, steps: 4, guidance: 2 } }, quiet());
    const high = await lcm.run({ kind: "generate", options: { ...base, steps: 4, guidance: 8 } }, quiet());
    await lcm.release();
    expect(low.timesteps).toEqual([999, 759, 499, 259]);
    expect(low.classifierFreeGuidance).toBe(false);
    expect(counts.runs.unet).toBe(8);
    expect(meanDiff(low.image, high.image)).toBeGreaterThan(0.5);
  });

  it("feeds int64 ids and a rank-0 int64 timestep to exports that declare them", async () => {
    const dir = await builder.writeTinyPipeline(path.join(root, "int64"), {
      textEncoder: { idsType: "int64" },
      unet: { timestepType: "int64", timestepShape: "scalar" },
      vaeEncoder: { output: "latent_parameters" },
    });
    const variant = await OnnxStableDiffusion.load(dir);
    const image = await variant.generate(base, quiet());
    const varied = await variant.vary(source, { ...base, strength: 0.5 }, quiet());
    await variant.release();
    expect([image.width, varied.width]).toEqual([64, 64]);
  });

  it("refuses image-to-image on an export without vae_encoder, saying what is missing", async () => {
    const dir = await builder.writeTinyPipeline(path.join(root, "no-encoder"), { omit: ["vae_encoder"] });
    const txtOnly = await OnnxStableDiffusion.load(dir);
    expect(txtOnly.descriptor.limits.modes).toEqual(["generate"]);
    await expect(txtOnly.vary(source, { ...base, strength: 0.5 }, quiet())).rejects.toThrow(
      `vary needs vae_encoder/model.onnx, which ${dir} lacks`,
    );
    await txtOnly.release();
  });
});
