import { sql } from "drizzle-orm";
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Timestamps are Unix epoch milliseconds (ms); JSON columns hold protocol-shaped data.

export const orgs = sqliteTable("orgs", {
  id: text("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  plan: text("plan", { enum: ["free", "pro", "enterprise"] }).notNull(),
  /** Per-org policy (OrgSettings): prompt diversification, protected names, prompt in manifests. */
  settings: text("settings", { mode: "json" }).notNull().default(sql`'{}'`),
  createdAt: integer("created_at").notNull(),
});

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id),
    name: text("name").notNull(),
    role: text("role", { enum: ["designer", "brand-admin", "admin"] }).notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("users_org_name").on(t.orgId, t.name)],
);

export const apiKeys = sqliteTable("api_keys", {
  id: text("id").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id),
  /** sha256 of the whole secret key; the key itself is shown once and never stored. */
  secretHash: text("secret_hash").notNull(),
  createdAt: integer("created_at").notNull(),
  revokedAt: integer("revoked_at"),
});

/** Console sign-ins: the browser holds a random token; only its sha256 is stored, with the key it proved. */
export const consoleSessions = sqliteTable(
  "console_sessions",
  {
    idHash: text("id_hash").primaryKey(),
    csrf: text("csrf").notNull(),
    keyId: text("key_id")
      .notNull()
      .references(() => apiKeys.id),
    createdAt: integer("created_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
  },
  (t) => [index("console_sessions_last_seen").on(t.lastSeenAt)],
);

export const assets = sqliteTable(
  "assets",
  {
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id),
    id: text("id").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    format: text("format", { enum: ["png", "jpeg", "webp"] }).notNull(),
    bytes: integer("bytes").notNull(),
    hasAlpha: integer("has_alpha", { mode: "boolean" }).notNull(),
    source: text("source", { enum: ["upload", "output"] }).notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index("assets_org_created").on(t.orgId, t.createdAt)],
);

export const jobs = sqliteTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id),
    userId: text("user_id").notNull(),
    kind: text("kind").notNull(),
    status: text("status", { enum: ["queued", "running", "succeeded", "failed", "cancelled"] }).notNull(),
    request: text("request", { mode: "json" }).notNull(),
    plan: text("plan", { mode: "json" }).notNull(),
    document: text("document"),
    parent: text("parent"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull(),
    /** Attempts ended by the service itself (restart, crashed thread, lost worker), not by the job: bounded separately. */
    interruptions: integer("interruptions").notNull().default(0),
    timeoutMs: integer("timeout_ms").notNull(),
    runAfter: integer("run_after").notNull(),
    leaseOwner: text("lease_owner"),
    /** Fencing token: changes on every claim, so a stale worker cannot finish a job it lost. */
    leaseToken: text("lease_token"),
    leaseExpiresAt: integer("lease_expires_at"),
    cancelRequestedAt: integer("cancel_requested_at"),
    progress: text("progress", { mode: "json" }),
    problem: text("problem", { mode: "json" }),
    notes: text("notes", { mode: "json" }).notNull().default(sql`'[]'`),
    /** Whether the org's plan granted commercial use when the job was created. */
    commercialRights: integer("commercial_rights", { mode: "boolean" }).notNull().default(false),
    /** What the outputs' C2PA manifests record about the job (brand kit, prompt hash, safety decisions). */
    provenance: text("provenance", { mode: "json" }),
    lastSeq: integer("last_seq").notNull().default(0),
    /** Priority lane: interactive (plugins, console) runs before bulk (enterprise API batches). */
    lane: text("lane", { enum: ["interactive", "bulk"] })
      .notNull()
      .default("interactive"),
    /**
     * Claim order, lower first: the lane's base plus how many jobs the org already had waiting in the
     * lane, so one org's backlog cannot starve another org's next job (see jobs/lanes.ts).
     */
    priority: integer("priority").notNull().default(0),
    /** Distributed mode: the attempt number last handed to the Redis queue (null: none yet). */
    dispatchedAttempt: integer("dispatched_attempt"),
    createdAt: integer("created_at").notNull(),
    startedAt: integer("started_at"),
    finishedAt: integer("finished_at"),
  },
  (t) => [
    index("jobs_claim").on(t.status, t.runAfter),
    index("jobs_lane_queue").on(t.status, t.lane, t.orgId),
    index("jobs_org_created").on(t.orgId, t.createdAt),
    index("jobs_org_document").on(t.orgId, t.document),
    index("jobs_org_parent").on(t.orgId, t.parent),
  ],
);

