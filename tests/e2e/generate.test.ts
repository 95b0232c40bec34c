import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EaselClient, type JobEvent } from "@easel/shared";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTinyPipeline } from "../fixtures/sd/build-tiny-pipeline.js";
import { type EaselProcess, startEasel } from "../support/easel-process.js";
import { decode, readPhoto } from "../support/images.js";

// Text-to-image through the service with the ONNX Stable Diffusion pipeline. No real diffusion weights can
// be had here, so the model is a tiny random-weight export with the exact diffusers input/output contract:
// the images are noise-like, but every code path — tokenizer, scheduler, guidance, VAE, previews — is real.

describe("generate and vary with an ONNX Stable Diffusion export", () => {
  let easel: EaselProcess;
  let client: EaselClient;

  beforeAll(async () => {
    const modelDir = await writeTinyPipeline(join(mkdtempSync(join(tmpdir(), "easel-sd-")), "tiny-sd"));
    // The random-weight model paints noise, which nsfwjs sometimes scores as explicit (0.68 seen), so this
    // deployment raises the output thresholds; the safety tests check the defaults.
    easel = await startEasel({
      EASEL_SD_MODEL_DIR: modelDir,
      EASEL_SAFETY_EXPLICIT: "0.99",
      EASEL_SAFETY_SUGGESTIVE: "0.99",
    });
    client = new EaselClient({ baseUrl: easel.url, apiKey: await easel.createKey("studio", "ana") });
  });
  afterAll(async () => easel.stop());

  it("lists the model as the generate and vary engine", async () => {
    const engines = await client.engines();
    expect(
      engines.engines
        .filter((e) => e.name === "onnx-sd:tiny-sd")
        .map((e) => e.capability)
        .sort(),
    ).toEqual(["generate", "vary"]);
    expect(engines.unavailable.map((u) => u.capability)).not.toContain("generate");
  });

  it("generates candidates best seen live: previews every step, one layer per seed, same seed → same image", async () => {
    const request = {
      kind: "generate" as const,
      prompt: "a red apple on a table",
      params: { width: 64, height: 64, steps: 4, seed: 11, candidates: 2 },
    };
    const created = await client.createJob(request);
    const events: JobEvent[] = [];
    for await (const event of client.events(created.id)) events.push(event);
    const previews = events.filter(
      (e) => e.type === "progress" && e.data.preview?.startsWith("data:image/png;base64,"),
    );
    expect(previews.length).toBeGreaterThanOrEqual(8); // 4 steps x 2 candidates
    const job = await client.getJob(created.id);
    expect(job.status).toBe("succeeded");
    expect(job.layers.map((l) => [l.width, l.height, l.seed])).toEqual([
      [64, 64, 11],
      [64, 64, 12],
    ]);
    expect(job.layers[0]?.assetId).not.toBe(job.layers[1]?.assetId);
    const again = await client.waitForJob(
      (await client.createJob({ ...request, params: { ...request.params, candidates: 1 } })).id,
    );
    // Deterministic by seed: the same pixels (the files differ only in their signed manifests).
    const first = await decode(await client.downloadAsset(job.layers[0]?.assetId as string));
    const repeat = await decode(await client.downloadAsset(again.layers[0]?.assetId as string));
    expect(repeat.data.equals(first.data)).toBe(true);
    const second = await decode(await client.downloadAsset(job.layers[1]?.assetId as string));
    expect(second.data.equals(first.data)).toBe(false);
  });

  it("snaps sizes to multiples of 8 and says so", async () => {
    const job = await client.waitForJob(
      (
        await client.createJob({
          kind: "generate",
          prompt: "a lighthouse",
          params: { width: 70, height: 83, steps: 2, seed: 1 },
        })
      ).id,
    );
    expect(job.layers[0]).toMatchObject({ width: 72, height: 80 });
    expect(job.notes.join(" ")).toMatch(/70 was snapped to 72/);
  });

  it("varies an image at its own size, and strength 0 gives the input back", async () => {
    const photo = await sharp(readPhoto("coffee-cup.png")).resize(64, 48).png().toBuffer();
    const image = await client.uploadAsset(photo, "image/png");
    const varied = await client.waitForJob(
      (await client.createJob({ kind: "vary", image: image.id, params: { strength: 0.6, steps: 4, seed: 5 } })).id,
    );
    expect(varied.layers[0]).toMatchObject({ width: 64, height: 48, placement: { x: 0, y: 0, width: 64, height: 48 } });
    const same = await client.waitForJob(
      (await client.createJob({ kind: "vary", image: image.id, params: { strength: 0, steps: 4, seed: 5 } })).id,
    );
    const a = await decode(photo);
    const b = await decode(await client.downloadAsset(same.layers[0]?.assetId as string));
    expect(b.data.equals(a.data)).toBe(true);
  });

  it("fills a masked area from the prompt with the diffusion engine, keeping everything far from it", async () => {
    const photo = await sharp(readPhoto("coffee-cup.png")).resize(96, 64).png().toBuffer();
    const mask = await sharp({ create: { width: 96, height: 64, channels: 3, background: "#000" } })
      .composite([{ input: { create: { width: 24, height: 16, channels: 3, background: "#fff" } }, left: 36, top: 24 }])
      .png()
      .toBuffer();
    const image = await client.uploadAsset(photo, "image/png");
    const maskAsset = await client.uploadAsset(mask, "image/png");
    const job = await client.waitForJob(
      (
        await client.createJob({
          kind: "inpaint",
          image: image.id,
          mask: maskAsset.id,
          prompt: "a sugar cube",
          params: { seed: 4, steps: 3, grow: 4, feather: 4 },
        })
      ).id,
    );
    expect(job.status).toBe("succeeded");
    expect(job.layers[0]).toMatchObject({ width: 96, height: 64, label: "Fill · a sugar cube" });
    const out = await decode(await client.downloadAsset(job.layers[0]?.assetId as string));
    const src = await decode(photo);
    let changedFar = 0;
    let changedInside = 0;
    for (let y = 0; y < 64; y++) {
      for (let x = 0; x < 96; x++) {
        const i = (y * 96 + x) * 3;
        const differs = [0, 1, 2].some((c) => out.data[i + c] !== src.data[i + c]);
        const far = x < 36 - 9 || x >= 60 + 9 || y < 24 - 9 || y >= 40 + 9;
        const inside = x >= 38 && x < 58 && y >= 26 && y < 38;
        if (far && differs) changedFar++;
        if (inside && differs) changedInside++;
      }
    }
    expect(changedFar).toBe(0);
    expect(changedInside).toBeGreaterThan(100);
    const verified = (await (
      await fetch(`${easel.url}/v1/provenance/verify`, {
        method: "POST",
        body: await client.downloadAsset(job.layers[0]?.assetId as string),
      })
    ).json()) as { manifest: unknown };
    expect(JSON.stringify(verified.manifest)).toContain("compositeWithTrainedAlgorithmicMedia");
  });
});
