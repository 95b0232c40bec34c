import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { EaselClient, type Job, type JobEvent } from "@easel/shared";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { createEasel, type Easel } from "../../server/src/app.js";
import type { Principal } from "../../server/src/auth/index.js";
import { loadConfig } from "../../server/src/config/config.js";
import { openPostgres } from "../../server/src/db/pg/database.js";
import { LocalBlobStore } from "../../server/src/storage/local-blob-store.js";
import { scratchDir } from "../../server/src/testing/test-servers.js";
import { easelArgs } from "../support/easel-bin.js";
import { type EaselProcess, freshDatabaseUrl, startCluster, startServe } from "../support/easel-process.js";
import { call, expectProblem } from "../support/http.js";
import { gradientPng, readPhoto } from "../support/images.js";

// Crashes, faults and load (issue 19): restarts and dead threads never spend a job's own attempts, a
// claimed job always has a thread, full storage answers 503 and is retried, and nothing stored by an
// attempt nobody can use outlives the grace period. Embedded topology only (the tests kill processes,
// mount filesystems and reach into the data dir).

const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);

async function eventsOf(easel: Easel, principal: Principal, id: string): Promise<JobEvent[]> {
  const events: JobEvent[] = [];
  for await (const event of easel.jobs.events(principal, id, 0, new AbortController().signal)) {
    events.push(event);
    if (TERMINAL.has(event.type)) break;
  }
  return events;
}

/** A 160×125 photo (splits into two strips on two threads) and a mask with a white rectangle. */
async function scene() {
  const image = await sharp(readPhoto("paint-brushes.png")).resize(160, 125).png().toBuffer();
  const white = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#ffffff" } })
    .png()
    .toBuffer();
  const mask = await sharp({ create: { width: 160, height: 125, channels: 3, background: "#000000" } })
    .composite([{ input: white, left: 60, top: 50 }])
    .png()
    .toBuffer();
  return { image, mask };
}

