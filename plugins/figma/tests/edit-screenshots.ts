/**
 * Screenshots of Select, Adjust and Recolor to brand for the README (called by `take-screenshots.ts`):
 * the forms with their live preview drawn from a real photo, and a Select result with what the mask group
 * shows on a stand-in canvas beside the panel.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decodePng, encodeRgbaPng, resizeRgba } from "@easel/plugin-core";
import type { Browser } from "playwright-core";
import type { Launch, PreparedSource } from "../src/messages.js";
import { openPluginUi, type Theme } from "./ui-host.js";
import { MainThreadPlayer, selectionOf } from "./ui-main-player.js";

const photo = (name: string, height: number) => {
  const full = decodePng(
    new Uint8Array(readFileSync(new URL(`../../../tests/fixtures/photos/${name}`, import.meta.url))),
  );
  return resizeRgba(full, Math.round((full.width * height) / full.height), height);
};

export interface ShotContext {
  browser: Browser;
  html: string;
  serverUrl: string;
  apiKey: string;
  out: string;
}

/** Writes form-adjust-, form-recolor- and select-<theme>.png. */
export async function editScreenshots(ctx: ShotContext, theme: Theme): Promise<void> {
  const bowl = photo("fig-in-red-bowl.png", 320);
  const portrait = photo("astronaut-eileen-collins.png", 320);
  const open = async (launch: Launch, image: typeof bowl, name: string) => {
    const info = { nodeId: "1:2", name, width: image.width, height: image.height };
    const label = `${name} · ${image.width}×${image.height}`;
    const bytes = encodeRgbaPng(image);
    const prepared = (command: PreparedSource["command"]): PreparedSource => ({
      command,
      source: { nodeId: "1:2", pixelWidth: image.width, pixelHeight: image.height, mode: "over" },
      image: bytes,
    });
    const player = new MainThreadPlayer({
      settings: { serverUrl: ctx.serverUrl, apiKey: ctx.apiKey },
      document: "doc-screenshots",
      launch,
      selection: selectionOf({ image: { ...info, label }, label }),
      network: { allowedDomains: ["none"], devAllowedDomains: [ctx.serverUrl] },
      fileData: { prompts: [], presets: [], brandKit: "harvest-table@1" },
      prepare: (m) => ({ type: "prepared", requestId: m.requestId, prepared: prepared(m.command) }),
    });
    const host = await openPluginUi(ctx.browser, ctx.html, player.handle, {
      theme,
      viewport: { width: 380, height: 760 },
    });
    return { host, player };
  };

  const adjust = await open({ command: "adjust", view: "command" }, bowl, "Figs");
  const ui = adjust.host.ui;
  await ui.locator("[data-testid=edit-preview][src^='data:']").waitFor();
  await ui.locator("#adjust-exposure").fill("0.5");
  await ui.locator("#adjust-temperature").fill("7400");
  await ui.locator("#adjust-vibrance").fill("35");
  await adjust.host.page.waitForTimeout(300);
  await adjust.host.page.screenshot({ path: join(ctx.out, `form-adjust-${theme}.png`) });
  await adjust.host.page.close();

  const recolor = await open({ command: "recolor", view: "command" }, bowl, "Figs");
  await recolor.host.ui.locator(".swatch").nth(1).click();
  await recolor.host.ui.locator("[data-testid=edit-preview][src^='data:']").waitFor();
  await recolor.host.page.waitForTimeout(300);
  await recolor.host.page.screenshot({ path: join(ctx.out, `form-recolor-${theme}.png`) });
  await recolor.host.page.close();

  // Select people: the mask card in the panel; beside it, what the kept group shows (the copy, masked).
  const select = await open({ command: "select", selectMode: "people", view: "command" }, portrait, "Astronaut");
  await select.host.ui.locator("[data-testid=candidate] img[src^='blob:']").waitFor({ timeout: 60_000 });
  while (!select.player.canvasPreview) await new Promise((r) => setTimeout(r, 100));
  const mask = decodePng(select.player.canvasPreview.bytes);
  const masked = { ...portrait, data: new Uint8Array(portrait.data) };
  for (let i = 0; i < mask.width * mask.height; i++) masked.data[i * 4 + 3] = mask.data[i * 4] as number;
  const src = Buffer.from(encodeRgbaPng(masked)).toString("base64");
  const dark = theme === "dark";
  await select.host.page.setViewportSize({ width: 380 + 420, height: 760 });
  await select.host.page.evaluate(
    ({ src, dark, w, h }) => {
      const doc = (
        globalThis as unknown as {
          document: { body: { insertAdjacentHTML(at: string, html: string): void; style: { cssText: string } } };
        }
      ).document;
      doc.body.style.cssText = `margin:0;display:flex;background:${dark ? "#1e1e1e" : "#e5e5e5"}`;
      const checker = dark ? "#2c2c2c" : "#fff";
      doc.body.insertAdjacentHTML(
        "afterbegin",
        `<div style="width:420px;height:760px;display:grid;place-items:center;font:11px Inter,system-ui;color:${dark ? "#fff9" : "#0008"}"><div><div style="margin-bottom:6px">Easel preview · People of Astronaut (the masked copy)</div><img src="data:image/png;base64,${src}" style="width:${w}px;height:${h}px;outline:1px solid #0d99ff;background:repeating-conic-gradient(${checker} 0 25%, ${dark ? "#383838" : "#e6e6e6"} 0 50%) 0 0/12px 12px"></div></div>`,
      );
    },
    { src, dark, w: portrait.width, h: portrait.height },
  );
  await select.host.page.screenshot({ path: join(ctx.out, `select-${theme}.png`) });
  await select.host.page.close();
}
