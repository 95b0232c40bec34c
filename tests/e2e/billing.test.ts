import { rmSync } from "node:fs";
import { EaselClient, EaselError, type UsageReport } from "@easel/shared";
import { beforeAll, describe, expect, it } from "vitest";
import { ApiKeys } from "../../server/src/auth/index.js";
import { periodOf } from "../../server/src/billing/plans.js";
import type { EaselProcess } from "../support/easel-process.js";
import { call, expectProblem } from "../support/http.js";
import { gradientPng } from "../support/images.js";
import { sharedEasel } from "../support/shared-easel.js";

/** Records `images` already charged this month for an org, as if earlier jobs had delivered them. */
async function seedUsage(easel: EaselProcess, org: string, images: number): Promise<void> {
  const db = await easel.openDb();
  try {
    const orgId = (await new ApiKeys(db).ensureOrg(org, "free")).id;
    const now = Date.now();
    await db.run((q) =>
      q.insert(db.t.quotaReservations).values({
        jobId: `job_seed_${org}`,
        orgId,
        period: periodOf(now),
        reserved: images,
        charged: images,
        state: "charged",
        createdAt: now,
        settledAt: now,
      }),
    );
  } finally {
    await db.close();
  }
}

const usage = async (url: string, key: string) => (await call(`${url}/v1/usage`, { key })).body as UsageReport;

