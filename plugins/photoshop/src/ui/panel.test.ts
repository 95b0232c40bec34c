import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { EaselClient } from "@easel/shared/client";
import { encode } from "fast-png";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../../tests/support/chromium.js";
import type { EaselProcess } from "../../../../tests/support/easel-process.js";
import { sharedEasel } from "../../../../tests/support/shared-easel.js";
import { buildPlugin } from "../../build.js";

// The built plugin: its manifest and markup against what UXP accepts, and its panel loaded in
// headless Chromium (Spectrum stand-ins) talking to a real server.

const ARTIFACTS = fileURLToPath(new URL("../../../../tests/.artifacts/photoshop/", import.meta.url));
const PHOTO = new Uint8Array(
  readFileSync(new URL("../../../../tests/fixtures/photos/cat-chelsea.png", import.meta.url)),
);

describe("built Photoshop plugin", () => {
  let easel: EaselProcess;
  let outDir: string;
  let browser: Browser;
  let key: string;
  let client: EaselClient;

  beforeAll(async () => {
    easel = await sharedEasel();
    key = await easel.createKey("ps-panel-co", "ret");
    client = new EaselClient({ baseUrl: easel.url, apiKey: key });
    outDir = (await buildPlugin({ outDir: mkdtempSync(join(tmpdir(), "easel-ps-")), serverUrl: easel.url })).outDir;
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);
  afterAll(async () => browser?.close());

  const open = async (init?: Record<string, string>): Promise<{ page: Page; errors: string[] }> => {
    const page = await browser.newPage({ viewport: { width: 320, height: 980 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    if (init)
      await page.addInitScript((items) => {
        for (const [k, v] of Object.entries(items)) localStorage.setItem(k, v);
      }, init);
    await page.goto(pathToFileURL(join(outDir, "index.html")).href);
    return { page, errors };
  };

  const saveKey = async (page: Page) => {
    await page.locator("#api-key input").fill(key);
    await page.locator("#save-settings").click();
    await expect.poll(() => page.locator("#settings-status").textContent()).toBe("Saved.");
  };

  it("ships a manifest for Photoshop 24.4+ that lets the user pick any server, and markup UXP renders", () => {
    const manifest = JSON.parse(readFileSync(join(outDir, "manifest.json"), "utf8"));
    expect(manifest.manifestVersion).toBe(5);
    expect(manifest.host).toEqual({ app: "PS", minVersion: "24.4.0" });
    expect(manifest.entrypoints).toEqual([expect.objectContaining({ type: "panel", id: "easelPanel" })]);
    expect(manifest.requiredPermissions.network.domains).toBe("all");
    const html = readFileSync(join(outDir, manifest.main), "utf8");
    expect(html).not.toMatch(/<title/i); // UXP may render it as text in the panel
    expect(html).not.toMatch(/display:\s*grid|grid-template/); // UXP has no CSS grid
    // Every field has a visible label bound to it.
    for (const id of html.matchAll(/<sp-(?:textfield|picker) id="([^"]+)"/g))
      expect(html, id[1]).toContain(`<sp-label for="${id[1]}">`);
    const script = /<script src="([^"]+)"/.exec(html)?.[1];
    expect(script).toBe("index.js");
  });

  it("starts with Settings open when no key is saved, folds them away, and explains commands need Photoshop", async () => {
    const { page, errors } = await open();
    await expect(page.locator("#settings-body").isVisible()).resolves.toBe(true);
    await expect(page.locator("#server-url input").inputValue()).resolves.toBe(easel.url);
    await saveKey(page);
    await page.locator("#toggle-settings").click();
    await expect(page.locator("#settings-body").isVisible()).resolves.toBe(false);
    await expect(page.locator("#toggle-settings").getAttribute("aria-expanded")).resolves.toBe("false");
    await page.locator("#command select").selectOption("expand");
    await expect(page.locator("#expand-field").isVisible()).resolves.toBe(true);
    await page.locator("#run").click();
    await expect(page.locator("#error").textContent()).resolves.toMatch(/inside Photoshop/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("reopens a job's results from History: JPEG thumbnails, scores and Keep buttons", async () => {
    const asset = await client.uploadAsset(PHOTO, "image/png");
    const created = await client.createJob({ kind: "upscale", image: asset.id, params: { scale: 2, tier: "instant" } });
    await client.waitForJob(created.id);
    const { page, errors } = await open();
    await saveKey(page);
    await page.locator("#refresh-history").click();
    const row = page.locator("[data-testid=history-row]").first();
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/upscale.*1 result/);
    await row.click();
    const candidate = page.locator("[data-testid=candidate]").first();
    await candidate.waitFor();
    await expect(candidate.locator("img").getAttribute("src")).resolves.toMatch(/^data:image\/jpeg;base64,/);
    await expect(candidate.locator(".scores").textContent()).resolves.toMatch(/^Quality \d+%$/);
    await expect(candidate.locator("sp-button").textContent()).resolves.toBe("Keep (best)");
    await page.screenshot({ path: join(ARTIFACTS, "panel-history.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("reattaches to a job left running when the panel was closed, and shows its progress in words", async () => {
    const tiny = encode({ width: 96, height: 64, data: new Uint8Array(96 * 64 * 3).fill(180), channels: 3, depth: 8 });
    const asset = await client.uploadAsset(tiny, "image/png");
    const created = await client.createJob({ kind: "upscale", image: asset.id, params: { scale: 4, tier: "fast" } });
    const pending = {
      jobId: created.id,
      kind: "upscale",
      serverUrl: easel.url,
      startedAt: new Date().toISOString(),
      placement: null,
    };
    const { page, errors } = await open({ "easel.pendingRun": JSON.stringify(pending) });
    const labels: string[] = [];
    await saveKey(page);
    await expect
      .poll(
        async () => {
          labels.push((await page.locator("#stage").textContent()) ?? "");
          return page.locator("[data-testid=candidate]").count();
        },
        { timeout: 60_000 },
      )
      .toBe(1);
    expect(labels.every((l) => !/_/.test(l))).toBe(true);
    expect(labels.some((l) => /^Upscaling…/.test(l) || /candidate/.test(l))).toBe(true);
    await expect(page.evaluate(() => localStorage.getItem("easel.pendingRun"))).resolves.toBeFalsy();
    expect(errors).toEqual([]);
    await page.close();
  });
});
