import type { BucketRule } from "./plans.js";

export interface TakeResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetS: number;
  /** Seconds until one more request would be allowed (0 when allowed). */
  retryAfterS: number;
}

/** Takes tokens from per-key buckets: in this process, or shared by API nodes (redis-token-buckets.ts). */
export interface RateLimiter {
  take(key: string, rule: BucketRule): Promise<TakeResult>;
  /** Whether a take would be allowed now, without taking (e.g. refuse a sign-in before checking it). */
  peek(key: string, rule: BucketRule): Promise<TakeResult>;
  /** Releases connections, if it holds any. */
  close?(): void;
}

/** The answer for a bucket holding `tokens` after a take that was `allowed` or not. */
export function takeResult(rule: BucketRule, tokens: number, allowed: boolean): TakeResult {
  return {
    allowed,
    limit: rule.capacity,
    remaining: Math.floor(tokens),
    resetS: Math.ceil((rule.capacity - tokens) / rule.refillPerS),
    retryAfterS: allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) / rule.refillPerS)),
  };
}

interface Bucket {
  tokens: number;
  updatedAt: number; // ms
}

/** In-process token buckets per key (the embedded mode: one API node). */
export class TokenBuckets implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly maxKeys = 50_000) {}

  /** Takes one token from `key`'s bucket under `rule`. */
  async take(key: string, rule: BucketRule, now = Date.now()): Promise<TakeResult> {
    let bucket = this.buckets.get(key);
    if (bucket) {
      this.buckets.delete(key); // re-insert below: Map order doubles as LRU order
      bucket.tokens = Math.min(rule.capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * rule.refillPerS);
      bucket.updatedAt = now;
    } else {
      bucket = { tokens: rule.capacity, updatedAt: now };
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    }
    this.buckets.set(key, bucket);
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    return takeResult(rule, bucket.tokens, allowed);
  }

  async peek(key: string, rule: BucketRule, now = Date.now()): Promise<TakeResult> {
    const bucket = this.buckets.get(key);
    const tokens = bucket
      ? Math.min(rule.capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * rule.refillPerS)
      : rule.capacity;
    return takeResult(rule, tokens, tokens >= 1);
  }
}
