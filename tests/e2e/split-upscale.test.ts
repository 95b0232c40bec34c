import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { createEasel, type Easel } from "../../server/src/app.js";
import type { Principal } from "../../server/src/auth/index.js";
import { loadConfig } from "../../server/src/config/config.js";
import { psnr } from "../../server/src/imaging/quality.js";
import type { WorkerPool } from "../../server/src/jobs/worker-pool.js";
import { scratchDir } from "../../server/src/testing/test-servers.js";
import { readPhoto } from "../support/images.js";

async function service(workers: number): Promise<{ easel: Easel; principal: Principal }> {
  const dataDir = scratchDir("easel-split-");
  const easel = await createEasel(
    loadConfig({ EASEL_DATA_DIR: dataDir, EASEL_WORKERS: String(workers), EASEL_LOG_LEVEL: "silent" }),
  );
  await easel.start();
  await easel.keys.ensureOrg("studio", "pro");
  const principal = (await easel.keys.authenticate(
    (
      await easel.keys.createKey("studio", "ana", "designer")
    ).key,
  )) as Principal;
  return { easel, principal };
}

async function upscaleOnce(easel: Easel, principal: Principal, png: Buffer) {
  const asset = await easel.assets.upload(principal.orgId, png);
  const job = await easel.jobs.create(principal, {
    kind: "upscale",
    image: asset.id,
    params: { tier: "fast", scale: 2 },
  });
  const controller = new AbortController();
  for await (const event of easel.jobs.events(principal, job.id, 0, controller.signal)) {
    if (event.type === "succeeded" || event.type === "failed") break;
  }
  const done = await easel.jobs.get(principal, job.id);
  expect(done.status).toBe("succeeded");
  const bytes = (await easel.assets.content(principal.orgId, done.layers[0]?.assetId as string)).bytes;
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 as const };
}

describe("an upscale split across idle workers", () => {
  const running: Easel[] = [];
  afterEach(async () => {
    for (const easel of running.splice(0)) await easel.stop();
  });

  it("runs its strips on both workers and matches the single-worker result", async () => {
    const png = await sharp(readPhoto("paint-brushes.png")).resize(160, 125).png().toBuffer();
    const two = await service(2);
    running.push(two.easel);
    const parts: number[] = [];
    const pool = two.easel.pool as WorkerPool;
    const run = pool.run.bind(pool);
    pool.run = (task, ...rest) => {
      if (task.part) parts.push(task.part.index);
      return run(task, ...rest);
    };
    const split = await upscaleOnce(two.easel, two.principal, png);
    expect(parts.sort()).toEqual([0, 1]);

    const one = await service(1);
    running.push(one.easel);
    const whole = await upscaleOnce(one.easel, one.principal, png);
    expect([split.width, split.height]).toEqual([320, 250]);
    // The strips overlap by 24 input px and are cross-faded: the seam is below visibility.
    expect(psnr(split, whole)).toBeGreaterThan(40);
  });
});
