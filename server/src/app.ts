import { join } from "node:path";
import type { JobEvent } from "@easel/shared/protocol";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import { AssetService } from "./assets/asset-service.js";
import { ApiKeys } from "./auth/api-keys.js";
import { AuthThrottle } from "./auth/auth-throttle.js";
import { PLANS } from "./billing/plans.js";
import { QuotaLedger } from "./billing/quota-ledger.js";
import { type RateLimiter, TokenBuckets } from "./billing/token-bucket.js";
import { UsageService } from "./billing/usage-service.js";
import { BrandKitService } from "./brand/brand-kit-service.js";
import type { Config } from "./config/config.js";
import { consoleRoutes, SessionStore } from "./console/index.js";
import { type MetaDb, openMetaDb } from "./db/meta-db.js";
import { buildCatalog } from "./engines/builtin-engines.js";
import type { EngineCatalog } from "./engines/engine-catalog.js";
import { boundedBodies } from "./http/body-limit.js";
import { clientContext } from "./http/client-context.js";
import type { AppEnv } from "./http/env.js";
import { noSniff } from "./http/no-sniff.js";
import { onError, onNotFound } from "./http/on-error.js";
import { buildOpenApi, openApiRoutes } from "./http/openapi.js";
import { rateLimit } from "./http/rate-limit.js";
import { requireApiKey } from "./http/require-api-key.js";
import { assetRoutes } from "./http/routes/asset-routes.js";
import { brandKitRoutes } from "./http/routes/brand-kit-routes.js";
import { engineRoutes } from "./http/routes/engine-routes.js";
import { jobRoutes } from "./http/routes/job-routes.js";
import { keyRoutes } from "./http/routes/key-routes.js";
import { modelRoutes } from "./http/routes/model-routes.js";
import { manifestRoutes, publicProvenanceRoutes } from "./http/routes/provenance-routes.js";
import { qualityRoutes } from "./http/routes/quality-routes.js";
import { safetyRoutes } from "./http/routes/safety-routes.js";
import { systemRoutes } from "./http/routes/system-routes.js";
import { usageRoutes } from "./http/routes/usage-routes.js";
import { StreamSlots } from "./http/stream-slots.js";
import { countAnnounced } from "./jobs/candidate-events.js";
import { startHousekeeping } from "./jobs/housekeeping.js";
import { JobEventBus } from "./jobs/job-event-bus.js";
import { createJobExecution } from "./jobs/job-execution.js";
import type { JobRunner } from "./jobs/job-runner.js";
import { JobService } from "./jobs/job-service.js";
import type { WorkerPool } from "./jobs/worker-pool.js";
import { ModelRegistry, registeredEngines } from "./models/index.js";
import { ProvenanceService } from "./provenance/provenance-service.js";
import { loadSigningIdentity } from "./provenance/signing-identity.js";
import { loadTransparencyKey } from "./provenance/transparency-key.js";
import { QualityService, QualityStore, RankWeightsCache } from "./quality/index.js";
import { SafetyAudit } from "./safety/safety-audit.js";
import { SafetyService } from "./safety/safety-service.js";
import { createBlobStore } from "./storage/create-blob-store.js";
import { storageProbe } from "./storage/storage-readiness.js";
import { newId } from "./util/ids.js";
import { createLogger, type Logger } from "./util/logger.js";
import { EASEL_VERSION } from "./version.js";

/** Everything one Easel process holds, wired together. */
export interface Easel {
  app: Hono<AppEnv>;
  config: Config;
  /** The metadata database (SQLite in the data dir, or PostgreSQL). */
  db: MetaDb;
  keys: ApiKeys;
  assets: AssetService;
  jobs: JobService;
  brandKits: BrandKitService;
  catalog: EngineCatalog;
  /** The worker threads and their runner (embedded mode only; null when worker processes run jobs). */
  pool: WorkerPool | null;
  runner: JobRunner | null;
  logger: Logger;
  /** Starts the job runner (recovering jobs a previous process left running). */
  start(): Promise<void>;
  /** Stops claiming, gives running jobs back to the queue, stops the workers, closes the database. */
  stop(): Promise<void>;
}

