import { z } from "zod";

/** One protected work in the similarity registry (`GET /v1/safety/references`). */
export const ProtectedReference = z.object({
  id: z.string(),
  title: z.string(),
  /** `org`: the org's own entry; `platform`: an operator's, binding every org. */
  scope: z.enum(["org", "platform"]),
  orgId: z.string().nullable(),
  /** Orgs the entry does not bind (rights holders and licensees of platform entries). */
  exemptOrgIds: z.array(z.string()),
  createdAt: z.string(),
});
export type ProtectedReference = z.infer<typeof ProtectedReference>;

/** The caller's org's entries, and only a count of the platform-wide ones. */
export const ProtectedReferenceList = z.object({
  references: z.array(ProtectedReference),
  platform: z.object({ count: z.number().int() }),
});
export type ProtectedReferenceList = z.infer<typeof ProtectedReferenceList>;

/** Query of `POST /v1/safety/references` (the body is the image). */
export const ProtectedReferenceQuery = z.object({
  title: z.string({ error: "names the protected work" }).min(1, "names the protected work"),
  /** Comma-separated org ids the entry does not bind (platform entries only). */
  exempt: z.string().optional(),
});

/** One safety decision about a job (`GET /v1/safety/jobs/:id`). */
export const SafetyDecision = z.object({
  /** Where it was made: prompt, output, similarity, upload. */
  stage: z.string(),
  decision: z.enum(["allow", "rewrite", "block"]),
  category: z.string().nullable(),
  reason: z.string(),
  details: z.unknown(),
  /** A withheld output's bytes are kept for review under this hash and are never served. */
  quarantined: z.string().nullable(),
  at: z.string(),
});
export type SafetyDecision = z.infer<typeof SafetyDecision>;

export const JobSafety = z.object({ decisions: z.array(SafetyDecision) });
export type JobSafety = z.infer<typeof JobSafety>;
