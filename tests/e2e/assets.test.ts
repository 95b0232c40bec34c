import { EaselClient } from "@easel/shared";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EaselProcess, startEasel } from "../support/easel-process.js";
import { call, expectProblem } from "../support/http.js";
import { decode, gradientPng, pngBomb, readPhoto } from "../support/images.js";

describe("assets over HTTP", () => {
  let easel: EaselProcess;
  let key: string;
  let client: EaselClient;

  beforeAll(async () => {
    // A small pixel limit (1 MP) and upload limit (2 MB) so limits are testable with small files.
    easel = await startEasel({
      EASEL_MAX_INPUT_PIXELS: String(1024 * 1024),
      EASEL_MAX_UPLOAD_BYTES: String(2 * 1024 * 1024),
    });
    key = await easel.createKey("studio", "ana");
    client = new EaselClient({ baseUrl: easel.url, apiKey: key });
  });
  afterAll(async () => easel.stop());

  it("stores a real photograph and returns its exact bytes and size", async () => {
    const photo = readPhoto("coffee-cup.png");
    const asset = await client.uploadAsset(photo, "image/png");
    expect(asset).toMatchObject({ width: 512, height: 340, format: "png", bytes: photo.length, hasAlpha: false });
    expect(Buffer.from(await client.downloadAsset(asset.id)).equals(photo)).toBe(true);
    expect(await client.getAsset(asset.id)).toEqual(asset);
  });

  it("gives the same bytes the same id and keeps one copy", async () => {
    const png = await gradientPng(64, 48, 1);
    const first = await client.uploadAsset(png, "image/png");
    const second = await client.uploadAsset(png, "image/png");
    expect(second.id).toBe(first.id);
    expect(first.id).toMatch(/^[0-9a-f]{64}$/);
    const listed = await client.listAssets();
    expect(listed.assets.filter((a) => a.id === first.id)).toHaveLength(1);
  });

  it("accepts JPEG and WebP, and multipart uploads", async () => {
    const jpeg = await sharp(readPhoto("cat-chelsea.png")).jpeg({ quality: 85 }).toBuffer();
    const webp = await sharp(readPhoto("cat-chelsea.png")).webp({ quality: 80 }).toBuffer();
    expect((await client.uploadAsset(jpeg, "image/jpeg")).format).toBe("jpeg");
    expect((await client.uploadAsset(webp, "image/webp")).format).toBe("webp");
    const form = new FormData();
    form.set("file", new Blob([await gradientPng(32, 32, 9)], { type: "image/png" }), "g.png");
    const res = await call(`${easel.url}/v1/assets`, { method: "POST", body: form, key });
    expect(res.status).toBe(201);
    expect((res.body as { width: number }).width).toBe(32);
  });

  it("refuses bytes that are not an image, naming the body", async () => {
    const res = await call(`${easel.url}/v1/assets`, { method: "POST", body: "hello, not a picture", key });
    expectProblem(res, 415, "body");
  });

  it("refuses an empty upload", async () => {
    const res = await call(`${easel.url}/v1/assets`, { method: "POST", body: new Uint8Array(0), key });
    expectProblem(res, 400, "body");
  });

  it("refuses a truncated PNG and stores nothing", async () => {
    const png = readPhoto("forest-stream.png");
    const truncated = png.subarray(0, Math.floor(png.length * 0.6));
    const before = (await client.listAssets()).assets.length;
    const res = await call(`${easel.url}/v1/assets`, { method: "POST", body: truncated, key });
    const problem = expectProblem(res, 422, "body");
    expect(problem.detail).toMatch(/truncated|corrupt/);
    expect((await client.listAssets()).assets.length).toBe(before);
  });

  it("refuses an image over the pixel limit", async () => {
    const big = await sharp({ create: { width: 1100, height: 1000, channels: 3, background: "#336699" } })
      .png()
      .toBuffer();
    const problem = expectProblem(
      await call(`${easel.url}/v1/assets`, { method: "POST", body: big, key }),
      413,
      "body",
    );
    expect(problem.detail).toContain("1100x1000");
  });

  it("refuses a decompression bomb from its header, without decoding it", async () => {
    // 3.6 gigapixels declared in a 70-byte file whose pixel data is empty: decoding it would fail as
    // corrupt, so a 413 naming the declared size can only come from the header.
    const bomb = pngBomb(60_000, 60_000);
    const problem = expectProblem(
      await call(`${easel.url}/v1/assets`, { method: "POST", body: bomb, key }),
      413,
      "body",
    );
    expect(problem.detail).toContain("60000x60000");
  });

  it("refuses a body over the upload size limit", async () => {
    const noise = await sharp(Buffer.from(Array.from({ length: 1000 * 1000 * 3 }, (_, i) => (i * 7919) % 251)), {
      raw: { width: 1000, height: 1000, channels: 3 },
    })
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(noise.length).toBeGreaterThan(2 * 1024 * 1024);
    expectProblem(await call(`${easel.url}/v1/assets`, { method: "POST", body: noise, key }), 413, "body");
  });

  it("answers 404 for an unknown asset", async () => {
    expectProblem(await call(`${easel.url}/v1/assets/${"0".repeat(64)}`, { key }), 404);
  });

  it("keeps decoded pixels intact through storage", async () => {
    const png = await gradientPng(40, 30, 3);
    const asset = await client.uploadAsset(png, "image/png");
    const a = await decode(png);
    const b = await decode(await client.downloadAsset(asset.id));
    expect(b.data.equals(a.data)).toBe(true);
  });
});