/** Builds the service from its configuration: storage, queue, workers, engines and HTTP routes. */
export async function createEasel(config: Config): Promise<Easel> {
  if (config.databaseUrl && config.queue.kind !== "redis") {
    throw new Error(
      "Invalid configuration: EASEL_DATABASE_URL needs EASEL_QUEUE=redis://… (API nodes sharing PostgreSQL dispatch jobs and share job events through Redis)",
    );
  }
  const logger = createLogger(config.logLevel);
  const db = await openMetaDb({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  const blobs = createBlobStore(config.blobs);
  const keys = new ApiKeys(db);
  const assets = new AssetService(db, blobs, config.maxInputPixels);
  const bus = new JobEventBus();
  const owner = newId("proc");
  const engineSetup = {
    inpaintModelPath: config.inpaintModelPath,
    sdModelDir: config.sdModelDir,
    comfy: config.comfy,
    modelCacheDir: config.upscaleOnnx ? join(config.dataDir, "models") : null,
    bestPrecision: config.upscaleBestPrecision,
  };
  // Load (or create, on first start) the signing identity now, so a bad certificate stops start-up.
  const signing = {
    dir: join(config.dataDir, "provenance"),
    certChainPemPath: config.signingCertPath,
    privateKeyPemPath: config.signingKeyPath,
  };
  const identity = await loadSigningIdentity({
    dir: signing.dir,
    ...(signing.certChainPemPath ? { certChainPemPath: signing.certChainPemPath } : {}),
    ...(signing.privateKeyPemPath ? { privateKeyPemPath: signing.privateKeyPemPath } : {}),
  });
  // Tree heads are signed with the log's own key (created beside the dev identity unless configured).
  const logKey = await loadTransparencyKey({
    dir: signing.dir,
    ...(config.transparencyKeyPath ? { keyPemPath: config.transparencyKeyPath } : {}),
  });
  const provenance = new ProvenanceService(db, blobs, identity, logKey);
  const catalog = buildCatalog(engineSetup);
  // Models registered with `easel models add` join the catalog at the next job or listing (no restart).
  const models = new ModelRegistry(db);
  catalog.useRegistry(registeredEngines(models));
  const ledger = new QuotaLedger(db);
  const usage = new UsageService(db, ledger, config.costRates);
  const audit = new SafetyAudit(db);
  const safety = new SafetyService(db, audit);
  const brandKits = new BrandKitService(db, blobs, (orgId, bytes, field) => safety.screenUpload(orgId, bytes, field));
  const execution = await createJobExecution({
    config,
    db,
    bus,
    blobs,
    owner,
    logger,
    hooks: {
      review: (job, outputs) => safety.review(job, outputs),
      meter: async ({ job, computeMs, images }) => {
        const engine = "engine" in job.plan ? job.plan.engine : job.plan.kind;
        await usage.record({
          jobId: job.id,
          orgId: job.orgId,
          engine,
          device: catalog.deviceOf(engine),
          computeMs,
          images,
        });
      },
    },
    workerSetup: {
      blobs: config.blobs,
      sharpConcurrency: 1,
      engines: engineSetup,
      provenance: signing,
      outputThresholds: config.outputThresholds,
    },
  });
  const { queue } = execution;
  const qualityStore = new QualityStore(db);
  const quality = new QualityService(qualityStore, new RankWeightsCache(qualityStore), (orgId, id) =>
    queue.get(orgId, id),
  );
  const jobs = new JobService(
    queue,
    execution.scheduler,
    bus,
    assets,
    catalog,
    config,
    ledger,
    brandKits,
    audit,
    (orgId) => safety.protectedWorksFor(orgId),
    quality,
  );
  // Settle quota reservations when jobs end (`reconcile` catches any that ended while we were down).
  const settle = async (event: JobEvent) => {
    if (event.type === "succeeded") {
      await ledger.charge(event.jobId, event.data.layers.length);
      await brandKits.recordJob(event.jobId, event.data.layers);
      if (event.data.layers.some((l) => l.manifestId)) await provenance.appendPending();
    } else if (event.type === "failed" || event.type === "cancelled") {
      // Candidates announced before the job stopped were delivered (progressive delivery): charged, the rest refunded.
      const announced = await countAnnounced(db, event.jobId);
      await (announced > 0 ? ledger.charge(event.jobId, announced) : ledger.refund(event.jobId));
    }
  };
  bus.settleBefore((event) =>
    settle(event).catch((error: unknown) =>
      logger.log("error", `settling job ${event.jobId} after ${event.type}: ${(error as Error).message}`),
    ),
  );
  // Shared by every API node in the distributed mode, so a key's limits hold behind a load balancer.
  const buckets: RateLimiter =
    config.queue.kind === "redis"
      ? new (await import("./billing/redis-token-buckets.js")).RedisTokenBuckets(
          config.queue.url,
          config.queue.prefix,
          (message) => logger.log("warn", message),
        )
      : new TokenBuckets();
  // Wrong keys per client address, at the API and the console sign-in, in the same buckets.
  const throttle = new AuthThrottle(buckets, config.authThrottle.failures, config.authThrottle.windowS);

  const app = new Hono<AppEnv>();
  app.use(requestId());
  // The client's address and scheme, from X-Forwarded-* only behind trusted proxies; HSTS on https.
  app.use(clientContext(config.trustProxy));
  app.use(noSniff());
  // Every body is bounded (JSON and forms by default); upload routes raise their own allowance.
  app.use(boundedBodies(config.maxJsonBytes));
  app.use(
    cors({
      // The Figma plugin UI runs in an iframe whose origin is the string "null".
      origin: (origin) => (origin === "null" || config.corsOrigins.includes(origin) ? origin : null),
      allowHeaders: ["authorization", "content-type", "last-event-id"],
      allowMethods: ["GET", "POST", "DELETE", "OPTIONS"],
      exposeHeaders: ["location", "x-request-id", "retry-after"],
      maxAge: 600,
    }),
  );
  app.onError(onError((message) => logger.log("error", message)));
  app.notFound(onNotFound);
  app.route(
    "/",
    systemRoutes(EASEL_VERSION, [
      {
        name: "database",
        check: async () => {
          try {
            return { ok: await db.ping(), detail: db.description };
          } catch (error) {
            return { ok: false, detail: `${db.description}: ${(error as Error).message}` };
          }
        },
      },
      storageProbe(blobs, db),
      execution.readiness,
    ]),
  );
  app.route("/v1", publicProvenanceRoutes(provenance, config.maxUploadBytes));
  app.route("/v1", openApiRoutes(buildOpenApi(EASEL_VERSION)));
  const v1 = new Hono<AppEnv>();
  v1.use(requireApiKey(keys, throttle));
  if (config.rateLimits) {
    v1.use(rateLimit(buckets, "requests", (p) => PLANS[p.plan].requests));
    v1.post(
      "/jobs",
      rateLimit(buckets, "job creations", (p) => PLANS[p.plan].jobs),
    );
  }
  v1.route("/assets", assetRoutes(assets, config.maxUploadBytes));
  v1.route("/jobs", jobRoutes(jobs, new StreamSlots(config.maxStreamsPerKey)));
  v1.route("/engines", engineRoutes(catalog));
  v1.route("/models", modelRoutes(models, catalog));
  v1.route("/usage", usageRoutes(usage));
  v1.route("/keys", keyRoutes(keys));
  v1.route("/brand-kits", brandKitRoutes(brandKits, config.maxUploadBytes));
  v1.route("/safety", safetyRoutes(safety, audit, config.maxUploadBytes));
  v1.route("/provenance/manifests", manifestRoutes(provenance));
  v1.route("/", qualityRoutes(quality));
  app.route("/v1", v1);
  app.route(
    "/console",
    consoleRoutes({
      keys,
      throttle,
      assets,
      jobs,
      brandKits,
      usage,
      provenance,
      audit,
      quality,
      catalog,
      config,
      sessions: new SessionStore(db, keys),
    }),
  );

  let housekeeping: { stop(): Promise<void> } | null = null;
  return {
    app,
    config,
    db,
    keys,
    assets,
    jobs,
    brandKits,
    catalog,
    pool: execution.pool,
    runner: execution.runner,
    logger,
    async start() {
      const works = await safety.preload();
      if (works > 0) logger.log("info", `loaded ${works} protected work(s) into the similarity index`);
      const inert = await safety.registry.inertCount();
      if (inert > 0) {
        logger.log(
          "warn",
          `${inert} protected work(s) registered by an org for other orgs bind no one now (entries are per org); re-register those that should bind every org with \`easel safety references add\``,
        );
      }
      const logged = await provenance.appendPending();
      if (logged > 0) logger.log("info", `appended ${logged} manifest(s) to the transparency log`);
      const settled = await ledger.reconcile();
      if (settled > 0) logger.log("info", `settled ${settled} quota reservation(s) left open by a previous process`);
      await execution.start();
      housekeeping = startHousekeeping({
        db,
        ledger,
        blobs,
        logger,
        blobGcGraceS: config.blobGcGraceS,
        blobGcIntervalS: config.blobGcIntervalS,
      });
    },
    async stop() {
      await housekeeping?.stop();
      await execution.stop();
      buckets.close?.();
      await db.close();
    },
  };
}
