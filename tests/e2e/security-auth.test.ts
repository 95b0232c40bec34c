import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EaselProcess, startEasel } from "../support/easel-process.js";
import { type RawResponse, requestFrom } from "../support/from-address.js";

const WRONG = "easel_key_00000000000000000000000000_wrongwrongwrongwrong";
const FAILURES = 3;

const bearer = (key: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${key}`, ...extra });

function problemOf(res: RawResponse): { status: number; code: string; field?: string; detail: string } {
  expect(res.headers["content-type"]).toContain("application/problem+json");
  return JSON.parse(res.text);
}

/** Throttling of failed authentication per client address, and what a trusted proxy changes. */
describe("security: failed authentication is throttled per client address", () => {
  let easel: EaselProcess;
  let key: string;

  beforeAll(async () => {
    easel = await startEasel({ EASEL_AUTH_FAILURES: String(FAILURES), EASEL_AUTH_FAILURE_WINDOW_S: "600" });
    key = await easel.createKey("alpha", "ana", "designer");
  });
  afterAll(async () => easel.stop());

  const api = (from: string, presented: string, headers: Record<string, string> = {}) =>
    requestFrom(from, `${easel.url}/v1/usage`, { headers: bearer(presented, headers) });

  const signIn = (from: string, presented: string, headers: Record<string, string> = {}) =>
    requestFrom(from, `${easel.url}/console/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: easel.url, ...headers },
      body: new URLSearchParams({ key: presented, next: "/console/kits" }).toString(),
    });

  it("answers 429 with Retry-After after N wrong API keys from one address, even for a right key; other addresses are unaffected", async () => {
    for (let i = 0; i < FAILURES; i++) expect((await api("127.0.0.2", WRONG)).status).toBe(401);
    const throttled = await api("127.0.0.2", WRONG);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(problemOf(throttled)).toMatchObject({ status: 429, code: "rate_limited", field: "authorization" });
    expect((await api("127.0.0.2", key)).status).toBe(429);
    // Without a trusted proxy, X-Forwarded-For is the client's own word: it changes nothing.
    expect((await api("127.0.0.2", key, { "x-forwarded-for": "203.0.113.9" })).status).toBe(429);

    expect((await api("127.0.0.3", key)).status).toBe(200);
    expect((await api("127.0.0.3", WRONG)).status).toBe(401);
  });

  it("refuses console sign-ins from an address past its budget with a clear message, and not others", async () => {
    for (let i = 0; i < FAILURES; i++) {
      const failed = await signIn("127.0.0.4", WRONG);
      expect(failed.status).toBe(200);
      expect(failed.text).toContain("unknown or has been revoked");
    }
    const throttled = await signIn("127.0.0.4", key);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(throttled.text).toMatch(/too many failed sign-ins from your network address\. Wait \d+ (seconds|minutes)/);
    expect(throttled.headers["set-cookie"]).toBeUndefined();
    // The API and the console share the budget.
    expect((await api("127.0.0.4", key)).status).toBe(429);

    expect((await signIn("127.0.0.5", key)).status).toBe(303);
  });

  it("does not count a revoked key still in use as guessing: its address keeps its budget", async () => {
    const admin = await easel.createKey("alpha", "ada", "admin");
    const revoked = await easel.createKey("alpha", "old-plugin", "designer");
    const id = revoked.split("_").slice(1, 3).join("_");
    const revoking = await requestFrom("127.0.0.8", `${easel.url}/v1/keys/${id}/revoke`, {
      method: "POST",
      headers: bearer(admin),
    });
    expect(revoking.status).toBe(200);
    for (let i = 0; i < FAILURES + 2; i++) expect((await api("127.0.0.7", revoked)).status).toBe(401);
    expect((await api("127.0.0.7", key)).status).toBe(200);
  });

  it("ignores X-Forwarded-Proto without a trusted proxy: no Secure cookie, no HSTS", async () => {
    const signedIn = await signIn("127.0.0.6", key, { "x-forwarded-proto": "https" });
    expect(signedIn.status).toBe(303);
    expect(String(signedIn.headers["set-cookie"])).not.toMatch(/;\s*secure/i);
    expect(signedIn.headers["strict-transport-security"]).toBeUndefined();
  });
});

describe("security: behind a trusted proxy (EASEL_TRUST_PROXY=1)", () => {
  let easel: EaselProcess;
  let key: string;

  beforeAll(async () => {
    easel = await startEasel({
      EASEL_TRUST_PROXY: "1",
      EASEL_AUTH_FAILURES: String(FAILURES),
      EASEL_AUTH_FAILURE_WINDOW_S: "600",
    });
    key = await easel.createKey("alpha", "ana", "designer");
  });
  afterAll(async () => easel.stop());

  // Every request comes from the proxy's socket address; X-Forwarded-For names the client.
  const viaProxy = (client: string, presented: string, headers: Record<string, string> = {}) =>
    requestFrom("127.0.0.1", `${easel.url}/v1/usage`, {
      headers: bearer(presented, { "x-forwarded-for": client, ...headers }),
    });

  it("throttles the client the proxy names (the rightmost X-Forwarded-For hop), not the proxy", async () => {
    for (let i = 0; i < FAILURES; i++) expect((await viaProxy("198.51.100.7", WRONG)).status).toBe(401);
    expect((await viaProxy("198.51.100.7", WRONG)).status).toBe(429);
    // A client cannot escape by writing its own X-Forwarded-For: the proxy appends the real address.
    expect((await viaProxy("192.0.2.1, 198.51.100.7", key)).status).toBe(429);
    expect((await viaProxy("198.51.100.8", key)).status).toBe(200);
  });

  it("marks the session cookie Secure and sends HSTS when the proxy says the client used https", async () => {
    const signIn = (proto: string) =>
      requestFrom("127.0.0.1", `${easel.url}/console/sign-in`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          // The browser's origin has the scheme it used to reach the proxy.
          origin: easel.url.replace(/^http:/, `${proto}:`),
          "x-forwarded-for": "198.51.100.20",
          "x-forwarded-proto": proto,
        },
        body: new URLSearchParams({ key, next: "/console/kits" }).toString(),
      });
    const https = await signIn("https");
    expect(https.status).toBe(303);
    expect(String(https.headers["set-cookie"])).toMatch(/;\s*secure/i);
    expect(https.headers["strict-transport-security"]).toMatch(/^max-age=\d+/);
    const api = await viaProxy("198.51.100.21", key, { "x-forwarded-proto": "https" });
    expect(api.headers["strict-transport-security"]).toMatch(/^max-age=\d+/);

    const http = await signIn("http");
    expect(http.status).toBe(303);
    expect(String(http.headers["set-cookie"])).not.toMatch(/;\s*secure/i);
    expect(http.headers["strict-transport-security"]).toBeUndefined();
  });
});
