import { z } from "zod";

/** `GET /v1/usage`: an org's generations, compute and (for admins) cost in one month. */
export const UsageReport = z.object({
  period: z.string().regex(/^\d{4}-\d{2}$/),
  plan: z.enum(["free", "pro", "enterprise"]),
  commercialRights: z.boolean(),
  quota: z.object({
    limit: z.number().int().nullable(),
    used: z.number().int(),
    reserved: z.number().int(),
    remaining: z.number().int().nullable(),
  }),
  images: z.object({ total: z.number().int(), byKind: z.record(z.string(), z.number().int()) }),
  compute: z.array(
    z.object({ engine: z.string(), device: z.enum(["cpu", "gpu"]), seconds: z.number(), jobs: z.number().int() }),
  ),
  /** Only for admins of the org. */
  cost: z
    .object({
      computeUsd: z.number(),
      revenueUsd: z.number().nullable(),
      grossMargin: z.number().nullable(),
      costPerImageUsd: z.number().nullable(),
    })
    .nullable(),
});
export type UsageReport = z.infer<typeof UsageReport>;

/** Query of `GET /v1/usage`: the month (default: the current one; the service checks the format). */
export const UsageQuery = z.object({ period: z.string().optional() });
