import { EaselClient, type JobEvent } from "@easel/shared";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import type { EaselProcess } from "../support/easel-process.js";
import { call, expectProblem } from "../support/http.js";
import { decode, readPhoto } from "../support/images.js";
import { sharedEasel } from "../support/shared-easel.js";

// Object removal and canvas extension through the real service, on a real photograph.

const SQUARE = { x: 200, y: 120, size: 40 }; // the object to remove (px)

async function photoWithObject() {
  const photo = await sharp(readPhoto("forest-stream.png")).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = photo.info;
  const withObject = Buffer.from(photo.data);
  for (let y = SQUARE.y; y < SQUARE.y + SQUARE.size; y++) {
    for (let x = SQUARE.x; x < SQUARE.x + SQUARE.size; x++) withObject.set([20, 20, 24], (y * width + x) * 3);
  }
  const mask = Buffer.alloc(width * height);
  for (let y = SQUARE.y - 4; y < SQUARE.y + SQUARE.size + 4; y++) {
    for (let x = SQUARE.x - 4; x < SQUARE.x + SQUARE.size + 4; x++) mask[y * width + x] = 255;
  }
  const png = (data: Buffer, channels: 1 | 3) => sharp(data, { raw: { width, height, channels } }).png().toBuffer();
  return { width, height, original: photo.data, image: await png(withObject, 3), mask: await png(mask, 1) };
}

