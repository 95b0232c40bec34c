import { EaselClient } from "@easel/shared";
import { beforeAll, describe, expect, it } from "vitest";
import type { EaselProcess } from "../support/easel-process.js";
import { readPhoto } from "../support/images.js";
import { sharedEasel } from "../support/shared-easel.js";

// The console's Quality page, server-rendered: the figures, the chart with the 90% target line, and the
// ranking weights for brand admins only. Signs in with a form post as a browser would (no script needed).

describe("console Quality page", () => {
  let easel: EaselProcess;
  const keys = { admin: "", designer: "" };

  async function signIn(key: string): Promise<string> {
    const response = await fetch(`${easel.url}/console/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { origin: easel.url, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ key }).toString(),
    });
    expect(response.status).toBe(303);
    return (response.headers.get("set-cookie") ?? "").split(";")[0] as string;
  }

  const quality = async (cookie: string) => {
    const response = await fetch(`${easel.url}/console/quality`, { headers: { cookie } });
    expect(response.status).toBe(200);
    return response.text();
  };

  beforeAll(async () => {
    easel = await sharedEasel();
    keys.admin = await easel.createKey("quality-page-co", "olga", "admin");
    keys.designer = await easel.createKey("quality-page-co", "dan");
    const client = new EaselClient({ baseUrl: easel.url, apiKey: keys.designer });
    const image = await client.uploadAsset(readPhoto("cat-chelsea.png"), "image/png");
    const upscale = { kind: "upscale", image: image.id, params: { scale: 2, tier: "instant" } } as const;
    // One first attempt kept, one regenerated (then kept): 1 of 2 satisfied on the first try.
    const kept = await client.waitForJob((await client.createJob(upscale)).id);
    await client.sendFeedback(kept.id, { kept: 0 });
    const other = await client.uploadAsset(readPhoto("coffee-cup.png"), "image/png");
    const first = await client.waitForJob((await client.createJob({ ...upscale, image: other.id })).id);
    const retry = await client.waitForJob(
      (await client.createJob({ ...upscale, image: other.id, regenerates: first.id })).id,
    );
    await client.sendFeedback(retry.id, { kept: 0 });
  });

  it("shows first-try satisfaction with its 90% target line, per kind, and the weights to admins", async () => {
    const page = await quality(await signIn(keys.admin));
    expect(page).toContain('aria-current="page">Quality');
    expect(page).toMatch(/50\.0 % of first attempts were kept without regenerating \(1 of 2\); target 90\.0 %/);
    expect(page).toMatch(/<line id="target-line"[^>]*stroke-dasharray/);
    expect(page).toContain(">target 90%<");
    // The day's dot says what it stands for.
    expect(page).toMatch(/first-try satisfaction 50% \(1 of 2 first attempts\)/);
    expect(page).toMatch(/<table id="by-kind">[\s\S]*<th scope="row">upscale<\/th><td>50\.0 %<\/td><td>1 \/ 2<\/td>/);
    expect(page).toMatch(/<table id="weights">[\s\S]*organisation<\/th><td>default<\/td><td>0<\/td><td>0\.60<\/td>/);
  });

  it("shows designers the figures but not the ranking weights", async () => {
    const page = await quality(await signIn(keys.designer));
    expect(page).toContain("1 of 2");
    expect(page).not.toContain('id="weights"');
  });
});