describe("reliability under crashes, faults and load", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("gives every claimed job a thread: a burst of upscales and inpaints after a restart never finds the pool full", async () => {
    const dataDir = scratchDir("easel-burst-");
    const config = loadConfig({ EASEL_DATA_DIR: dataDir, EASEL_WORKERS: "2", EASEL_LOG_LEVEL: "silent" });
    // The burst waits in the queue, as jobs do while the service restarts...
    const first = await createEasel(config);
    await first.runner?.stop();
    await first.keys.ensureOrg("studio", "pro");
    const key = (await first.keys.createKey("studio", "ana", "designer")).key;
    let principal = (await first.keys.authenticate(key)) as Principal;
    const { image, mask } = await scene();
    const imageId = (await first.assets.upload(principal.orgId, image)).id;
    const maskId = (await first.assets.upload(principal.orgId, mask)).id;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(
        (await first.jobs.create(principal, { kind: "upscale", image: imageId, params: { tier: "fast", scale: 2 } }))
          .id,
      );
      ids.push(
        (
          await first.jobs.create(principal, {
            kind: "inpaint",
            image: imageId,
            mask: maskId,
            params: { method: "patch", seed: i },
          })
        ).id,
      );
    }
    await first.stop();
    // ...then the next process claims them back to back on its two threads.
    const second = await createEasel(config);
    cleanups.push(() => second.stop());
    await second.start();
    principal = (await second.keys.authenticate(key)) as Principal;
    for (const id of ids) {
      const events = await eventsOf(second, principal, id);
      const job = await second.jobs.get(principal, id);
      expect({ id, kind: job.kind, status: job.status, problem: job.problem }).toEqual({
        id,
        kind: job.kind,
        status: "succeeded",
        problem: null,
      });
      // No attempt was spent on a full pool ("no idle worker"): one start, no retry.
      expect(job.attempts).toBe(1);
      expect(events.filter((e) => e.type === "retrying")).toEqual([]);
    }
  }, 300_000);

  it("does not spend a job's attempts on restarts: kill -9 twice mid-run, it still succeeds with one allowed attempt", async () => {
    const env = { EASEL_DIAGNOSTICS: "1", EASEL_RETRY_BASE_MS: "50", EASEL_MAX_ATTEMPTS: "1", EASEL_WORKERS: "1" };
    let easel: EaselProcess = await startServe(env);
    cleanups.push(() => easel.stop());
    const key = await easel.createKey("studio", "ana");
    let client = new EaselClient({ baseUrl: easel.url, apiKey: key });
    const job = await client.createJob({ kind: "noop", params: { workMs: 2500 } });
    for (let kill = 1; kill <= 2; kill++) {
      // Wait until attempt `kill` is provably running (it reported progress), then kill the process.
      let started = 0;
      let running = false;
      for await (const event of client.events(job.id)) {
        if (event.type === "started") started = event.data.attempt;
        if (event.type === "progress" && started === kill) {
          running = true;
          break;
        }
      }
      expect(running, `attempt ${kill} never ran (the job ended instead)`).toBe(true);
      await easel.kill();
      easel = await startServe(env, easel.dataDir);
      client = new EaselClient({ baseUrl: easel.url, apiKey: key });
    }
    const done: Job = await client.waitForJob(job.id);
    expect(done.status).toBe("succeeded");
    expect(done.attempts).toBe(3);
    // Counted apart from the job's own attempts, and bounded by EASEL_MAX_INTERRUPTIONS.
    const db = await easel.openDb();
    try {
      const row = db.sqlite?.$client.prepare("SELECT interruptions FROM jobs WHERE id = ?").get(job.id);
      expect(row).toEqual({ interruptions: 2 });
    } finally {
      await db.close();
    }
  }, 240_000);

  it("never leaves a quota reservation without its job when the API node dies while storing it (PostgreSQL)", async () => {
    const url = await freshDatabaseUrl();
    const cluster = await startCluster({ EASEL_DATABASE_URL: url }, undefined, { workers: 0 });
    let killed = false;
    cleanups.push(() => (killed ? undefined : cluster.kill()));
    const client = new EaselClient({ baseUrl: cluster.url, apiKey: await cluster.createKey("studio", "ana") });
    const image = await client.uploadAsset(await gradientPng(64, 64, 3), "image/png");
    const postgres = await openPostgres(url);
    const locker = await postgres.pool.connect();
    try {
      // Hold job inserts back, so the node is caught between reserving the quota and storing the job.
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE jobs IN SHARE ROW EXCLUSIVE MODE");
      let outcome = "pending";
      void client.createJob({ kind: "upscale", image: image.id, params: { scale: 2 } }).then(
        () => {
          outcome = "created";
        },
        (error: unknown) => {
          outcome = `refused: ${(error as Error).message}`;
        },
      );
      // Watched from another session: inside a transaction pg_stat_activity is one frozen snapshot.
      const waiting = async () =>
        (
          await postgres.pool.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE 'insert into "jobs"%'`,
          )
        ).rows[0]?.n ?? 0;
      for (let i = 0; i < 600 && outcome === "pending" && (await waiting()) === 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const activity = await postgres.pool.query(
        "SELECT state, wait_event_type, left(query, 60) AS query FROM pg_stat_activity WHERE datname = current_database()",
      );
      const why = `${JSON.stringify(activity.rows)}\n${cluster.logs.slice(-15).join("\n")}`;
      expect({ waiting: await waiting(), outcome }, why).toEqual({
        waiting: 1,
        outcome: "pending",
      });
      await cluster.kill(); // SIGKILL mid-request
      killed = true;
      await locker.query("ROLLBACK");
      // The dead node's session ends (its transaction, if any, rolls back) once it sees the socket closed.
      const others = async () =>
        (
          await postgres.pool.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'insert into \"jobs\"%'",
          )
        ).rows[0]?.n ?? 0;
      for (let i = 0; i < 400 && (await others()) > 0; i++) await new Promise((r) => setTimeout(r, 50));
      const { rows } = await locker.query<{ job_id: string; state: string; job: string | null }>(
        "SELECT r.job_id, r.state, j.id AS job FROM quota_reservations r LEFT JOIN jobs j ON j.id = r.job_id",
      );
      expect(rows.filter((r) => r.job === null)).toEqual([]);
    } finally {
      locker.release();
      await postgres.close();
    }
  }, 240_000);

  it("answers 503 while the blob store is full, reports not ready, retries the job and finishes it once space returns", async (context) => {
    const dir = mkdtempSync(join(tmpdir(), "easel-full-"));
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", dir], { stdio: "ignore" });
    } catch {
      rmSync(dir, { recursive: true, force: true });
      context.skip(
        "cannot mount a size-limited tmpfs here (needs root and mount privileges): storage-full test skipped",
      );
      return;
    }
    cleanups.push(() => {
      execFileSync("umount", ["-l", dir], { stdio: "ignore" });
      rmSync(dir, { recursive: true, force: true });
    });
    const easel = await startServe({ EASEL_BLOBS: `dir:${dir}`, EASEL_RETRY_BASE_MS: "200", EASEL_WORKERS: "1" });
    cleanups.push(() => easel.stop());
    const key = await easel.createKey("studio", "ana");
    const client = new EaselClient({ baseUrl: easel.url, apiKey: key });
    const image = await client.uploadAsset(await gradientPng(64, 64, 1), "image/png");
    expect((await call(`${easel.url}/ready`)).status).toBe(200);

    const filler = join(dir, "filler");
    try {
      writeFileSync(filler, Buffer.alloc(8 * 1024 * 1024, 1));
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe("ENOSPC");
    }
    const upload = await call(`${easel.url}/v1/assets`, {
      method: "POST",
      key,
      headers: { "content-type": "image/png" },
      body: new Uint8Array(await gradientPng(64, 64, 2)),
    });
    const problem = expectProblem(upload, 503);
    expect(problem.code).toBe("storage_unavailable");
    expect(problem.detail).toMatch(/blob store is full \(ENOSPC\)/);
    expect(upload.headers.get("retry-after")).toMatch(/^\d+$/);

    const job = await client.createJob({ kind: "upscale", image: image.id, params: { scale: 2 } });
    let retrying: JobEvent | undefined;
    for await (const event of client.events(job.id)) {
      if (event.type === "retrying" || TERMINAL.has(event.type)) {
        retrying = event;
        break;
      }
    }
    expect(retrying?.type).toBe("retrying");
    expect(retrying?.type === "retrying" && retrying.data.reason).toMatch(/full \(ENOSPC\)/);
    const notReady = async () => {
      for (let i = 0; i < 100; i++) {
        const ready = await call(`${easel.url}/ready`);
        if (ready.status === 503) return ready.body as { checks: Record<string, { ok: boolean; detail: string }> };
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error("/ready stayed ready while the blob store was full");
    };
    expect((await notReady()).checks.storage).toMatchObject({ ok: false });

    rmSync(filler);
    const done = await client.waitForJob(job.id);
    expect(done.status).toBe("succeeded");
    expect(done.layers).toHaveLength(1);
    for (let i = 0; i < 600 && (await call(`${easel.url}/ready`)).status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await call(`${easel.url}/ready`)).status).toBe(200);
  }, 240_000);

  it("collects unreferenced blobs past the grace period, never referenced or recent ones (easel blobs gc)", async () => {
    const easel = await startServe();
    cleanups.push(() => easel.stop());
    const client = new EaselClient({ baseUrl: easel.url, apiKey: await easel.createKey("studio", "ana") });
    const asset = await client.uploadAsset(await gradientPng(32, 32, 4), "image/png");
    // What a stopped attempt leaves behind: bytes in the store that no record names.
    const store = new LocalBlobStore(join(easel.dataDir, "blobs"));
    const orphan = await store.put(randomBytes(2048));
    const recentOrphan = await store.put(randomBytes(2048));
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(store.pathOf(orphan), twoHoursAgo, twoHoursAgo);
    utimesSync(store.pathOf(asset.id), twoHoursAgo, twoHoursAgo);

    const { stdout } = await promisify(execFile)(process.execPath, easelArgs(["blobs", "gc", "--grace-s", "3600"]), {
      env: { ...process.env, EASEL_DATA_DIR: easel.dataDir, EASEL_LOG_LEVEL: "silent" },
    });
    const report = JSON.parse(stdout.split("\n")[0] as string);
    expect(report).toMatchObject({ event: "blobs-gc", graceS: 3600, candidates: 2, removed: 1 });
    expect(existsSync(store.pathOf(orphan))).toBe(false);
    expect(existsSync(store.pathOf(recentOrphan))).toBe(true);
    // The referenced blob stays and is still served, although it is as old as the collected one.
    expect(Buffer.from(await client.downloadAsset(asset.id)).length).toBeGreaterThan(0);
  }, 240_000);
});
