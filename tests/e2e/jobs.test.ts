import { EaselClient, EaselError, type JobEvent } from "@easel/shared";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EaselProcess, startEasel } from "../support/easel-process.js";
import { call, expectProblem } from "../support/http.js";
import { decode, gradientPng, readPhoto } from "../support/images.js";

describe("jobs over HTTP", () => {
  let easel: EaselProcess;
  let client: EaselClient;
  let key: string;

  beforeAll(async () => {
    easel = await startEasel({ EASEL_DIAGNOSTICS: "1", EASEL_WORKERS: "2", EASEL_MAX_OUTPUT_SIDE: "4096" });
    key = await easel.createKey("studio", "ana");
    client = new EaselClient({ baseUrl: easel.url, apiKey: key });
  });
  afterAll(async () => easel.stop());

  it("upscales a real photo 2x with ESRGAN into a layer that covers its source", async () => {
    const photo = readPhoto("cat-chelsea.png");
    const image = await client.uploadAsset(photo, "image/png");
    const created = await client.createJob({
      kind: "upscale",
      image: image.id,
      params: { scale: 2, tier: "fast" },
      document: "file-1",
    });
    const job = await client.waitForJob(created.id);
    expect(job.status).toBe("succeeded");
    expect(job.layers).toHaveLength(1);
    const layer = job.layers[0];
    expect(layer).toMatchObject({ width: 1024, height: 680, placement: { x: 0, y: 0, width: 512, height: 340 } });
    const out = await decode(await client.downloadAsset(layer?.assetId as string));
    expect([out.width, out.height]).toEqual([1024, 680]);
    // Downscaled back to the source size, the result matches the photo closely (mean abs error, 0..255).
    const back = await sharp(await client.downloadAsset(layer?.assetId as string))
      .resize(512, 340, { kernel: "cubic" })
      .raw()
      .toBuffer();
    const src = (await decode(photo)).data;
    let error = 0;
    for (let i = 0; i < src.length; i++) error += Math.abs((src[i] as number) - (back[i] as number));
    expect(error / src.length).toBeLessThan(3);
  });

  it("keeps transparency: transparent pixels stay transparent after upscaling", async () => {
    const size = 64;
    const rgba = Buffer.alloc(size * size * 4);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const i = (y * size + x) * 4;
        rgba.set([200, 40, 40, x < size / 2 ? 255 : 0], i);
      }
    }
    const png = await sharp(rgba, { raw: { width: size, height: size, channels: 4 } })
      .png()
      .toBuffer();
    const image = await client.uploadAsset(png, "image/png");
    expect(image.hasAlpha).toBe(true);
    const job = await client.waitForJob(
      (await client.createJob({ kind: "upscale", image: image.id, params: { scale: 4, tier: "instant" } })).id,
    );
    const out = await decode(await client.downloadAsset(job.layers[0]?.assetId as string));
    expect(out.channels).toBe(4);
    // Every pixel: the left half stays opaque and the right half transparent (a few px of ringing at the edge).
    let wrong = 0;
    for (let y = 0; y < out.height; y++) {
      for (let x = 0; x < out.width; x++) {
        const alpha = out.data[(y * out.width + x) * 4 + 3];
        if (x < out.width / 2 - 4 && alpha !== 255) wrong++;
        if (x >= out.width / 2 + 4 && alpha !== 0) wrong++;
      }
    }
    expect(wrong).toBe(0);
  });

  it("reaches an exact target size, keeping the aspect ratio when one side is given", async () => {
    const image = await client.uploadAsset(await gradientPng(300, 200, 5), "image/png");
    const job = await client.waitForJob(
      (await client.createJob({ kind: "upscale", image: image.id, params: { width: 1000, tier: "instant" } })).id,
    );
    expect(job.layers[0]).toMatchObject({ width: 1000, height: 667 });
    expect(job.notes.join(" ")).toMatch(/resized exactly to 1000x667/);
  });

  it("refuses an upscale above the output cap, naming the field, before queueing", async () => {
    const image = await client.uploadAsset(await gradientPng(1500, 1000, 6), "image/png");
    const res = await call(`${easel.url}/v1/jobs`, {
      method: "POST",
      key,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "upscale", image: image.id, params: { scale: 4 } }),
    });
    const problem = expectProblem(res, 400, "params.scale");
    expect(problem.detail).toContain("6000x4000");
    expect(problem.detail).toContain("4096");
    const figma = await call(`${easel.url}/v1/jobs`, {
      method: "POST",
      key,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "upscale", image: image.id, params: { scale: 2, maxSide: 2048 } }),
    });
    expectProblem(figma, 400, "params.maxSide");
  });

  it("names the bad field for malformed job requests", async () => {
    const post = (body: unknown) =>
      call(`${easel.url}/v1/jobs`, {
        method: "POST",
        key,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expectProblem(await post({ kind: "paint" }), 400, "kind");
    expectProblem(await post({ kind: "upscale" }), 400, "image");
    expectProblem(await post({ kind: "upscale", image: "nope" }), 400, "image");
    expectProblem(await post({ kind: "upscale", image: "a".repeat(64) }), 404, "image");
    expectProblem(await post({ kind: "upscale", image: "a".repeat(64), params: { scale: 5 } }), 400, "params.scale");
    expectProblem(await post({ kind: "noop", parent: "job_0000000000000000000000000a" }), 404, "parent");
    const notJson = await call(`${easel.url}/v1/jobs`, {
      method: "POST",
      key,
      headers: { "content-type": "application/json" },
      body: "{",
    });
    expectProblem(notJson, 400, "body");
  });

  it("answers 503 for text-to-image with what to configure, never a fake image", async () => {
    const res = await call(`${easel.url}/v1/jobs`, {
      method: "POST",
      key,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "generate", prompt: "a lighthouse at dawn" }),
    });
    const problem = expectProblem(res, 503, "kind");
    expect(problem.detail).toMatch(/Stable Diffusion ONNX|ComfyUI/);
    const engines = await client.engines();
    expect(engines.unavailable.map((u) => u.capability)).toContain("generate");
    expect(engines.engines.find((e) => e.capability === "upscale")?.name).toBeTruthy();
  });

  it("cancels a running job: it ends cancelled, never having finished its work", async () => {
    // Ten minutes of work: nothing but the cancel can end it within the test (speed: bench/ jobs suite).
    const created = await client.createJob({ kind: "noop", params: { workMs: 600_000 } });
    for await (const event of client.events(created.id)) if (event.type === "started") break;
    const job = await client.cancel(created.id);
    expect(job.status).toBe("cancelled");
    const events = await collect(client.events(created.id));
    expect(events.map((e) => e.type)).not.toContain("succeeded");
    expect(events.at(-1)?.type).toBe("cancelled");
    // A cancelled job stays cancelled: cancelling again is harmless.
    expect((await client.cancel(created.id)).status).toBe("cancelled");
  });

  it("cancels a queued job at once", async () => {
    // Enough jobs to occupy every worker thread of either topology (embedded: 2; distributed: 2 × 2),
    // ten minutes each, so the next job is provably still queued when it is cancelled.
    const blockers = await Promise.all(
      [1, 2, 3, 4].map(() => client.createJob({ kind: "noop", params: { workMs: 600_000 } })),
    );
    const queued = await client.createJob({ kind: "noop", params: { workMs: 10 } });
    const job = await client.cancel(queued.id);
    expect(job.status).toBe("cancelled");
    expect(job.startedAt).toBeNull();
    await Promise.all(blockers.map((b) => client.cancel(b.id)));
  });

  it("replays missed events after a disconnect (Last-Event-ID) with no gaps or repeats", async () => {
    const created = await client.createJob({ kind: "noop", params: { workMs: 1500 } });
    const first: JobEvent[] = [];
    const controller = new AbortController();
    try {
      for await (const event of client.events(created.id, { signal: controller.signal })) {
        first.push(event);
        if (event.type === "progress") {
          controller.abort(); // drop the connection mid-job
          break;
        }
      }
    } catch {
      // aborted
    }
    await new Promise((resolve) => setTimeout(resolve, 600)); // events keep happening meanwhile
    const last = first.at(-1)?.seq ?? 0;
    const rest = await collect(client.events(created.id, { after: last }));
    const all = [...first, ...rest];
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    expect(all[0]?.type).toBe("queued");
    expect(all.at(-1)?.type).toBe("succeeded");
    // The same resume over raw SSE: the header form of Last-Event-ID.
    const raw = await fetch(`${easel.url}/v1/jobs/${created.id}/events`, {
      headers: { authorization: `Bearer ${key}`, "last-event-id": String(last) },
    });
    const text = await raw.text();
    expect(text).toContain(`id: ${last + 1}\n`);
    expect(text).not.toContain(`id: ${last}\n`);
  });

  it("answers /health while two CPU-heavy jobs are provably running", async () => {
    // Ten minutes of CPU work each: they cannot finish during the test, so "started" before and
    // "running" after the health checks prove every answer came while both threads were busy.
    // How quickly it answers is measured by bench/ (jobs suite, http.health.p99_under_load_ms).
    const heavy = await Promise.all([1, 2].map(() => client.createJob({ kind: "noop", params: { workMs: 600_000 } })));
    await Promise.all(
      heavy.map(async (h) => {
        for await (const event of client.events(h.id)) if (event.type === "started") break;
      }),
    );
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${easel.url}/health`);
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    for (const h of heavy) expect((await client.getJob(h.id)).status).toBe("running");
    await Promise.all(heavy.map((h) => client.cancel(h.id)));
  });

  it("lists the history of a document and the children of a job", async () => {
    const image = await client.uploadAsset(await gradientPng(40, 40, 7), "image/png");
    const parent = await client.createJob({
      kind: "upscale",
      image: image.id,
      document: "doc-tree",
      params: { tier: "instant" },
    });
    await client.waitForJob(parent.id);
    const child = await client.createJob({
      kind: "upscale",
      image: image.id,
      document: "doc-tree",
      parent: parent.id,
      params: { scale: 3, tier: "instant" },
    });
    await client.waitForJob(child.id);
    const history = await client.listJobs({ document: "doc-tree" });
    expect(history.jobs.map((j) => j.id).sort()).toEqual([parent.id, child.id].sort());
    const children = await client.listJobs({ parent: parent.id });
    expect(children.jobs.map((j) => j.id)).toEqual([child.id]);
  });

  it("publishes an OpenAPI document generated from the protocol schemas", async () => {
    const res = await call(`${easel.url}/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = res.body as { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/v1/assets", "/v1/jobs", "/v1/jobs/{id}/events"]));
    expect(JSON.stringify(doc.paths["/v1/jobs"]?.post?.requestBody)).toContain("upscale");
  });

  it("lets the Figma iframe (origin null) call the API, and no other origin", async () => {
    const preflight = await fetch(`${easel.url}/v1/jobs`, {
      method: "OPTIONS",
      headers: {
        origin: "null",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type",
      },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBe("null");
    const evil = await fetch(`${easel.url}/v1/jobs`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("rejects missing and unknown API keys with 401", async () => {
    expectProblem(await call(`${easel.url}/v1/jobs`), 401, "authorization");
    expectProblem(
      await call(`${easel.url}/v1/jobs`, { key: "easel_key_00000000000000000000000000_abcdefghijklmnopqrstuvwxyz" }),
      401,
      "authorization",
    );
    await expect(new EaselClient({ baseUrl: easel.url, apiKey: "nope" }).listJobs()).rejects.toBeInstanceOf(EaselError);
  });

  it("hides one org's assets and jobs from another (404, not 403)", async () => {
    const other = new EaselClient({ baseUrl: easel.url, apiKey: await easel.createKey("rival", "bob") });
    const image = await client.uploadAsset(await gradientPng(20, 20, 8), "image/png");
    const job = await client.createJob({ kind: "upscale", image: image.id, params: { tier: "instant" } });
    await client.waitForJob(job.id);
    const otherKey = await easel.createKey("rival", "bob2");
    for (const path of [
      `/v1/assets/${image.id}`,
      `/v1/assets/${image.id}/content`,
      `/v1/jobs/${job.id}`,
      `/v1/jobs/${job.id}/events`,
    ]) {
      expectProblem(await call(`${easel.url}${path}`, { key: otherKey }), 404);
    }
    expectProblem(await call(`${easel.url}/v1/jobs/${job.id}/cancel`, { method: "POST", key: otherKey }), 404);
    const theirs = await call(`${easel.url}/v1/jobs`, {
      method: "POST",
      key: otherKey,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "upscale", image: image.id }),
    });
    expectProblem(theirs, 404, "image");
    expect((await other.listJobs()).jobs).toHaveLength(0);
    expect((await other.listAssets()).assets).toHaveLength(0);
    // The same bytes uploaded by the other org become their own asset, independently.
    const mine = await other.uploadAsset(await gradientPng(20, 20, 8), "image/png");
    expect(mine.id).toBe(image.id);
  });
});

async function collect(events: AsyncIterable<JobEvent>): Promise<JobEvent[]> {
  const out: JobEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}
