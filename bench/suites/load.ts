import { EaselClient } from "@easel/shared";
import sharp from "sharp";
import { type Cluster, freshDatabaseUrl, startCluster } from "../../tests/support/easel-process.js";
import { readPhoto } from "../../tests/support/images.js";
import { type BenchResult, type BenchSuite, median, percentile, round } from "../lib/suite.js";

// The distributed mode under load, loopback only and bounded in size and time: a real Redis, an API
// node and `easel worker` processes (one thread each), driven over HTTP like plugins and API clients.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ENV = { EASEL_DIAGNOSTICS: "1", EASEL_RATE_LIMITS: "0", EASEL_LOG_LEVEL: "warn", EASEL_WORKERS: "1" };

/** Waits until every job has ended; returns the ended jobs' finish times (ms since epoch). */
async function waitAll(client: EaselClient, ids: string[]): Promise<number[]> {
  const finished: number[] = [];
  for (const id of ids) {
    for (;;) {
      const job = await client.getJob(id);
      if (job.status === "succeeded") {
        finished.push(Date.parse(job.finishedAt as string));
        break;
      }
      if (job.status === "failed" || job.status === "cancelled") throw new Error(`job ${id} ${job.status}`);
      await sleep(20);
    }
  }
  return finished;
}

/** Creates `total` jobs with `concurrency` clients in parallel; returns their ids and the seconds it took. */
async function createMany(
  client: EaselClient,
  total: number,
  concurrency: number,
  request: Parameters<EaselClient["createJob"]>[0],
): Promise<{ ids: string[]; seconds: number; latencies: number[] }> {
  const ids: string[] = [];
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        const t = performance.now();
        ids.push((await client.createJob(request)).id);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { ids, seconds: (performance.now() - start) / 1000, latencies };
}

/** Jobs per second a set of workers sustains on a backlog: from the first create to the last finish. */
async function drainRate(
  client: EaselClient,
  total: number,
  request: Parameters<EaselClient["createJob"]>[0],
): Promise<number> {
  const start = Date.now();
  const { ids } = await createMany(client, total, 16, request);
  const finished = await waitAll(client, ids);
  return total / ((Math.max(...finished) - start) / 1000);
}

async function withCluster<T>(
  workers: number,
  run: (cluster: Cluster, client: EaselClient) => Promise<T>,
  env: Record<string, string> = {},
): Promise<T> {
  const cluster = await startCluster({ ...ENV, ...env }, undefined, { workers });
  try {
    const client = new EaselClient({ baseUrl: cluster.url, apiKey: await cluster.createKey("load", "bench") });
    // Warm up: JIT, sockets, worker threads, the first BullMQ scripts.
    await waitAll(client, (await createMany(client, 40, 8, { kind: "noop" })).ids);
    return await run(cluster, client);
  } finally {
    await cluster.stop();
  }
}

/** Job creations per second one API node accepts from 32 clients (3 runs of 1500), and the create p99. */
async function acceptRate(client: EaselClient): Promise<{ perS: number; p99: number }> {
  const accepted: number[] = [];
  const createLatencies: number[] = [];
  for (let run = 0; run < 3; run++) {
    const { ids, seconds, latencies } = await createMany(client, 1500, 32, { kind: "noop" });
    accepted.push(ids.length / seconds);
    createLatencies.push(...latencies);
    await waitAll(client, ids);
  }
  return { perS: median(accepted), p99: percentile(createLatencies, 99) };
}

/** Create → succeeded latencies (ms) at a steady open-loop `rate` (jobs/s) for `seconds`. */
async function steadyLatencies(
  client: EaselClient,
  rate: number,
  seconds: number,
  request: Parameters<EaselClient["createJob"]>[0],
): Promise<number[]> {
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const begin = performance.now();
  for (let i = 0; i < rate * seconds; i++) {
    const due = begin + (i * 1000) / rate;
    await sleep(Math.max(0, due - performance.now()));
    pending.push(
      (async () => {
        const t = performance.now();
        const { id } = await client.createJob(request);
        for await (const event of client.events(id)) {
          if (event.type === "succeeded") latencies.push(performance.now() - t);
        }
      })(),
    );
  }
  await Promise.all(pending);
  return latencies;
}

