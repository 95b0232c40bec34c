import { getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { ConsoleEnv, Session } from "./console-deps.js";
import { SessionStore } from "./session-store.js";

/** Cookie holding the session id; scoped to the console so the JSON API never sees it. */
export const SESSION_COOKIE = "easel_console";
export const CONSOLE_PATH = "/console";

/**
 * The console works without JavaScript; its one script (upload progress) is a same-origin file, so only
 * `script-src 'self'` is allowed — no inline script, no eval, nothing from elsewhere. XHR goes to the same origin.
 * Styles come from one same-origin stylesheet; colours drawn from data (palette swatches, charts) are SVG
 * attributes, which CSP does not treat as inline style. https://www.w3.org/TR/CSP3/#directive-default-src
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

/** Security headers on every console response. */
export function securityHeaders() {
  return createMiddleware<ConsoleEnv>(async function securityHeaders(c, next) {
    await next();
    c.header("content-security-policy", CONTENT_SECURITY_POLICY);
    c.header("x-content-type-options", "nosniff");
    c.header("referrer-policy", "same-origin");
    c.header("x-frame-options", "DENY");
    if (!c.res.headers.get("cache-control")) c.header("cache-control", "no-store");
  });
}

/** Resolves the session cookie (if any) to a live session. */
export function loadSession(store: SessionStore) {
  return createMiddleware<ConsoleEnv>(async function loadSession(c, next) {
    c.set("session", await store.get(getCookie(c, SESSION_COOKIE)));
    await next();
  });
}

/** Pages behind sign-in: GETs are sent to the sign-in page (and back afterwards), other methods get 401. */
export function requireSession() {
  return createMiddleware<ConsoleEnv>(async function requireSession(c, next) {
    if (c.get("session")) return next();
    if (c.req.method === "GET" || c.req.method === "HEAD") {
      const url = new URL(c.req.url);
      const next = encodeURIComponent(url.pathname + url.search);
      return c.redirect(`${CONSOLE_PATH}/sign-in?next=${next}`, 303);
    }
    return c.text("sign in first", 401);
  });
}

/**
 * Whether the client reached us over https (the cookie is then marked Secure): directly, or through a
 * trusted proxy that says so (`clientContext`; `EASEL_TRUST_PROXY`).
 */
export function isHttps(c: Parameters<typeof setCookie>[0]): boolean {
  const client = c.get("client") as { https: boolean } | undefined;
  return client ? client.https : new URL(c.req.url).protocol === "https:";
}

/** Sets the session cookie: HttpOnly, SameSite=Strict, Secure on https, console path only, no Max-Age (browser session). */
export function setSessionCookie(c: Parameters<typeof setCookie>[0], session: Session): void {
  setCookie(c, SESSION_COOKIE, session.id, {
    path: CONSOLE_PATH,
    httpOnly: true,
    sameSite: "Strict",
    secure: isHttps(c),
  });
}

/** Clears the session cookie. */
export function clearSessionCookie(c: Parameters<typeof setCookie>[0]): void {
  setCookie(c, SESSION_COOKIE, "", {
    path: CONSOLE_PATH,
    httpOnly: true,
    sameSite: "Strict",
    secure: isHttps(c),
    maxAge: 0,
  });
}

/** A safe place to go after sign-in: only console paths, never another origin (`//evil.example`). */
export function safeNext(next: string | undefined): string {
  if (!next?.startsWith(`${CONSOLE_PATH}/`) || next.includes("\\")) return `${CONSOLE_PATH}/kits`;
  return next;
}

export { SessionStore };
