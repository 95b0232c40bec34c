import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ComfyClient,
  ComfyError,
  ComfyPool,
  PREVIEW_MAX_SIDE,
  txt2imgWorkflow,
} from "../../../server/src/engines/comfyui/index.js";
import { readPhoto } from "../../support/images.js";
import { fastPool, photo, pixel, recordingContext, until } from "./contract-helpers.js";
import { FakeComfyServer } from "./fake-comfy-server.js";
import { fakeColour } from "./fake-nodes.js";

const MODEL = { checkpoint: "sd_turbo.safetensors", sampler: "euler", scheduler: "normal" };
const GEN = {
  prompt: "a brass lighthouse at dusk",
  negativePrompt: "blurry",
  width: 512,
  height: 384,
  steps: 4,
  guidance: 1,
  seed: 11,
};

describe("ComfyUI adapter against the fake server (one server)", () => {
  let fake: FakeComfyServer;
  let pool: ComfyPool;

  beforeEach(async () => {
    fake = await new FakeComfyServer().start();
    pool = new ComfyPool(fastPool([fake.url]));
  });
  afterEach(async () => {
    pool.close();
    await fake.stop();
  });

  it("txt2img returns the server's image at exactly the requested size", async () => {
    const { context } = recordingContext();
    const image = await pool.generate(GEN, context);
    expect([image.width, image.height, image.channels]).toEqual([512, 384, 3]);
    expect(pixel(image, 0, 0)).toEqual(fakeColour(GEN.prompt, GEN.seed));
    expect(pixel(image, 511, 383)).toEqual(fakeColour(GEN.prompt, GEN.seed));
    const posted = fake.seen.prompts[0];
    expect(Object.values(posted?.workflow ?? {}).map((n) => n.class_type)).toContain("KSampler");
    expect(posted?.clientId).toBeTruthy();
  });

  it("reports every sampler step in order, with small PNG previews converted from JPEG frames", async () => {
    fake.knobs.stepDelayMs = 15;
    const { context, progress } = recordingContext();
    await pool.generate({ ...GEN, steps: 6 }, context);
    const steps = progress.filter((p) => !p.preview).map((p) => p.step);
    expect(steps).toEqual([1, 2, 3, 4, 5, 6]);
    expect(progress.every((p) => p.total === 6)).toBe(true);
    const ordered = progress.map((p) => p.step);
    expect(ordered).toEqual([...ordered].sort((a, b) => a - b));
    const previews = progress.filter((p) => p.preview);
    expect(previews.length).toBeGreaterThan(0);
    for (const { preview } of previews) {
      const meta = await sharp(preview as Uint8Array).metadata();
      expect(meta.format).toBe("png");
      expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(PREVIEW_MAX_SIDE);
    }
  });

  it("passes PNG preview frames through as PNG", async () => {
    fake.knobs.previewFormat = "png";
    fake.knobs.stepDelayMs = 10;
    const { context, progress } = recordingContext();
    await pool.generate(GEN, context);
    const preview = progress.find((p) => p.preview)?.preview as Uint8Array;
    expect((await sharp(preview).metadata()).format).toBe("png");
    // The fake's latent-sized preview: 1/8 of 512x384.
    expect((await sharp(preview).metadata()).width).toBe(64);
  });

  it("a workflow ComfyUI refuses surfaces as node_errors naming the node and the reason", async () => {
    pool.close();
    pool = new ComfyPool(fastPool([fake.url], { models: { checkpoint: "missing.safetensors" } }));
    const error = await pool.generate(GEN, recordingContext().context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComfyError);
    expect(error).toMatchObject({ kind: "node_errors", nodeId: "1", nodeType: "CheckpointLoaderSimple" });
    expect((error as ComfyError).message).toContain("node 1 (CheckpointLoaderSimple)");
    expect((error as ComfyError).message).toContain("ckpt_name: 'missing.safetensors' not in ['sd_turbo.safetensors']");
    expect(fake.seen.runs).toHaveLength(0);
  });

  it("a missing sampler input names the KSampler node and the input", async () => {
    const client = new ComfyClient({ url: fake.url });
    const built = txt2imgWorkflow(MODEL, { ...GEN, width: 64, height: 64 });
    const [id, node] = Object.entries(built.workflow).find(([, n]) => n.class_type === "KSampler") as [
      string,
      { inputs: Record<string, unknown> },
    ];
    delete node.inputs.steps;
    const error = await client.run(built, { signal: new AbortController().signal }).result.catch((e: unknown) => e);
    client.close();
    expect(error).toMatchObject({ kind: "node_errors", nodeId: id, nodeType: "KSampler" });
    expect((error as ComfyError).nodeErrors[0]?.messages).toEqual(["Required input is missing: steps"]);
  });

  it("reference images without the IP-Adapter custom node are refused naming the missing node", async () => {
    pool.close();
    pool = new ComfyPool(fastPool([fake.url], { ipAdapter: {} }));
    const error = await pool
      .generate({ ...GEN, references: [await photo("paint-brushes.png")] }, recordingContext().context)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "node_errors" });
    expect((error as ComfyError).message).toContain(
      "Node 'IP-Adapter loader' not found. The custom node may not be installed.",
    );
  });

  it("with the custom node, reference images are uploaded and wired through IPAdapter", async () => {
    fake.knobs.ipAdapter = true;
    pool.close();
    pool = new ComfyPool(fastPool([fake.url], { ipAdapter: { weight: 0.5 } }));
    const image = await pool.generate(
      { ...GEN, references: [await photo("paint-brushes.png")] },
      recordingContext().context,
    );
    expect([image.width, image.height]).toEqual([512, 384]);
    expect(fake.seen.uploads.some((u) => u.startsWith("easel/easel-ref-"))).toBe(true);
    const types = Object.values(fake.seen.prompts[0]?.workflow ?? {}).map((n) => n.class_type);
    expect(types).toEqual(expect.arrayContaining(["IPAdapterUnifiedLoader", "IPAdapter"]));
  });

  it("an exception in a node surfaces as execution_error naming the node, and is not retried", async () => {
    fake.failNext("KSampler");
    const error = await pool.generate(GEN, recordingContext().context).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "execution_error", nodeType: "KSampler", exceptionType: "RuntimeError" });
    expect((error as ComfyError).message).toContain("fake failure injected into KSampler");
    expect(fake.seen.prompts).toHaveLength(1);
  });

  it("cancel sends the interrupt to the server and rejects before the sampler is done; the next job runs", async () => {
    // 150 steps of 200 ms: the sampler is still at work long after any cancel (speed: bench/ comfy suite).
    fake.knobs.stepDelayMs = 200;
    const { context, controller, progress } = recordingContext();
    const job = pool.generate({ ...GEN, steps: 150 }, context);
    await until(() => progress.length > 0);
    controller.abort(new Error("user cancelled"));
    const error = await job.catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "interrupted" });
    expect(progress.filter((p) => p.step === 150)).toEqual([]);
    const promptId = fake.seen.prompts[0]?.promptId;
    await until(() => fake.seen.interrupts.some((i) => i.promptId === promptId));
    await until(() => fake.seen.runs.length === 1);
    expect(fake.seen.runs[0]?.status).toBe("interrupted");
    fake.knobs.stepDelayMs = 0;
    expect((await pool.generate(GEN, recordingContext().context)).width).toBe(512);
  });

  it("cancel of a prompt still queued behind another client's removes it without interrupting theirs", async () => {
    fake.knobs.stepDelayMs = 50;
    const other = new ComfyClient({ url: fake.url });
    const theirs = other.run(txt2imgWorkflow(MODEL, { ...GEN, steps: 8 }), { signal: new AbortController().signal });
    await until(() => fake.seen.prompts.length === 1);
    const { context, controller } = recordingContext();
    const ours = pool.generate(GEN, context);
    await until(() => fake.seen.prompts.length === 2);
    controller.abort();
    await expect(ours).rejects.toMatchObject({ kind: "interrupted" });
    const ourId = fake.seen.prompts[1]?.promptId as string;
    await until(() => fake.seen.deletes.includes(ourId));
    expect((await theirs.result).images).toHaveLength(1);
    other.close();
    expect(fake.seen.runs.map((r) => r.status)).toEqual(["success"]);
    expect(fake.seen.interrupts.filter((i) => i.promptId !== ourId)).toEqual([]);
  });

  it("a socket dropped mid-job still delivers the result (reconnect, then /history)", async () => {
    fake.knobs.stepDelayMs = 30;
    // Sockets die after step 2 and reconnection is refused until the job is over: only /history has it.
    fake.dropSocketsAfterStep(2, 400);
    const { context } = recordingContext();
    const image = await pool.generate({ ...GEN, steps: 6 }, context);
    expect([image.width, image.height]).toEqual([512, 384]);
    expect(pixel(image, 10, 10)).toEqual(fakeColour(GEN.prompt, GEN.seed));
    expect(fake.seen.prompts).toHaveLength(1);
    expect(fake.seen.historyReads).toContain(fake.seen.prompts[0]?.promptId);
  });

  it("a socket dropped and re-established at once keeps following the same prompt", async () => {
    fake.knobs.stepDelayMs = 40;
    fake.dropSocketsAfterStep(1);
    const { context, progress } = recordingContext();
    const image = await pool.generate({ ...GEN, steps: 8 }, context);
    expect(image.width).toBe(512);
    expect(progress.at(-1)?.step).toBe(8);
    expect(fake.seen.prompts).toHaveLength(1);
    expect(fake.seen.connections).toBeGreaterThanOrEqual(2);
  });

  it("follows an older server that ignores our prompt_id by the id it answers", async () => {
    fake.knobs.assignOwnPromptIds = true;
    fake.knobs.stepDelayMs = 5;
    const { context, progress } = recordingContext();
    const image = await pool.generate(GEN, context);
    expect(pixel(image, 0, 0)).toEqual(fakeColour(GEN.prompt, GEN.seed));
    expect(progress.filter((p) => !p.preview).map((p) => p.step)).toEqual([1, 2, 3, 4]);
  });

  it("a job that outlives its timeout fails `timeout` and is interrupted on the server", async () => {
    pool.close();
    pool = new ComfyPool(fastPool([fake.url], { timings: { jobTimeoutMs: 300, settleTimeoutMs: 1_000 } }));
    fake.knobs.stepDelayMs = 100;
    const error = await pool.generate({ ...GEN, steps: 20 }, recordingContext().context).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "timeout", retryable: false });
    await until(() => fake.seen.runs.length === 1);
    expect(fake.seen.prompts).toHaveLength(1); // a job timeout is not retried elsewhere
    expect(fake.seen.runs[0]?.status).toBe("interrupted");
  });

  it("uploads a mask whose alpha the server merges into the referenced image", async () => {
    const client = new ComfyClient({ url: fake.url });
    const source = await sharp(readPhoto("fig-in-red-bowl.png")).resize(64, 48).removeAlpha().png().toBuffer();
    const name = await client.upload(source, "fig.png");
    expect(name).toBe("easel/fig.png");
    const alpha = Buffer.alloc(64 * 48, 255);
    alpha.fill(0, 0, 64 * 10); // the mask editor clears alpha where the user painted
    const maskPng = await sharp(Buffer.alloc(64 * 48 * 3), { raw: { width: 64, height: 48, channels: 3 } })
      .joinChannel(alpha, { raw: { width: 64, height: 48, channels: 1 } })
      .png()
      .toBuffer();
    const masked = await client.uploadMask(maskPng, "fig-mask.png", {
      filename: "fig.png",
      subfolder: "easel",
      type: "input",
    });
    expect(masked).toBe("easel/fig-mask.png");
    const merged = await client.http.view({ filename: "fig-mask.png", subfolder: "easel", type: "input" });
    client.close();
    const { data, info } = await sharp(merged).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(4);
    const original = await sharp(source).raw().toBuffer();
    expect([data[3], data[(64 * 20 + 5) * 4 + 3]]).toEqual([0, 255]);
    expect([data[(64 * 20 + 5) * 4], data[(64 * 20 + 5) * 4 + 1]]).toEqual([
      original[(64 * 20 + 5) * 3],
      original[(64 * 20 + 5) * 3 + 1],
    ]);
  });

  it("img2img resizes the source to the requested size and blends by strength", async () => {
    const source = await photo("cat-chelsea.png"); // 512x340
    const image = await pool.vary(
      source,
      { ...GEN, width: 512, height: 336, strength: 0.5 },
      recordingContext().context,
    );
    expect([image.width, image.height]).toEqual([512, 336]);
    const colour = fakeColour(GEN.prompt, GEN.seed);
    const uploaded = fake.seen.uploads[0] as string;
    expect(uploaded).toMatch(/^easel\/easel-source-[0-9a-f]{20}\.png$/);
    // The fake blends exactly: out = src * (1 - s) + colour * s, src being the photo resized to 512x336.
    const resized = await sharp(readPhoto("cat-chelsea.png"))
      .removeAlpha()
      .resize(512, 336, { kernel: "lanczos3", fit: "fill" })
      .raw()
      .toBuffer();
    const src = { data: new Uint8Array(resized), width: 512, height: 336, channels: 3 as const };
    for (const [x, y] of [
      [100, 100],
      [0, 335],
      [400, 20],
    ] as const) {
      expect(pixel(image, x, y)).toEqual(
        pixel(src, x, y).map((v, c) => Math.round(v * 0.5 + (colour[c] as number) * 0.5)),
      );
    }
    expect(
      await pool.vary(source, { ...GEN, width: 512, height: 340, strength: 0 }, recordingContext().context),
    ).toEqual(source);
    expect(fake.seen.prompts).toHaveLength(1);
  });

  it("inpaint changes only the masked pixels of a real photo whose height is not a multiple of 8", async () => {
    const source = await photo("cat-chelsea.png"); // 512x340
    const mask = { data: new Uint8Array(512 * 340), width: 512, height: 340, channels: 1 as const };
    for (let y = 100; y < 200; y++) mask.data.fill(255, y * 512 + 150, y * 512 + 350);
    const image = await pool.inpaint(source, mask, GEN, recordingContext().context);
    expect([image.width, image.height]).toEqual([512, 340]);
    expect(pixel(image, 250, 150)).toEqual(fakeColour(GEN.prompt, GEN.seed));
    // Outside the mask grown by 8 px, every pixel is the photo's own.
    for (const [x, y] of [
      [0, 0],
      [511, 339],
      [140, 150],
      [360, 150],
      [250, 90],
      [250, 210],
      [400, 339],
    ] as const) {
      expect(pixel(image, x, y)).toEqual(pixel(source, x, y));
    }
  });

  it("outpaint extends the canvas and keeps the original pixels in place", async () => {
    const source = await photo("dandelions-meadow.png"); // 512x288
    const image = await pool.outpaint(
      source,
      { left: 64, top: 0, right: 64, bottom: 32 },
      GEN,
      recordingContext().context,
    );
    expect([image.width, image.height]).toEqual([640, 320]);
    expect(pixel(image, 64 + 200, 100)).toEqual(pixel(source, 200, 100));
    expect(pixel(image, 5, 5)).toEqual(fakeColour(GEN.prompt, GEN.seed));
    expect(pixel(image, 600, 310)).toEqual(fakeColour(GEN.prompt, GEN.seed));
  });

  it("outpaint to a canvas that is not a multiple of 8 px fills it to the last pixel", async () => {
    const source = await photo("dandelions-meadow.png"); // 512x288
    const image = await pool.outpaint(
      source,
      { left: 10, top: 0, right: 3, bottom: 5 },
      GEN,
      recordingContext().context,
    );
    expect([image.width, image.height]).toEqual([525, 293]);
    expect(pixel(image, 524, 292)).toEqual(fakeColour(GEN.prompt, GEN.seed));
    expect(pixel(image, 10 + 256, 144)).toEqual(pixel(source, 256, 144));
  });

  it("refuses a size that is not a multiple of 8 naming the field, before any server work", async () => {
    await expect(pool.generate({ ...GEN, width: 510 }, recordingContext().context)).rejects.toThrow(
      "`width` must be a multiple of 8 px",
    );
    expect(fake.seen.prompts).toHaveLength(0);
  });

  it("upscale through the pool's Upscaler reaches exactly the requested factor", async () => {
    pool.close();
    pool = new ComfyPool(fastPool([fake.url], { upscale: { model: "RealESRGAN_x4plus.pth", modelScale: 4 } }));
    const source = await photo("coffee-cup.png"); // 512x340
    const upscaler = pool.upscaler;
    expect(upscaler?.descriptor.capability).toBe("upscale");
    const image = await upscaler?.upscale(source, { scale: 2 }, recordingContext().context);
    expect([image?.width, image?.height]).toEqual([1024, 680]);
    const types = Object.values(fake.seen.prompts[0]?.workflow ?? {}).map((n) => n.class_type);
    expect(types).toEqual(expect.arrayContaining(["UpscaleModelLoader", "ImageUpscaleWithModel", "ImageScale"]));
  });
});