export const jobEvents = sqliteTable(
  "job_events",
  {
    jobId: text("job_id")
      .notNull()
      .references(() => jobs.id),
    seq: integer("seq").notNull(),
    type: text("type").notNull(),
    data: text("data", { mode: "json" }).notNull(),
    at: integer("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.seq] })],
);

export const layers = sqliteTable(
  "layers",
  {
    id: text("id").primaryKey(),
    jobId: text("job_id")
      .notNull()
      .references(() => jobs.id),
    idx: integer("idx").notNull(),
    assetId: text("asset_id").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    placement: text("placement", { mode: "json" }).notNull(),
    label: text("label").notNull(),
    seed: integer("seed"),
    scores: text("scores", { mode: "json" }).notNull(),
    manifestId: text("manifest_id"),
    /** Whether the org's plan granted commercial use when this layer was made. */
    commercialRights: integer("commercial_rights", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [uniqueIndex("layers_job_idx").on(t.jobId, t.idx)],
);

/** One quota reservation per job: reserved at creation, then charged (delivered images) or refunded. */
export const quotaReservations = sqliteTable(
  "quota_reservations",
  {
    jobId: text("job_id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id),
    /** Calendar month the job counts against, `YYYY-MM` (UTC). */
    period: text("period").notNull(),
    reserved: integer("reserved").notNull(),
    charged: integer("charged").notNull().default(0),
    state: text("state", { enum: ["reserved", "charged", "refunded"] }).notNull(),
    createdAt: integer("created_at").notNull(),
    settledAt: integer("settled_at"),
  },
  (t) => [index("quota_org_period").on(t.orgId, t.period, t.state)],
);

/** Compute a job used, per engine, for metering and the cost model. */
export const jobUsage = sqliteTable(
  "job_usage",
  {
    jobId: text("job_id").notNull(),
    orgId: text("org_id").notNull(),
    engine: text("engine").notNull(),
    device: text("device", { enum: ["cpu", "gpu"] }).notNull(),
    computeMs: integer("compute_ms").notNull(),
    images: integer("images").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.engine] }), index("usage_org_at").on(t.orgId, t.at)],
);

/** Every signed output's C2PA manifest, kept server-side because design tools strip embedded metadata. */
export const manifests = sqliteTable(
  "manifests",
  {
    /** The active manifest's label (`urn:c2pa:…`). */
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    jobId: text("job_id").notNull(),
    layerIdx: integer("layer_idx").notNull(),
    /** The signed image as delivered. */
    assetId: text("asset_id").notNull(),
    /** sha256 of the decoded RGBA pixels, to find the manifest of a copy whose metadata was stripped. */
    pixelSha256: text("pixel_sha256").notNull(),
    /** The manifest store bytes, in the blob store. */
    storeSha256: text("store_sha256").notNull(),
    /** sha256 of the manifest store: the transparency log's leaf. */
    manifestHash: text("manifest_hash").notNull(),
    logIndex: integer("log_index"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("manifests_pixels").on(t.pixelSha256),
    index("manifests_asset").on(t.assetId),
    uniqueIndex("manifests_job_layer").on(t.jobId, t.layerIdx),
  ],
);

/** Complete-subtree hashes of the append-only Merkle log (RFC 9162); level 0 are the leaves. */
export const merkleNodes = sqliteTable(
  "merkle_nodes",
  {
    level: integer("level").notNull(),
    idx: integer("idx").notNull(),
    hash: blob("hash", { mode: "buffer" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.idx] })],
);

/** A brand kit of an org; its content lives in immutable versions. */
export const brandKits = sqliteTable(
  "brand_kits",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    latestVersion: integer("latest_version").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("brand_kits_org_slug").on(t.orgId, t.slug)],
);

/** One immutable version of a kit: the validated kit JSON and the grade fitted to its references. */
export const brandKitVersions = sqliteTable(
  "brand_kit_versions",
  {
    kitId: text("kit_id")
      .notNull()
      .references(() => brandKits.id),
    version: integer("version").notNull(),
    kit: text("kit", { mode: "json" }).notNull(),
    grade: text("grade", { mode: "json" }).notNull(),
    /** file name → asset sha256 of every logo and reference of this version. */
    files: text("files", { mode: "json" }).notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.kitId, t.version] })],
);

/** Palette adherence of delivered outputs per kit version, for drift. */
export const adherenceRecords = sqliteTable(
  "adherence_records",
  {
    jobId: text("job_id").notNull(),
    layerIdx: integer("layer_idx").notNull(),
    kitId: text("kit_id").notNull(),
    kitVersion: integer("kit_version").notNull(),
    adherence: real("adherence").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.layerIdx] }), index("adherence_kit_at").on(t.kitId, t.at)],
);

