import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EaselClient, type Job } from "@easel/shared";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleKitFiles, kitForm } from "../support/brand-kits.js";
import { type EaselProcess, startEasel } from "../support/easel-process.js";
import { call, expectProblem } from "../support/http.js";
import { readPhoto } from "../support/images.js";
import { sharedEasel } from "../support/shared-easel.js";

// Inputs that used to be accepted and then fail inside a job as `internal`: each is now decided at upload or
// job creation by the rule the engines apply, and answered with a 422 naming the field.

/** A copy of `png` with one byte of the CRC of its first `type` chunk flipped (PNG spec §5.3). */
function breakChunkCrc(png: Buffer, type: string): Buffer {
  const out = Buffer.from(png);
  for (let at = 8; at + 12 <= out.length; at += 12 + out.readUInt32BE(at)) {
    if (out.toString("ascii", at + 4, at + 8) === type) {
      const crc = at + 8 + out.readUInt32BE(at);
      out[crc] = (out[crc] as number) ^ 0xff;
      return out;
    }
  }
  throw new Error(`no ${type} chunk`);
}

const solid = (width: number, height: number, background: string, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background } }).png().toBuffer();

describe("bad input is refused when it arrives, not in the job", () => {
  let easel: EaselProcess;
  let key: string;
  let client: EaselClient;
  let photo: Buffer;
  let size: { width: number; height: number };

  beforeAll(async () => {
    easel = await sharedEasel();
    const admin = await easel.createKey("validation-co", "ann", "brand-admin");
    key = await easel.createKey("validation-co", "dan", "designer");
    client = new EaselClient({ baseUrl: easel.url, apiKey: key });
    const kit = await call(`${easel.url}/v1/brand-kits`, {
      method: "POST",
      body: kitForm(exampleKitFiles("harvest-table")),
      key: admin,
    });
    expect(kit.status).toBe(201);
    // iCCP and eXIf kept, so the photo has ancillary chunks to break too.
    photo = await sharp(readPhoto("fig-in-red-bowl.png")).resize(96).withMetadata().png().toBuffer();
    const meta = await sharp(photo).metadata();
    size = { width: meta.width as number, height: meta.height as number };
  });

  const createJob = (body: unknown) =>
    call(`${easel.url}/v1/jobs`, {
      method: "POST",
      key,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("refuses a PNG whose image data fails its CRC at upload (422 naming `body`) and stores nothing", async () => {
    const before = (await client.listAssets()).assets.length;
    for (const chunk of ["IHDR", "IDAT"]) {
      const res = await call(`${easel.url}/v1/assets`, { method: "POST", body: breakChunkCrc(photo, chunk), key });
      expect(expectProblem(res, 422, "body").detail).toMatch(/corrupt|not a readable/);
    }
    expect((await client.listAssets()).assets.length).toBe(before);
  });

  it("decodes a PNG with a broken ancillary chunk as the engines do: accepted, and the job succeeds", async () => {
    // libpng drops an ancillary chunk whose CRC is wrong (PNG spec §13.2) at upload and in the worker alike.
    const bytes = breakChunkCrc(photo, "iCCP");
    const image = await client.uploadAsset(bytes, "image/png");
    const job = await client.waitForJob(
      (await client.createJob({ kind: "upscale", image: image.id, params: { tier: "instant" } })).id,
    );
    expect(job.problem ?? null).toBeNull();
    expect(job.layers[0]).toMatchObject({ width: 2 * size.width, height: 2 * size.height });
  });

  it("refuses at creation, for every edit kind, an image whose result the engines cannot take", async () => {
    const jobsBefore = (await client.listJobs({ limit: 50 })).jobs.length;
    const tall = await client.uploadAsset(await solid(1, 60000, "#808080"), "image/png");
    const stylize = expectProblem(
      await createJob({ kind: "stylize", image: tall.id, brandKit: "harvest-table" }),
      422,
      "image",
    );
    // The limit, in words: at 60000 px long the short side must be at least 3 px per 1024 px.
    expect(stylize.detail).toContain("1x60000");
    expect(stylize.detail).toMatch(/at least 177 px on the short side/);

    const dot = await client.uploadAsset(await solid(1, 1, "#808080"), "image/png");
    const tiny = await client.uploadAsset(await solid(2, 2, "#808080"), "image/png");
    const tinyMask = await client.uploadAsset(await solid(2, 2, "#ffffff"), "image/png");
    for (const body of [
      { kind: "upscale", image: dot.id, params: { tier: "instant" } },
      { kind: "outpaint", image: dot.id, params: { extend: { left: 8 } } },
      { kind: "inpaint", image: tiny.id, mask: tinyMask.id },
      { kind: "stylize", image: tiny.id, brandKit: "harvest-table" },
    ]) {
      expect(expectProblem(await createJob(body), 422, "image").detail).toMatch(/at least 3x3 px/);
    }
    // Nothing was queued for any of them.
    expect((await client.listJobs({ limit: 50 })).jobs.length).toBe(jobsBefore);
  });

  it("refuses a mask that selects nothing by the engines' rule (pure red is luminance 76 < 128): 422 naming `mask`", async () => {
    const image = await client.uploadAsset(photo, "image/png");
    const refused = [
      await solid(size.width, size.height, "#ff0000"), // luminance 76
      await solid(size.width, size.height, "#7f7f7f"), // 127
      await solid(size.width, size.height, "#ffffff00", 4), // white, but fully transparent: flattened onto black
    ];
    for (const mask of refused) {
      const asset = await client.uploadAsset(mask, "image/png");
      const problem = expectProblem(await createJob({ kind: "inpaint", image: image.id, mask: asset.id }), 422, "mask");
      expect(problem.detail).toMatch(/empty.*128/);
    }
    // At the threshold, and a single on pixel: accepted, and the engine fills them.
    const grey = await client.uploadAsset(await solid(size.width, size.height, "#808080"), "image/png");
    const onePixel = await sharp(await solid(size.width, size.height, "#000000"))
      .composite([{ input: await solid(1, 1, "#00ff00"), left: 40, top: 30 }]) // green: luminance 150
      .png()
      .toBuffer();
    const single = await client.uploadAsset(onePixel, "image/png");
    // Grey 128 covers the whole image, which the patch method refuses; telea fills it from the border.
    for (const [mask, method] of [
      [grey.id, "telea"],
      [single.id, "auto"],
    ] as const) {
      const res = await createJob({ kind: "inpaint", image: image.id, mask, params: { method, grow: 0 } });
      expect(res.status).toBe(202);
      const job = await client.waitForJob((res.body as Job).id);
      expect(job.problem ?? null).toBeNull();
      expect(job.status).toBe("succeeded");
    }
  });
});

describe("an engine's own error", () => {
  let easel: EaselProcess;

  afterAll(async () => easel?.stop());

  it("fails the job as job_failed in the product's words; the library's text goes to the log only", async () => {
    // A real model file that ONNX Runtime cannot parse: the library throws its own message (with the path).
    const dir = mkdtempSync(join(tmpdir(), "easel-broken-model-"));
    const model = join(dir, "broken-lama.onnx");
    writeFileSync(model, Buffer.from("this is not an ONNX protobuf, just text"));
    easel = await startEasel({ EASEL_INPAINT_MODEL: model });
    const client = new EaselClient({ baseUrl: easel.url, apiKey: await easel.createKey("acme", "dan") });
    const photo = await sharp(readPhoto("paint-brushes.png")).resize(64).png().toBuffer();
    const { width, height } = await sharp(photo).metadata();
    const image = await client.uploadAsset(photo, "image/png");
    const mask = await client.uploadAsset(
      await sharp(await solid(width as number, height as number, "#000000"))
        .composite([{ input: await solid(8, 8, "#ffffff"), left: 20, top: 20 }])
        .png()
        .toBuffer(),
      "image/png",
    );
    const job = await client.waitForJob(
      (
        await client.createJob({
          kind: "inpaint",
          image: image.id,
          mask: mask.id,
          params: { engine: "onnx-inpaint:broken-lama" },
        })
      ).id,
    );
    expect(job.status).toBe("failed");
    expect(job.problem).toMatchObject({ code: "job_failed" });
    expect(job.problem?.detail).toMatch(/onnx-inpaint:broken-lama engine failed while filling the masked area/);
    expect(job.problem?.detail).not.toContain(dir); // no file path
    expect(job.problem?.detail).not.toMatch(/protobuf|onnxruntime|Error:/i);
    // The operator still sees the library's words, with the job id.
    expect(easel.logs.find((line) => line.includes(job.id) && line.includes("cause:"))).toMatch(/broken-lama/);
  });
});
