import type { VerificationResult } from "@easel/shared/protocol";
import { fromHex, type TransparencyKey } from "@easel/shared/transparency";
import { and, asc, eq, isNull } from "drizzle-orm";
import { first, type MetaDb } from "../db/meta-db.js";
import { pgErrorCode } from "../db/pg/pg-errors.js";
import type { manifests } from "../db/schema.js";
import { AppError } from "../errors/app-error.js";
import type { BlobStore } from "../storage/blob-store.js";
import { verifyImage } from "./c2pa-verify.js";
import { MetaMerkleLog } from "./meta-merkle-store.js";
import { pixelSha256 } from "./pixel-hash.js";
import { signTreeHead } from "./signed-tree-head.js";
import type { SigningIdentity } from "./signing-identity.js";
import { type TreeHeadSigner, transparencyKeyEndorsement } from "./transparency-key.js";
import { VERIFIABLE_FORMATS, verifiableFormat } from "./verify-format.js";

type ManifestRow = typeof manifests.$inferSelect;

/** The log's name in its signed tree heads (C2SP checkpoint origin line). */
const LOG_ORIGIN = "easel";
/** Manifests appended per transaction: bounds how long one append holds up the others (a backlog loops). */
const APPEND_BATCH = 256;
/** PostgreSQL serialization_failure and deadlock_detected: another node's append won. */
const SERIALIZATION_FAILURES = new Set(["40001", "40P01"]);
/** Rounds of `MetaDb.tx` (each already retried) that `appendPending` gives to other nodes' appends. */
const MAX_CONTENDED_ROUNDS = 5;

/** Stored manifests, the transparency log over them, and verification of any image. */
export class ProvenanceService {
  readonly log: MetaMerkleLog;
  private readonly trustAnchorsPem: string[];

  constructor(
    private readonly db: MetaDb,
    private readonly blobs: BlobStore,
    readonly identity: SigningIdentity,
    /** Signs tree heads: the log's own key, never the C2PA identity's. */
    private readonly logKey: TreeHeadSigner,
    extraTrustAnchorsPem: string[] = [],
  ) {
    this.log = new MetaMerkleLog(db);
    // A production chain may end in a public root that is configured separately (extraTrustAnchorsPem).
    this.trustAnchorsPem = [...(identity.trustAnchorPem ? [identity.trustAnchorPem] : []), ...extraTrustAnchorsPem];
  }

  /**
   * Appends every stored manifest not yet in the log, oldest first (after each job, and at start-up).
   * Each manifest gets its leaf and its `logIndex` in the same transaction, so API nodes running this
   * at the same time never log a manifest twice. Returns how many this call appended.
   */
  async appendPending(): Promise<number> {
    const { manifests } = this.db.t;
    let total = 0;
    for (let contended = 0; ; ) {
      let appended: number;
      try {
        appended = await this.log.transaction(async (q, append) => {
          const pending = await q
            .select({ id: manifests.id, manifestHash: manifests.manifestHash })
            .from(manifests)
            .where(isNull(manifests.logIndex))
            .orderBy(asc(manifests.createdAt), asc(manifests.id))
            .limit(APPEND_BATCH);
          const leaves = await append(pending.map((row) => fromHex(row.manifestHash)));
          for (const [i, leaf] of leaves.entries()) {
            const id = pending[i]?.id;
            if (id !== undefined) await q.update(manifests).set({ logIndex: leaf.index }).where(eq(manifests.id, id));
          }
          return pending.length;
        });
      } catch (error) {
        // Still losing after MetaDb's retries means other nodes kept appending, and each of their
        // transactions logged every manifest pending when it began: look again for what is left.
        if (!SERIALIZATION_FAILURES.has(pgErrorCode(error) ?? "") || ++contended >= MAX_CONTENDED_ROUNDS) throw error;
        continue;
      }
      total += appended;
      if (appended < APPEND_BATCH) return total;
    }
  }

  /** The current signed tree head. */
  async treeHead() {
    return signTreeHead(await this.log.view((log) => log.root()), this.logKey, { origin: LOG_ORIGIN });
  }

  /** The log's public key, endorsed by the C2PA signing certificate, for clients to pin. */
  transparencyKey(): Promise<TransparencyKey> {
    return transparencyKeyEndorsement(this.logKey, this.identity, LOG_ORIGIN);
  }

  async inclusionProof(index: number, treeSize?: number) {
    this.checkRange(await this.log.size(), index, treeSize);
    return this.log.read((log) => log.inclusionProof(index, treeSize));
  }