/** Every safety decision (allow, rewrite, block) with its reason, for audit. */
export const safetyAudit = sqliteTable(
  "safety_audit",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    userId: text("user_id").notNull(),
    /** The job (or the job that was refused before it existed). */
    jobId: text("job_id").notNull(),
    stage: text("stage", { enum: ["prompt", "output", "similarity", "upload"] }).notNull(),
    decision: text("decision", { enum: ["allow", "rewrite", "block"] }).notNull(),
    category: text("category"),
    reason: text("reason").notNull(),
    details: text("details", { mode: "json" }),
    /** A blocked output's bytes, quarantined in the blob store and never served. */
    quarantinedSha256: text("quarantined_sha256"),
    at: integer("at").notNull(),
  },
  (t) => [index("safety_audit_org_at").on(t.orgId, t.at), index("safety_audit_job").on(t.jobId)],
);

/** Protected works (admins' registry): outputs too close to one are blocked with its id. */
export const protectedReferences = sqliteTable("protected_references", {
  id: text("id").primaryKey(),
  /** null = platform-wide; otherwise the org that registered it. */
  orgId: text("org_id"),
  title: text("title").notNull(),
  fingerprints: text("fingerprints", { mode: "json" }).notNull(),
  /** Orgs allowed to produce it (e.g. the owner of a brand kit that contains it). */
  exemptOrgIds: text("exempt_org_ids", { mode: "json" }).notNull(),
  createdAt: integer("created_at").notNull(),
});

/**
 * The first-try satisfaction loop (server/src/quality): one row per job that makes candidates, linked
 * into attempt chains (a regeneration of the same source points at the job it retries), and the
 * designer's feedback on it (kept candidate or none, rating, reason, the candidates' rank features).
 */
export const qualityAttempts = sqliteTable(
  "quality_attempts",
  {
    jobId: text("job_id").primaryKey(),
    orgId: text("org_id").notNull(),
    userId: text("user_id").notNull(),
    kind: text("kind").notNull(),
    /** The brand kit's slug, or null. */
    kit: text("kit"),
    /** What the job worked on (kind + input assets, or kind + prompt hash): regenerations share it. */
    sourceKey: text("source_key").notNull(),
    /** The chain's first job (this one for a first attempt). */
    firstJobId: text("first_job_id").notNull(),
    attemptNo: integer("attempt_no").notNull(),
    regenerates: text("regenerates"),
    /** When a later job regenerated this one (ms). */
    regeneratedAt: integer("regenerated_at"),
    candidates: integer("candidates"),
    kept: integer("kept"),
    /** The kept candidate's place in the service's ranking, 1 = first. */
    keptRank: integer("kept_rank"),
    rating: integer("rating"),
    reason: text("reason"),
    /** Rank features of each delivered candidate in layer order, for fitting the ranking weights. */
    features: text("features", { mode: "json" }),
    feedbackCreatedAt: integer("feedback_created_at"),
    feedbackAt: integer("feedback_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("quality_attempts_org_created").on(t.orgId, t.createdAt),
    index("quality_attempts_source").on(t.orgId, t.userId, t.sourceKey, t.createdAt),
    index("quality_attempts_org_feedback").on(t.orgId, t.feedbackAt),
  ],
);

/**
 * Text-to-image models registered with `easel models add` (server/src/models): a diffusers ONNX export
 * on this deployment's disk, checked and smoke-tested when added. `org_id` null: every org may use it;
 * else only that org. The engine catalog re-reads this table when its version changes (no restart).
 */
export const engineModels = sqliteTable("engine_models", {
  /** Short name, unique per deployment; the engine is `onnx-sd:<name>` and jobs ask for it as params.model. */
  name: text("name").primaryKey(),
  orgId: text("org_id"),
  dir: text("dir").notNull(),
  /** What the check found: scheduler, UNet convention, modes, limits (ModelFacts). */
  facts: text("facts", { mode: "json" }).notNull(),
  /** The last smoke test: load time (ms), seconds per step at 256², when, and the error if it failed. */
  loadMs: real("load_ms"),
  stepS: real("step_s"),
  testedAt: integer("tested_at"),
  lastError: text("last_error"),
  addedAt: integer("added_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** The model an org's jobs use when they name none (set by an org admin). */
export const orgDefaultModels = sqliteTable("org_default_models", {
  orgId: text("org_id").primaryKey(),
  model: text("model").notNull(),
  updatedAt: integer("updated_at").notNull(),
});
