import { eq, or, sql } from "drizzle-orm";
import type { MetaDb } from "../db/meta-db.js";
import { AppError } from "../errors/app-error.js";
import type { ModelCheck } from "./model-check.js";
import type { ModelFacts } from "./model-facts.js";

/** A registered model as `easel models list` and the catalog see it. */
export interface RegisteredModel {
  name: string;
  /** Null: every org may use it; else only this org. */
  orgId: string | null;
  dir: string;
  facts: ModelFacts;
  loadMs: number | null;
  stepS: number | null;
  testedAt: number | null;
  /** The last smoke test's error, or null when it passed. */
  lastError: string | null;
  addedAt: number;
}

/** Registered models and per-org defaults, as one snapshot. */
export interface RegistrySnapshot {
  models: RegisteredModel[];
  orgDefaults: Map<string, string>;
}

/**
 * The models of this deployment (engine_models) and each org's default (org_default_models), in the
 * metadata database so every API node of a deployment sees the same list. `version()` is one aggregate
 * query; the catalog re-reads the rows only when it changes.
 */
export class ModelRegistry {
  constructor(private readonly db: MetaDb) {}

  /** Registers (or re-registers, after a fix) a checked model. */
  async add(name: string, dir: string, orgId: string | null, check: ModelCheck): Promise<RegisteredModel> {
    const { engineModels: t } = this.db.t;
    const now = Date.now();
    const row = {
      name,
      orgId,
      dir,
      facts: check.facts,
      loadMs: check.loadMs,
      stepS: check.stepS,
      testedAt: now,
      lastError: null,
      addedAt: now,
      updatedAt: now,
    };
    await this.db.tx(async (q) => {
      await q.delete(t).where(eq(t.name, name));
      await q.insert(t).values(row);
    });
    return { ...row };
  }

  /** Records the result of `easel models test`. */
  async recordTest(name: string, result: { check: ModelCheck } | { error: string }): Promise<void> {
    const { engineModels: t } = this.db.t;
    const now = Date.now();
    const values =
      "check" in result
        ? { facts: result.check.facts, loadMs: result.check.loadMs, stepS: result.check.stepS, lastError: null }
        : { lastError: result.error };
    await this.db.run((q) =>
      q
        .update(t)
        .set({ ...values, testedAt: now, updatedAt: now })
        .where(eq(t.name, name)),
    );
  }

  async get(name: string): Promise<RegisteredModel | undefined> {
    const { engineModels: t } = this.db.t;
    const rows = await this.db.run((q) => q.select().from(t).where(eq(t.name, name)));
    return rows[0] && toModel(rows[0]);
  }

  /** Every model, or those one org may use (its own and the platform-wide ones). */
  async list(orgId?: string): Promise<RegisteredModel[]> {
    const { engineModels: t } = this.db.t;
    const rows = await this.db.run((q) =>
      orgId === undefined
        ? q.select().from(t)
        : q
            .select()
            .from(t)
            .where(or(eq(t.orgId, orgId), sql`${t.orgId} is null`)),
    );
    return rows.map(toModel).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Removes a model and any org default naming it; false when there was none. */
  async remove(name: string): Promise<boolean> {
    const { engineModels: t, orgDefaultModels: d } = this.db.t;
    return this.db.tx(async (q) => {
      const removed = await q.delete(t).where(eq(t.name, name)).returning({ name: t.name });
      await q.delete(d).where(eq(d.model, name));
      return removed.length > 0;
    });
  }

  /** Sets (or with null clears) an org's default model; an unknown or foreign model is a 422 naming `model`. */
  async setOrgDefault(orgId: string, model: string | null): Promise<void> {
    const { orgDefaultModels: d } = this.db.t;
    if (model === null) {
      await this.db.run((q) => q.delete(d).where(eq(d.orgId, orgId)));
      return;
    }
    const found = await this.get(model);
    if (!found || (found.orgId !== null && found.orgId !== orgId)) {
      const known = (await this.list(orgId)).map((m) => m.name);
      throw new AppError(
        "validation",
        `\`model\` names no model this organisation can use: "${model}" (registered: ${known.join(", ") || "none"})`,
        { field: "model", status: 422 },
      );
    }
    await this.db.tx(async (q) => {
      await q.delete(d).where(eq(d.orgId, orgId));
      await q.insert(d).values({ orgId, model, updatedAt: Date.now() });
    });
  }

  /** An org's default model, or null. */
  async orgDefault(orgId: string): Promise<string | null> {
    const { orgDefaultModels: d } = this.db.t;
    const rows = await this.db.run((q) => q.select().from(d).where(eq(d.orgId, orgId)));
    return rows[0]?.model ?? null;
  }

  /** Everything the catalog needs, in one read. */
  async snapshot(): Promise<RegistrySnapshot> {
    const { orgDefaultModels: d } = this.db.t;
    const models = await this.list();
    const defaults = await this.db.run((q) => q.select().from(d));
    return { models, orgDefaults: new Map(defaults.map((r) => [r.orgId, r.model])) };
  }

  /** Changes with every add, test, removal and default change: row counts and sums of update times (ms). */
  async version(): Promise<string> {
    const { engineModels: t, orgDefaultModels: d } = this.db.t;
    return this.db.run(async (q) => {
      // As text: sums of ms timestamps pass 2^53 after a few thousand rows.
      const [m] = await q
        .select({
          n: sql<number>`count(*)`.mapWith(Number),
          sum: sql<string>`cast(coalesce(sum(${t.updatedAt}), 0) as text)`,
        })
        .from(t);
      const [o] = await q
        .select({
          n: sql<number>`count(*)`.mapWith(Number),
          sum: sql<string>`cast(coalesce(sum(${d.updatedAt}), 0) as text)`,
        })
        .from(d);
      return `${m?.n ?? 0}:${m?.sum ?? 0}/${o?.n ?? 0}:${o?.sum ?? 0}`;
    });
  }
}

function toModel(row: {
  name: string;
  orgId: string | null;
  dir: string;
  facts: unknown;
  loadMs: number | null;
  stepS: number | null;
  testedAt: number | null;
  lastError: string | null;
  addedAt: number;
}): RegisteredModel {
  return {
    name: row.name,
    orgId: row.orgId,
    dir: row.dir,
    facts: row.facts as ModelFacts,
    loadMs: row.loadMs,
    stepS: row.stepS,
    testedAt: row.testedAt,
    lastError: row.lastError,
    addedAt: Number(row.addedAt),
  };
}
