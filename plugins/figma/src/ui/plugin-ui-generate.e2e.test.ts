import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Frame } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTinyPipeline } from "../../../../tests/fixtures/sd/build-tiny-pipeline.js";
import { launchChromium } from "../../../../tests/support/chromium.js";
import { type EaselProcess, startEasel } from "../../../../tests/support/easel-process.js";
import { buildFigmaPlugin } from "../../build.js";
import { pngSize } from "../../tests/figma-emulator.js";
import { openPluginUi, type PluginHost } from "../../tests/ui-host.js";
import { canvasShowsChosen, MainThreadPlayer, selectionOf } from "../../tests/ui-main-player.js";

// Generate through the UI against a server with a Stable Diffusion ONNX export: the tiny random-weight one
// (tests/fixtures/sd), so every path the designer sees — latent previews, candidates, keep — is real.
const BANNER = { nodeId: "1:5", name: "Banner", width: 128, height: 96, label: "Banner · 128×96" };

/** Records, inside the UI, every status line with whether Cancel was on screen, every preview and card count. */
async function recordRun(host: PluginHost): Promise<Frame> {
  const frame = host.page.frames().find((f) => f !== host.page.mainFrame()) as Frame;
  await frame.evaluate(() => {
    const w = globalThis as unknown as Record<string, unknown[]> & {
      document: {
        getElementById(id: string): {
          textContent: string;
          getAttribute(n: string): string | null;
          hidden: boolean;
          childElementCount: number;
          offsetParent: unknown;
        };
      };
      MutationObserver: new (cb: () => void) => { observe(node: unknown, options: object): void };
    };
    const byId = (id: string) => w.document.getElementById(id);
    w.statuses = [];
    w.previews = [];
    w.cards = [];
    new w.MutationObserver(() =>
      w.statuses?.push([byId("status").textContent, byId("cancel").offsetParent !== null]),
    ).observe(byId("status"), { childList: true, characterData: true, subtree: true });
    new w.MutationObserver(() => w.previews?.push(byId("preview").getAttribute("src"))).observe(byId("preview"), {
      attributes: true,
      attributeFilter: ["src"],
    });
    new w.MutationObserver(() => w.cards?.push(byId("gallery").childElementCount)).observe(byId("gallery"), {
      childList: true,
    });
  });
  return frame;
}

