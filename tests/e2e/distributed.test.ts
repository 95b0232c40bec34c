import { EaselClient, type Job, type JobEvent } from "@easel/shared";
import { afterEach, describe, expect, it } from "vitest";
import { startTestS3Server, type TestS3Server } from "../../server/src/storage/test-s3-server.js";
import { type Cluster, startCluster } from "../support/easel-process.js";
import { decode, readPhoto } from "../support/images.js";

// An API node and `easel worker` processes sharing a real Redis: the distributed mode end to end.

const DIAGNOSTICS = { EASEL_DIAGNOSTICS: "1", EASEL_RATE_LIMITS: "0", EASEL_RETRY_BASE_MS: "100" };

async function eventsOf(client: EaselClient, id: string): Promise<JobEvent[]> {
  const events: JobEvent[] = [];
  for await (const event of client.events(id)) events.push(event);
  return events;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("distributed mode: API node + worker processes on Redis", () => {
  let cluster: Cluster | undefined;
  let s3: TestS3Server | undefined;
  afterEach(async () => {
    await cluster?.stop();
    await s3?.stop();
    cluster = undefined;
    s3 = undefined;
  });

  async function clientOf(c: Cluster, org = "studio"): Promise<EaselClient> {
    return new EaselClient({ baseUrl: c.url, apiKey: await c.createKey(org, "ana") });
  }

  it("two workers share a stream of jobs: every job runs exactly once, and both take a share", async () => {
    // One client follows all 30 jobs' streams at once: above the per-key stream cap (16 by default).
    cluster = await startCluster({ ...DIAGNOSTICS, EASEL_MAX_STREAMS_PER_KEY: "64" });
    const client = await clientOf(cluster);
    const created = await Promise.all(
      Array.from({ length: 30 }, () => client.createJob({ kind: "noop", params: { workMs: 60 } })),
    );
    const histories = await Promise.all(created.map((job) => eventsOf(client, job.id)));
    const workers = new Map<string, number>();
    for (const events of histories) {
      expect(events.at(-1)?.type).toBe("succeeded");
      const started = events.filter((e) => e.type === "started");
      expect(started).toHaveLength(1);
      const worker = (started[0]?.data as { worker: string } | undefined)?.worker ?? "none";
      workers.set(worker, (workers.get(worker) ?? 0) + 1);
    }
    expect([...workers.keys()].sort()).toEqual(cluster.workers.map((w) => w.owner).sort());
    expect([...workers.values()].reduce((a, b) => a + b)).toBe(30);
    for (const job of created) expect((await client.getJob(job.id)).attempts).toBe(1);
  });

  it("a job whose worker is killed (-9) mid-run completes on the other worker", async () => {
    cluster = await startCluster({ ...DIAGNOSTICS, EASEL_LEASE_MS: "2000" });
    const client = await clientOf(cluster);
    const created = await client.createJob({ kind: "noop", params: { workMs: 3000 } });
    const started = await until("the job to start", async () => {
      for await (const event of client.events(created.id)) {
        if (event.type === "started") return (event.data as { worker: string }).worker;
      }
      return undefined;
    });
    const victim = cluster.workers.find((w) => w.owner === started);
    await victim?.kill();
    const job = await client.waitForJob(created.id);
    expect(job.status).toBe("succeeded");
    expect(job.attempts).toBe(2);
    const events = await eventsOf(client, created.id);
    const workersThatStarted = events
      .filter((e) => e.type === "started")
      .map((e) => (e.data as { worker: string }).worker);
    expect(workersThatStarted[0]).toBe(started);
    expect(workersThatStarted[1]).not.toBe(started);
    expect(events.find((e) => e.type === "retrying")?.data).toMatchObject({ attempt: 2 });
  });

  it("cancels a running job from the API node: the worker process stops it and is free for the next", async () => {
    cluster = await startCluster(DIAGNOSTICS, undefined, { workers: 1 });
    const client = await clientOf(cluster);
    const long = await client.createJob({ kind: "noop", params: { workMs: 600_000 } });
    await until("the job to run", async () => ((await client.getJob(long.id)).status === "running" ? true : undefined));
    const cancelled = await client.cancel(long.id);
    expect(cancelled.status).toBe("cancelled");
    // The only worker thread runs the next job only once it has stopped the ten-minute one.
    const next = await client.createJob({ kind: "noop", params: { workMs: 10 } });
    expect((await client.waitForJob(next.id)).status).toBe("succeeded");
  });

  it("a worker stopped gracefully gives its running job back, and another worker finishes it", async () => {
    cluster = await startCluster(DIAGNOSTICS, undefined, { workers: 1 });
    const client = await clientOf(cluster);
    const created = await client.createJob({ kind: "noop", params: { workMs: 4000 } });
    await until("the job to run", async () =>
      (await client.getJob(created.id)).status === "running" ? true : undefined,
    );
    await cluster.workers[0]?.stop();
    const requeued = await client.getJob(created.id);
    expect(requeued.status).toBe("queued");
    expect(requeued.attempts).toBe(0);
    await cluster.addWorker();
    const job = await client.waitForJob(created.id);
    expect(job).toMatchObject({ status: "succeeded", attempts: 1 });
  });

  it("an API node killed (-9) while a worker runs a job picks up the worker's reports when it restarts", async () => {
    cluster = await startCluster(DIAGNOSTICS, undefined, { workers: 1 });
    const client = await clientOf(cluster);
    const created = await client.createJob({ kind: "noop", params: { workMs: 2500 } });
    await until("the job to run", async () =>
      (await client.getJob(created.id)).status === "running" ? true : undefined,
    );
    await cluster.restartApi();
    // The worker finished (and reported) while the API node was down or starting again.
    const job = await client.waitForJob(created.id);
    expect(job).toMatchObject({ status: "succeeded", attempts: 1 });
    const types = (await eventsOf(client, created.id)).map((e) => e.type);
    expect(types.filter((t) => t === "started")).toHaveLength(1);
    expect(types.at(-1)).toBe("succeeded");
  });

  it("loses no job when Redis restarts empty: attempts it held are dispatched again, and new jobs run", async () => {
    cluster = await startCluster({ ...DIAGNOSTICS, EASEL_LEASE_MS: "2000" }, undefined, { workers: 0 });
    const client = await clientOf(cluster);
    const before = await client.createJob({ kind: "noop", params: { workMs: 10 } });
    // Let the API node hand it to Redis, then lose everything Redis held.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await cluster.redis.restartEmpty();
    const after = await client.createJob({ kind: "noop", params: { workMs: 10 } });
    await cluster.addWorker();
    for (const id of [before.id, after.id]) {
      const job = await client.waitForJob(id);
      expect(job).toMatchObject({ status: "succeeded", attempts: 1 });
    }
    expect(cluster.logs.join("\n")).toMatch(/re-dispatched 1 queued attempt\(s\) that Redis had lost/);
  });

  it("retries a running job whose worker died while Redis restarted empty (nothing left to recover it from)", async () => {
    cluster = await startCluster({ ...DIAGNOSTICS, EASEL_LEASE_MS: "2000" }, undefined, { workers: 1 });
    const client = await clientOf(cluster);
    const created = await client.createJob({ kind: "noop", params: { workMs: 3000 } });
    await until("the job to run", async () =>
      (await client.getJob(created.id)).status === "running" ? true : undefined,
    );
    await cluster.workers[0]?.kill();
    await cluster.redis.restartEmpty();
    await cluster.addWorker();
    const job = await client.waitForJob(created.id);
    expect(job).toMatchObject({ status: "succeeded", attempts: 2 });
    expect(cluster.logs.join("\n")).toMatch(/1 running attempt\(s\) were unknown to Redis: retrying them/);
  });

  it("routes by engine class: an upscale-only worker leaves other work queued for a worker that has it", async () => {
    cluster = await startCluster(DIAGNOSTICS, undefined, { workers: 0 });
    await cluster.addWorker("upscale");
    const client = await clientOf(cluster);
    const image = await client.uploadAsset(readPhoto("cat-chelsea.png"), "image/png");
    const noop = await client.createJob({ kind: "noop", params: { workMs: 10 } });
    const upscale = await client.createJob({ kind: "upscale", image: image.id, params: { scale: 2, tier: "fast" } });
    expect((await client.waitForJob(upscale.id)).status).toBe("succeeded");
    expect((await client.getJob(noop.id)).status).toBe("queued");
    // /ready tells an operator why: no worker listens on the noop class.
    const ready = await (await fetch(`${cluster.url}/ready`)).text();
    expect(ready).toMatch(/worker processes per class: upscale 1, inpaint 0, generate 0, stylize 0, select 0, noop 0/);
    await cluster.addWorker("noop");
    expect((await client.waitForJob(noop.id)).status).toBe("succeeded");
  });

  it("runs an interactive job before a queued bulk backlog, and a quiet org's bulk job before a busy org's", async () => {
    cluster = await startCluster(DIAGNOSTICS, undefined, { workers: 0 });
    const busy = await clientOf(cluster, "busy-co");
    const quiet = await clientOf(cluster, "quiet-co");
    const backlog: string[] = [];
    for (let i = 0; i < 4; i++) {
      backlog.push((await busy.createJob({ kind: "noop", params: { workMs: 20 }, priority: "bulk" })).id);
    }
    const quietBulk = (await quiet.createJob({ kind: "noop", params: { workMs: 20 }, priority: "bulk" })).id;
    const interactive = (await quiet.createJob({ kind: "noop", params: { workMs: 20 }, priority: "interactive" })).id;
    // Let the API node dispatch everything before one single-threaded worker starts taking jobs.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await cluster.addWorker(undefined, { EASEL_WORKERS: "1" });
    const all = [...backlog, quietBulk, interactive];
    const jobs = await Promise.all(all.map((id, i) => (i < 4 ? busy : quiet).waitForJob(id)));
    const order = jobs
      .map((job: Job) => ({ id: job.id, at: Date.parse(job.startedAt as string) }))
      .sort((a, b) => a.at - b.at)
      .map((j) => j.id);
    expect(order[0]).toBe(interactive);
    // busy's first and quiet's first bulk job share the lowest bulk priority; busy's others wait.
    expect(order.slice(1, 3).sort()).toEqual([backlog[0], quietBulk].sort());
    expect(order.slice(3)).toEqual(backlog.slice(1));
  });

  it("keeps blobs in S3: workers read inputs and write signed outputs there, the API serves them", async () => {
    s3 = await startTestS3Server("easel-cluster");
    cluster = await startCluster(
      {
        ...DIAGNOSTICS,
        EASEL_S3_ENDPOINT: s3.endpoint,
        EASEL_S3_ACCESS_KEY_ID: s3.credentials.accessKeyId,
        EASEL_S3_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      },
      undefined,
      { blobs: "s3://easel-cluster/blobs/" },
    );
    const client = await clientOf(cluster);
    const image = await client.uploadAsset(readPhoto("cat-chelsea.png"), "image/png");
    const job = await client.waitForJob(
      (await client.createJob({ kind: "upscale", image: image.id, params: { scale: 2, tier: "fast" } })).id,
    );
    expect(job.status).toBe("succeeded");
    const layer = job.layers[0];
    const out = await decode(await client.downloadAsset(layer?.assetId as string));
    expect([out.width, out.height]).toEqual([1024, 680]);
    const keys = s3.requests.filter((r) => r.method === "PUT").map((r) => r.path);
    expect(keys).toContain(`/easel-cluster/blobs/${image.id.slice(0, 2)}/${image.id.slice(2, 4)}/${image.id}`);
    const outputId = layer?.assetId as string;
    expect(keys).toContain(`/easel-cluster/blobs/${outputId.slice(0, 2)}/${outputId.slice(2, 4)}/${outputId}`);
    const verify = await fetch(`${cluster.url}/v1/provenance/verify`, {
      method: "POST",
      headers: { "content-type": "image/png" },
      body: await client.downloadAsset(outputId),
    });
    expect(await verify.json()).toMatchObject({ state: "trusted", match: "embedded", failures: [] });
  });
});
