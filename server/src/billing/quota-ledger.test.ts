import { describe, expect, it } from "vitest";
import { ApiKeys } from "../auth/api-keys.js";
import { DIALECTS, type Dialect, freshMetaDbs } from "../db/testing/fresh-meta-db.js";
import { AppError } from "../errors/app-error.js";
import { periodOf } from "./plans.js";
import { QuotaLedger } from "./quota-ledger.js";
import { storeJob } from "./testing/store-job.js";

const dbs = freshMetaDbs();

async function setup(dialect: Dialect) {
  const meta = await dbs.fresh(dialect);
  const orgId = (await new ApiKeys(meta).ensureOrg("studio", "free")).id;
  return { meta, ledger: new QuotaLedger(meta), orgId };
}

describe.each(DIALECTS)("QuotaLedger on %s", (dialect) => {
  it("charges a job once, however often settlement is attempted", async () => {
    const { ledger, orgId } = await setup(dialect);
    await ledger.reserve(orgId, "free", "job_a", 4);
    expect(await ledger.charge("job_a", 3)).toBe(true);
    expect(await ledger.charge("job_a", 3)).toBe(false);
    expect(await ledger.refund("job_a")).toBe(false); // a charged job is never refunded later
    expect(await ledger.usage(orgId, "free", periodOf(Date.now()))).toEqual({
      period: periodOf(Date.now()),
      limit: 50,
      used: 3,
      reserved: 0,
      remaining: 47,
    });
  });

  it("reserves inside the caller's transaction: a failure after the reservation leaves nothing reserved", async () => {
    const { meta, ledger, orgId } = await setup(dialect);
    const failed = await meta
      .tx(async (q) => {
        await ledger.reserve(orgId, "free", "job_a", 4, Date.now(), q);
        // The process dies, or storing the job fails, before the transaction commits.
        throw new Error("storing the job failed");
      })
      .catch((error: unknown) => error);
    expect((failed as Error).message).toBe("storing the job failed");
    expect(await ledger.usage(orgId, "free", periodOf(Date.now()))).toMatchObject({ used: 0, reserved: 0 });
    await meta.tx((q) => ledger.reserve(orgId, "free", "job_b", 4, Date.now(), q));
    expect(await ledger.usage(orgId, "free", periodOf(Date.now()))).toMatchObject({ reserved: 4 });
  });

  it("never charges more than the job reserved", async () => {
    const { ledger, orgId } = await setup(dialect);
    await ledger.reserve(orgId, "free", "job_a", 2);
    expect(await ledger.charge("job_a", 5)).toBe(true);
    expect(await ledger.usage(orgId, "free", periodOf(Date.now()))).toMatchObject({ used: 2, remaining: 48 });
  });

  it("counts reservations against the limit until they settle", async () => {
    const { ledger, orgId } = await setup(dialect);
    await ledger.reserve(orgId, "free", "job_a", 30);
    await ledger.reserve(orgId, "free", "job_b", 20);
    const refused = ledger.reserve(orgId, "free", "job_c", 1);
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({ code: "quota_exceeded", field: "quota" });
    await expect(refused).rejects.toThrow(/50 images per month; 0 left in \d{4}-\d{2} and this job needs 1/);
    expect(await ledger.refund("job_b")).toBe(true);
    await expect(ledger.reserve(orgId, "free", "job_c", 20)).resolves.toBeUndefined();
    expect(await ledger.usage(orgId, "free", periodOf(Date.now()))).toMatchObject({ used: 0, reserved: 50 });
  });

  it("never reserves more than the remaining quota for 20 parallel requests, also from two nodes", async () => {
    const { meta, ledger, orgId } = await setup(dialect);
    const other = new QuotaLedger(await dbs.another(meta));
    await ledger.reserve(orgId, "free", "job_seed", 45);
    await ledger.charge("job_seed", 45);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? other : ledger).reserve(orgId, "free", `job_${i}`, 1)),
    );
    const accepted = outcomes.filter((o) => o.status === "fulfilled");
    const refused = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason] : []));
    expect(accepted).toHaveLength(5);
    expect(refused).toHaveLength(15);
    for (const reason of refused) expect(reason).toMatchObject({ code: "quota_exceeded" });
    expect(await ledger.usage(orgId, "free", periodOf(Date.now()))).toMatchObject({
      used: 45,
      reserved: 5,
      remaining: 0,
    });
  });

  it("starts each calendar month afresh", async () => {
    const { ledger, orgId } = await setup(dialect);
    const november = Date.UTC(2026, 10, 30, 23, 0);
    await ledger.reserve(orgId, "free", "job_a", 50, november);
    await ledger.charge("job_a", 50, november);
    await expect(ledger.reserve(orgId, "free", "job_b", 1, november)).rejects.toBeInstanceOf(AppError);
    await expect(ledger.reserve(orgId, "free", "job_c", 1, Date.UTC(2026, 11, 1, 0, 5))).resolves.toBeUndefined();
    expect(await ledger.usage(orgId, "free", "2026-11")).toMatchObject({ used: 50, remaining: 0 });
    expect(await ledger.usage(orgId, "free", "2026-12")).toMatchObject({ used: 0, reserved: 1, remaining: 49 });
  });

  it("has no monthly cap on the pro plan", async () => {
    const { ledger, orgId } = await setup(dialect);
    await ledger.reserve(orgId, "pro", "job_big", 500);
    expect(await ledger.usage(orgId, "pro", periodOf(Date.now()))).toMatchObject({
      limit: null,
      reserved: 500,
      remaining: null,
    });
  });

  it("settles what ended while nobody listened: delivered layers charged, failures and ghosts refunded", async () => {
    const { meta, ledger, orgId } = await setup(dialect);
    const old = Date.now() - 120_000;
    await ledger.reserve(orgId, "free", "job_done", 4, old);
    await storeJob(meta, { id: "job_done", orgId, status: "succeeded", layers: 3 });
    await ledger.reserve(orgId, "free", "job_failed", 2, old);
    await storeJob(meta, { id: "job_failed", orgId, status: "failed" });
    await ledger.reserve(orgId, "free", "job_running", 1, old);
    await storeJob(meta, { id: "job_running", orgId, status: "running" });
    await ledger.reserve(orgId, "free", "job_ghost", 2, old);
    await ledger.reserve(orgId, "free", "job_new", 1); // its job may still be being stored
    expect(await ledger.openOlderThan(60_000)).toBe(4);
    expect(await ledger.reconcile()).toBe(3);
    expect(await ledger.reconcile()).toBe(0);
    expect(await ledger.openOlderThan(60_000)).toBe(1);
    expect(await ledger.usage(orgId, "free", periodOf(Date.now()))).toMatchObject({
      used: 3,
      reserved: 2,
      remaining: 45,
    });
  });
});
