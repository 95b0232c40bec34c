import { join } from "node:path";
import {
  EaselClient,
  type EaselError,
  fromBase64,
  type JobEvent,
  SignedTreeHead,
  TransparencyKey,
  verifyTreeHeadSignature,
} from "@easel/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { periodOf } from "../../server/src/billing/plans.js";
import { scratchDir } from "../../server/src/testing/test-servers.js";
import {
  type EaselProcess,
  freshDatabaseUrl,
  startServe,
  startWorker,
  type WorkerProcess,
} from "../support/easel-process.js";
import { decode, gradientPng, readPhoto } from "../support/images.js";
import { type RedisServer, startRedis } from "../support/redis.js";

// Two API nodes sharing one PostgreSQL and one Redis, with two worker processes: what several API
// nodes behind a load balancer see.

describe("several API nodes on PostgreSQL", () => {
  let redis: RedisServer;
  let nodes: EaselProcess[];
  let workers: WorkerProcess[];
  let env: Record<string, string>;

  beforeAll(async () => {
    redis = await startRedis();
    const shared = scratchDir("easel-shared-");
    env = {
      EASEL_QUEUE: redis.url,
      EASEL_DATABASE_URL: await freshDatabaseUrl(),
      EASEL_BLOBS: `dir:${join(shared, "blobs")}`,
      EASEL_DIAGNOSTICS: "1",
      EASEL_RATE_LIMITS: "0",
      EASEL_WORKERS: "1",
      EASEL_LEASE_MS: "3000",
    };
    // Both nodes sign with the same certificate: the first node's development identity.
    const first = await startServe(env, shared);
    const identity = join(shared, "provenance", "dev-identity");
    env.EASEL_SIGNING_CERT = join(identity, "signing-chain.pem");
    env.EASEL_SIGNING_KEY = join(identity, "signing.key.pem");
    // … and sign tree heads with the same transparency log key.
    env.EASEL_TRANSPARENCY_KEY = join(shared, "provenance", "transparency-log.key.pem");
    nodes = [first, await startServe(env)];
    workers = await Promise.all([1, 2].map(() => startWorker({ ...env, EASEL_DATA_DIR: scratchDir("easel-worker-") })));
  });
  afterAll(async () => {
    await Promise.all([...nodes, ...workers].map((p) => p.stop()));
    await redis.stop();
  });

  const clientsFor = async (org: string, plan: "free" | "pro" = "pro") => {
    const key = await nodes[0]?.createKey(org, "ana", "designer", plan);
    return nodes.map((node) => new EaselClient({ baseUrl: node.url, apiKey: key as string }));
  };

  it("refuses to start an API node on PostgreSQL without the Redis queue, saying why", async () => {
    await expect(startServe({ EASEL_DATABASE_URL: env.EASEL_DATABASE_URL as string })).rejects.toThrow(
      /EASEL_DATABASE_URL needs EASEL_QUEUE=redis/,
    );
  });

  it("a job created on one node streams its events and serves its outputs on the other", async () => {
    const [a, b] = (await clientsFor("studio")) as [EaselClient, EaselClient];
    const image = await a.uploadAsset(readPhoto("cat-chelsea.png"), "image/png");
    const created = await a.createJob({ kind: "upscale", image: image.id, params: { scale: 2, tier: "fast" } });
    const events: JobEvent[] = [];
    for await (const event of b.events(created.id)) events.push(event);
    expect(events.map((e) => e.type)).toContain("started");
    expect(events.at(-1)?.type).toBe("succeeded");
    const job = await b.getJob(created.id);
    const out = await decode(await b.downloadAsset(job.layers[0]?.assetId as string));
    expect([out.width, out.height]).toEqual([1024, 680]);
    expect((await a.listJobs({})).jobs.map((j) => j.id)).toContain(created.id);
  });

  it("cancels on one node a job that was created on the other", async () => {
    const [a, b] = (await clientsFor("studio")) as [EaselClient, EaselClient];
    const created = await a.createJob({ kind: "noop", params: { workMs: 60_000 } });
    for await (const event of a.events(created.id)) if (event.type === "started") break;
    const cancelled = await b.cancel(created.id);
    expect(cancelled.status).toBe("cancelled");
    expect((await a.getJob(created.id)).status).toBe("cancelled");
  });

  it("reserves quota atomically across nodes: 20 parallel requests against 5 remaining deliver 5", async () => {
    const clients = await clientsFor("freebie", "free");
    const db = await nodes[0]?.openDb();
    if (!db) throw new Error("no database");
    try {
      // 45 of the free plan's 50 images already used this month.
      const org = await db.run(async (q) => (await q.select().from(db.t.orgs)).find((o) => o.slug === "freebie"));
      const now = Date.now();
      await db.run((q) =>
        q.insert(db.t.quotaReservations).values({
          jobId: "job_seed_freebie",
          orgId: org?.id as string,
          period: periodOf(now),
          reserved: 45,
          charged: 45,
          state: "charged",
          createdAt: now,
          settledAt: now,
        }),
      );
    } finally {
      await db.close();
    }
    const image = await (clients[0] as EaselClient).uploadAsset(await gradientPng(24, 24, 2), "image/png");
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        (clients[i % 2] as EaselClient).createJob({ kind: "upscale", image: image.id, params: { tier: "instant" } }),
      ),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(5);
    const refused = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as EaselError] : []));
    expect(refused.map((e) => e.problem.code)).toEqual(Array(15).fill("quota_exceeded"));
  });

  it("accepts a burst of 64 concurrent jobs from one org through both nodes (conflicting transactions retry)", async () => {
    const clients = await clientsFor("burst-co");
    const image = await (clients[0] as EaselClient).uploadAsset(await gradientPng(16, 16, 3), "image/png");
    const outcomes = await Promise.allSettled(
      Array.from({ length: 64 }, (_, i) =>
        (clients[i % 2] as EaselClient).createJob({ kind: "upscale", image: image.id, params: { tier: "instant" } }),
      ),
    );
    const refused = outcomes.flatMap((o) => (o.status === "rejected" ? [(o.reason as EaselError).problem.detail] : []));
    expect(refused).toEqual([]);
    const usage = (await (clients[1] as EaselClient).listJobs({ limit: 100 })).jobs;
    expect(usage).toHaveLength(64);
  });

  it("signs tree heads on every node with the one configured transparency log key", async () => {
    const get = async (url: string) => (await fetch(url)).json();
    const keys = await Promise.all(
      nodes.map(async (n) => TransparencyKey.parse(await get(`${n.url}/v1/transparency/key`))),
    );
    expect(keys[1]?.keyId).toBe(keys[0]?.keyId);
    for (const node of nodes) {
      const head = SignedTreeHead.parse(await get(`${node.url}/v1/transparency/tree-head`));
      expect(await verifyTreeHeadSignature(head, fromBase64(keys[0]?.publicKey as string))).toBe(true);
    }
  });

  it("keeps applying worker reports when the node that applied them dies", async () => {
    const [a, b] = (await clientsFor("studio")) as [EaselClient, EaselClient];
    // Whichever node holds the reports lease, killing node a leaves b to take over within the lease.
    await nodes[0]?.kill();
    const created = await b.createJob({ kind: "noop", params: { workMs: 50 } });
    const job = await b.waitForJob(created.id);
    expect(job.status).toBe("succeeded");
    void a;
  });
});