describe("inpaint and outpaint over HTTP", () => {
  let easel: EaselProcess;
  let client: EaselClient;
  let key: string;

  beforeAll(async () => {
    easel = await sharedEasel();
    key = await easel.createKey("fill-studio", "ana");
    client = new EaselClient({ baseUrl: easel.url, apiKey: key });
  });

  it("removes an object: the hole takes the surroundings' colours, everything far from it is untouched", async () => {
    const scene = await photoWithObject();
    const image = await client.uploadAsset(scene.image, "image/png");
    const mask = await client.uploadAsset(scene.mask, "image/png");
    const job = await client.waitForJob(
      (await client.createJob({ kind: "inpaint", image: image.id, mask: mask.id, params: { seed: 7 } })).id,
    );
    expect(job.status).toBe("succeeded");
    expect(job.layers[0]).toMatchObject({ width: scene.width, height: scene.height, label: "Remove", seed: 7 });
    const out = await decode(await client.downloadAsset(job.layers[0]?.assetId as string));
    const input = await decode(scene.image);

    const reach = 4 + 8 + 8 + 1; // mask margin + grow + feather + rounding (px)
    let changedOutside = 0;
    const fillMean = [0, 0, 0];
    const originalMean = [0, 0, 0];
    let holePixels = 0;
    for (let y = 0; y < scene.height; y++) {
      for (let x = 0; x < scene.width; x++) {
        const i = (y * scene.width + x) * 3;
        const inObject = x >= SQUARE.x && x < SQUARE.x + SQUARE.size && y >= SQUARE.y && y < SQUARE.y + SQUARE.size;
        const far =
          x < SQUARE.x - reach ||
          x >= SQUARE.x + SQUARE.size + reach ||
          y < SQUARE.y - reach ||
          y >= SQUARE.y + SQUARE.size + reach;
        for (let c = 0; c < 3; c++) {
          if (far && out.data[i + c] !== input.data[i + c]) changedOutside++;
          if (inObject) {
            fillMean[c] = (fillMean[c] as number) + (out.data[i + c] as number);
            originalMean[c] = (originalMean[c] as number) + (scene.original[i + c] as number);
          }
        }
        if (inObject) holePixels++;
      }
    }
    expect(changedOutside).toBe(0);
    // Synthesised texture differs pixel by pixel from what was behind the object, so compare colours:
    // the object was ~80 levels off the scene; the fill's mean colour is within a fraction of that.
    const object = [20, 20, 24];
    for (let c = 0; c < 3; c++) {
      const fill = (fillMean[c] as number) / holePixels;
      const truth = (originalMean[c] as number) / holePixels;
      const contrast = Math.abs(truth - (object[c] as number));
      expect(contrast).toBeGreaterThan(50);
      expect(Math.abs(fill - truth)).toBeLessThan(contrast * 0.25);
    }
  });

  it("refuses a mask of the wrong size or an empty mask, naming `mask`", async () => {
    const scene = await photoWithObject();
    const image = await client.uploadAsset(scene.image, "image/png");
    const small = await client.uploadAsset(
      await sharp({ create: { width: 100, height: 80, channels: 3, background: "#fff" } })
        .png()
        .toBuffer(),
      "image/png",
    );
    const empty = await client.uploadAsset(
      await sharp({ create: { width: scene.width, height: scene.height, channels: 3, background: "#000" } })
        .png()
        .toBuffer(),
      "image/png",
    );
    const post = (mask: string) =>
      call(`${easel.url}/v1/jobs`, {
        method: "POST",
        key,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ kind: "inpaint", image: image.id, mask }),
      });
    const wrong = expectProblem(await post(small.id), 400, "mask");
    expect(wrong.detail).toContain(`(${scene.width}x${scene.height}), got 100x80`);
    expect(expectProblem(await post(empty.id), 422, "mask").detail).toMatch(/empty/);
  });

  it("expands the canvas: the original stays put and the new border continues its edge colours", async () => {
    const photo = readPhoto("mountain-meadow-autumn.png");
    const image = await client.uploadAsset(photo, "image/png");
    const extend = { left: 32, top: 0, right: 32, bottom: 24 };
    const job = await client.waitForJob(
      (await client.createJob({ kind: "outpaint", image: image.id, params: { extend, seed: 3, grow: 0, feather: 0 } }))
        .id,
    );
    expect(job.status).toBe("succeeded");
    const layer = job.layers[0];
    expect(layer).toMatchObject({
      width: 512 + 64,
      height: 340 + 24,
      placement: { x: -32, y: 0, width: 576, height: 364 },
    });
    const out = await decode(await client.downloadAsset(layer?.assetId as string));
    const src = await decode(photo);
    let moved = 0;
    for (let y = 0; y < src.height; y++) {
      for (let x = 0; x < src.width; x++) {
        for (let c = 0; c < 3; c++)
          if (out.data[(y * out.width + x + 32) * 3 + c] !== src.data[(y * src.width + x) * 3 + c]) moved++;
      }
    }
    expect(moved).toBe(0);
    // Mean colour of the new left strip vs the original's leftmost 32 px.
    const mean = (img: typeof out, x0: number, x1: number, y0: number, y1: number) => {
      const sum = new Float64Array(3);
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          for (let c = 0; c < 3; c++) sum[c] = (sum[c] as number) + (img.data[(y * img.width + x) * 3 + c] as number);
        }
      }
      return Array.from(sum, (s) => s / ((x1 - x0) * (y1 - y0)));
    };
    const strip = mean(out, 0, 32, 0, 340);
    const edge = mean(src, 0, 32, 0, 340);
    for (let c = 0; c < 3; c++) expect(Math.abs((strip[c] as number) - (edge[c] as number))).toBeLessThan(20);
  });

  it("makes one candidate per seed", async () => {
    const scene = await photoWithObject();
    const image = await client.uploadAsset(scene.image, "image/png");
    const mask = await client.uploadAsset(scene.mask, "image/png");
    const job = await client.waitForJob(
      (
        await client.createJob({
          kind: "inpaint",
          image: image.id,
          mask: mask.id,
          params: { seed: 100, candidates: 2, method: "patch" },
        })
      ).id,
    );
    expect(job.layers.map((l) => l.seed)).toEqual([100, 101]);
    expect(job.layers[0]?.assetId).not.toBe(job.layers[1]?.assetId);
  });

  it("delivers each candidate as it finishes, best so far first, before the next one is made", async () => {
    const scene = await photoWithObject();
    const image = await client.uploadAsset(scene.image, "image/png");
    const mask = await client.uploadAsset(scene.mask, "image/png");
    const created = await client.createJob({
      kind: "inpaint",
      image: image.id,
      mask: mask.id,
      params: { seed: 40, candidates: 4, method: "patch" },
    });
    const events: JobEvent[] = [];
    for await (const event of client.events(created.id)) events.push(event);
    const job = await client.getJob(created.id);
    expect(job.status).toBe("succeeded");
    const candidates = events.flatMap((e) => (e.type === "candidate" ? [{ seq: e.seq, ...e.data }] : []));
    // Each candidate once: four events, four candidate numbers, four layers.
    expect(candidates.map((c) => c.candidate).sort()).toEqual([0, 1, 2, 3]);
    expect(new Set(candidates.map((c) => c.layer.id)).size).toBe(4);

    // Sequence, not time: the engine reports one progress scale across the four fills (candidate j's
    // steps lie in j·t..(j+1)·t, t = total/4), so a step past (k+1)·t means fill k+1 is under way. The
    // k-th candidate is announced before that: the first image arrives while three are still to be made.
    const fills = events.flatMap((e) => (e.type === "progress" && e.data.stage === "engine.inpaint" ? [e] : []));
    for (let k = 0; k < 3; k++) {
      const next = fills.find((e) => e.data.step > ((k + 1) * e.data.total) / 4);
      expect(next, `fill ${k + 1} reported progress`).toBeDefined();
      expect((candidates[k] as { seq: number }).seq).toBeLessThan(next?.seq as number);
    }

    // Best so far first: each carries its score and its rank among those announced before it (ties go
    // to the higher quality, then the earlier candidate).
    type Announced = (typeof candidates)[number];
    const beats = (b: Announced, c: Announced) => {
      const [bs, cs] = [b.score as number, c.score as number];
      const [bq, cq] = [b.layer.scores.quality as number, c.layer.scores.quality as number];
      return bs !== cs ? bs > cs : bq !== cq ? bq > cq : (b.candidate as number) < (c.candidate as number);
    };
    for (const [i, c] of candidates.entries()) {
      expect(c.score).toBe(c.layer.scores.score);
      const better = candidates.slice(0, i).filter((b) => beats(b, c)).length;
      expect(c.rank).toBe(better + 1);
      expect(c.index).toBe(better);
    }
    // The final order is `succeeded`'s (and the job's): best first, the layers announced, same ids.
    const succeeded = events.at(-1);
    expect(succeeded?.type).toBe("succeeded");
    const scores = job.layers.map((l) => l.scores.score as number);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(job.layers.map((l) => l.id).sort()).toEqual(candidates.map((c) => c.layer.id).sort());
    for (const layer of job.layers) {
      expect(candidates.find((c) => c.layer.id === layer.id)?.layer.assetId).toBe(layer.assetId);
    }
  });

  it("charges a job cancelled after candidates were announced for those, and refunds the rest", async () => {
    const used = async () =>
      ((await call(`${easel.url}/v1/usage`, { key })).body as { quota: { used: number } }).quota.used;
    const before = await used();
    const scene = await photoWithObject();
    const image = await client.uploadAsset(scene.image, "image/png");
    const mask = await client.uploadAsset(scene.mask, "image/png");
    const created = await client.createJob({
      kind: "inpaint",
      image: image.id,
      mask: mask.id,
      params: { seed: 60, candidates: 4, method: "patch" },
    });
    const announced: string[] = [];
    for await (const event of client.events(created.id)) {
      if (event.type !== "candidate") continue;
      // The designer saw the first image and stopped the rest.
      if (announced.push(event.data.layer.assetId) === 1) await client.cancel(created.id);
    }
    const job = await client.getJob(created.id);
    expect(job.status).toBe("cancelled");
    expect(announced.length).toBeGreaterThanOrEqual(1);
    expect(announced.length).toBeLessThan(4);
    // Each announced image was delivered (it is served), so each is charged; the others are refunded.
    for (const assetId of announced) expect((await client.downloadAsset(assetId)).length).toBeGreaterThan(0);
    expect(await used()).toBe(before + announced.length);
  });

  it("lists the local inpaint engine with its methods, and refuses an unknown method", async () => {
    const engines = await client.engines();
    const local = engines.engines.find((e) => e.name === "local-inpaint");
    expect(local?.limits.methods).toEqual(["auto", "telea", "ns", "patch"]);
    const scene = await photoWithObject();
    const image = await client.uploadAsset(scene.image, "image/png");
    const mask = await client.uploadAsset(scene.mask, "image/png");
    const res = await call(`${easel.url}/v1/jobs`, {
      method: "POST",
      key,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "inpaint", image: image.id, mask: mask.id, params: { method: "magic" } }),
    });
    expectProblem(res, 400, "params.method");
  });
});
