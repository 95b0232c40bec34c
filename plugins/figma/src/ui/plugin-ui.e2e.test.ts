import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodePng, encodeMaskPng, encodeRgbaPng, resizeRgba } from "@easel/plugin-core";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleKitFiles, kitForm } from "../../../../tests/support/brand-kits.js";
import { launchChromium } from "../../../../tests/support/chromium.js";
import { type EaselProcess, startEasel } from "../../../../tests/support/easel-process.js";
import { buildFigmaPlugin } from "../../build.js";
import { pngSize } from "../../tests/figma-emulator.js";
import { editCases } from "../../tests/ui-edit-cases.js";
import { openPluginUi } from "../../tests/ui-host.js";
import { canvasShowsChosen, MainThreadPlayer, type PlayerSetup, selectionOf } from "../../tests/ui-main-player.js";
import type { Launch, NetworkAccess, PreparedSource } from "../messages.js";

const PHOTO = new Uint8Array(
  readFileSync(new URL("../../../../tests/fixtures/photos/cat-chelsea.png", import.meta.url)),
); // 512×340
/** The photo at 192×128, so an automatic-tier upscale is quick on a busy machine. */
const SMALL_PHOTO = encodeRgbaPng(resizeRgba(decodePng(PHOTO), 192, 128));
const OVER_SMALL_CAT = { nodeId: "1:2", pixelWidth: 192, pixelHeight: 128, mode: "over" as const };
const CAT = { nodeId: "1:2", name: "Cat", width: 512, height: 340, label: "Cat · 512×340" };
const OVER_CAT = { nodeId: "1:2", pixelWidth: 512, pixelHeight: 340, mode: "over" as const };
/** A 60×40 area to fill in the middle of the photo (white = regenerate), encoded as the main thread does. */
function centreMask(): Uint8Array {
  const data = new Uint8Array(512 * 340);
  for (let y = 150; y < 190; y++) data.fill(255, y * 512 + 226, y * 512 + 286);
  return encodeMaskPng({ width: 512, height: 340, data });
}