  async consistencyProof(first: number, second?: number) {
    const size = await this.log.size();
    if (!Number.isInteger(first) || first < 1 || first > (second ?? size)) {
      throw new AppError("validation", `\`first\` must be between 1 and ${second ?? size}`, { field: "first" });
    }
    if (second !== undefined && (!Number.isInteger(second) || second > size)) {
      throw new AppError("validation", `\`second\` must be at most the tree size ${size}`, { field: "second" });
    }
    return this.log.read((log) => log.consistencyProof(first, second));
  }

  /** A stored manifest of the org (404 for other orgs' manifests), with its log position. */
  async manifest(orgId: string, id: string): Promise<VerificationResult & { jobId: string; assetId: string }> {
    const { manifests } = this.db.t;
    const row = await this.db.run(async (q) =>
      first(
        await q
          .select()
          .from(manifests)
          .where(and(eq(manifests.id, id), eq(manifests.orgId, orgId)))
          .limit(1),
      ),
    );
    if (!row) throw new AppError("not_found", `manifest ${id} was not found`, { field: "id" });
    const result = await this.verify(await this.blobs.get(row.assetId));
    return { ...result, jobId: row.jobId, assetId: row.assetId };
  }

  /**
   * Verifies any image: its embedded manifest, or — when a design tool stripped it — the stored manifest
   * of an Easel output with exactly the same pixels. Formats the C2PA reader cannot read are refused (415), all
   * alike, rather than reported as carrying no credentials.
   */
  async verify(bytes: Uint8Array): Promise<VerificationResult> {
    if (!verifiableFormat(bytes)) {
      throw new AppError(
        "unsupported_media_type",
        `the body must be an image whose Content Credentials can be read: ${VERIFIABLE_FORMATS.join(", ")}`,
        { field: "body" },
      );
    }
    let report = await verifyImage(bytes, { trustAnchorsPem: this.trustAnchorsPem });
    let match: VerificationResult["match"] = report.state === "absent" ? "none" : "embedded";
    let row: ManifestRow | undefined;
    if (report.state === "absent") {
      // The reader reads some files sharp cannot decode (HEVC-coded HEIC): those have no pixels to match.
      const pixels = await pixelSha256(bytes).catch(() => undefined);
      row = pixels ? await this.manifestRow("pixelSha256", pixels) : undefined;
      if (row) {
        const store = new Uint8Array(await this.blobs.get(row.storeSha256));
        report = await verifyImage(bytes, { trustAnchorsPem: this.trustAnchorsPem, manifestStore: store });
        match = "pixels";
      }
    }
    // Same pixels, other bytes: the stored manifest is Easel's, but no hard binding ties it to this file.
    const stored = report.state === "absent" ? report.detachedManifest : undefined;
    const label = report.activeManifest?.label ?? stored?.manifest?.label;
    row ??= label ? await this.manifestRow("id", label) : undefined;
    const manifest = report.activeManifest ?? stored?.manifest ?? null;
    let log: VerificationResult["log"] = null;
    if (row && row.logIndex !== null) {
      const index = row.logIndex;
      // One view for the head and the proof, so both are of the same tree size.
      const view = await this.log.view((l) => {
        l.root();
        l.inclusionProof(index);
      });
      const treeHead = await signTreeHead(view, this.logKey, { origin: LOG_ORIGIN });
      log = { manifestId: row.id, index, treeHead, inclusion: view.inclusionProof(index, treeHead.treeSize) };
    }
    return {
      state: stored ? "matched" : report.state,
      match,
      summary: stored
        ? `Metadata was stripped and the file re-encoded, so no Content Credentials bind to these bytes; its pixels match an Easel output whose stored manifest is ${stored.state}.`
        : report.summary,
      failures: report.failures,
      informational: report.informational,
      validationResults: report.source === "none" || stored ? null : report.validationResults,
      storedManifest: stored
        ? { state: stored.state, failures: stored.failures, validationResults: stored.validationResults }
        : null,
      manifest,
      log,
    };
  }

  private manifestRow(by: "id" | "pixelSha256", value: string): Promise<ManifestRow | undefined> {
    const { manifests } = this.db.t;
    return this.db.run(async (q) => first(await q.select().from(manifests).where(eq(manifests[by], value)).limit(1)));
  }

  private checkRange(size: number, index: number, treeSize?: number): void {
    const upTo = treeSize ?? size;
    if (treeSize !== undefined && (!Number.isInteger(treeSize) || treeSize < 1 || treeSize > size)) {
      throw new AppError("validation", `\`size\` must be between 1 and ${size}`, { field: "size" });
    }
    if (!Number.isInteger(index) || index < 0 || index >= upTo) {
      throw new AppError("validation", `\`index\` must be between 0 and ${upTo - 1}`, { field: "index" });
    }
  }
}
