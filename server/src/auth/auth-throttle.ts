import type { BucketRule } from "../billing/plans.js";
import type { RateLimiter } from "../billing/token-bucket.js";
import { AppError } from "../errors/app-error.js";

/** Where a throttled client stands: refused, and for how long (s). */
export interface ThrottleVerdict {
  allowed: boolean;
  retryAfterS: number;
}

/**
 * Throttles failed authentication per client address (wrong API keys at the API and at the console
 * sign-in share one budget): `failures` in `windowS` seconds, refilled evenly, then every attempt from
 * that address is refused with 429 before its key is even checked — a right key included, or guessing
 * would go on at full speed with only the hits answered. Other addresses are not affected. The buckets
 * are the rate limiter's: in this process (embedded) or in Redis, shared by every API node (distributed).
 */
export class AuthThrottle {
  private readonly rule: BucketRule;

  constructor(
    private readonly buckets: RateLimiter,
    failures: number,
    windowS: number,
  ) {
    this.rule = { capacity: failures, refillPerS: failures / windowS };
  }

  /** Whether `address` may try to authenticate now. */
  async check(address: string): Promise<ThrottleVerdict> {
    const { allowed, retryAfterS } = await this.buckets.peek(this.key(address), this.rule);
    return { allowed, retryAfterS: allowed ? 0 : retryAfterS };
  }

  /** Counts a failed attempt from `address`. */
  async failed(address: string): Promise<void> {
    await this.buckets.take(this.key(address), this.rule);
  }

  /** The 429 problem for a throttled address, with `Retry-After` (s). */
  static refusal(verdict: ThrottleVerdict): AppError {
    return new AppError(
      "rate_limited",
      `too many failed authentication attempts from this address; try again in ${verdict.retryAfterS} s`,
      { field: "authorization", headers: { "retry-after": String(verdict.retryAfterS) } },
    );
  }

  private key(address: string): string {
    return `auth-failures:${address}`;
  }
}