describe("Figma plugin UI in headless Chromium against a real Easel server", () => {
  let easel: EaselProcess;
  let browser: Browser;
  let html: string;
  let apiKey: string;
  let network: NetworkAccess;

  beforeAll(async () => {
    // Automatic upscales pick the instant tier here: the test is about the UI, not the models.
    easel = await startEasel({ EASEL_WORKERS: "1", EASEL_UPSCALE_AUTO_BUDGET_S: "0.01" });
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
    network = { allowedDomains: ["none"], devAllowedDomains: [easel.url] };
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await easel?.stop();
  });

  function setup(launch: Launch, overrides: Partial<PlayerSetup> = {}): PlayerSetup {
    return {
      settings: { serverUrl: easel.url, apiKey },
      document: `doc-${Math.random().toString(36).slice(2)}`,
      launch,
      selection: selectionOf({ image: CAT, label: CAT.label }),
      network,
      ...overrides,
    };
  }
  const visibleFields = (host: Awaited<ReturnType<typeof openPluginUi>>) =>
    host.ui.locator("#fields .field").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-field")));

  it("opens each menu command on its own short form, with only the controls that command uses", async () => {
    const expected: [Launch, string, string[]][] = [
      [{ command: "generate", view: "command" }, "Generate", ["prompt", "size", "brandKit"]],
      [{ command: "fill", view: "command" }, "Fill", ["prompt", "brandKit"]],
      [{ command: "expand", view: "command" }, "Expand", ["aspect"]],
      [{ command: "stylize", view: "command" }, "Apply style", ["brandKit", "strength"]],
      [{ command: "vary", view: "command" }, "Make variations", ["strength", "candidates"]],
    ];
    for (const [launch, action, fields] of expected) {
      const frame = { nodeId: "1:1", name: "Hero", width: 800, height: 600, label: "Hero · 800×600" };
      const player = new MainThreadPlayer(
        setup(launch, { selection: selectionOf({ image: CAT, frame, label: "Cat · 512×340 in Hero" }) }),
      );
      const host = await openPluginUi(browser, html, player.handle);
      await expect.poll(() => host.ui.locator("#run").textContent()).toBe(action);
      expect(await visibleFields(host)).toEqual(fields);
      await expect.poll(() => host.ui.locator("[data-testid=selection]").textContent()).toBe("Cat · 512×340 in Hero");
      if (launch.command === "expand") {
        // The expansion's aspect ratio, from the image's to the frame's.
        await expect
          .poll(() => host.ui.locator("#aspect").textContent())
          .toBe("≈3:2 → 4:3 · 800×600, the frame “Hero”");
      }
      await host.page.close();
    }
  });

  it("runs Upscale 2x at once: progress, the result previewed on the canvas at its real aspect ratio, one Keep", async () => {
    const player = new MainThreadPlayer(
      setup(
        { command: "upscale", scale: 2, view: "command" },
        {
          prepare: (m) => ({
            type: "prepared",
            requestId: m.requestId,
            prepared: { command: "upscale", source: OVER_SMALL_CAT, image: SMALL_PHOTO },
          }),
        },
      ),
    );
    const host = await openPluginUi(browser, html, player.handle);
    const ui = host.ui;
    // No form: the run starts by itself, with Cancel on screen while it runs.
    const prepare = await host.next("prepare");
    expect(prepare).toMatchObject({ command: "upscale", scale: 2 });
    expect(await visibleFields(host)).toEqual([]);
    await ui.locator("[data-testid=candidate] img[src^='blob:']").waitFor({ timeout: 90_000 });
    // The canvas shows the result before anything is kept.
    await expect.poll(() => player.canvasPreview !== null).toBe(true);
    expect(pngSize(player.canvasPreview?.bytes as Uint8Array)).toEqual({ width: 384, height: 256 });
    expect(player.canvasPreview?.placement).toEqual({ x: 0, y: 0, width: 192, height: 128 });
    const box = await ui.locator("[data-testid=candidate] img").boundingBox();
    expect((box?.width ?? 0) / (box?.height ?? 1)).toBeCloseTo(384 / 256, 1);
    await expect.poll(() => ui.locator("[data-testid=candidate] figcaption").textContent()).toBe("384×256");
    // The job was remembered while it ran, and forgotten once its results were shown.
    expect(player.pendingRuns[0]).toMatchObject({ kind: "upscale", placement: { command: "upscale" } });
    await expect.poll(() => player.pendingRuns.at(-1)).toBeNull();

    await ui.locator("#keep").click();
    await expect.poll(() => player.kept.length).toBe(1);
    expect(player.kept[0]?.label).toBe("Upscale 2x");
    expect(player.kept[0]?.provenance.manifestId).toBeTruthy();
    await expect.poll(() => ui.locator("#notice").textContent()).toBe("Kept “Easel · Upscale 2x”.");
    await expect.poll(() => ui.locator("#results").isHidden()).toBe(true);
    await host.page.close();
  });

  it("fills with a prompt and a kit: cards show adherence and why, ←/→ cycle the canvas preview, Try again, Keep keeps one", async () => {
    const player = new MainThreadPlayer(
      setup(
        { command: "fill", view: "command" },
        {
          selection: selectionOf({
            image: CAT,
            shape: { nodeId: "1:3", name: "Area" },
            label: "Cat · 512×340 and Area",
          }),
          prepare: (m) => ({
            type: "prepared",
            requestId: m.requestId,
            prepared: { command: "fill", source: OVER_CAT, image: PHOTO, mask: centreMask() },
          }),
        },
      ),
    );
    const host = await openPluginUi(browser, html, player.handle);
    const ui = host.ui;
    await expect.poll(() => ui.locator("#brand-kit option").allTextContents()).toContain("Harvest Table (v1)");
    await ui.locator("#prompt").fill("a wooden table top");
    await ui.locator("#brand-kit").selectOption({ label: "Harvest Table (v1)" });
    await ui.locator("#more summary").click();
    await ui.locator("#candidates").selectOption("3");
    await ui.locator("#run").click();
    await expect.poll(() => ui.locator("[data-testid=candidate]").count(), { timeout: 90_000 }).toBe(3);
    await expect.poll(() => ui.locator("#run-panel").isHidden(), { timeout: 90_000 }).toBe(true);
    await expect.poll(() => ui.locator("#results-count").textContent()).toBe("1 of 3");
    const captions = await ui.locator("[data-testid=candidate] figcaption").allTextContents();
    for (const caption of captions) expect(caption).toMatch(/^Brand \d+% · [a-z ,]+$/);
    expect(captions.join("\n")).toMatch(/closest to palette/);
    expect(captions.join("\n")).not.toMatch(/seed|\d{6,}/);
    // The best is on the canvas; → and ← (keys and buttons) move the preview through the others.
    await expect.poll(() => canvasShowsChosen(host, player)).toBe(true);
    const first = player.canvasPreview?.bytes;
    const shown = player.previews.length;
    await ui.locator("body").press("ArrowRight");
    await expect.poll(() => player.previews.length).toBe(shown + 1);
    await expect.poll(() => ui.locator("#results-count").textContent()).toBe("2 of 3");
    expect(await canvasShowsChosen(host, player)).toBe(true);
    expect(player.canvasPreview?.bytes).not.toEqual(first);
    await ui.locator("#prev").click();
    await expect.poll(() => player.previews.length).toBe(shown + 2);
    expect(player.canvasPreview?.bytes).toEqual(first);
    await ui.locator("body").press("ArrowLeft"); // wraps to the last
    await expect.poll(() => ui.locator("#results-count").textContent()).toBe("3 of 3");
    // None fits: Try again replaces them (the canvas preview goes) with a new run that retries the first.
    const firstJob = player.canvasPreview?.provenance.jobId as string;
    await ui.locator("#regenerate").click();
    await expect.poll(() => player.discards).toBe(1);
    await expect.poll(() => player.canvasPreview?.provenance.jobId ?? firstJob, { timeout: 90_000 }).not.toBe(firstJob);
    await expect.poll(() => ui.locator("#run-panel").isHidden(), { timeout: 90_000 }).toBe(true);
    await expect.poll(() => ui.locator("[data-testid=candidate]").count()).toBe(3);
    await ui.locator("#next").click();
    await expect.poll(() => ui.locator("#results-count").textContent()).toBe("2 of 3");
    await expect.poll(() => canvasShowsChosen(host, player)).toBe(true);
    await ui.locator("#keep").click();
    await expect.poll(() => player.kept.length).toBe(1);
    expect(player.kept[0]?.label).toBe("a wooden table top");
    expect(player.kept[0]?.bytes).toEqual(player.previews.at(-1)?.bytes);
    // The server heard it all: the second job retries the first, and its second-ranked candidate was kept.
    const secondJob = player.kept[0]?.provenance.jobId as string;
    const headers = { authorization: `Bearer ${apiKey}` };
    const job = (await (await fetch(`${easel.url}/v1/jobs/${secondJob}`, { headers })).json()) as {
      request: { regenerates?: string };
    };
    expect(job.request.regenerates).toBe(firstJob);
    await expect
      .poll(async () => {
        const response = await fetch(`${easel.url}/v1/quality?kind=inpaint`, { headers });
        return ((await response.json()) as { overall: { kept: number; top1Kept: number } }).overall;
      })
      .toMatchObject({ kept: 1, top1Kept: 0 });
    // The prompt and the kit are remembered in this file.
    expect(player.fileData.prompts[0]).toBe("a wooden table top");
    expect(player.fileData.brandKit).toBe("harvest-table@1");
    await host.page.close();
  });

  it("remembers prompts, presets and the brand kit per file: a reopened plugin offers them", async () => {
    const fileData = {
      prompts: ["warm bread on linen", "a wooden table top"],
      presets: [
        { name: "Linen", command: "fill" as const, prompt: "warm bread on linen", brandKit: "harvest-table@1" },
      ],
      brandKit: "harvest-table@1",
    };
    const player = new MainThreadPlayer(setup({ command: "fill", view: "command" }, { fileData }));
    const host = await openPluginUi(browser, html, player.handle);
    const ui = host.ui;
    await expect.poll(() => ui.locator("#brand-kit").inputValue()).toBe("harvest-table@1");
    await expect
      .poll(() => ui.locator("#recent-prompts option").allTextContents())
      .toEqual(["Recent", ...fileData.prompts]);
    await ui.locator("#recent-prompts").selectOption({ label: "a wooden table top" });
    await expect.poll(() => ui.locator("#prompt").inputValue()).toBe("a wooden table top");
    await ui.locator("#presets").selectOption("Linen");
    await expect.poll(() => ui.locator("#prompt").inputValue()).toBe("warm bread on linen");
    // Saving a preset stores it with the file's data.
    await ui.locator("#prompt").fill("golden crust, soft morning light");
    await ui.locator("#save-preset").click();
    await expect
      .poll(() => player.fileData.presets.map((p) => p.name))
      .toEqual(["golden crust, soft morning light", "Linen"]);
    // The history view lists this file's presets and recent prompts.
    await ui.locator("#tab-history").click();
    await expect.poll(() => ui.locator("[data-testid=recent-prompt]").count()).toBe(2);
    await host.page.close();
  });

  it("says Generate is not set up on this server and that an admin can enable it; leaves nothing behind", async () => {
    const prepared: PreparedSource = {
      command: "generate",
      source: { nodeId: null, pixelWidth: 1024, pixelHeight: 768, mode: "new-frame", at: { x: 0, y: 0 } },
      size: { width: 1024, height: 768 },
    };
    const player = new MainThreadPlayer(
      setup(
        { command: "generate", view: "command" },
        {
          selection: selectionOf({ label: "Nothing selected" }),
          prepare: (m) => ({ type: "prepared", requestId: m.requestId, prepared }),
        },
      ),
    );
    const host = await openPluginUi(browser, html, player.handle);
    await host.ui.locator("#prompt").fill("a lighthouse at dusk");
    await host.ui.locator("#size").selectOption("1024x768");
    await host.ui.locator("#run").click();
    expect((await host.next("prepare")).size).toEqual({ width: 1024, height: 768 });
    await expect
      .poll(() => host.ui.locator("#error").textContent())
      .toBe(
        "Generating images from a prompt is not set up on this server yet. An admin can enable it by giving the server a diffusion model (a Stable Diffusion ONNX folder or a ComfyUI server).",
      );
    expect(player.previews).toHaveLength(0);
    expect(player.pendingRuns.filter((r) => r !== null)).toHaveLength(0);
    await host.page.close();
  });

  it("says Figma blocked the request, and which setting to change, when the manifest does not allow the server", async () => {
    // Figma turns networkAccess into the iframe's CSP: this build allows 127.0.0.1 but Settings say localhost.
    const other = easel.url.replace("127.0.0.1", "localhost");
    const player = new MainThreadPlayer(
      setup({ command: "stylize", view: "command" }, { settings: { serverUrl: other, apiKey } }),
    );
    const host = await openPluginUi(browser, html, player.handle, { csp: `connect-src ${easel.url} blob: data:` });
    await expect
      .poll(() => host.ui.locator("#error").textContent())
      .toBe(
        `Figma blocked the request to ${other}: this build of the plugin may reach only ${easel.url} (its manifest's networkAccess). Set the Server URL in Settings to one of those, or rebuild the plugin with --server-url ${other}.`,
      );
    await host.page.close();
  });

  it("reattaches to a job started before the plugin was closed and shows its result", async () => {
    const asset = (await (
      await fetch(`${easel.url}/v1/assets`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "image/png" },
        body: SMALL_PHOTO,
      })
    ).json()) as { id: string };
    const created = (await (
      await fetch(`${easel.url}/v1/jobs`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ kind: "upscale", image: asset.id, params: { scale: 2, tier: "instant" } }),
      })
    ).json()) as { id: string };
    const pendingRun = {
      jobId: created.id,
      kind: "upscale",
      serverUrl: easel.url,
      startedAt: new Date().toISOString(),
      placement: { command: "upscale" as const, source: OVER_SMALL_CAT, label: "" },
    };
    const player = new MainThreadPlayer(setup({ command: null, view: "history" }, { pendingRun }));
    const host = await openPluginUi(browser, html, player.handle);
    await host.ui.locator("[data-testid=candidate] img[src^='blob:']").waitFor({ timeout: 90_000 });
    await expect.poll(() => player.canvasPreview?.provenance.jobId).toBe(created.id);
    await expect.poll(() => player.pendingRuns.at(-1)).toBeNull();
    await host.ui.locator("#discard").click();
    await expect.poll(() => player.discards).toBe(1);
    expect(player.kept).toHaveLength(0);
    await host.page.close();
  });

  it("shows the main thread's refusal (Figma's 4096 px limit) and starts no job", async () => {
    const refusal =
      "Upscaling 1250×800 px by 4x would give 5000×3200 px, above Figma's 4096 px image limit. Use 2x instead.";
    const player = new MainThreadPlayer(
      setup(
        { command: "upscale", scale: 4, view: "command" },
        { prepare: (m) => ({ type: "refused", requestId: m.requestId, message: refusal }) },
      ),
    );
    const host = await openPluginUi(browser, html, player.handle);
    await expect.poll(() => host.ui.locator("#error").textContent()).toBe(refusal);
    expect(player.pendingRuns).toHaveLength(0);
    await host.page.close();
  });

  editCases(() => ({ browser, html, easel, apiKey, setup }));

  it("says plainly when the API key is wrong", async () => {
    const player = new MainThreadPlayer(
      setup({ command: "fill", view: "command" }, { settings: { serverUrl: easel.url, apiKey: "wrong-key" } }),
    );
    const host = await openPluginUi(browser, html, player.handle);
    await expect
      .poll(() => host.ui.locator("#error").textContent())
      .toMatch(/^The API key was not accepted: .+ Check it in Settings\.$/);
    await host.page.close();
  });
});
