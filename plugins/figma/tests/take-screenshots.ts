/**
 * Screenshots of the Figma UI for the README: each command's form, a run in progress, the candidates with
 * their canvas preview, and the file's history, in Figma's light and dark themes. The built `ui.html` runs
 * in headless Chromium as in the UI tests, against a real Easel server with the tiny Stable Diffusion export
 * (tests/fixtures/sd: noise-like pictures, real previews and scores) and the Harvest Table kit.
 * Run: `pnpm exec tsx plugins/figma/tests/take-screenshots.ts` (about two minutes; not part of `npm test`);
 * `-- --edits` makes only the Select, Adjust and Recolor ones (`edit-screenshots.ts`).
 */
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeTinyPipeline } from "../../../tests/fixtures/sd/build-tiny-pipeline.js";
import { exampleKitFiles, kitForm } from "../../../tests/support/brand-kits.js";
import { launchChromium } from "../../../tests/support/chromium.js";
import { startEasel } from "../../../tests/support/easel-process.js";
import { buildFigmaPlugin } from "../build.js";
import type { Command, Launch, PreparedSource } from "../src/messages.js";
import { editScreenshots } from "./edit-screenshots.js";
import { openPluginUi, type Theme } from "./ui-host.js";
import { canvasShowsChosen, MainThreadPlayer, selectionOf } from "./ui-main-player.js";

const OUT = fileURLToPath(new URL("../docs/screenshots/", import.meta.url));
const IMAGE = { nodeId: "1:2", name: "Hero image", width: 1200, height: 800, label: "Hero image · 1200×800" };
const FRAME = { nodeId: "1:1", name: "Landing", width: 1440, height: 900, label: "Landing · 1440×900" };
const BANNER = { nodeId: "1:5", name: "Banner", width: 192, height: 128, label: "Banner · 192×128" };
const FILE_DATA = {
  prompts: ["warm bread on linen, morning light", "a wooden table top", "figs in a red bowl"],
  presets: [{ name: "Morning table", command: "generate" as const, prompt: "warm bread on linen, morning light" }],
  brandKit: "harvest-table@1",
};

