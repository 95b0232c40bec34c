import type { Context, Hono } from "hono";
import { html } from "hono/html";
import { hasRole } from "../auth/principal.js";
import { AppError } from "../errors/app-error.js";
import { pathParam } from "../http/path-param.js";
import { uploadLimit } from "../http/upload-body.js";
import type { ConsoleDeps, ConsoleEnv, Session } from "./console-deps.js";
import { CONSOLE_PATH } from "./console-security.js";
import { readForm } from "./form-body.js";
import { bundleFromUploads } from "./kit-upload.js";
import {
  diffForm,
  diffTable,
  driftSection,
  kitList,
  kitVersion,
  type UploadProblem,
  uploadForm,
  versionHref,
} from "./kit-views.js";
import { type Html, page } from "./layout.js";

function versionNumber(value: string | undefined, field: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new AppError("validation", `\`${field}\` must be a version number`, { field });
  return n;
}

function sessionOf(c: Context<ConsoleEnv>): Session {
  const session = c.get("session");
  if (!session) throw new AppError("unauthorized", "sign in first");
  return session;
}

async function uploadedFiles(form: FormData): Promise<{ name: string; bytes: Uint8Array }[]> {
  const files: { name: string; bytes: Uint8Array }[] = [];
  for (const value of form.getAll("files")) {
    if (value instanceof File && value.name !== "")
      files.push({ name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  return files;
}

/** Brand kits: list, a version, upload (new kit or version), diff, drift, and the files behind thumbnails. */
export function registerKitRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  const kits = deps.brandKits;
  const limit = uploadLimit(deps.config.maxUploadBytes, "kit uploads", "files");

  const listPage = async (session: Session, problem?: UploadProblem): Promise<Html> => {
    const canUpload = hasRole(session.principal.role, "brand-admin");
    const body = html`${kitList(await kits.list(session.principal.orgId))}
      ${canUpload ? uploadForm({ session, action: `${CONSOLE_PATH}/kits`, legend: "Add a brand kit", ...(problem ? { problem } : {}) }) : html`<p class="muted">Brand admins upload kits; you can use them in jobs.</p>`}`;
    return page({ title: "Brand kits", section: "kits", session, body });
  };

  const versionPage = async (
    session: Session,
    slug: string,
    version?: number,
    extra?: { problem?: UploadProblem; notice?: string },
  ): Promise<Html> => {
    const orgId = session.principal.orgId;
    const latest = await kits.version(orgId, slug);
    const view = version === undefined ? latest : await kits.version(orgId, slug, version);
    const drift = await kits.drift(orgId, slug);
    const canUpload = hasRole(session.principal.role, "brand-admin");
    const form = canUpload
      ? uploadForm({
          session,
          action: `${CONSOLE_PATH}/kits/${encodeURIComponent(slug)}/versions`,
          legend: "Upload a new version",
          ...(extra?.problem ? { problem: extra.problem } : {}),
        })
      : "";
    // A rejected upload puts the form (with its error) first, where the reloaded page is read from.
    const body = html`${extra?.notice ? html`<div class="ok" role="status">${extra.notice}</div>` : ""}
      ${extra?.problem ? form : ""}
      ${kitVersion(view, latest.version)}
      ${latest.version > 1 ? diffForm(slug, latest.version) : ""}
      ${driftSection(drift)}
      ${extra?.problem ? "" : form}`;
    return page({ title: `${view.kit.name} v${view.version}`, section: "kits", session, body });
  };

  /** Runs an upload; a rejected bundle is shown next to the form with the field or file it names. */
  const upload = async (c: Context<ConsoleEnv>, slug?: string) => {
    const session = sessionOf(c);
    const form = await readForm(c, session);
    try {
      const files = await uploadedFiles(form);
      if (files.length === 0)
        throw new AppError("validation", "choose brand-kit.json and its files", { field: "files" });
      const version = await kits.upload(session.principal, bundleFromUploads(files), slug);
      return c.redirect(`${versionHref(version.slug, version.version)}?uploaded=1`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500 || error.code === "forbidden") throw error;
      const problem: UploadProblem = { title: "The kit was not uploaded", detail: error.message, field: error.field };
      // Shown with 200: the page rendered fine and carries the error; a 4xx page is a browser console error.
      return c.html(
        slug === undefined
          ? await listPage(session, problem)
          : await versionPage(session, slug, undefined, { problem }),
      );
    }
  };

  app.get("/kits", async (c) => c.html(await listPage(sessionOf(c))));
  app.post("/kits", limit, (c) => upload(c));
  app.get("/kits/:slug", async (c) =>
    c.redirect(
      versionHref(c.req.param("slug"), (await kits.version(sessionOf(c).principal.orgId, c.req.param("slug"))).version),
      303,
    ),
  );
  app.post("/kits/:slug/versions", limit, (c) => upload(c, c.req.param("slug")));
  app.get("/kits/:slug/v/:version", async (c) => {
    const version = versionNumber(c.req.param("version"), "version");
    const notice = c.req.query("uploaded") ? `Version ${version} uploaded.` : undefined;
    return c.html(await versionPage(sessionOf(c), c.req.param("slug"), version, notice ? { notice } : {}));
  });
  app.get("/kits/:slug/diff", async (c) => {
    const session = sessionOf(c);
    const slug = c.req.param("slug");
    const from = versionNumber(c.req.query("from"), "from");
    const to = versionNumber(c.req.query("to"), "to");
    const diff = await kits.diff(session.principal.orgId, slug, from, to);
    const latest = (await kits.version(session.principal.orgId, slug)).version;
    const body = html`<p><a href="${versionHref(slug, to)}">Back to v${to}</a></p>${diffForm(slug, latest, from, to)}${diffTable(diff.changes)}`;
    return c.html(page({ title: `${slug}: v${from} → v${to}`, section: "kits", session, body }));
  });
  app.get("/kits/:slug/v/:version/files/:file{.+}", async (c) => {
    const { bytes, contentType } = await kits.file(
      sessionOf(c).principal.orgId,
      c.req.param("slug"),
      versionNumber(c.req.param("version"), "version"),
      pathParam(c, "file"),
    );
    // Versions are immutable, so their files can be cached (privately: they belong to one org).
    return c.body(new Uint8Array(bytes), 200, {
      "content-type": contentType,
      "cache-control": "private, max-age=86400",
    });
  });
}
