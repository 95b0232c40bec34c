import { EaselClient, type Job } from "@easel/shared";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleKitFiles, kitForm } from "../support/brand-kits.js";
import type { EaselProcess } from "../support/easel-process.js";
import { readPhoto } from "../support/images.js";
import { sharedEasel } from "../support/shared-easel.js";
import { expectCleanPage, launchChromium, openPage, screenshots, type WatchedPage } from "./browser.js";

/** Flips one byte inside the first IDAT chunk's compressed data (the pixels the manifest hashes). */
function flipPixelByte(png: Uint8Array): Uint8Array {
  const out = new Uint8Array(png);
  const at = Buffer.from(out).indexOf("IDAT");
  out[at + 40] = (out[at + 40] as number) ^ 0x01;
  return out;
}

describe("web console in Chromium", () => {
  let easel: EaselProcess;
  let browser: Browser;
  const keys = { admin: "", brandAdmin: "", designer: "" };
  let job: Job;
  let signedPng: Uint8Array;
  const opened: WatchedPage[] = [];

  async function signedIn(key: string): Promise<WatchedPage> {
    const watched = await openPage(browser);
    opened.push(watched);
    const { page } = watched;
    expectCleanPage(watched, await page.goto(`${easel.url}/console/sign-in`));
    await page.getByLabel("API key").fill(key);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/console\/kits/);
    return watched;
  }

  async function visit(watched: WatchedPage, path: string) {
    const response = await watched.page.goto(`${easel.url}${path}`);
    expectCleanPage(watched, response);
    return response;
  }

  beforeAll(async () => {
    easel = await sharedEasel();
    keys.admin = await easel.createKey("console-co", "olga", "admin", "pro");
    keys.brandAdmin = await easel.createKey("console-co", "bea", "brand-admin", "pro");
    keys.designer = await easel.createKey("console-co", "dan", "designer", "pro");
    // A kit to version, and a real (instant-tier) upscale whose signed output the pages show and verify.
    const kit = await fetch(`${easel.url}/v1/brand-kits`, {
      method: "POST",
      headers: { authorization: `Bearer ${keys.brandAdmin}` },
      body: kitForm(exampleKitFiles("atelier-noir")),
    });
    expect(kit.status).toBe(201);
    const client = new EaselClient({ baseUrl: easel.url, apiKey: keys.designer });
    const image = await client.uploadAsset(readPhoto("cat-chelsea.png"), "image/png");
    const created = await client.createJob({
      kind: "upscale",
      image: image.id,
      document: "poster-2026",
      params: { scale: 2, tier: "instant" },
    });
    job = await client.waitForJob(created.id);
    expect(job.status).toBe("succeeded");
    signedPng = new Uint8Array(await client.downloadAsset(job.layers[0]?.assetId as string));
    // A stylize job with the kit records palette adherence, so the drift chart has a point to draw.
    const styled = await client.waitForJob(
      (
        await client.createJob({
          kind: "stylize",
          image: image.id,
          brandKit: "atelier-noir",
          document: "poster-2026",
          parent: created.id,
        })
      ).id,
    );
    expect(styled.status).toBe("succeeded");
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    for (const w of opened) await w.context.close();
    await browser?.close();
  });

  it("signs in with a key into an HttpOnly SameSite=Strict session that holds no key, and signs out", async () => {
    const watched = await openPage(browser);
    opened.push(watched);
    const { page, context } = watched;
    expectCleanPage(watched, await page.goto(`${easel.url}/console/history`));
    expect(page.url()).toContain("/console/sign-in?next=%2Fconsole%2Fhistory");
    await screenshots(watched, "sign-in");

    await page.getByLabel("API key").fill("easel_key_00000000000000000000000000_wrongwrongwrongwrong");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("unknown or has been revoked");
    expect(await context.cookies()).toEqual([]);

    await page.getByLabel("API key").fill(keys.designer);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/console\/history$/);
    const [cookie, ...others] = await context.cookies();
    expect(others).toEqual([]);
    expect(cookie).toMatchObject({ name: "easel_console", httpOnly: true, sameSite: "Strict", path: "/console" });
    expect(cookie?.value).not.toContain(keys.designer.slice(6, 20));
    await expect.poll(() => page.locator("header .who").textContent()).toContain("dan · console-co · designer");

    // A POST without the session's form token is refused even with the cookie.
    const forged = await page.request.post(`${easel.url}/console/sign-out`, {
      headers: { origin: easel.url },
      form: { _csrf: "not-the-token" },
    });
    expect(forged.status()).toBe(403);
    // …and one from another origin is refused before anything is read.
    const crossSite = await page.request.post(`${easel.url}/console/kits`, {
      headers: { origin: "https://evil.example" },
      multipart: { _csrf: "x" },
    });
    expect(crossSite.status()).toBe(403);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/console\/sign-in$/);
    await page.goto(`${easel.url}/console/kits`);
    expect(page.url()).toContain("/console/sign-in");
    expect(watched.errors).toEqual([]);
  });

  it("a brand admin sees a bad kit file named in the error, then uploads a good version and diffs it", async () => {
    const watched = await signedIn(keys.brandAdmin);
    const { page } = watched;
    await screenshots(watched, "kits");
    await page.getByRole("link", { name: "Atelier Noir" }).click();
    await page.waitForURL(/\/console\/kits\/atelier-noir\/v\/1$/);
    expect(await page.getByRole("img", { name: "Ivory #f2eee8" }).count()).toBe(1);
    // Reference thumbnails come through the session proxy and decode.
    const refs = page.locator(".refs img");
    expect(await refs.count()).toBe(6);
    await expect
      .poll(() =>
        refs.evaluateAll((imgs) => imgs.every((i) => (i as unknown as { naturalWidth: number }).naturalWidth > 0)),
      )
      .toBe(true);
    const drift = page.getByRole("img", { name: /Palette adherence per day/ });
    expect(await drift.count()).toBe(1);
    expect(await drift.locator("circle").count()).toBe(1);
    await screenshots(watched, "kit-version");

    const files = exampleKitFiles("atelier-noir");
    const asUploads = (bundle: Map<string, Uint8Array>) =>
      [...bundle].map(([path, bytes]) => ({
        name: path.split("/").pop() as string,
        mimeType: "application/octet-stream",
        buffer: Buffer.from(bytes),
      }));
    const bad = new Map(files);
    bad.set("references/stone-mono.jpg", new TextEncoder().encode("this is not a JPEG"));
    await page.getByLabel(/Kit files/).setInputFiles(asUploads(bad));
    await page.getByRole("button", { name: "Upload" }).click();
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.textContent()).toContain("references/stone-mono.jpg");
    expect(await page.getByLabel(/Kit files/).getAttribute("aria-invalid")).toBe("true");
    expect(watched.errors).toEqual([]);
    await screenshots(watched, "kit-upload-error");

    const good = new Map(files);
    const kit = JSON.parse(new TextDecoder().decode(files.get("brand-kit.json")));
    kit.palette[1].hex = "#f7f1e3";
    good.set("brand-kit.json", new TextEncoder().encode(JSON.stringify(kit)));
    await page.getByLabel(/Kit files/).setInputFiles(asUploads(good));
    // With the console's one script, the form goes by XHR so the progress bar can follow the upload.
    expect(await page.getByRole("progressbar", { name: "Upload progress", includeHidden: true }).count()).toBe(1);
    const xhr = page.waitForRequest((r) => r.method() === "POST" && r.resourceType() === "xhr");
    await page.getByRole("button", { name: "Upload" }).click();
    await xhr;
    await page.waitForURL(/\/console\/kits\/atelier-noir\/v\/2\?uploaded=1$/);
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Version 2 uploaded");
    expect(await page.getByRole("img", { name: "Ivory #f7f1e3" }).count()).toBe(1);

    await page.getByRole("button", { name: "Compare" }).click();
    await page.waitForURL(/\/diff\?from=1&to=2$/);
    const row = page.getByRole("row", { name: /palette\[1\]\.hex/ });
    await expect.poll(() => row.textContent()).toContain("#f2eee8 → #f7f1e3");
    await screenshots(watched, "kit-diff");
    expect(watched.errors).toEqual([]);
  });

  it("history shows the upscale job with its thumbnail, and its detail page shows parameters and layers", async () => {
    const watched = await signedIn(keys.designer);
    const { page } = watched;
    await visit(watched, "/console/history?kind=upscale");
    const thumb = page.getByRole("img", { name: /upscale result, 1024×680/ });
    await expect.poll(() => thumb.evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth)).toBe(192);
    await screenshots(watched, "history");

    await visit(watched, "/console/history?kind=inpaint");
    expect(await page.getByText("No jobs match these filters.").count()).toBe(1);

    await visit(watched, `/console/history/${job.id}`);
    const params = await page.getByRole("region", { name: "Request and parameters" }).textContent();
    expect(params).toContain("params.scale");
    expect(params).toContain("instant");
    const layers = page.getByRole("region", { name: "Layers (best first)" });
    expect(await layers.textContent()).toContain("1024×680 px");
    expect(await page.getByRole("region", { name: "Cost" }).textContent()).toContain("Charged 1 generation");
    await screenshots(watched, "job-detail");

    // The document's version tree: the stylize job sits under the upscale it started from.
    await page.getByRole("link", { name: /poster-2026 — version tree/ }).click();
    await page.waitForURL(/\/console\/documents\/poster-2026$/);
    const tree = page.getByRole("region", { name: "Version tree of poster-2026" });
    const nested = tree.locator("ul.tree > li > ul > li");
    expect(await nested.count()).toBe(1);
    expect(await nested.textContent()).toContain("stylize");
    await screenshots(watched, "document-tree");
    expect(watched.errors).toEqual([]);
  });

  it("the public verify page reports a signed output as trusted and a tampered copy as invalid", async () => {
    const watched = await openPage(browser);
    opened.push(watched);
    const { page } = watched;
    await visit(watched, "/console/verify");
    await screenshots(watched, "verify");

    await page
      .getByLabel(/Image to verify/)
      .setInputFiles({ name: "upscaled.png", mimeType: "image/png", buffer: Buffer.from(signedPng) });
    await page.getByRole("button", { name: "Verify", exact: true }).click();
    const badge = page.locator("#result .badge");
    await expect.poll(() => badge.getAttribute("data-state")).toBe("trusted");
    const report = await page.locator("main").textContent();
    expect(report).toContain("Edit chain (ingredients)");
    expect(report).toContain("c2pa.opened");
    expect(report).toMatch(/entry \d+ of the log's \d+ entries/);
    expect(watched.errors).toEqual([]);
    await screenshots(watched, "verify-trusted");

    await page
      .getByLabel(/Image to verify/)
      .setInputFiles({ name: "tampered.png", mimeType: "image/png", buffer: Buffer.from(flipPixelByte(signedPng)) });
    await page.getByRole("button", { name: "Verify", exact: true }).click();
    await expect.poll(() => page.locator("#result .badge").getAttribute("data-state")).toBe("invalid");
    await expect.poll(() => page.locator("#result").textContent()).toMatch(/assertion\.dataHash\.mismatch/);
    expect(watched.errors).toEqual([]);
    await screenshots(watched, "verify-tampered");
  });

  it("a designer sees usage but cannot reach cost and margin; an admin can", async () => {
    const designer = await signedIn(keys.designer);
    await visit(designer, "/console/usage");
    await expect.poll(() => designer.page.locator("#quota-text").textContent()).toContain("generations");
    expect(await designer.page.getByRole("link", { name: "Cost" }).count()).toBe(0);
    await screenshots(designer, "usage");
    const refused = await designer.page.goto(`${easel.url}/console/cost`);
    expect(refused?.status()).toBe(403);
    expect(await designer.page.locator("main").textContent()).not.toContain("Gross margin");

    const admin = await signedIn(keys.admin);
    await admin.page.getByRole("link", { name: "Cost" }).click();
    await admin.page.waitForURL(/\/console\/cost$/);
    expect(await admin.page.locator("#cost-figures").textContent()).toContain("Gross margin");
    expect(await admin.page.getByRole("img", { name: "Compute seconds by engine" }).count()).toBe(1);
    await screenshots(admin, "cost");
  });
});
