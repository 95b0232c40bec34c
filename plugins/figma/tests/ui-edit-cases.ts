/**
 * The Select, Adjust and Recolor to brand cases of `src/ui/plugin-ui.e2e.test.ts`, registered inside its describe so
 * they share its one Easel server and browser (a server per file keeps the test run short).
 */
import { readFileSync } from "node:fs";
import { decodePng, encodeRgbaPng, resizeRgba } from "@easel/plugin-core";
import type { Browser } from "playwright-core";
import { expect, it } from "vitest";
import type { EaselProcess } from "../../../tests/support/easel-process.js";
import type { Launch } from "../src/messages.js";
import { pngSize } from "./figma-emulator.js";
import { openPluginUi } from "./ui-host.js";
import { MainThreadPlayer, type PlayerSetup } from "./ui-main-player.js";

const PHOTO = decodePng(
  new Uint8Array(readFileSync(new URL("../../../tests/fixtures/photos/cat-chelsea.png", import.meta.url))),
);
/** The photo at 192×128: the adjust job on it is quick on a busy machine. */
const SMALL_PHOTO = encodeRgbaPng(resizeRgba(PHOTO, 192, 128));
const OVER_SMALL_CAT = { nodeId: "1:2", pixelWidth: 192, pixelHeight: 128, mode: "over" as const };
/** A small portrait (256 px tall) so the people model answers quickly on a busy machine. */
const PORTRAIT = (() => {
  const full = decodePng(
    new Uint8Array(
      readFileSync(new URL("../../../tests/fixtures/photos/astronaut-eileen-collins.png", import.meta.url)),
    ),
  );
  const width = Math.round((full.width * 256) / full.height);
  return { width, height: 256, bytes: encodeRgbaPng(resizeRgba(full, width, 256)) };
})();
/** Mean grey level (0..255) of what an element shows, from a screenshot of it. */
async function meanBrightness(element: { screenshot(): Promise<Buffer> }): Promise<number> {
  const { data } = decodePng(new Uint8Array(await element.screenshot()));
  let sum = 0;
  for (let i = 0; i < data.length; i += 4)
    sum += (data[i] as number) + (data[i + 1] as number) + (data[i + 2] as number);
  return sum / (data.length / 4) / 3;
}
export interface EditCaseContext {
  browser: Browser;
  html: string;
  easel: EaselProcess;
  apiKey: string;
  setup(launch: Launch, overrides?: Partial<PlayerSetup>): PlayerSetup;
}

