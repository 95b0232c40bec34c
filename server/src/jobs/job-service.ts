import { randomInt } from "node:crypto";
import { CreateJobRequest, type Job, type JobEvent, type JobListQuery } from "@easel/shared/protocol";
import type { AssetService } from "../assets/asset-service.js";
import { maskIsEmpty } from "../assets/mask-probe.js";
import type { OrgSettings } from "../auth/org-settings.js";
import type { Principal } from "../auth/principal.js";
import { PLANS } from "../billing/plans.js";
import type { QuotaLedger } from "../billing/quota-ledger.js";
import type { BrandKitService, ResolvedKit } from "../brand/brand-kit-service.js";
import type { Config } from "../config/config.js";
import type { Q } from "../db/meta-db.js";
import type { EngineCatalog } from "../engines/engine-catalog.js";
import { AppError } from "../errors/app-error.js";
import { parseOrThrow } from "../errors/validate.js";
import { kindOf } from "../kinds/index.js";
import { planJob } from "../kinds/plan-job.js";
import { INPUT_FIELDS, type InputField } from "../pipeline/plan-context.js";
import type { ImageInput, Plan } from "../pipeline/plan-types.js";
import type { SafetyDecisionRecord } from "../provenance/manifest-spec.js";
import { type ProvenanceContext, promptHash } from "../provenance/output-signer.js";
import type { QualityService } from "../quality/quality-service.js";
import type { ProtectedWorkJson } from "../safety/fingerprint-json.js";
import { checkPrompt, DEFAULT_PROMPT_POLICY, type PromptPolicy } from "../safety/prompt-policy.js";
import { diversifyPrompt } from "../safety/representation.js";
import type { SafetyAudit } from "../safety/safety-audit.js";
import { newId } from "../util/ids.js";
import type { JobEventBus } from "./job-event-bus.js";
import type { JobScheduler } from "./job-scheduler.js";
import type { JobStore } from "./job-store.js";
import { laneFor } from "./lanes.js";

/** The job use cases behind the HTTP routes: validate, plan, enqueue, read, cancel. */
export class JobService {
  constructor(
    private readonly queue: JobStore,
    private readonly runner: JobScheduler,
    private readonly bus: JobEventBus,
    private readonly assets: AssetService,
    private readonly catalog: EngineCatalog,
    private readonly config: Config,
    private readonly ledger: QuotaLedger,
    private readonly brandKits: BrandKitService,
    private readonly audit: SafetyAudit,
    /** The protected works binding an org now (SafetyService.protectedWorksFor): each job carries them. */
    private readonly protectedWorks: (orgId: string) => Promise<ProtectedWorkJson[]> = async () => [],
    /** The first-try satisfaction loop: attempt chains and the ranking weights learned from feedback. */
    private readonly quality: QualityService | null = null,
  ) {}

