import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RedisServer, startRedis } from "../jobs/redis/test-redis.js";
import { RedisTokenBuckets } from "./redis-token-buckets.js";

describe("token buckets shared through Redis", () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => redis.stop());

  it("enforces one key's limit across API nodes, however requests are spread", async () => {
    const nodes = [1, 2].map(() => new RedisTokenBuckets(redis.url, "easel", () => {}));
    const rule = { capacity: 10, refillPerS: 0.01 };
    const results = [];
    for (let i = 0; i < 12; i++) results.push(await (nodes[i % 2] as RedisTokenBuckets).take("key_a:jobs", rule));
    expect(results.map((r) => r.allowed)).toEqual([...Array(10).fill(true), false, false]);
    expect(results[9]).toMatchObject({ limit: 10, remaining: 0 });
    expect(results[11]?.retryAfterS).toBeGreaterThan(60); // one token per 100 s
    // Another key has its own bucket.
    expect((await (nodes[0] as RedisTokenBuckets).take("key_b:jobs", rule)).allowed).toBe(true);
    for (const node of nodes) node.close();
  });

  it("peeks at a bucket without taking from it", async () => {
    const buckets = new RedisTokenBuckets(redis.url, "easel", () => {});
    const rule = { capacity: 2, refillPerS: 0.01 };
    expect((await buckets.peek("key_p:auth", rule)).allowed).toBe(true);
    await buckets.take("key_p:auth", rule);
    expect(await buckets.peek("key_p:auth", rule)).toMatchObject({ allowed: true, remaining: 1 });
    await buckets.take("key_p:auth", rule);
    expect((await buckets.peek("key_p:auth", rule)).allowed).toBe(false);
    expect((await buckets.peek("key_p:auth", rule)).retryAfterS).toBeGreaterThan(60);
    buckets.close();
  });

  it("refills with time on Redis's clock", async () => {
    const buckets = new RedisTokenBuckets(redis.url, "easel", () => {});
    const rule = { capacity: 2, refillPerS: 20 };
    await buckets.take("key_c:requests", rule);
    await buckets.take("key_c:requests", rule);
    expect((await buckets.take("key_c:requests", rule)).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 120)); // 20/s: two tokens back
    expect((await buckets.take("key_c:requests", rule)).allowed).toBe(true);
    buckets.close();
  });

  it("lets requests through, and says so once, while Redis does not answer", async () => {
    const warnings: string[] = [];
    const buckets = new RedisTokenBuckets("redis://127.0.0.1:1", "easel", (m) => warnings.push(m), 100);
    const rule = { capacity: 1, refillPerS: 0.01 };
    const results = [await buckets.take("key_d:jobs", rule), await buckets.take("key_d:jobs", rule)];
    expect(results.every((r) => r.allowed)).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/rate limits are not enforced while Redis does not answer/);
    buckets.close();
  });
});
