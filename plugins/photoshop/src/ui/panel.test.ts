import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { EaselClient } from "@easel/shared/client";
import { encode } from "fast-png";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../../tests/support/chromium.js";
import { type EaselProcess, startEasel } from "../../../../tests/support/easel-process.js";
import { buildPlugin } from "../../build.js";

// The built plugin: its manifest, and its panel loaded in headless Chromium talking to a real server.

const ARTIFACTS = fileURLToPath(new URL("../../../../tests/.artifacts/photoshop/", import.meta.url));

describe("built Photoshop plugin", () => {
  let easel: EaselProcess;
  let outDir: string;
  let browser: Browser;
  let key: string;

  beforeAll(async () => {
    easel = await startEasel();
    key = await easel.createKey("studio", "ret");
    outDir = (await buildPlugin({ outDir: mkdtempSync(join(tmpdir(), "easel-ps-")), serverUrl: easel.url })).outDir;
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await easel?.stop();
  });

  it("writes a v5 manifest for Photoshop with a panel and network access to the configured server only", () => {
    const manifest = JSON.parse(readFileSync(join(outDir, "manifest.json"), "utf8"));
    expect(manifest.manifestVersion).toBe(5);
    expect(manifest.host).toEqual({ app: "PS", minVersion: "24.4.0" });
    expect(manifest.entrypoints).toEqual([expect.objectContaining({ type: "panel", id: "easelPanel" })]);
    expect(manifest.requiredPermissions.network.domains).toEqual([new URL(easel.url).origin]);
    expect(existsSync(join(outDir, manifest.main))).toBe(true);
    const html = readFileSync(join(outDir, manifest.main), "utf8");
    const script = /<script src="([^"]+)"/.exec(html)?.[1];
    expect(script).toBe("index.js");
    expect(existsSync(join(outDir, script as string))).toBe(true);
  });

  it("shows its controls, saves settings, lists history from the server and explains that commands need Photoshop", async () => {
    const client = new EaselClient({ baseUrl: easel.url, apiKey: key });
    const tiny = encode({ width: 8, height: 8, data: new Uint8Array(8 * 8 * 3).fill(200), channels: 3, depth: 8 });
    const asset = await client.uploadAsset(tiny, "image/png");
    await client.waitForJob(
      (await client.createJob({ kind: "upscale", image: asset.id, params: { scale: 2, tier: "instant" } })).id,
    );
    const page = await browser.newPage({ viewport: { width: 320, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(pathToFileURL(join(outDir, "index.html")).href);
    for (const id of ["server-url", "api-key", "command", "prompt", "run", "cancel", "progress", "refresh-history"])
      await expect(page.locator(`#${id}`).isVisible()).resolves.toBe(true);
    await expect(page.locator("#server-url input").inputValue()).resolves.toBe(easel.url);
    await page.screenshot({ path: join(ARTIFACTS, "panel.png"), fullPage: true });

    await page.locator("#api-key input").fill(key);
    await page.locator("#save-settings").click();
    await expect(page.locator("#settings-status").textContent()).resolves.toBe("Saved.");
    await page.locator("#command select").selectOption("expand");
    await expect(page.locator("#expand-px").isVisible()).resolves.toBe(true);
    await page.locator("#refresh-history").click();
    await page.locator("#history li").first().waitFor();
    await expect(page.locator("#history li").first().textContent()).resolves.toMatch(/upscale · succeeded/);
    await page.locator("#run").click();
    await expect(page.locator("#error").textContent()).resolves.toMatch(/inside Photoshop/);
    await page.screenshot({ path: join(ARTIFACTS, "panel-used.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