  /** Validates and plans a request before anything is stored; returns the queued job. */
  async create(principal: Principal, body: unknown): Promise<Job> {
    const request = parseOrThrow(CreateJobRequest, body);
    const id = newId("job");
    const inputs: Partial<Record<InputField, ImageInput>> = {};
    for (const field of INPUT_FIELDS) {
      const assetId = (request as { image?: string; mask?: string; hint?: string })[field];
      if (assetId === undefined) continue;
      const row = await this.assets.require(principal.orgId, assetId, field);
      inputs[field] = { assetId: row.id, width: row.width, height: row.height, hasAlpha: row.hasAlpha };
    }
    if (inputs.mask && (await maskIsEmpty(await this.assets.localPath(inputs.mask.assetId)))) {
      throw new AppError(
        "validation",
        "`mask` is empty: no pixel has a luminance of at least 128 of 255 (pure red has 76); paint the area to regenerate in white",
        { field: "mask", status: 422 },
      );
    }
    if (request.parent !== undefined && !(await this.queue.get(principal.orgId, request.parent))) {
      throw new AppError("not_found", `parent job ${request.parent} was not found`, { field: "parent" });
    }
    if (request.regenerates !== undefined && !(await this.queue.get(principal.orgId, request.regenerates))) {
      throw new AppError("not_found", `job ${request.regenerates} (regenerated) was not found`, {
        field: "regenerates",
      });
    }
    // A bare slug means the latest version now; the job records the exact one.
    const kit = request.brandKit === undefined ? null : await this.brandKits.resolve(principal.orgId, request.brandKit);
    const policyNotes: string[] = [];
    const safety = await this.checkPromptPolicy(principal, id, request, kit, policyNotes);
    // Models registered since the last job (`easel models add`) are planned on without a restart.
    await this.catalog.refresh();
    const { plan, notes } = planJob(request, {
      catalog: this.catalog,
      orgId: principal.orgId,
      inputs,
      maxOutputSide: this.config.maxOutputSide,
      diagnostics: this.config.diagnostics,
      randomSeed: randomInt(0, 2 ** 32),
      upscaleBudgetS: this.config.upscaleBudgetS,
      brand: kit,
    });
    notes.push(...policyNotes);
    // The works are fixed with the job (like its brand kit version): the worker's `similarity` stage
    // decides on them before signing, in either topology (workers have no database).
    if (plan.stages.includes("similarity")) {
      const works = await this.protectedWorks(principal.orgId);
      if (works.length > 0) plan.protectedWorks = works;
    }
    // The ranking weights are fixed with the job too (learned from the org's feedback, or the default).
    const quality = request.kind === "noop" ? null : await this.quality?.planJob(principal, id, request);
    if (quality && plan.stages.includes("rank")) {
      if (quality.weights.weights) plan.rankWeights = quality.weights.weights;
      notes.push(quality.weights.note);
    }
    const provenance: ProvenanceContext = {
      commercialRights: PLANS[principal.plan].commercialRights,
      brandKit: kit ? `${kit.slug}@${kit.version}` : null,
      promptHash: promptHash("prompt" in request ? request.prompt : undefined),
      ...(principal.settings.promptInManifest && "prompt" in request && request.prompt
        ? { prompt: request.prompt }
        : {}),
      safety,
      strictOutputSafety: principal.plan === "free",
    };
    // The quota is reserved in the transaction that stores the job: an org out of quota is refused
    // before anything is queued, and a crash can never leave a reservation without its job.
    // What the job can deliver, as its kind counts it: every candidate is a generation (a delivered
    // image), so are upscales and edits; the diagnostic kind counts nothing. Jobs pay only what they deliver.
    const amount = kindOf(request).images(request);
    const job = await this.enqueue(principal, id, request, plan, notes, provenance, async (q) => {
      await this.ledger.reserve(principal.orgId, principal.plan, id, amount, Date.now(), q);
      await quality?.record(q);
    });
    this.runner.wake();
    return job;
  }

  private enqueue(
    principal: Principal,
    id: string,
    request: CreateJobRequest,
    plan: Plan,
    notes: string[],
    provenance: ProvenanceContext,
    within: (q: Q) => Promise<void>,
  ): Promise<Job> {
    return this.queue.enqueue(
      {
        id,
        orgId: principal.orgId,
        userId: principal.userId,
        request,
        plan,
        notes,
        maxAttempts: this.config.maxAttempts,
        timeoutMs: this.config.jobTimeoutMs,
        commercialRights: PLANS[principal.plan].commercialRights,
        provenance,
        lane: laneFor(request.priority, principal.plan),
      },
      within,
    );
  }

  /** Kits' banned terms as prompt policies, one object per kit version (the policy compiles them once). */
  private readonly policies = new Map<string, PromptPolicy>();

  private policyFor(kit: ResolvedKit | null, settings: OrgSettings): PromptPolicy {
    const key = `${kit ? `${kit.kitId}@${kit.version}` : "-"}:${settings.protectedNames}`;
    let policy = this.policies.get(key);
    if (!policy) {
      const names = settings.protectedNames;
      policy = {
        ...DEFAULT_PROMPT_POLICY,
        // Public figures are always refused; artists and characters follow the org's choice.
        protectedNames: { artist: names, character: names, "public-figure": "block" },
        ...(kit ? { bannedTerms: kit.kit.banned.terms } : {}),
      };
      this.policies.set(key, policy);
    }
    return policy;
  }

