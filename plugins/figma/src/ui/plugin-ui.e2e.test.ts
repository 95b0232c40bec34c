import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleKitFiles, kitForm } from "../../../../tests/support/brand-kits.js";
import { launchChromium } from "../../../../tests/support/chromium.js";
import { type EaselProcess, startEasel } from "../../../../tests/support/easel-process.js";
import { buildFigmaPlugin } from "../../build.js";
import { pngSize } from "../../tests/figma-emulator.js";
import { openPluginUi, type PluginHost } from "../../tests/ui-host.js";
import type { MainToUi, SelectionInfo, UiToMain } from "../messages.js";

const PHOTO = new Uint8Array(
  readFileSync(new URL("../../../../tests/fixtures/photos/cat-chelsea.png", import.meta.url)),
); // 512×340
const ARTIFACTS = fileURLToPath(new URL("../../../../tests/.artifacts/figma/", import.meta.url));
const FILE_KEY = "FIGMA-FILE-1";
const IMAGE_SELECTED: SelectionInfo = {
  image: { nodeId: "1:2", name: "Cat", width: 256, height: 170 },
  frame: null,
  shape: null,
  provenance: null,
};

describe("Figma plugin UI in headless Chromium against a real Easel server", () => {
  let easel: EaselProcess;
  let browser: Browser;
  let html: string;
  let apiKey: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    easel = await startEasel({ EASEL_WORKERS: "1" });
    apiKey = await easel.createKey("studio", "ana", "designer", "pro");
    const admin = await easel.createKey("studio", "bea", "brand-admin", "pro");
    const kit = await fetch(`${easel.url}/v1/brand-kits`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin}` },
      body: kitForm(exampleKitFiles("harvest-table")),
    });
    expect(kit.status).toBe(201);
    const { outDir } = await buildFigmaPlugin({
      serverUrl: easel.url,
      outDir: mkdtempSync(join(tmpdir(), "easel-figma-")),
    });
    html = readFileSync(join(outDir, "ui.html"), "utf8");
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await easel?.stop();
  });

  /** Plays the main thread: init with settings, the photo as the selection, and records placements. */
  function mainThread(
    selection: SelectionInfo,
    command: string,
    prepared?: (m: Extract<UiToMain, { type: "prepare" }>) => MainToUi,
  ) {
    return async (message: UiToMain, host: PluginHost) => {
      if (message.type === "ready") {
        await host.send({
          type: "init",
          settings: { serverUrl: easel.url, apiKey },
          fileKey: FILE_KEY,
          command,
          selection,
        });
      } else if (message.type === "prepare") {
        await host.send(
          prepared?.(message) ?? {
            type: "prepared",
            requestId: message.requestId,
            prepared: {
              command: message.command,
              source: { nodeId: "1:2", pixelWidth: 512, pixelHeight: 340, mode: "over" },
              image: PHOTO,
            },
          },
        );
      } else if (message.type === "place") {
        await host.send({
          type: "placed",
          requestId: message.requestId,
          nodeId: "1:9",
          name: `Easel · ${message.layer.label}`,
        });
      }
    };
  }

  it("upscales the selected photo 2x end to end, shows the gallery with scores, and places the kept layer", async () => {
    const host = await openPluginUi(browser, html, mainThread(IMAGE_SELECTED, "upscale-2"));
    const ui = host.ui;
    // The brand-kit picker lists the organisation's kits.
    await expect.poll(() => ui.locator("#brand-kit option").allTextContents()).toContain("Harvest Table (v1)");
    expect(await ui.locator("#command").inputValue()).toBe("upscale");
    await ui.locator("#tier").selectOption("fast");
    await ui.locator("#run").click();
    await ui.locator("[data-testid=candidate] img[src^='blob:']").waitFor({ timeout: 60_000 });
    await expect.poll(() => ui.locator("#status").textContent()).toBe("Done: 1 result, best first.");
    const caption = await ui.locator("[data-testid=candidate] figcaption").textContent();
    expect(caption).toContain("Upscale 2x");
    expect(caption).toMatch(/Quality \d+%/);
    expect(caption).toContain("1024×680");
    await host.page.screenshot({ path: join(ARTIFACTS, "gallery-upscale.png") });

    await ui.locator("[data-testid=keep]").click();
    const place = await host.next("place");
    expect(pngSize(place.layer.bytes)).toEqual({ width: 1024, height: 680 });
    expect(place.layer.placement).toEqual({ x: 0, y: 0, width: 512, height: 340 });
    expect(place.layer.source).toEqual({ nodeId: "1:2", pixelWidth: 512, pixelHeight: 340, mode: "over" });
    expect(place.layer.label).toBe("Upscale 2x");
    expect(place.layer.provenance.jobId).toMatch(/^job_/);
    expect(place.layer.provenance.manifestId).toBeTruthy();
    await expect.poll(() => ui.locator("#status").textContent()).toBe("Placed “Easel · Upscale 2x”.");

    // The job is in this file's history.
    await ui.locator("#history-panel summary").click();
    await ui.locator("#refresh-history").click();
    await expect.poll(() => ui.locator("[data-testid=history-row]").allTextContents()).toContain("upscale — succeeded");
    await host.page.screenshot({ path: join(ARTIFACTS, "history.png") });
    await host.page.close();
  });

  it("shows the server's 503 for Generate in plain words when no diffusion engine is configured", async () => {
    const frame: SelectionInfo = {
      ...IMAGE_SELECTED,
      image: null,
      frame: { nodeId: "1:5", name: "Banner", width: 512, height: 512 },
    };
    const host = await openPluginUi(
      browser,
      html,
      mainThread(frame, "generate", (m) => ({
        type: "prepared",
        requestId: m.requestId,
        prepared: {
          command: "generate",
          source: { nodeId: "1:5", pixelWidth: 512, pixelHeight: 512, mode: "inside" },
          size: { width: 512, height: 512 },
        },
      })),
    );
    const response = await fetch(`${easel.url}/v1/jobs`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ kind: "generate", prompt: "a lighthouse", params: { width: 512, height: 512 } }),
    });
    expect(response.status).toBe(503);
    const problem = (await response.json()) as { detail: string };
    await host.ui.locator("#prompt").fill("a lighthouse at dusk");
    await host.ui.locator("#run").click();
    await expect.poll(() => host.ui.locator("#error").textContent()).toBe(problem.detail);
    expect(problem.detail.length).toBeGreaterThan(20);
    await host.page.screenshot({ path: join(ARTIFACTS, "generate-503.png") });
    await host.page.close();
  });

  it("shows the main thread's refusal (Figma's 4096 px limit) and starts no job", async () => {
    const refusal =
      "Upscaling 1250×800 px by 4x would give 5000×3200 px, above Figma's 4096 px image limit. Use 2x instead.";
    const host = await openPluginUi(
      browser,
      html,
      mainThread(IMAGE_SELECTED, "upscale-4", (m) => ({ type: "refused", requestId: m.requestId, message: refusal })),
    );
    const before = (await (
      await fetch(`${easel.url}/v1/jobs?document=${FILE_KEY}`, { headers: { authorization: `Bearer ${apiKey}` } })
    ).json()) as { jobs: unknown[] };
    await host.ui.locator("#run").click();
    await expect.poll(() => host.ui.locator("#error").textContent()).toBe(refusal);
    const after = (await (
      await fetch(`${easel.url}/v1/jobs?document=${FILE_KEY}`, { headers: { authorization: `Bearer ${apiKey}` } })
    ).json()) as { jobs: unknown[] };
    expect(after.jobs).toHaveLength(before.jobs.length);
    await host.page.close();
  });

  it("says plainly when the API key is wrong", async () => {
    const host = await openPluginUi(browser, html, async (message, h) => {
      if (message.type === "ready") {
        await h.send({
          type: "init",
          settings: { serverUrl: easel.url, apiKey: "wrong-key" },
          fileKey: FILE_KEY,
          command: "open",
          selection: IMAGE_SELECTED,
        });
      }
    });
    await expect
      .poll(() => host.ui.locator("#error").textContent())
      .toMatch(/^The API key was not accepted: .+ Check it in Settings\.$/);
    await host.page.screenshot({ path: join(ARTIFACTS, "bad-key.png") });
    await host.page.close();
  });
});
