import { createHash, timingSafeEqual } from "node:crypto";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { first, type MetaDb } from "../db/meta-db.js";
import { AppError } from "../errors/app-error.js";
import { newId, newSecret } from "../util/ids.js";
import { type OrgSettings, readOrgSettings } from "./org-settings.js";
import type { Plan, Principal, Role } from "./principal.js";

// Key layout: `easel_<keyId>_<secret>`; only sha256(key) is stored, the key is shown once.
const KEY_PATTERN = /^easel_(key_[0-9a-z]{26})_([0-9a-z]{20,})$/;

function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** An API key as admins see it: who holds it and whether it still works, never its secret. */
export interface KeyView {
  id: string;
  userId: string;
  userName: string;
  role: Role;
  orgSlug: string;
  createdAt: string;
  revokedAt: string | null;
}

/** Organisations, users and API keys: the data behind authentication. */
export class ApiKeys {
  constructor(private readonly db: MetaDb) {}

  /** Creates an organisation, or returns the existing one with that slug. */
  async ensureOrg(slug: string, plan: Plan = "free", name = slug): Promise<{ id: string; slug: string; plan: Plan }> {
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) {
      throw new AppError("validation", "org slug must be lowercase letters, digits and dashes", { field: "org" });
    }
    const { orgs } = this.db.t;
    const org = { id: newId("org"), slug, name, plan, createdAt: Date.now() };
    return this.db.run(async (q) => {
      const existing = first(await q.select().from(orgs).where(eq(orgs.slug, slug)).limit(1));
      if (existing) return existing;
      // Another API node may create the same org between the select and the insert: keep theirs.
      const created = await q.insert(orgs).values(org).onConflictDoNothing({ target: orgs.slug }).returning();
      if (created.length > 0) return org;
      const winner = first(await q.select().from(orgs).where(eq(orgs.slug, slug)).limit(1));
      if (!winner) throw new Error(`organisation "${slug}" vanished while it was being created`);
      return winner;
    });
  }

  /** Creates a user in an org (or reuses one with that name) and a new API key for them. */
  async createKey(
    orgSlug: string,
    userName: string,
    role: Role,
  ): Promise<{ key: string; keyId: string; userId: string }> {
    const { orgs, users, apiKeys } = this.db.t;
    // Ids, the secret and timestamps are made before the transaction, which PostgreSQL may run again.
    const keyId = newId("key");
    const key = `easel_${keyId}_${newSecret(24)}`;
    const newUserId = newId("usr");
    const now = Date.now();
    return this.db.tx(async (q) => {
      const org = first(await q.select().from(orgs).where(eq(orgs.slug, orgSlug)).limit(1));
      if (!org) throw new AppError("not_found", `organisation "${orgSlug}" does not exist`, { field: "org" });
      const user = first(
        await q
          .select()
          .from(users)
          .where(and(eq(users.orgId, org.id), eq(users.name, userName)))
          .limit(1),
      );
      let userId: string;
      if (!user) {
        userId = newUserId;
        await q.insert(users).values({ id: userId, orgId: org.id, name: userName, role, createdAt: now });
      } else {
        userId = user.id;
        if (user.role !== role) await q.update(users).set({ role }).where(eq(users.id, user.id));
      }
      await q.insert(apiKeys).values({ id: keyId, userId, secretHash: hashKey(key), createdAt: now });
      return { key, keyId, userId };
    });
  }

  /** Resolves a presented key to its principal, or null when it is unknown, malformed or revoked. */
  async authenticate(key: string): Promise<Principal | null> {
    return (await this.verify(key)).principal;
  }

  /**
   * Like `authenticate`, and says whether a refused key was a guess (malformed, unknown, wrong secret)
   * or a real key that was revoked: a client still sending its revoked key is not guessing, and must not
   * use up the failure budget of everyone behind its address (`AuthThrottle`).
   */
  async verify(key: string): Promise<{ principal: Principal } | { principal: null; guess: boolean }> {
    const match = KEY_PATTERN.exec(key);
    if (!match) return { principal: null, guess: true };
    const found = await this.lookup(match[1] as string);
    if (!found) return { principal: null, guess: true };
    const presented = Buffer.from(hashKey(key), "hex");
    const stored = Buffer.from(found.hash, "hex");
    if (presented.length !== stored.length || !timingSafeEqual(presented, stored))
      return { principal: null, guess: true };
    return found.revoked ? { principal: null, guess: false } : { principal: found.principal };
  }

  /**
   * The principal of a key already proven once (a console session holds its id, never the key), or
   * null once the key is revoked — so revoking a key also ends its sessions.
   */
  async principalOf(keyId: string): Promise<Principal | null> {
    const found = await this.lookup(keyId);
    return found && !found.revoked ? found.principal : null;
  }

  private async lookup(keyId: string): Promise<{ hash: string; revoked: boolean; principal: Principal } | null> {
    const { orgs, users, apiKeys } = this.db.t;
    const row = await this.db.run(async (q) =>
      first(
        await q
          .select({ hash: apiKeys.secretHash, revokedAt: apiKeys.revokedAt, user: users, org: orgs })
          .from(apiKeys)
          .innerJoin(users, eq(users.id, apiKeys.userId))
          .innerJoin(orgs, eq(orgs.id, users.orgId))
          .where(eq(apiKeys.id, keyId))
          .limit(1),
      ),
    );
    if (!row) return null;
    return {
      hash: row.hash,
      revoked: row.revokedAt !== null,
      principal: {
        orgId: row.org.id,
        orgSlug: row.org.slug,
        plan: row.org.plan,
        settings: readOrgSettings(row.org.settings),
        userId: row.user.id,
        userName: row.user.name,
        role: row.user.role,
        keyId,
      },
    };
  }

  /** Changes an org's policy settings (merged over the current ones); returns the result. */
  async updateSettings(slug: string, changes: Partial<OrgSettings>): Promise<OrgSettings> {
    const { orgs } = this.db.t;
    // Read and write in one transaction, so two admins changing different settings both keep theirs.
    return this.db.tx(async (q) => {
      const org = first(await q.select().from(orgs).where(eq(orgs.slug, slug)).limit(1));
      if (!org) throw new AppError("not_found", `organisation "${slug}" does not exist`, { field: "org" });
      const settings = readOrgSettings({ ...readOrgSettings(org.settings), ...changes });
      await q.update(orgs).set({ settings }).where(eq(orgs.id, org.id));
      return settings;
    });
  }

  /**
   * The keys of one org (or of every org, for the operator's CLI), newest first. Never a secret: only
   * its hash is stored, and even that is not shown.
   */
  async listKeys(orgId: string | "all"): Promise<KeyView[]> {
    const { orgs, users, apiKeys } = this.db.t;
    const rows = await this.db.run((q) =>
      q
        .select({
          id: apiKeys.id,
          createdAt: apiKeys.createdAt,
          revokedAt: apiKeys.revokedAt,
          userId: users.id,
          userName: users.name,
          role: users.role,
          orgSlug: orgs.slug,
        })
        .from(apiKeys)
        .innerJoin(users, eq(users.id, apiKeys.userId))
        .innerJoin(orgs, eq(orgs.id, users.orgId))
        .where(orgId === "all" ? undefined : eq(orgs.id, orgId))
        .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id)),
    );
    return rows.map((r) => ({
      ...r,
      createdAt: new Date(r.createdAt).toISOString(),
      revokedAt: r.revokedAt === null ? null : new Date(r.revokedAt).toISOString(),
    }));
  }

  /**
   * Revokes a key: later requests with it get 401 and its console sessions end (`principalOf`). With
   * `orgId`, only a key of that org (an org admin's route); another org's key is "not found". Revoking
   * a revoked key again keeps its first revocation time. Returns whether the key was found.
   */
  async revoke(keyId: string, orgId?: string): Promise<boolean> {
    const { users, apiKeys } = this.db.t;
    const now = Date.now();
    const found = await this.db.run((q) => {
      const ofOrg =
        orgId === undefined
          ? undefined
          : inArray(apiKeys.userId, q.select({ id: users.id }).from(users).where(eq(users.orgId, orgId)));
      return q
        .update(apiKeys)
        .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, ${now})` })
        .where(and(eq(apiKeys.id, keyId), ofOrg))
        .returning({ id: apiKeys.id });
    });
    return found.length > 0;
  }
}
