import { beforeAll, describe, expect, it } from "vitest";
import { jsonLines, runCli } from "../support/easel-cli.js";
import type { EaselProcess } from "../support/easel-process.js";
import { call, expectProblem } from "../support/http.js";
import { sharedEasel } from "../support/shared-easel.js";

type KeyList = { keys: { id: string; userName: string; role: string; revokedAt: string | null }[] };

/** The key id inside a key (`easel_<keyId>_<secret>`). */
const idOf = (key: string) => key.split("_").slice(1, 3).join("_");

/** Signs in to the console with `key`; returns the session cookie. */
async function signIn(easel: EaselProcess, key: string): Promise<string> {
  const res = await fetch(`${easel.url}/console/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: easel.url },
    body: new URLSearchParams({ key, next: "/console/kits" }),
  });
  expect(res.status).toBe(303);
  return (res.headers.get("set-cookie") ?? "").split(";")[0] as string;
}

const consoleKits = (easel: EaselProcess, cookie: string) =>
  fetch(`${easel.url}/console/kits`, { redirect: "manual", headers: { cookie } });

describe("security: API keys are listed and revoked by their org's admins and by the operator", () => {
  let easel: EaselProcess;
  let admin: string;
  let designer: string;
  let otherAdmin: string;

  beforeAll(async () => {
    easel = await sharedEasel();
    admin = await easel.createKey("keys-alpha", "ada", "admin");
    designer = await easel.createKey("keys-alpha", "ann", "designer");
    otherAdmin = await easel.createKey("keys-beta", "bob", "admin");
  });

  it("lists the org's keys to its admins only, never a secret", async () => {
    const res = await call(`${easel.url}/v1/keys`, { key: admin });
    expect(res.status).toBe(200);
    const list = res.body as KeyList;
    expect(list.keys.map((k) => k.id).sort()).toEqual([idOf(admin), idOf(designer)].sort());
    expect(list.keys.find((k) => k.id === idOf(designer))).toMatchObject({
      userName: "ann",
      role: "designer",
      revokedAt: null,
    });
    const text = JSON.stringify(res.body);
    for (const key of [admin, designer]) expect(text).not.toContain(key.split("_").at(-1));
    expect(text).not.toMatch(/secret|hash/i);
    expectProblem(await call(`${easel.url}/v1/keys`, { key: designer }), 403, "authorization");
  });

  it("revokes a key of the org at once, ending its console sessions; another org's key is not found", async () => {
    const victim = await easel.createKey("keys-alpha", "vic", "designer");
    const cookie = await signIn(easel, victim);
    expect((await consoleKits(easel, cookie)).status).toBe(200);

    expectProblem(
      await call(`${easel.url}/v1/keys/${idOf(victim)}/revoke`, { method: "POST", key: otherAdmin }),
      404,
      "id",
    );
    expectProblem(await call(`${easel.url}/v1/keys/${idOf(victim)}/revoke`, { method: "POST", key: designer }), 403);
    expect((await call(`${easel.url}/v1/usage`, { key: victim })).status).toBe(200);

    const revoked = await call(`${easel.url}/v1/keys/${idOf(victim)}/revoke`, { method: "POST", key: admin });
    expect(revoked.status).toBe(200);
    expect((revoked.body as { revokedAt: string | null }).revokedAt).toMatch(/^\d{4}-/);
    expectProblem(await call(`${easel.url}/v1/usage`, { key: victim }), 401, "authorization");
    const after = await consoleKits(easel, cookie);
    expect(after.status).toBe(303);
    expect(after.headers.get("location")).toContain("/console/sign-in");
    // Other keys of the org keep working.
    expect((await call(`${easel.url}/v1/usage`, { key: designer })).status).toBe(200);
  });

  it("the operator lists and revokes keys with the CLI", async () => {
    const held = await easel.createKey("keys-beta", "bea", "designer");
    const listed = await runCli(easel, ["keys", "list", "--org", "keys-beta"]);
    expect(listed.code).toBe(0);
    const keys = jsonLines<{ id: string; orgSlug: string }>(listed.stdout);
    expect(keys.map((k) => k.id).sort()).toEqual([idOf(otherAdmin), idOf(held)].sort());
    expect(listed.stdout).not.toContain(held.split("_").at(-1));

    expect((await runCli(easel, ["keys", "revoke", idOf(held)])).code).toBe(0);
    expectProblem(await call(`${easel.url}/v1/usage`, { key: held }), 401);
    const unknown = await runCli(easel, ["keys", "revoke", "key_00000000000000000000000000"]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain("no key");
  });
});