const suite: BenchSuite = {
  name: "load",
  async run() {
    const results: BenchResult[] = [];

    // Workers: a 400-job backlog of 20 ms CPU jobs, drained by one worker process, then by two.
    const work = { kind: "noop" as const, params: { workMs: 20 } };
    const one: number[] = [];
    const two: number[] = [];
    await withCluster(1, async (_c, client) => {
      for (let run = 0; run < 3; run++) one.push(await drainRate(client, 400, work));
    });
    await withCluster(2, async (cluster, client) => {
      for (let run = 0; run < 3; run++) two.push(await drainRate(client, 400, work));

      // API node: how fast it accepts jobs (validate, plan, reserve quota, store, dispatch) from 32 clients.
      const accept = await acceptRate(client);
      results.push({
        id: "load.api.jobs_per_s",
        value: round(accept.perS, 1),
        unit: "jobs/s",
        runs: 3,
        note: `metadata in SQLite; 1500 job creations per run from 32 concurrent HTTP clients while 2 workers drain them; create p99 ${round(accept.p99, 1)} ms`,
      });

      // End to end under a steady open-loop load at about half the workers' capacity: create → succeeded.
      const rate = 20; // jobs/s offered
      const seconds = 15;
      const latencies = await steadyLatencies(client, rate, seconds, work);
      results.push({
        id: "load.e2e.p99_ms",
        value: round(percentile(latencies, 99), 1),
        unit: "ms",
        target: "< 120000",
        baseline: { id: "load.e2e.median_ms", value: round(median(latencies), 1) },
        ratio: round(percentile(latencies, 99) / median(latencies), 2),
        runs: latencies.length,
        note: `${rate} jobs/s of 20 ms CPU work for ${seconds} s (about half of 2 single-thread workers' capacity), measured by the client over HTTP + SSE`,
      });

      // A real CPU engine across the two workers: ESRGAN fast 2x of a 512x340 photo.
      const image = await client.uploadAsset(
        await sharp(readPhoto("cat-chelsea.png")).resize(512).png().toBuffer(),
        "image/png",
      );
      const upscale = {
        kind: "upscale" as const,
        image: image.id,
        params: { scale: 2 as const, tier: "fast" as const },
      };
      await waitAll(client, (await createMany(client, 4, 4, upscale)).ids);
      const upscales: number[] = [];
      for (let run = 0; run < 3; run++) upscales.push(await drainRate(client, 30, upscale));
      results.push({
        id: "workers.two.upscale_fast_512_per_s",
        value: round(median(upscales), 2),
        unit: "jobs/s",
        runs: upscales.length,
        note: "ESRGAN fast 2x of a 512x340 photo (signed PNG out), 30 jobs per run, blobs on a shared directory",
      });
      void cluster;
    });
    // The same API-node figures with the metadata in a real PostgreSQL on loopback.
    await withCluster(
      2,
      async (_c, client) => {
        const accept = await acceptRate(client);
        const onSqlite = results.find((r) => r.id === "load.api.jobs_per_s")?.value as number;
        results.push({
          id: "load.api_pg.jobs_per_s",
          value: round(accept.perS, 1),
          unit: "jobs/s",
          baseline: { id: "load.api.jobs_per_s", value: onSqlite },
          ratio: round(accept.perS / onSqlite, 2),
          runs: 3,
          note: `metadata in PostgreSQL 15 (loopback, fsync off); as load.api.jobs_per_s; create p99 ${round(accept.p99, 1)} ms`,
        });
        const latencies = await steadyLatencies(client, 20, 15, work);
        results.push({
          id: "load.e2e_pg.p99_ms",
          value: round(percentile(latencies, 99), 1),
          unit: "ms",
          target: "< 120000",
          baseline: { id: "load.e2e_pg.median_ms", value: round(median(latencies), 1) },
          ratio: round(percentile(latencies, 99) / median(latencies), 2),
          runs: latencies.length,
          note: "as load.e2e.p99_ms, with the metadata in PostgreSQL",
        });
      },
      { EASEL_DATABASE_URL: await freshDatabaseUrl() },
    );
    const oneRate = median(one);
    const twoRate = median(two);
    results.push({
      id: "workers.two.jobs_per_s",
      value: round(twoRate, 1),
      unit: "jobs/s",
      baseline: { id: "workers.one.jobs_per_s", value: round(oneRate, 1) },
      ratio: round(twoRate / oneRate, 2),
      runs: two.length,
      note: "400 jobs of 20 ms CPU each per run; one thread per worker process; the API node and Redis share the same 2 cores",
    });
    return results;
  },
};

export default suite;
