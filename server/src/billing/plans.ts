import type { Plan } from "../auth/principal.js";

/** A token bucket: `capacity` requests at once, refilled at `refillPerS` per second. */
export interface BucketRule {
  capacity: number;
  refillPerS: number;
}

export interface PlanRules {
  /** Delivered images per calendar month (UTC); null = no hard cap (fair use / metered). */
  monthlyImages: number | null;
  /** Whether outputs may be used commercially (recorded per output and in its provenance). */
  commercialRights: boolean;
  /** Every authenticated request. */
  requests: BucketRule;
  /** Job creation, the expensive call. */
  jobs: BucketRule;
  /** Revenue model for the cost report (USD). */
  pricePerImageUsd: number | null;
  monthlyPriceUsd: number | null;
}

/** The plans of DESIGN.md §6. */
export const PLANS: Record<Plan, PlanRules> = {
  free: {
    monthlyImages: 50,
    commercialRights: false,
    requests: { capacity: 60, refillPerS: 2 },
    jobs: { capacity: 10, refillPerS: 10 / 60 },
    pricePerImageUsd: null,
    monthlyPriceUsd: 0,
  },
  pro: {
    monthlyImages: null,
    commercialRights: true,
    requests: { capacity: 120, refillPerS: 10 },
    jobs: { capacity: 60, refillPerS: 1 },
    pricePerImageUsd: null,
    // The product brief's price (DESIGN.md §6); README's plan table and docs/capacity.md quote it.
    monthlyPriceUsd: 30,
  },
  enterprise: {
    monthlyImages: null,
    commercialRights: true,
    requests: { capacity: 600, refillPerS: 50 },
    jobs: { capacity: 300, refillPerS: 10 },
    pricePerImageUsd: 0.15,
    monthlyPriceUsd: null,
  },
};

/** The quota period (calendar month, UTC) of a moment: `YYYY-MM`. */
export function periodOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** Seconds until the next period starts, for `Retry-After` on an exhausted quota. */
export function secondsUntilNextPeriod(ms: number): number {
  const d = new Date(ms);
  const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return Math.ceil((next - ms) / 1000);
}