  /**
   * The prompt policy, before any compute: a block is refused (422 naming the category and the matched
   * words), a rewrite replaces the prompt; every decision is audited and goes into the provenance record.
   */
  private async checkPromptPolicy(
    principal: Principal,
    jobId: string,
    request: CreateJobRequest,
    kit: ResolvedKit | null,
    notes: string[],
  ): Promise<SafetyDecisionRecord[]> {
    if (!("prompt" in request) || !request.prompt) return [];
    const check = checkPrompt(request.prompt, this.policyFor(kit, principal.settings));
    const reasons = check.findings.map((f) => `${f.category}: "${f.span.text}"`);
    await this.audit.record({
      orgId: principal.orgId,
      userId: principal.userId,
      jobId,
      stage: "prompt",
      decision: check.decision,
      category: check.findings[0]?.category ?? null,
      reason: reasons.join("; ") || "no findings",
      details: { findings: check.findings },
    });
    if (check.decision === "block") {
      throw new AppError("content_policy", check.message ?? "the prompt is not allowed", { field: "prompt" });
    }
    if (check.decision === "rewrite" && check.rewritten !== undefined) {
      notes.push(`the prompt was rewritten by the content policy (${reasons.join("; ")})`);
      (request as { prompt: string }).prompt = check.rewritten;
    }
    const decisions: SafetyDecisionRecord[] = [{ stage: "prompt", decision: check.decision, reasons }];
    if (principal.settings.diversifyPeople) {
      const seed = ("params" in request && (request.params as { seed?: number }).seed) || 0;
      const diversified = diversifyPrompt((request as { prompt: string }).prompt, seed);
      if (diversified.applied) {
        const reason = `representation: added "${diversified.applied.appended}" for "${diversified.applied.subject.text}"`;
        await this.audit.record({
          orgId: principal.orgId,
          userId: principal.userId,
          jobId,
          stage: "prompt",
          decision: "rewrite",
          category: "representation",
          reason,
          details: diversified.applied,
        });
        notes.push(`the prompt was diversified (${reason})`);
        (request as { prompt: string }).prompt = diversified.prompt;
        decisions.push({ stage: "representation", decision: "rewrite", reasons: [reason] });
      }
    }
    return decisions;
  }

  async get(principal: Principal, id: string): Promise<Job> {
    const job = await this.queue.get(principal.orgId, id);
    if (!job) throw new AppError("not_found", `job ${id} was not found`, { field: "id" });
    return job;
  }

  async list(principal: Principal, query: JobListQuery) {
    return this.queue.list(principal.orgId, {
      limit: query.limit,
      ...(query.document === undefined ? {} : { document: query.document }),
      ...(query.parent === undefined ? {} : { parent: query.parent }),
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    });
  }

  /** Cancels a job: at once when queued; a running job is stopped and confirmed before this returns. */
  async cancel(principal: Principal, id: string): Promise<Job> {
    const outcome = await this.queue.requestCancel(principal.orgId, id);
    if (outcome === "not_found") throw new AppError("not_found", `job ${id} was not found`, { field: "id" });
    if (outcome === "cancelling") await this.runner.cancel(id);
    return this.get(principal, id);
  }

  /**
   * Events after `afterSeq`, then live ones, without gaps or repeats: subscribes first, reads the
   * stored backlog, and drops live events the backlog already held.
   */
  async *events(principal: Principal, id: string, afterSeq: number, signal: AbortSignal): AsyncGenerator<JobEvent> {
    const live: JobEvent[] = [];
    let wake: (() => void) | null = null;
    const unsubscribe = this.bus.subscribe(id, (event) => {
      live.push(event);
      wake?.();
    });
    const onAbort = () => wake?.();
    signal.addEventListener("abort", onAbort);
    try {
      // Read after subscribing: a job that is finished now has all its events stored (a transition and
      // its event commit together), so the backlog below is its whole remaining stream.
      const finished = FINAL_STATUSES.has((await this.get(principal, id)).status);
      let last = afterSeq;
      for (const event of await this.queue.eventsAfter(principal.orgId, id, afterSeq)) {
        yield event;
        last = event.seq;
        if (isFinal(event)) return;
      }
      // `Last-Event-ID` at or past a finished job's last event (an EventSource reconnecting after the
      // end): nothing more will come, so end instead of waiting forever.
      if (finished) return;
      while (!signal.aborted) {
        const event = live.shift();
        if (!event) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = null;
          continue;
        }
        if (event.seq <= last) {
          if (isFinal(event)) return; // the job ended at or before the client's `Last-Event-ID`
          continue;
        }
        if (event.seq > last + 1) {
          // A gap means events were persisted while we were not listening: read them back in order.
          for (const missed of await this.queue.eventsAfter(principal.orgId, id, last)) {
            if (missed.seq >= event.seq) break;
            yield missed;
            last = missed.seq;
          }
        }
        yield event;
        last = event.seq;
        if (isFinal(event)) return;
      }
    } finally {
      unsubscribe();
      signal.removeEventListener("abort", onAbort);
    }
  }
}

const FINAL_STATUSES: ReadonlySet<string> = new Set(["succeeded", "failed", "cancelled"]);

function isFinal(event: JobEvent): boolean {
  return event.type === "succeeded" || event.type === "failed" || event.type === "cancelled";
}