mkdirSync(OUT, { recursive: true });
const modelDir = await writeTinyPipeline(join(mkdtempSync(join(tmpdir(), "easel-sd-")), "tiny-sd"));
const easel = await startEasel({
  EASEL_WORKERS: "1",
  EASEL_SD_MODEL_DIR: modelDir,
  EASEL_SAFETY_EXPLICIT: "0.99",
  EASEL_SAFETY_SUGGESTIVE: "0.99",
});
const browser = await launchChromium();
try {
  const apiKey = await easel.createKey("studio", "ana", "designer", "pro");
  const admin = await easel.createKey("studio", "bea", "brand-admin", "pro");
  await fetch(`${easel.url}/v1/brand-kits`, {
    method: "POST",
    headers: { authorization: `Bearer ${admin}` },
    body: kitForm(exampleKitFiles("harvest-table")),
  });
  const { outDir } = await buildFigmaPlugin({
    serverUrl: easel.url,
    outDir: mkdtempSync(join(tmpdir(), "easel-figma-")),
  });
  const html = readFileSync(join(outDir, "ui.html"), "utf8");

  const generated: PreparedSource = {
    command: "generate",
    source: { nodeId: BANNER.nodeId, pixelWidth: 192, pixelHeight: 128, mode: "inside" },
    size: { width: 192, height: 128 },
  };
  const open = (
    theme: Theme,
    launch: Launch,
    selection = selectionOf({ image: IMAGE, frame: FRAME, label: IMAGE.label }),
  ) => {
    const player = new MainThreadPlayer({
      settings: { serverUrl: easel.url, apiKey },
      document: "doc-screenshots",
      launch,
      selection,
      network: { allowedDomains: ["none"], devAllowedDomains: [easel.url] },
      fileData: FILE_DATA,
      prepare: (m) => ({ type: "prepared", requestId: m.requestId, prepared: generated }),
    });
    return openPluginUi(browser, html, player.handle, { theme }).then((host) => ({ host, player }));
  };

  for (const theme of ["light", "dark"] as const) {
    await editScreenshots({ browser, html, serverUrl: easel.url, apiKey, out: OUT }, theme);
    if (process.argv.includes("--edits")) continue;
    const forms: [Command, string][] = [
      ["generate", "Generate"],
      ["fill", "Fill"],
      ["expand", "Expand"],
      ["stylize", "Apply style"],
      ["vary", "Make variations"],
    ];
    for (const [command, action] of forms) {
      const selection =
        command === "generate"
          ? selectionOf({ label: "Nothing selected" })
          : command === "fill"
            ? selectionOf({
                image: IMAGE,
                shape: { nodeId: "1:3", name: "Area" },
                label: "Hero image · 1200×800 and Area",
              })
            : command === "expand"
              ? selectionOf({ image: IMAGE, frame: FRAME, label: "Hero image · 1200×800 in Landing" })
              : selectionOf({ image: IMAGE, label: IMAGE.label });
      const { host } = await open(theme, { command, view: "command" }, selection);
      await host.ui.locator("#run", { hasText: action }).waitFor();
      await host.ui.locator("#brand-kit option", { hasText: "Harvest Table" }).waitFor({ state: "attached" });
      if (command === "fill") await host.ui.locator("#prompt").fill("a wooden table top");
      await host.page.screenshot({ path: join(OUT, `form-${command}-${theme}.png`) });
      await host.page.close();
    }

    // A run in progress: Generate into a frame, caught while the latent preview shows.
    const { host, player } = await open(
      theme,
      { command: "generate", view: "command" },
      selectionOf({ frame: BANNER, label: BANNER.label }),
    );
    const ui = host.ui;
    await ui.locator("#prompt").fill("warm bread on linen, morning light");
    await ui.locator("#more summary").click();
    await ui.locator("#candidates").selectOption("4");
    await ui.locator("#more summary").click();
    await ui.locator("#run").click();
    await ui.locator("#preview[src^='data:image/png']").waitFor({ timeout: 120_000 });
    await host.page.screenshot({ path: join(OUT, `run-in-progress-${theme}.png`) });

    // The candidates, with the chosen one on a stand-in canvas beside the panel (the main thread's preview layer).
    await ui.locator("[data-testid=candidate]").nth(3).waitFor({ timeout: 120_000 });
    await ui.locator("#run-panel").waitFor({ state: "hidden", timeout: 120_000 });
    await ui.locator("body").press("ArrowRight");
    while (!(await canvasShowsChosen(host, player))) await new Promise((r) => setTimeout(r, 100));
    const preview = Buffer.from(player.canvasPreview?.bytes ?? new Uint8Array()).toString("base64");
    await host.page.setViewportSize({ width: 380 + 420, height: 640 });
    await host.page.evaluate(
      ({ src, dark }) => {
        const doc = (
          globalThis as unknown as {
            document: { body: { insertAdjacentHTML(at: string, html: string): void; style: { cssText: string } } };
          }
        ).document;
        doc.body.style.cssText = `margin:0;display:flex;background:${dark ? "#1e1e1e" : "#e5e5e5"}`;
        doc.body.insertAdjacentHTML(
          "afterbegin",
          `<div style="width:420px;height:640px;display:grid;place-items:center;font:11px Inter,system-ui;color:${dark ? "#fff9" : "#0008"}"><div><div style="margin-bottom:6px">Banner (preview layer on the canvas)</div><img src="data:image/png;base64,${src}" style="width:288px;height:192px;image-rendering:pixelated;outline:1px solid #0d99ff"></div></div>`,
        );
      },
      { src: preview, dark: theme === "dark" },
    );
    await host.page.screenshot({ path: join(OUT, `candidates-${theme}.png`) });
    await ui.locator("#keep").click();
    await ui.locator("#notice", { hasText: "Kept" }).waitFor();
    await host.page.close();

    // The file's history and what it remembers.
    const history = await open(theme, { command: null, view: "history" });
    await history.host.ui.locator("[data-testid=history-row]").first().waitFor({ timeout: 60_000 });
    await history.host.page.screenshot({ path: join(OUT, `history-${theme}.png`) });
    await history.host.page.close();
  }
  console.log(`screenshots written to ${OUT}`);
} finally {
  await browser.close();
  await easel.stop();
}
