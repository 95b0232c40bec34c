import { and, eq, sql } from "drizzle-orm";
import sharp from "sharp";
import type { Principal } from "../auth/principal.js";
import { hasRole } from "../auth/principal.js";
import type { MetaDb } from "../db/meta-db.js";
import type { protectedReferences } from "../db/schema.js";
import { AppError } from "../http/app-error.js";
import type { PlanOutput } from "../pipeline/plan-types.js";
import { newId } from "../util/ids.js";
import { type FingerprintJson, fingerprintFromJson, fingerprintToJson } from "./fingerprint-json.js";
import { fingerprintImage } from "./perceptual-hash.js";
import { fingerprintReference } from "./reference-fingerprints.js";
import type { SafetyAudit } from "./safety-audit.js";
import { SimilarityIndex } from "./similarity-index.js";

export interface ProtectedReferenceView {
  id: string;
  title: string;
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

/** The PostgreSQL registry version of some rows: their count and the sum of their creation times (ms). */
function versionOf(rows: readonly Pick<ReferenceRow, "createdAt">[]): string {
  return `${rows.length}:${rows.reduce((sum, r) => sum + BigInt(r.createdAt), 0n)}`;
}

/**
 * The protected-reference registry and the main-thread review of every job's outputs, against an
 * in-memory index of the registry. On SQLite (the embedded mode: one process, which makes every
 * change through this service) the index is reloaded after a local change only. On PostgreSQL, where
 * other API nodes change the registry too, its version is read before every use (one aggregate
 * query, under 1 ms with 10 000 works) and the index reloaded when it moved, so a work registered or
 * withdrawn through any node applies on all of them.
 */
export class SafetyService {
  private loaded: LoadedIndex = { seq: 0, version: null, index: new SimilarityIndex() };
  private loads = 0;
  /** Registry changes made through this instance: the version on SQLite. */
  private localChanges = 0;

  constructor(
    private readonly db: MetaDb,
    private readonly audit: SafetyAudit,
  ) {}

  /** Loads the registry now (at start-up) rather than on the first review; returns how many works it holds. */
  async preload(): Promise<number> {
    return (await this.currentIndex()).size;
  }

