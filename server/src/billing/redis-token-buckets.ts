import { Redis } from "ioredis";
import type { BucketRule } from "./plans.js";
import { type RateLimiter, type TakeResult, takeResult } from "./token-bucket.js";

/**
 * The token-bucket refill, on Redis's clock (so API nodes with skewed clocks agree): leaves the
 * bucket's tokens now in `tokens`, and `now` (ms).
 */
const REFILL = `
local capacity = tonumber(ARGV[1])
local refill = tonumber(ARGV[2])
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local bucket = redis.call("HMGET", KEYS[1], "tokens", "at")
local tokens = tonumber(bucket[1]) or capacity
local at = tonumber(bucket[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) / 1000 * refill)
`;

/** Refill and take, atomically: {allowed (0/1), tokens left}; the key expires once the bucket would be full. */
const TAKE = `${REFILL}
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call("HSET", KEYS[1], "tokens", tostring(tokens), "at", tostring(now))
redis.call("PEXPIRE", KEYS[1], math.ceil(capacity / refill * 1000) + 1000)
return { allowed, tostring(tokens) }
`;

/** The same refill as TAKE, read-only: {would a take be allowed (0/1), tokens now}. */
const PEEK = `${REFILL}
local allowed = 0
if tokens >= 1 then allowed = 1 end
return { allowed, tostring(tokens) }
`;

/**
 * Token buckets shared by every API node (the distributed mode), so a key's limits hold however a load
 * balancer spreads its requests. Rate limiting protects the service but is not worth an outage: when
 * Redis does not answer within `timeoutMs`, requests are let through (and that is logged once).
 */
export class RedisTokenBuckets implements RateLimiter {
  private readonly redis: Redis;
  private warned = false;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly log: (message: string) => void,
    timeoutMs = 250,
  ) {
    // Commands wait for a (re)connection at most `timeoutMs`, then the request goes through unlimited.
    this.redis = new Redis(url, { maxRetriesPerRequest: 0, commandTimeout: timeoutMs });
    this.redis.on("error", () => {});
  }

  take(key: string, rule: BucketRule): Promise<TakeResult> {
    return this.run(TAKE, key, rule);
  }

  peek(key: string, rule: BucketRule): Promise<TakeResult> {
    return this.run(PEEK, key, rule);
  }

  private async run(script: string, key: string, rule: BucketRule): Promise<TakeResult> {
    try {
      const [allowed, tokens] = (await this.redis.eval(
        script,
        1,
        `${this.prefix}:bucket:${key}`,
        String(rule.capacity),
        String(rule.refillPerS),
      )) as [number, string];
      this.warned = false;
      return takeResult(rule, Number(tokens), allowed === 1);
    } catch (error) {
      if (!this.warned)
        this.log(`rate limits are not enforced while Redis does not answer: ${(error as Error).message}`);
      this.warned = true;
      return takeResult(rule, rule.capacity - 1, true);
    }
  }

  close(): void {
    this.redis.disconnect();
  }
}