describe("Generate in the Figma UI with a diffusion model on the server", () => {
  let easel: EaselProcess;
  let browser: Browser;
  let html: string;
  let apiKey: string;

  beforeAll(async () => {
    const modelDir = await writeTinyPipeline(join(mkdtempSync(join(tmpdir(), "easel-sd-")), "tiny-sd"));
    // Random weights paint noise that the classifier may flag; the safety tests check the defaults.
    easel = await startEasel({
      EASEL_WORKERS: "1",
      EASEL_SD_MODEL_DIR: modelDir,
      EASEL_SAFETY_EXPLICIT: "0.99",
      EASEL_SAFETY_SUGGESTIVE: "0.99",
    });
    apiKey = await easel.createKey("studio", "ana", "designer", "pro");
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

  function player() {
    return new MainThreadPlayer({
      settings: { serverUrl: easel.url, apiKey },
      document: "doc-generate",
      launch: { command: "generate", view: "command" },
      selection: selectionOf({ frame: BANNER, label: BANNER.label }),
      network: { allowedDomains: ["none"], devAllowedDomains: [easel.url] },
      prepare: (m) => ({
        type: "prepared",
        requestId: m.requestId,
        prepared: {
          command: "generate",
          source: { nodeId: BANNER.nodeId, pixelWidth: 128, pixelHeight: 96, mode: "inside" },
          size: { width: 128, height: 96 },
        },
      }),
    });
  }

  it("shows progress in words with the latent preview and Cancel, then candidates as they arrive, kept from the canvas", async () => {
    const main = player();
    const host = await openPluginUi(browser, html, main.handle);
    const ui = host.ui;
    // The selected frame decides the size; the form says so instead of offering sizes.
    await expect.poll(() => ui.locator("#size option").allTextContents()).toEqual(["Banner · 128×96"]);
    await expect.poll(() => ui.locator("#size").isDisabled()).toBe(true);
    const frame = await recordRun(host);
    await ui.locator("#prompt").fill("a loaf of bread on a wooden table");
    await ui.locator("#more summary").click();
    await ui.locator("#candidates").selectOption("2");
    await ui.locator("#run").click();
    await expect.poll(() => ui.locator("[data-testid=candidate]").count(), { timeout: 90_000 }).toBe(2);

    const seen = await frame.evaluate(() => {
      const w = globalThis as unknown as { statuses: [string, boolean][]; previews: string[]; cards: number[] };
      return { statuses: w.statuses, previews: w.previews, cards: w.cards };
    });
    const stepping = seen.statuses.filter(([text]) => /^Generating… \d+ of \d+$/.test(text));
    expect(stepping.length).toBeGreaterThan(2);
    expect(stepping.every(([, cancelShown]) => cancelShown)).toBe(true);
    expect(seen.previews.filter((src) => src.startsWith("data:image/png;base64,")).length).toBeGreaterThan(2);
    // Each candidate appears when its event arrives: one card, then two.
    expect(seen.cards.filter((n) => n > 0).slice(0, 2)).toEqual([1, 2]);

    // The best candidate is on the canvas; → shows the other there; Keep keeps what the canvas shows.
    await expect.poll(() => ui.locator("#run-panel").isHidden(), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => canvasShowsChosen(host, main)).toBe(true);
    const best = main.canvasPreview?.bytes;
    await ui.locator("body").press("ArrowRight");
    await expect.poll(() => canvasShowsChosen(host, main)).toBe(true);
    expect(main.canvasPreview?.bytes).not.toEqual(best);
    expect(pngSize(main.canvasPreview?.bytes as Uint8Array)).toEqual({ width: 128, height: 96 });
    const chosen = main.canvasPreview?.bytes;
    await ui.locator("#keep").click();
    await expect.poll(() => main.kept.length).toBe(1);
    expect(main.kept[0]?.bytes).toEqual(chosen);
    expect(main.kept[0]?.label).toBe("a loaf of bread on a wooden table");
    await host.page.close();
  });

  /** Occupies the server's one worker with a slow upscale, so the next job waits in the queue; returns its id. */
  async function occupyWorker(): Promise<string> {
    const headers = { authorization: `Bearer ${apiKey}` };
    const photo = readFileSync(new URL("../../../../tests/fixtures/photos/cat-chelsea.png", import.meta.url));
    const asset = (await (
      await fetch(`${easel.url}/v1/assets`, {
        method: "POST",
        headers: { ...headers, "content-type": "image/png" },
        body: photo,
      })
    ).json()) as { id: string };
    const job = (await (
      await fetch(`${easel.url}/v1/jobs`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ kind: "upscale", image: asset.id, params: { scale: 4, tier: "best" } }),
      })
    ).json()) as { id: string };
    return job.id;
  }

  it("cancels a run: says nothing was added, leaves no preview, and forgets the pending job", async () => {
    // The generate job waits behind another, so Cancel always reaches it before it can finish.
    const blocker = await occupyWorker();
    const main = player();
    const host = await openPluginUi(browser, html, main.handle);
    const ui = host.ui;
    await ui.locator("#prompt").fill("a lighthouse");
    await ui.locator("#more summary").click();
    await ui.locator("#candidates").selectOption("4");
    await ui.locator("#run").click();
    await host.next("save-pending-run"); // the job exists
    await ui.locator("#cancel").click();
    await expect
      .poll(() => ui.locator("#notice").textContent(), { timeout: 60_000 })
      .toBe("Cancelled. Nothing was added to the file.");
    expect(main.canvasPreview).toBeNull();
    expect(main.kept).toHaveLength(0);
    expect(main.pendingRuns.at(-1)).toBeNull();
    await fetch(`${easel.url}/v1/jobs/${blocker}/cancel`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}` },
    });
    await host.page.close();
  });
});
