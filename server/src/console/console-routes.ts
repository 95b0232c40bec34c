import { Hono } from "hono";
import { csrf } from "hono/csrf";
import { html } from "hono/html";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError } from "../errors/app-error.js";
import { registerAuthRoutes } from "./auth-routes.js";
import { CONSOLE_CSS } from "./console-css.js";
import type { ConsoleDeps, ConsoleEnv } from "./console-deps.js";
import { CONSOLE_PATH, loadSession, requireSession, securityHeaders } from "./console-security.js";
import { registerEngineRoutes } from "./engines-routes.js";
import { registerHistoryRoutes } from "./history-routes.js";
import { registerKitRoutes } from "./kit-routes.js";
import { page } from "./layout.js";
import { registerQualityRoutes } from "./quality-routes.js";
import { UPLOAD_PROGRESS_JS } from "./upload-progress-js.js";
import { registerUsageRoutes } from "./usage-routes.js";
import { registerVerifyRoutes } from "./verify-routes.js";

const PUBLIC_PATHS = new Set(["/sign-in", "/verify", "/static/console.css", "/static/upload-progress.js"]);

/**
 * The web console, mounted at `/console`: server-rendered HTML pages that call the services directly with
 * the signed-in principal (the API key never reaches the browser, and the browser runs no script).
 */
export function consoleRoutes(deps: ConsoleDeps) {
  const { sessions } = deps;
  const app = new Hono<ConsoleEnv>();
  app.use(securityHeaders());
  // Every POST must come from our own pages (Origin / Sec-Fetch-Site); forms behind sign-in also carry a token.
  // Our origin has the scheme the client used: https behind a trusted TLS-terminating proxy.
  app.use(
    csrf({
      origin: (origin, c) => {
        const url = new URL(c.req.url);
        return origin === `${c.get("client")?.https ? "https:" : url.protocol}//${url.host}`;
      },
    }),
  );
  app.use(loadSession(sessions));
  const authed = requireSession();
  app.use(async (c, next) => {
    const path = c.req.path.slice(CONSOLE_PATH.length) || "/";
    return PUBLIC_PATHS.has(path) ? next() : authed(c, next);
  });

  app.get("/", (c) => c.redirect(`${CONSOLE_PATH}/${c.get("session") ? "kits" : "sign-in"}`, 303));
  app.get("/static/console.css", (c) =>
    c.body(CONSOLE_CSS, 200, { "content-type": "text/css; charset=utf-8", "cache-control": "public, max-age=3600" }),
  );
  app.get("/static/upload-progress.js", (c) =>
    c.body(UPLOAD_PROGRESS_JS, 200, {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=3600",
    }),
  );
  registerAuthRoutes(app, deps, sessions);
  registerVerifyRoutes(app, deps);
  registerKitRoutes(app, deps);
  registerHistoryRoutes(app, deps);
  registerUsageRoutes(app, deps);
  registerEngineRoutes(app, deps.catalog);
  registerQualityRoutes(app, deps);

  app.notFound((c) => errorPage(c, 404, "Not found", "There is no console page at this address."));
  app.onError((error, c) => {
    if (error instanceof AppError)
      return errorPage(c, error.status as ContentfulStatusCode, error.title, error.message);
    if (error instanceof HTTPException && error.status === 403)
      return errorPage(c, 403, "Not allowed", "this form was sent from another site, so it was refused");
    if (error instanceof HTTPException)
      return errorPage(c, error.status as ContentfulStatusCode, "Request refused", error.message);
    console.error(`console ${c.req.method} ${c.req.path} failed:`, error);
    return errorPage(
      c,
      500,
      "Something went wrong",
      `quote request id ${c.get("requestId") ?? "—"} if you contact support`,
    );
  });
  return app;
}

function errorPage(
  c: Parameters<Parameters<Hono<ConsoleEnv>["notFound"]>[0]>[0],
  status: ContentfulStatusCode,
  title: string,
  detail: string,
) {
  const body = html`<div class="error" role="alert"><strong>${title}</strong>${detail}</div><p><a href="${CONSOLE_PATH}/">Back to the console</a></p>`;
  return c.html(page({ title, section: "verify", session: c.get("session"), body }), status);
}
