import { readFileSync } from "node:fs";
import { EaselClient } from "@easel/shared";
import sharp from "sharp";
import { startEasel } from "../../tests/support/easel-process.js";
import { pngBomb } from "../../tests/support/images.js";
import { type BenchResult, type BenchSuite, median, percentile, round } from "../lib/suite.js";

// The foundation's figures: queue round trip and throughput with no-op jobs, /health latency while
// two CPU-heavy jobs run, cancel latency, decompression-bomb refusal and upload throughput for a
// 4096x4096 PNG. All over real HTTP on loopback
// against `easel serve` in a child process, as a plugin would see it.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timeHealth(url: string, count: number, gapMs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    const res = await fetch(`${url}/health`);
    await res.arrayBuffer();
    out.push(performance.now() - t);
    await sleep(gapMs);
  }
  return out;
}

const suite: BenchSuite = {
  name: "jobs",
  async run() {
    const easel = await startEasel({ EASEL_DIAGNOSTICS: "1", EASEL_LOG_LEVEL: "warn", EASEL_RATE_LIMITS: "0" });
    const apiKey = await easel.createKey("bench", "bench");
    const client = new EaselClient({ baseUrl: easel.url, apiKey });
    const results: BenchResult[] = [];
    try {
      // Round trip: create → succeeded event, one job at a time.
      const roundTrips: number[] = [];
      for (let i = 0; i < 330; i++) {
        const t = performance.now();
        const { id } = await client.createJob({ kind: "noop" });
        for await (const event of client.events(id)) if (event.type === "succeeded") break;
        if (i >= 30) roundTrips.push(performance.now() - t); // the first 30 warm up JIT and sockets
      }
      results.push(
        {
          id: "jobs.roundtrip.median_ms",
          value: round(median(roundTrips), 2),
          unit: "ms",
          target: "< 15",
          runs: roundTrips.length,
        },
        {
          id: "jobs.roundtrip.p99_ms",
          value: round(percentile(roundTrips, 99), 2),
          unit: "ms",
          runs: roundTrips.length,
        },
      );

      // Throughput: 3 runs of 1000 no-op jobs created by 16 concurrent clients; jobs/s until the last finishes.
      const rates: number[] = [];
      for (let run = 0; run < 3; run++) {
        const total = 1000;
        let next = 0;
        const ids: string[] = [];
        const start = Date.now();
        await Promise.all(
          Array.from({ length: 16 }, async () => {
            while (next < total) {
              next++;
              ids.push((await client.createJob({ kind: "noop", document: `run-${run}` })).id);
            }
          }),
        );
        let lastFinish = 0;
        for (;;) {
          const page = await client.listJobs({ document: `run-${run}`, status: "succeeded", limit: 1 });
          const done = (await client.listJobs({ document: `run-${run}`, limit: 200 })).jobs;
          if (page.jobs.length > 0 && done.every((j) => j.status === "succeeded")) {
            let cursor: string | null = null;
            let count = 0;
            do {
              const p = await client.listJobs({ document: `run-${run}`, limit: 200, ...(cursor ? { cursor } : {}) });
              for (const j of p.jobs) {
                if (j.status === "succeeded") count++;
                lastFinish = Math.max(lastFinish, Date.parse(j.finishedAt ?? "0"));
              }
              cursor = p.nextCursor;
            } while (cursor);
            if (count === total) break;
          }
          await sleep(50);
        }
        rates.push(total / ((lastFinish - start) / 1000));
      }
      results.push({
        id: "jobs.throughput.per_s",
        value: round(median(rates), 1),
        unit: "jobs/s",
        target: ">= 300",
        runs: rates.length,
        note: "1000 no-op jobs per run, created over HTTP by 16 concurrent clients",
      });

      // /health while two CPU-heavy jobs occupy both worker threads, against idle in the same run.
      const idle = await timeHealth(easel.url, 300, 5);
      const heavy = await Promise.all([1, 2].map(() => client.createJob({ kind: "noop", params: { workMs: 6000 } })));
      await sleep(300);
      const loaded = await timeHealth(easel.url, 300, 5);
      await Promise.all(heavy.map((h) => client.cancel(h.id)));
      const idleP99 = round(percentile(idle, 99), 2);
      const loadedP99 = round(percentile(loaded, 99), 2);
      results.push({
        id: "http.health.p99_under_load_ms",
        value: loadedP99,
        unit: "ms",
        target: "< 25",
        baseline: { id: "http.health.p99_idle_ms", value: idleP99 },
        ratio: round(loadedP99 / idleP99, 2),
        runs: loaded.length,
        note: "2 no-op jobs burning 6 s of CPU each in the 2 worker threads",
      });

      // Cancel of a running job: from the request to its answer (the job already cancelled), against a
      // round trip measured the same way. Functional tests only check that it ends cancelled.
      const cancels: number[] = [];
      for (let run = 0; run < 10; run++) {
        const { id } = await client.createJob({ kind: "noop", params: { workMs: 600_000 } });
        for await (const event of client.events(id)) if (event.type === "started") break;
        const t = performance.now();
        const job = await client.cancel(id);
        cancels.push(performance.now() - t);
        if (job.status !== "cancelled") throw new Error(`cancel answered ${job.status}`);
      }
      results.push({
        id: "jobs.cancel_running_ms",
        value: round(median(cancels), 2),
        unit: "ms",
        target: "< 1000",
        baseline: { id: "jobs.roundtrip.median_ms", value: round(median(roundTrips), 2) },
        ratio: round(median(cancels) / median(roundTrips), 2),
        runs: cancels.length,
        note: "POST /v1/jobs/:id/cancel of a no-op job burning CPU in a worker thread; the answer is the cancelled job",
      });

      // A decompression bomb (60000x60000 declared in 70 bytes) is refused from its header.
      const bomb = pngBomb(60_000, 60_000);
      const refusals: number[] = [];
      for (let run = 0; run < 20; run++) {
        const t = performance.now();
        const res = await fetch(`${easel.url}/v1/assets`, {
          method: "POST",
          headers: { authorization: `Bearer ${apiKey}`, "content-type": "image/png" },
          body: bomb,
        });
        await res.arrayBuffer();
        refusals.push(performance.now() - t);
        if (res.status !== 413) throw new Error(`a decompression bomb was answered ${res.status}`);
      }
      results.push({
        id: "assets.bomb_refusal_ms",
        value: round(median(refusals), 2),
        unit: "ms",
        target: "< 2000",
        runs: refusals.length,
        note: "PNG declaring 60000x60000 px in 70 bytes: 413 from the header, nothing decoded",
      });

      // Upload throughput: a 4096x4096 PNG of a real photo, new bytes each run (no dedup shortcut).
      const photo = readFileSync(new URL("../../tests/fixtures/photos/forest-stream.png", import.meta.url));
      const speeds: number[] = [];
      let size = 0;
      for (let run = 0; run < 5; run++) {
        const png = await sharp(photo)
          .resize(4096, 4096, { fit: "fill" })
          .modulate({ brightness: 1 + run * 0.01 })
          .png({ compressionLevel: 6 })
          .toBuffer();
        size = png.length;
        const t = performance.now();
        const asset = await client.uploadAsset(png, "image/png");
        const seconds = (performance.now() - t) / 1000;
        if (asset.width !== 4096) throw new Error("upload did not store a 4096x4096 image");
        speeds.push(png.length / 2 ** 20 / seconds);
      }
      results.push({
        id: "assets.upload_4096.mb_per_s",
        value: round(median(speeds), 1),
        unit: "MB/s",
        runs: speeds.length,
        note: `${(size / 2 ** 20).toFixed(1)} MB PNG; includes header check, full decode, sha256 and atomic write`,
      });
    } finally {
      await easel.stop();
    }
    return results;
  },
};

export default suite;
