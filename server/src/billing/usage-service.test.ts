import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ApiKeys } from "../auth/api-keys.js";
import type { Principal, Role } from "../auth/principal.js";
import { DIALECTS, type Dialect, freshMetaDbs } from "../db/testing/fresh-meta-db.js";
import { periodOf } from "./plans.js";
import { QuotaLedger } from "./quota-ledger.js";
import { storeJob } from "./testing/store-job.js";
import { UsageService } from "./usage-service.js";

const dbs = freshMetaDbs();
const RATES = { cpuSecondUsd: 0.0001, gpuSecondUsd: 0.001 }; // USD per second

async function setup(dialect: Dialect) {
  const meta = await dbs.fresh(dialect);
  const org = await new ApiKeys(meta).ensureOrg("agency", "enterprise");
  const ledger = new QuotaLedger(meta);
  const principal = (role: Role): Principal => ({
    orgId: org.id,
    orgSlug: org.slug,
    plan: "enterprise",
    settings: { diversifyPeople: false, protectedNames: "rewrite", promptInManifest: false },
    userId: "usr_test",
    userName: "ana",
    role,
    keyId: "key_test",
  });
  return { meta, orgId: org.id, ledger, usage: new UsageService(meta, ledger, RATES), principal };
}

describe.each(DIALECTS)("UsageService on %s", (dialect) => {
  it("adds up the compute of a job's attempts and keeps the most images any attempt delivered", async () => {
    const { meta, orgId, usage } = await setup(dialect);
    const work = { jobId: "job_a", orgId, engine: "esrgan-thick", device: "cpu" as const };
    await usage.record({ ...work, computeMs: 1500, images: 2 });
    await usage.record({ ...work, computeMs: 2500, images: 0 }); // a retried attempt that delivered nothing
    await Promise.all([
      usage.record({ ...work, computeMs: 100, images: 1 }),
      usage.record({ ...work, computeMs: 100, images: 1 }),
    ]);
    const { jobUsage } = meta.t;
    const rows = await meta.run((q) => q.select().from(jobUsage).where(eq(jobUsage.jobId, "job_a")));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ computeMs: 4200, images: 2 });
  });

  it("reports a month's images by kind, compute by engine and, to admins only, cost and margin", async () => {
    const { meta, orgId, ledger, usage, principal } = await setup(dialect);
    const now = Date.now();
    const lastMonth = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1) - 86_400_000;
    for (const [id, kind, layers, finishedAt] of [
      ["job_up", "upscale", 2, now],
      ["job_fill", "inpaint", 1, now],
      ["job_old", "inpaint", 4, lastMonth],
    ] as const) {
      await ledger.reserve(orgId, "enterprise", id, layers, finishedAt);
      await storeJob(meta, { id, orgId, status: "succeeded", kind, layers, finishedAt });
      await ledger.charge(id, layers, finishedAt);
    }
    await usage.record(
      { jobId: "job_up", orgId, engine: "esrgan-thick", device: "cpu", computeMs: 4000, images: 2 },
      now,
    );
    await usage.record({ jobId: "job_fill", orgId, engine: "comfy", device: "gpu", computeMs: 1000, images: 1 }, now);
    await usage.record(
      { jobId: "job_old", orgId, engine: "comfy", device: "gpu", computeMs: 9000, images: 4 },
      lastMonth,
    );

    const report = await usage.report(principal("admin"));
    expect(report).toMatchObject({
      period: periodOf(now),
      plan: "enterprise",
      commercialRights: true,
      quota: { limit: null, used: 3, reserved: 0, remaining: null },
      images: { total: 3, byKind: { upscale: 2, inpaint: 1 } },
    });
    expect([...report.compute].sort((a, b) => a.engine.localeCompare(b.engine))).toEqual([
      { engine: "comfy", device: "gpu", seconds: 1, jobs: 1 },
      { engine: "esrgan-thick", device: "cpu", seconds: 4, jobs: 1 },
    ]);
    // 4 CPU s × $0.0001 + 1 GPU s × $0.001 = $0.0014 against 3 images × $0.15.
    expect(report.cost).toEqual({
      computeUsd: 0.0014,
      revenueUsd: 0.45,
      grossMargin: 0.9969,
      costPerImageUsd: 0.000467,
    });

    const designerView = await usage.report(principal("designer"));
    expect(designerView.cost).toBeNull();
    expect(designerView.images.total).toBe(3);

    const previous = await usage.report(principal("admin"), periodOf(lastMonth));
    expect(previous.images).toEqual({ total: 4, byKind: { inpaint: 4 } });
    expect(previous.compute).toEqual([{ engine: "comfy", device: "gpu", seconds: 9, jobs: 1 }]);
  });

  it("names the period when it is malformed", async () => {
    const { usage, principal } = await setup(dialect);
    await expect(usage.report(principal("admin"), "November")).rejects.toMatchObject({
      code: "validation",
      field: "period",
    });
  });
});