  /** Changes whenever a work is registered or withdrawn (anywhere, on PostgreSQL). */
  private async registryVersion(): Promise<string> {
    if (this.db.dialect === "sqlite") return `local:${this.localChanges}`;
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

  /** The similarity index as the registry stands now. */
  private async currentIndex(): Promise<SimilarityIndex> {
    const wanted = await this.registryVersion();
    if (wanted === this.loaded.version) return this.loaded.index;
    const { protectedReferences: refs } = this.db.t;
    const seq = ++this.loads;
    const rows = await this.db.run((q) => q.select().from(refs));
    const index = new SimilarityIndex();
    for (const row of rows) {
      index.add({
        id: row.id,
        fingerprints: (row.fingerprints as FingerprintJson[]).map(fingerprintFromJson),
        exemptOrgIds: row.exemptOrgIds as string[],
      });
    }
    // On SQLite a change made while this load ran bumped the version past `wanted`: the next use reloads.
    const version = this.db.dialect === "sqlite" ? wanted : versionOf(rows);
    if (seq > this.loaded.seq) this.loaded = { seq, version, index };
    return index;
  }

  /** Registers a protected work (admins only); outputs too close to it are withheld from every other org. */
  async protect(
    principal: Principal,
    bytes: Uint8Array,
    title: string,
    exemptOrgIds: string[] = [],
  ): Promise<ProtectedReferenceView> {
    if (!hasRole(principal.role, "admin")) {
      throw new AppError("forbidden", "only admins manage the protected-reference registry", {
        field: "authorization",
      });
    }
    let raster: { data: Buffer; width: number; height: number };
    try {
      const { data, info } = await sharp(bytes)
        .removeAlpha()
        .toColourspace("srgb")
        .raw()
        .toBuffer({ resolveWithObject: true });
      raster = { data, width: info.width, height: info.height };
    } catch {
      throw new AppError("unsupported_media_type", "the body is not an image that can be read", { field: "body" });
    }
    const fingerprints = await fingerprintReference({ ...raster, channels: 3 });
    // The registering org owns the work: its own kits and outputs may use it.
    exemptOrgIds = [...new Set([principal.orgId, ...exemptOrgIds])];
    const row = {
      id: newId("ref"),
      orgId: principal.orgId,
      title: title.slice(0, 200),
      fingerprints: fingerprints.map(fingerprintToJson),
      exemptOrgIds,
      createdAt: Date.now(),
    };
    const { protectedReferences: refs } = this.db.t;
    await this.db.run((q) => q.insert(refs).values(row));
    // The next use of the index sees the registry moved and reloads it, here and on other nodes.
    this.localChanges++;
    return { id: row.id, title: row.title, exemptOrgIds, createdAt: new Date(row.createdAt).toISOString() };
  }

  /**
   * Refuses an uploaded image (a brand kit's reference or logo) that copies a protected work, unless the
   * work lists the uploading org as exempt (its own asset). `field` names the file in the problem.
   */
  async screenUpload(orgId: string, bytes: Uint8Array, field: string): Promise<void> {
    const index = await this.currentIndex();
    if (index.size === 0) return;
    const { data, info } = await sharp(bytes)
      .removeAlpha()
      .toColourspace("srgb")
      .raw()
      .toBuffer({ resolveWithObject: true });
    const fingerprint = await fingerprintImage({ data, width: info.width, height: info.height, channels: 3 });
    const copy = index.findCopy(fingerprint, { orgId });
    if (copy) {
      throw new AppError(
        "content_policy",
        `\`${field}\` is too close to protected reference ${copy.id} (${copy.hamming} bits apart)`,
        {
          field,
        },
      );
    }
  }

  /** Every registered work. */
  async list(): Promise<ProtectedReferenceView[]> {
    const { protectedReferences: refs } = this.db.t;
    const rows = await this.db.run((q) => q.select().from(refs));
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      exemptOrgIds: r.exemptOrgIds as string[],
      createdAt: new Date(r.createdAt).toISOString(),
    }));
  }

  /** Withdraws the protection of a work the caller's org registered (admins only). */
  async remove(principal: Principal, id: string): Promise<void> {
    if (!hasRole(principal.role, "admin")) {
      throw new AppError("forbidden", "only admins manage the protected-reference registry", {
        field: "authorization",
      });
    }
    // Only the org that registered a work can withdraw its protection.
    const { protectedReferences: refs } = this.db.t;
    const owned = and(eq(refs.id, id), eq(refs.orgId, principal.orgId));
    const deleted = await this.db.run((q) => q.delete(refs).where(owned).returning({ id: refs.id }));
    if (deleted.length === 0) {
      throw new AppError("not_found", `protected reference ${id} was not found`, { field: "id" });
    }
    this.localChanges++;
  }

  /**
   * Reviews a job's outputs before they are delivered: the worker's classifier verdicts, plus the
   * protected-reference check here. Every decision is audited; blocked outputs stay quarantined.
   */
  async review(job: { id: string; orgId: string; userId: string }, outputs: PlanOutput[]): Promise<PlanOutput[]> {
    const index = outputs.some((o) => o.safety?.decision !== "block" && o.fingerprint)
      ? await this.currentIndex()
      : null;
    const results: PlanOutput[] = [];
    for (const output of outputs) {
      let reviewed = output;
      if (index && output.safety?.decision !== "block" && output.fingerprint) {
        const copy = index.findCopy(fingerprintFromJson(output.fingerprint), { orgId: job.orgId });
        if (copy) {
          reviewed = {
            ...output,
            safety: {
              decision: "block",
              category: "copyright",
              reason: `too close to protected reference ${copy.id} (${copy.hamming} bits apart)`,
              scores: { hamming: copy.hamming },
            },
          };
        }
      }
      const safety = reviewed.safety;
      if (safety) {
        await this.audit.record({
          orgId: job.orgId,
          userId: job.userId,
          jobId: job.id,
          stage: safety.category === "copyright" ? "similarity" : "output",
          decision: safety.decision,
          category: safety.category,
          reason: safety.reason,
          details: { scores: safety.scores, seed: reviewed.seed },
          quarantinedSha256: safety.decision === "block" ? reviewed.sha256 : null,
        });
      }
      results.push(reviewed);
    }
    return results;
  }
}