/** Registers the cases; `context` is read when each runs (the server starts in the file's beforeAll). */
export function editCases(context: () => EditCaseContext): void {
  const visibleFields = (host: Awaited<ReturnType<typeof openPluginUi>>) =>
    host.ui.locator("#fields .field").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-field")));
  /** Opens the UI for an edit command on the small cat, recording every request it sends to the server. */
  const openOnSmallCat = async (command: "adjust" | "recolor", overrides: Partial<PlayerSetup> = {}) => {
    const { browser, html, easel, setup } = context();
    const player = new MainThreadPlayer(
      setup(
        { command, view: "command" },
        {
          ...overrides,
          prepare: (m) => ({
            type: "prepared",
            requestId: m.requestId,
            prepared: { command, source: OVER_SMALL_CAT, image: SMALL_PHOTO },
          }),
        },
      ),
    );
    const host = await openPluginUi(browser, html, player.handle);
    const requests: string[] = [];
    host.page.on("request", (request) => {
      if (request.url().startsWith(easel.url)) requests.push(request.url());
    });
    return { player, host, ui: host.ui, requests };
  };

  it("Adjust: a slider redraws the live preview with no request to the server; Apply previews the job's result, Keep keeps it", async () => {
    const { easel, apiKey } = context();
    const { player, host, ui, requests } = await openOnSmallCat("adjust");
    // The UI opens on its default form and switches once the launch (the Adjust command) arrives.
    await expect.poll(() => visibleFields(host)).toEqual(["livePreview", "adjust"]);
    const preview = ui.locator("[data-testid=edit-preview]");
    await expect.poll(() => preview.getAttribute("src")).toMatch(/^data:image\/jpeg/);
    await expect.poll(() => ui.locator("#brand-kit option").count()).toBeGreaterThan(1); // start-up requests done
    const before = await preview.getAttribute("src");
    const beforeBrightness = await meanBrightness(preview);
    const sent = requests.length;
    await ui.locator("#adjust-exposure").fill("1");
    await ui.locator("#adjust-saturation").fill("-40");
    await expect.poll(() => preview.getAttribute("src")).not.toBe(before);
    await expect.poll(() => ui.locator("#adjust-exposure-value").textContent()).toBe("+1.00 EV");
    await expect.poll(() => ui.locator("#adjust-saturation-value").textContent()).toBe("−40 %");
    // The preview is brighter than the original, drawn here: nothing was sent.
    expect(await meanBrightness(preview)).toBeGreaterThan(beforeBrightness + 20);
    expect(requests.length).toBe(sent);
    expect(host.all("prepare")).toHaveLength(1); // the small copy was read once

    await ui.locator("#run").click();
    await expect.poll(() => player.canvasPreview !== null, { timeout: 90_000 }).toBe(true);
    expect(pngSize(player.canvasPreview?.bytes as Uint8Array)).toEqual({ width: 192, height: 128 });
    expect(player.canvasPreview?.label).toBe("Adjust");
    expect(player.canvasPreview?.maskOf).toBeUndefined();
    const jobId = player.canvasPreview?.provenance.jobId as string;
    const job = (await (
      await fetch(`${easel.url}/v1/jobs/${jobId}`, { headers: { authorization: `Bearer ${apiKey}` } })
    ).json()) as { kind: string; request: { params: Record<string, unknown> } };
    expect(job.kind).toBe("adjust");
    expect(job.request.params).toMatchObject({ exposure: 1, saturation: -40 });
    await ui.locator("#keep").click();
    await expect.poll(() => player.kept.map((k) => k.label)).toEqual(["Adjust"]);
    await host.page.close();
  });

  it("Recolor to brand shows the kit's palette as swatches, previews a swatch without a request, Apply sends it with the kit", async () => {
    const { easel, apiKey } = context();
    const { player, host, ui, requests } = await openOnSmallCat("recolor", {
      fileData: { prompts: [], presets: [], brandKit: "harvest-table@1" },
    });
    // The file's kit is chosen once the kits are listed; its palette follows.
    await expect.poll(() => ui.locator("#brand-kit").inputValue()).toBe("harvest-table@1");
    await expect.poll(() => ui.locator(".swatch").count()).toBeGreaterThan(2);
    const preview = ui.locator("[data-testid=edit-preview]");
    await expect.poll(() => preview.getAttribute("src")).toMatch(/^data:image\/jpeg/);
    // Apply before a colour is picked says what is missing and sends nothing.
    await ui.locator("#run").click();
    await expect.poll(() => ui.locator("#error").textContent()).toBe("Pick a brand kit and one of its colours first.");
    const before = await preview.getAttribute("src");
    const sent = requests.length;
    const swatch = ui.locator(".swatch").first();
    const colour = (await swatch.getAttribute("data-hex")) as string;
    await swatch.click();
    expect(await swatch.getAttribute("aria-checked")).toBe("true");
    await expect.poll(() => preview.getAttribute("src")).not.toBe(before);
    expect(requests.length).toBe(sent);

    await ui.locator("#run").click();
    await expect.poll(() => player.canvasPreview !== null, { timeout: 90_000 }).toBe(true);
    expect(player.canvasPreview?.label).toBe("Recolor to brand");
    const job = (await (
      await fetch(`${easel.url}/v1/jobs/${player.canvasPreview?.provenance.jobId}`, {
        headers: { authorization: `Bearer ${apiKey}` },
      })
    ).json()) as { kind: string; request: { brandKit?: string; params: { recolor?: unknown } } };
    expect(job.kind).toBe("adjust");
    expect(job.request.brandKit).toBe("harvest-table@1");
    expect(job.request.params.recolor).toEqual({ colour, strength: 100 });
    await host.page.close();
  });

  it("Select people runs at once on a portrait: the mask is previewed as a mask of the image, Keep keeps it", async () => {
    const { browser, html, setup } = context();
    const source = { nodeId: "1:7", pixelWidth: PORTRAIT.width, pixelHeight: 256, mode: "over" as const };
    const player = new MainThreadPlayer(
      setup(
        { command: "select", selectMode: "people", view: "command" },
        {
          prepare: (m) => ({
            type: "prepared",
            requestId: m.requestId,
            prepared: { command: "select", source, image: PORTRAIT.bytes },
          }),
        },
      ),
    );
    const host = await openPluginUi(browser, html, player.handle);
    const ui = host.ui;
    await expect.poll(() => ui.locator("#command").inputValue()).toBe("select-people");
    await expect.poll(() => player.canvasPreview !== null, { timeout: 90_000 }).toBe(true);
    const layer = player.canvasPreview as NonNullable<typeof player.canvasPreview>;
    expect(layer.maskOf).toBe("people");
    // A grey mask the size of the upload, with both selected and unselected pixels (a person on a backdrop).
    const mask = decodePng(layer.bytes);
    expect([mask.width, mask.height]).toEqual([PORTRAIT.width, 256]);
    const centre = mask.data[(128 * mask.width + Math.round(mask.width / 2)) * 4] as number;
    const corner = mask.data[(4 * mask.width + 4) * 4] as number;
    expect(centre).toBeGreaterThan(200);
    expect(corner).toBeLessThan(50);
    await ui.locator("#keep").click();
    await expect.poll(() => player.kept).toHaveLength(1);
    await host.page.close();
  });
}