describe("plans, quotas and rate limits", () => {
  let easel: EaselProcess;

  beforeAll(async () => {
    // Rate limits off here so the quota alone decides; the rate-limit test below runs its own server.
    easel = await sharedEasel({ EASEL_RATE_LIMITS: "0" });
  });

  it("refuses the 51st free image of the month with a problem that says why and when", async () => {
    await seedUsage(easel, "freebie", 48);
    const key = await easel.createKey("freebie", "ana", "designer", "free");
    const client = new EaselClient({ baseUrl: easel.url, apiKey: key });
    const image = await client.uploadAsset(await gradientPng(32, 32, 1), "image/png");
    for (let i = 0; i < 2; i++) {
      const job = await client.waitForJob(
        (await client.createJob({ kind: "upscale", image: image.id, params: { tier: "instant" } })).id,
      );
      expect(job.status).toBe("succeeded");
      expect(job.layers[0]?.commercialRights).toBe(false);
    }
    const res = await call(`${easel.url}/v1/jobs`, {
      method: "POST",
      key,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "upscale", image: image.id, params: { tier: "instant" } }),
    });
    const problem = expectProblem(res, 429, "quota");
    expect(problem.code).toBe("quota_exceeded");
    expect(problem.detail).toMatch(/50 images per month; 0 left/);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await usage(easel.url, key)).quota).toMatchObject({ limit: 50, used: 50, reserved: 0, remaining: 0 });
  });

  it("never delivers more than the remaining quota to 20 parallel requests", async () => {
    await seedUsage(easel, "racer", 45);
    const key = await easel.createKey("racer", "bo", "designer", "free");
    const client = new EaselClient({ baseUrl: easel.url, apiKey: key });
    const image = await client.uploadAsset(await gradientPng(24, 24, 2), "image/png");
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        client.createJob({ kind: "upscale", image: image.id, params: { tier: "instant" } }).then(
          (created) => created.id,
          (error: unknown) => error,
        ),
      ),
    );
    const accepted = results.filter((r): r is string => typeof r === "string");
    const refused = results.filter((r) => r instanceof EaselError);
    expect(accepted).toHaveLength(5);
    expect(refused).toHaveLength(15);
    expect(refused.every((e) => (e as EaselError).problem.code === "quota_exceeded")).toBe(true);
    const done = await Promise.all(accepted.map((id) => client.waitForJob(id)));
    expect(done.every((j) => j.status === "succeeded" && j.layers.length === 1)).toBe(true);
    expect((await usage(easel.url, key)).quota).toMatchObject({ used: 50, reserved: 0, remaining: 0 });
  });

  it("refunds jobs that fail or are cancelled", async () => {
    const key = await easel.createKey("refunds", "cy", "designer", "free");
    const client = new EaselClient({ baseUrl: easel.url, apiKey: key });
    const image = await client.uploadAsset(await gradientPng(300, 200, 3), "image/png");
    // A failure: the input's bytes vanish from storage before the worker reads them.
    rmSync(`${easel.dataDir}/blobs/${image.id.slice(0, 2)}/${image.id.slice(2, 4)}/${image.id}`);
    const failed = await client.waitForJob(
      (await client.createJob({ kind: "upscale", image: image.id, params: { tier: "instant" } })).id,
    );
    expect(failed.status).toBe("failed");
    // A cancellation while running: a slow best-tier upscale of a fresh image.
    const other = await client.uploadAsset(await gradientPng(300, 200, 4), "image/png");
    const slow = await client.createJob({ kind: "upscale", image: other.id, params: { tier: "best", scale: 2 } });
    for await (const event of client.events(slow.id)) if (event.type === "started") break;
    expect((await client.cancel(slow.id)).status).toBe("cancelled");
    // The cancel may land while ONNX Runtime is converting or loading the model (native code): the
    // server must stay up (terminating that thread used to abort the whole process).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await fetch(`${easel.url}/health`)).status).toBe(200);
    const report = await usage(easel.url, key);
    expect(report.quota).toMatchObject({ used: 0, reserved: 0, remaining: 50 });
  });

  it("reports usage: designers see images and compute, admins also see cost and margin", async () => {
    const designer = await easel.createKey("acme-ent", "dee", "designer", "enterprise");
    const admin = await easel.createKey("acme-ent", "root", "admin", "enterprise");
    const client = new EaselClient({ baseUrl: easel.url, apiKey: designer });
    const image = await client.uploadAsset(await gradientPng(64, 64, 5), "image/png");
    const job = await client.waitForJob(
      (await client.createJob({ kind: "upscale", image: image.id, params: { tier: "fast" } })).id,
    );
    expect(job.layers[0]?.commercialRights).toBe(true);
    const mine = await usage(easel.url, designer);
    expect(mine).toMatchObject({
      plan: "enterprise",
      commercialRights: true,
      images: { total: 1, byKind: { upscale: 1 } },
      cost: null,
    });
    expect(mine.compute.find((c) => c.engine === "esrgan-fast")?.seconds).toBeGreaterThan(0);
    const theirs = await usage(easel.url, admin);
    expect(theirs.cost?.revenueUsd).toBeCloseTo(0.15);
    expect(theirs.cost?.computeUsd).toBeGreaterThan(0);
    expect(theirs.cost?.grossMargin).toBeGreaterThan(0.9);
    expectProblem(await call(`${easel.url}/v1/usage?period=last-month`, { key: admin }), 400, "period");
  });
});

describe("rate limits", () => {
  let easel: EaselProcess;
  beforeAll(async () => {
    easel = await sharedEasel();
  });

  it("answers 429 with Retry-After once a free key's job bucket is empty, with RateLimit headers throughout", async () => {
    const key = await easel.createKey("tiny", "ed", "designer", "free");
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 11; i++) {
      // Invalid bodies: the limiter counts attempts before any work is done.
      last = await call(`${easel.url}/v1/jobs`, {
        method: "POST",
        key,
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      statuses.push(last.status);
      expect(last.headers.get("ratelimit-limit")).toBe("10"); // the job-creation bucket, the one that binds here
    }
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    const problem = expectProblem(last as NonNullable<typeof last>, 429);
    expect(problem.code).toBe("rate_limited");
    expect(Number(last?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(last?.headers.get("ratelimit-remaining")).toBe("0");
    // Other keys are unaffected.
    const other = await easel.createKey("tiny", "fi", "designer", "free");
    expect((await call(`${easel.url}/v1/jobs`, { key: other })).status).toBe(200);
  });
});
