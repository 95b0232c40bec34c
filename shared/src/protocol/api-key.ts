import { z } from "zod";

/** An API key as an org admin sees it (`GET /v1/keys`): who holds it and whether it works; never its secret. */
export const ApiKeyInfo = z.object({
  id: z.string(),
  userId: z.string(),
  userName: z.string(),
  role: z.enum(["designer", "brand-admin", "admin"]),
  orgSlug: z.string(),
  createdAt: z.string(),
  /** When it was revoked; null while it works. */
  revokedAt: z.string().nullable(),
});
export type ApiKeyInfo = z.infer<typeof ApiKeyInfo>;

/** `GET /v1/keys`: the caller's org's keys, newest first. */
export const ApiKeyList = z.object({ keys: z.array(ApiKeyInfo) });
export type ApiKeyList = z.infer<typeof ApiKeyList>;
