import { and, eq, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import sharp from "sharp";
import type { MetaDb } from "../db/meta-db.js";
import type { protectedReferences } from "../db/schema.js";
import { AppError } from "../errors/app-error.js";
import { newId } from "../util/ids.js";
import {
  type FingerprintJson,
  fingerprintFromJson,
  fingerprintToJson,
  type ProtectedWorkJson,
} from "./fingerprint-json.js";
import { fingerprintReference } from "./reference-fingerprints.js";
import { SimilarityIndex } from "./similarity-index.js";

/** Whose a registry entry is: one org's (binds that org only) or the platform's (binds every org but the exempt). */
export type ReferenceOwner = { orgId: string } | "platform";

export interface ProtectedReferenceView {
  id: string;
  title: string;
  /** `org`: the org's own entry, binding its own outputs and uploads; `platform`: an operator's, binding every org. */
  scope: "org" | "platform";
  /** The org whose entry it is; null for a platform entry. */
  orgId: string | null;
  /**
   * Orgs the entry does not bind: for platform entries, the rights holder and its licensees. Org entries
   * have none, except those registered before entries were per org (which exempted their own org, so
   * they now bind no one until the org removes them or an operator re-registers the work).
   */
  exemptOrgIds: string[];
  createdAt: string;
}

type ReferenceRow = typeof protectedReferences.$inferSelect;

/** The similarity index built from the registry as one read found it. */
interface LoadedIndex {
  /** Order in which loads started: a later load never gives way to an earlier one. */
  seq: number;
  /** The registry version the index holds (see `registryVersion`); null before the first load. */
  version: string | null;
  index: SimilarityIndex;
}

function viewOf(row: ReferenceRow): ProtectedReferenceView {
  return {
    id: row.id,
    title: row.title,
    scope: row.orgId === null ? "platform" : "org",
    orgId: row.orgId,
    exemptOrgIds: row.exemptOrgIds as string[],
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

/** Decodes an image to sRGB pixels; a body that is not an image is a 415 naming `field`. */
export async function decodeRgb(bytes: Uint8Array, field: string) {
  try {
    const { data, info } = await sharp(bytes)
      .removeAlpha()
      .toColourspace("srgb")
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: 3 as const };
  } catch {
    throw new AppError("unsupported_media_type", "the body is not an image that can be read", { field });
  }
}

/**
 * The protected-work registry in the metadata database, and the in-memory similarity index built from
 * it. Rows are written by this process, by other API nodes (PostgreSQL) and by the operator's CLI
 * (`easel safety references add`, on either database), so the registry's version (one aggregate query,
 * under 1 ms with 10 000 works) is read before every use and the index reloaded when it moved.
 */
export class ProtectedRegistry {
  private loaded: LoadedIndex = { seq: 0, version: null, index: new SimilarityIndex() };
  private loads = 0;

  constructor(private readonly db: MetaDb) {}

  /** Registers a work for an org (binding its own outputs) or for the platform (binding every org but `exempt`). */
  async register(
    owner: ReferenceOwner,
    bytes: Uint8Array,
    title: string,
    exempt: readonly string[] = [],
  ): Promise<ProtectedReferenceView> {
    if (owner !== "platform" && exempt.length > 0) {
      // Exempting another org from an entry that binds only its owner means nothing; exempting the owner disables it.
      throw new AppError(
        "validation",
        "`exempt` applies to platform-wide works only (an operator's `easel safety references add --exempt`); an org's own entries bind that org alone",
        { field: "exempt", status: 422 },
      );
    }
    const exemptOrgIds = await this.resolveOrgs(exempt);
    const fingerprints = await fingerprintReference(await decodeRgb(bytes, "body"));
    const row: ReferenceRow = {
      id: newId("ref"),
      orgId: owner === "platform" ? null : owner.orgId,
      title: title.slice(0, 200),
      fingerprints: fingerprints.map(fingerprintToJson),
      exemptOrgIds,
      createdAt: Date.now(),
    };
    const { protectedReferences: refs } = this.db.t;
    await this.db.run((q) => q.insert(refs).values(row));
    return viewOf(row);
  }

  /** An org's own entries, and how many platform entries also bind it (their contents stay private). */
  async listFor(orgId: string): Promise<{ references: ProtectedReferenceView[]; platform: { count: number } }> {
    const { protectedReferences: refs } = this.db.t;
    const rows = await this.db.run((q) =>
      q
        .select()
        .from(refs)
        .where(or(eq(refs.orgId, orgId), isNull(refs.orgId))),
    );
    return {
      references: rows.filter((r) => r.orgId === orgId).map(viewOf),
      platform: { count: rows.filter((r) => r.orgId === null).length },
    };
  }

  /**
   * Org entries registered before entries were per org: they exempted their own org, so they now bind
   * no one. The start-up log names how many, so an operator can re-register the works that should bind
   * every org (`easel safety references add`).
   */
  async inertCount(): Promise<number> {
    const { protectedReferences: refs } = this.db.t;
    const rows = await this.db.run((q) =>
      q.select({ orgId: refs.orgId, exempt: refs.exemptOrgIds }).from(refs).where(isNotNull(refs.orgId)),
    );
    return rows.filter((r) => (r.exempt as string[]).includes(r.orgId as string)).length;
  }

  /** Every platform-wide entry (the operator's CLI). */
  async listPlatform(): Promise<ProtectedReferenceView[]> {
    const { protectedReferences: refs } = this.db.t;
    return (await this.db.run((q) => q.select().from(refs).where(isNull(refs.orgId)))).map(viewOf);
  }

  /** Withdraws an entry of `owner`'s; another owner's entry is "not found" (404), never a hint it exists. */
  async remove(owner: ReferenceOwner, id: string): Promise<void> {
    const { protectedReferences: refs } = this.db.t;
    const owned = and(eq(refs.id, id), owner === "platform" ? isNull(refs.orgId) : eq(refs.orgId, owner.orgId));
    const deleted = await this.db.run((q) => q.delete(refs).where(owned).returning({ id: refs.id }));
    if (deleted.length === 0) {
      throw new AppError("not_found", `protected reference ${id} was not found`, { field: "id" });
    }
  }

  /** The works binding `orgId`: its own entries and platform entries that do not exempt it. */
  async worksBinding(orgId: string): Promise<ProtectedWorkJson[]> {
    const { protectedReferences: refs } = this.db.t;
    const rows = await this.db.run((q) =>
      q
        .select()
        .from(refs)
        .where(or(eq(refs.orgId, orgId), isNull(refs.orgId))),
    );
    return rows
      .filter((r) => !(r.exemptOrgIds as string[]).includes(orgId))
      .map((r) => ({ id: r.id, fingerprints: r.fingerprints as FingerprintJson[] }));
  }

  /** The similarity index as the registry stands now. */
  async currentIndex(): Promise<SimilarityIndex> {
    const wanted = await this.version();
    if (wanted === this.loaded.version) return this.loaded.index;
    const { protectedReferences: refs } = this.db.t;
    const seq = ++this.loads;
    const rows = await this.db.run((q) => q.select().from(refs));
    const index = new SimilarityIndex();
    for (const row of rows) {
      index.add({
        id: row.id,
        orgId: row.orgId,
        fingerprints: (row.fingerprints as FingerprintJson[]).map(fingerprintFromJson),
        exemptOrgIds: row.exemptOrgIds as string[],
      });
    }
    if (seq > this.loaded.seq) this.loaded = { seq, version: versionOf(rows), index };
    return index;
  }

  /** The registry's version: its row count and the sum of creation times (ms); changes with every add and removal. */
  private async version(): Promise<string> {
    const { protectedReferences: refs } = this.db.t;
    return this.db.run(async (q) => {
      const [row] = await q
        .select({
          n: sql<number>`count(*)`.mapWith(Number),
          // As text: a sum of ms timestamps passes 2^53 after a few thousand works.
          sum: sql<string>`cast(coalesce(sum(${refs.createdAt}), 0) as text)`,
        })
        .from(refs);
      return `${row?.n ?? 0}:${row?.sum ?? "0"}`;
    });
  }

  /** Org ids or slugs → ids; an unknown one is a 422 naming `exempt`. */
  private async resolveOrgs(given: readonly string[]): Promise<string[]> {
    const wanted = [...new Set(given.map((g) => g.trim()).filter(Boolean))];
    if (wanted.length === 0) return [];
    const { orgs } = this.db.t;
    const found = await this.db.run((q) =>
      q
        .select({ id: orgs.id, slug: orgs.slug })
        .from(orgs)
        .where(or(inArray(orgs.id, wanted), inArray(orgs.slug, wanted))),
    );
    const unknown = wanted.filter((w) => !found.some((o) => o.id === w || o.slug === w));
    if (unknown.length > 0) {
      throw new AppError("validation", `\`exempt\` names no organisation: ${unknown.join(", ")}`, {
        field: "exempt",
        status: 422,
      });
    }
    return [...new Set(found.map((o) => o.id))];
  }
}

/** The version of some rows, computed the same way as the aggregate query. */
function versionOf(rows: readonly Pick<ReferenceRow, "createdAt">[]): string {
  return `${rows.length}:${rows.reduce((sum, r) => sum + BigInt(r.createdAt), 0n)}`;
}
