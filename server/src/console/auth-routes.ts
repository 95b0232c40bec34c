import type { Hono } from "hono";
import { html } from "hono/html";
import type { ConsoleDeps, ConsoleEnv } from "./console-deps.js";
import { CONSOLE_PATH, clearSessionCookie, type SessionStore, safeNext, setSessionCookie } from "./console-security.js";
import { readForm } from "./form-body.js";
import { type Html, page, problemBox } from "./layout.js";

function signInBody(next: string, error?: string): Html {
  return html`${error ? problemBox({ title: "Sign-in failed", detail: error, field: "key" }) : ""}
  <div class="card">
    <p>Sign in with your Easel API key. The key is checked once and never stored in your browser:
    the console keeps a random session id in an HttpOnly cookie instead.</p>
    <form method="post" action="${CONSOLE_PATH}/sign-in">
      <input type="hidden" name="next" value="${next}" />
      <label for="key">API key</label>
      <input id="key" name="key" type="password" autocomplete="off" spellcheck="false" required
        aria-describedby="key-help"${error ? html` aria-invalid="true"` : ""} />
      <p id="key-help" class="muted">Looks like <code>easel_key_…</code>. Ask an admin of your organisation for one.</p>
      <button type="submit">Sign in</button>
    </form>
  </div>
  <p>Only want to check where an image came from? <a href="${CONSOLE_PATH}/verify">Verify an image</a> without signing in.</p>`;
}

/** "45 seconds", "5 minutes". */
function waitText(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

/** `GET/POST /sign-in`, `POST /sign-out`. */
export function registerAuthRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps, sessions: SessionStore): void {
  app.get("/sign-in", (c) => {
    const next = safeNext(c.req.query("next"));
    if (c.get("session")) return c.redirect(next, 303);
    return c.html(page({ title: "Sign in", section: "sign-in", session: undefined, body: signInBody(next) }));
  });

  app.post("/sign-in", async (c) => {
    const form = await readForm(c);
    const key = String(form.get("key") ?? "").trim();
    const next = safeNext(String(form.get("next") ?? ""));
    const address = c.get("client")?.address ?? "unknown";
    // The same failure budget per address as the API's bearer keys: refused before the key is checked.
    const verdict = key ? await deps.throttle.check(address) : { allowed: true, retryAfterS: 0 };
    if (!verdict.allowed) {
      const detail = `too many failed sign-ins from your network address. Wait ${waitText(verdict.retryAfterS)} and try again.`;
      c.header("retry-after", String(verdict.retryAfterS));
      return c.html(
        page({ title: "Sign in", section: "sign-in", session: undefined, body: signInBody(next, detail) }),
        429,
      );
    }
    const checked = key ? await deps.keys.verify(key) : { principal: null, guess: false };
    if (checked.principal === null && checked.guess) await deps.throttle.failed(address);
    const principal = checked.principal;
    if (!principal) {
      const detail = key ? "that API key is unknown or has been revoked" : "enter an API key";
      return c.html(
        // 200, not 401: the form is shown again with its error (browsers log any 4xx page as a console error).
        page({ title: "Sign in", section: "sign-in", session: undefined, body: signInBody(next, detail) }),
      );
    }
    const previous = c.get("session");
    if (previous) await sessions.delete(previous.id);
    setSessionCookie(c, await sessions.create(principal));
    return c.redirect(next, 303);
  });

  app.post("/sign-out", async (c) => {
    const session = c.get("session");
    if (session) {
      await readForm(c, session);
      await sessions.delete(session.id);
    }
    clearSessionCookie(c);
    return c.redirect(`${CONSOLE_PATH}/sign-in`, 303);
  });
}
