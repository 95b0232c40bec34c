import { type Job, JobListQuery } from "@easel/shared/protocol";
import type { Context, Hono } from "hono";
import { html } from "hono/html";
import sharp from "sharp";
import { hasRole } from "../auth/principal.js";
import { AppError } from "../errors/app-error.js";
import { parseOrThrow } from "../errors/validate.js";
import type { ConsoleDeps, ConsoleEnv, Session } from "./console-deps.js";
import { CONSOLE_PATH } from "./console-security.js";
import { documentTree } from "./document-tree.js";
import { type HistoryFilters, historyFilters, jobDetail, jobTable } from "./history-views.js";
import { page } from "./layout.js";

const THUMB_PX = 192; // longest side of history thumbnails (2x the 96 px they are shown at)
const SCAN_LIMIT = 200; // newest jobs scanned per page when filtering by kind, kit or user

/** A safety decision as the job page shows it. */
export interface AuditEntryView {
  stage: string;
  decision: string;
  category: string | null;
  reason: string;
  at: string;
}

const CONTENT_TYPES = { png: "image/png", jpeg: "image/jpeg", webp: "image/webp" } as const;

function sessionOf(c: Context<ConsoleEnv>): Session {
  const session = c.get("session");
  if (!session) throw new AppError("unauthorized", "sign in first");
  return session;
}

function matches(job: Job, filters: HistoryFilters, userId: string): boolean {
  if (filters.kind && job.kind !== filters.kind) return false;
  if (filters.mine && job.createdBy !== userId) return false;
  if (filters.kit) {
    const kit = job.request.brandKit;
    if (typeof kit !== "string" || kit.split("@")[0] !== filters.kit) return false;
  }
  return true;
}

/** History (org's jobs, filtered), job detail, and the session-authenticated image proxy for thumbnails. */
export function registerHistoryRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  app.get("/history", async (c) => {
    const session = sessionOf(c);
    const filters: HistoryFilters = {
      kind: c.req.query("kind") || undefined,
      status: c.req.query("status") || undefined,
      kit: c.req.query("kit") || undefined,
      mine: c.req.query("mine") === "1",
    };
    // Status is filtered by the queue; kind, kit and user over the newest SCAN_LIMIT jobs of that page.
    const query = JobListQuery.safeParse({ status: filters.status, limit: SCAN_LIMIT, cursor: c.req.query("cursor") });
    if (!query.success) throw new AppError("validation", "unknown status filter", { field: "status" });
    const list = await deps.jobs.list(session.principal, query.data);
    const jobs = list.jobs.filter((j) => matches(j, filters, session.principal.userId));
    const kitSlugs = (await deps.brandKits.list(session.principal.orgId)).map((k) => k.slug);
    const params = new URLSearchParams(
      Object.entries({ ...filters, mine: filters.mine ? "1" : "" }).filter(([, v]) => v) as [string, string][],
    );
    if (list.nextCursor) params.set("cursor", list.nextCursor);
    const body = html`${historyFilters(filters, kitSlugs)}${jobTable(jobs)}
      ${list.nextCursor ? html`<p><a href="${CONSOLE_PATH}/history?${params.toString()}">Older jobs</a></p>` : ""}`;
    return c.html(page({ title: "History", section: "history", session, body }));
  });

  app.get("/documents/:document", async (c) => {
    const session = sessionOf(c);
    const document = c.req.param("document");
    // The same rules as the API's `?document=` (1 to 200 characters): a 400 naming it, not a ZodError's 500.
    const query = parseOrThrow(JobListQuery, { document, limit: SCAN_LIMIT }, "document");
    const list = await deps.jobs.list(session.principal, query);
    const body = documentTree(document, list.jobs);
    return c.html(page({ title: `Document ${document}`, section: "history", session, body }));
  });

  app.get("/history/:id", async (c) => {
    const session = sessionOf(c);
    const job = await deps.jobs.get(session.principal, c.req.param("id"));
    const decisions: AuditEntryView[] = (await deps.audit.forJob(session.principal.orgId, job.id)).map((e) => ({
      stage: e.stage,
      decision: e.decision,
      category: e.category,
      reason: e.reason,
      at: new Date(e.at).toISOString(),
    }));
    const charged = job.status === "succeeded" ? job.layers.length : 0;
    let cost = html`<p>Charged ${charged} generation(s) against the plan (failed, cancelled and blocked jobs count nothing).</p>`;
    if (hasRole(session.principal.role, "admin")) {
      const perImage = (await deps.usage.report(session.principal)).cost?.costPerImageUsd ?? null;
      if (perImage !== null)
        cost = html`${cost}<p>At this month's average compute cost of $${perImage.toFixed(4)} per image: about $${(perImage * charged).toFixed(4)}.</p>`;
    }
    return c.html(
      page({ title: `Job: ${job.kind}`, section: "history", session, body: jobDetail(job, decisions, cost) }),
    );
  });

  app.get("/assets/:id", async (c) => {
    const session = sessionOf(c);
    const id = c.req.param("id");
    const { bytes, format } = await deps.assets.content(session.principal.orgId, id);
    const headers = { "cache-control": "private, max-age=86400" }; // content-addressed: never changes
    if (c.req.query("thumb")) {
      const thumb = await sharp(bytes)
        .resize(THUMB_PX, THUMB_PX, { fit: "inside", withoutEnlargement: true })
        .webp({ quality: 80 })
        .toBuffer();
      return c.body(new Uint8Array(thumb), 200, { ...headers, "content-type": "image/webp" });
    }
    return c.body(new Uint8Array(bytes), 200, { ...headers, "content-type": CONTENT_TYPES[format] });
  });
}
