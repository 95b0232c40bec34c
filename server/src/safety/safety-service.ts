import type { Principal } from "../auth/principal.js";
import { hasRole } from "../auth/principal.js";
import type { MetaDb } from "../db/meta-db.js";
import { AppError } from "../errors/app-error.js";
import type { FaceCount } from "./face-count.js";
import type { ProtectedWorkJson } from "./fingerprint-json.js";
import { fingerprintImage } from "./perceptual-hash.js";
import { decodeRgb, type ProtectedReferenceView, ProtectedRegistry } from "./protected-registry.js";
import type { SafetyAudit } from "./safety-audit.js";

export type { ProtectedReferenceView } from "./protected-registry.js";

function requireAdmin(principal: Principal): void {
  if (!hasRole(principal.role, "admin")) {
    throw new AppError("forbidden", "only admins manage the protected-reference registry", {
      field: "authorization",
    });
  }
}

/**
 * The org side of the protected-work registry, the works each new job carries to its worker, and the
 * audit of what the worker decided. An org's admins register works that bind that org's own outputs and kit uploads; the
 * platform-wide entries, which bind every org, are an operator's (`easel safety references`), never an
 * org's: one org can never restrict another.
 */
export class SafetyService {
  readonly registry: ProtectedRegistry;

  constructor(
    db: MetaDb,
    private readonly audit: SafetyAudit,
  ) {
    this.registry = new ProtectedRegistry(db);
  }

  /** Loads the registry now (at start-up) rather than on the first review; returns how many works it holds. */
  async preload(): Promise<number> {
    return (await this.registry.currentIndex()).size;
  }

  /** Registers a work for the caller's org (admins only): its own outputs and kit uploads may not copy it. */
  async protect(
    principal: Principal,
    bytes: Uint8Array,
    title: string,
    exempt: readonly string[] = [],
  ): Promise<ProtectedReferenceView> {
    requireAdmin(principal);
    return this.registry.register({ orgId: principal.orgId }, bytes, title, exempt);
  }

  /** The caller's org's entries and the number of platform entries that also bind it (any member). */
  async list(principal: Principal): Promise<{ references: ProtectedReferenceView[]; platform: { count: number } }> {
    return this.registry.listFor(principal.orgId);
  }

  /** Withdraws an entry of the caller's org (admins only); other orgs' and platform entries are not found. */
  async remove(principal: Principal, id: string): Promise<void> {
    requireAdmin(principal);
    await this.registry.remove({ orgId: principal.orgId }, id);
  }

  /**
   * Refuses an uploaded image (a brand kit's reference or logo) that copies a work binding the uploading
   * org: its own entries and platform entries that do not exempt it. `field` names the file in the problem.
   */
  async screenUpload(orgId: string, bytes: Uint8Array, field: string): Promise<void> {
    const index = await this.registry.currentIndex();
    if (index.size === 0) return;
    const fingerprint = await fingerprintImage(await decodeRgb(bytes, field));
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

  /**
   * The protected works binding an org's outputs now (its own entries and platform entries that do not
   * exempt it), as a job carries them to the worker's `similarity` stage (pipeline/tail-stages.ts).
   */
  async protectedWorksFor(orgId: string): Promise<ProtectedWorkJson[]> {
    return this.registry.worksBinding(orgId);
  }

  /**
   * Audits the safety decisions the worker's stages made on a job's outputs (`classify`, then
   * `similarity`), before they are delivered; blocked outputs stay quarantined, unsigned. Decides nothing
   * itself: every decision was made before signing, in the worker.
   */
  async review<O extends ReviewedOutput>(
    job: { id: string; orgId: string; userId: string },
    outputs: O[],
  ): Promise<O[]> {
    for (const output of outputs) {
      const safety = output.safety;
      if (!safety) continue;
      await this.audit.record({
        orgId: job.orgId,
        userId: job.userId,
        jobId: job.id,
        stage: safety.category === "copyright" ? "similarity" : "output",
        decision: safety.decision,
        category: safety.category,
        reason: safety.reason,
        // Faces (how many, how big) ride along for representation monitoring (face-count.ts).
        details: { scores: safety.scores, seed: output.seed, ...(safety.faces ? { faces: safety.faces } : {}) },
        quarantinedSha256: safety.decision === "block" ? output.sha256 : null,
      });
    }
    return outputs;
  }
}

/** What the audit needs of an output (pipeline's PlanOutput has these fields). */
export interface ReviewedOutput {
  sha256: string;
  seed: number | null;
  safety?: {
    decision: "allow" | "block";
    category: string | null;
    reason: string;
    scores: Record<string, number>;
    faces?: FaceCount;
  };
}
