import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleKitFiles, kitForm } from "../../../../tests/support/brand-kits.js";
import { launchChromium } from "../../../../tests/support/chromium.js";
import type { EaselProcess } from "../../../../tests/support/easel-process.js";
import { sharedEasel } from "../../../../tests/support/shared-easel.js";
import { bundleScript } from "../../build.js";
import { panelHtml } from "./panel-html.js";

// The built panel in headless Chromium with the Photoshop emulator as its host and a real Easel server:
// Select subject / people / background, Adjust with a live preview, Recolor to brand. Screenshots of each
// go to tests/.artifacts/photoshop/ (the README's come from there).

const HERE = fileURLToPath(new URL(".", import.meta.url));
const ARTIFACTS = fileURLToPath(new URL("../../../../tests/.artifacts/photoshop/", import.meta.url));
const photo64 = (name: string) =>
  readFileSync(new URL(`../../../../tests/fixtures/photos/${name}`, import.meta.url)).toString("base64");

interface Probe {
  layers: { name: string; hasMask: boolean }[];
  history: string[];
  selected: number | null;
}

describe("Select, Adjust and Recolor in the panel, on an emulated Photoshop", () => {
  let easel: EaselProcess;
  let browser: Browser;
  let key: string;
  let page_: string;

  beforeAll(async () => {
    easel = await sharedEasel();
    key = await easel.createKey("ps-edit-panel-co", "ret");
    const outDir = mkdtempSync(join(tmpdir(), "easel-ps-edit-"));
    await bundleScript(join(HERE, "../test-support/emulated-panel.ts"), join(outDir, "emulated.js"), {
      define: { EASEL_SERVER_URL: JSON.stringify(easel.url) },
    });
    writeFileSync(join(outDir, "index.html"), panelHtml("emulated.js"));
    page_ = pathToFileURL(join(outDir, "index.html")).href;
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);
  afterAll(async () => browser?.close());

  /** Opens the panel on `photo`, with an optional marquee selection [left, top, width, height] (px). */
  const open = async (photo: string, selection?: [number, number, number, number]) => {
    const page = await browser.newPage({ viewport: { width: 660, height: 1000 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("request", (r) => requests.push(`${r.method()} ${r.url()}`));
    await page.goto(page_);
    await page.evaluate(
      ({ png, title, selection }) => {
        const t = (
          globalThis as never as { easelTest: { open(p: string, t: string): number; select(...r: number[]): void } }
        ).easelTest;
        t.open(png, title);
        if (selection) t.select(...selection);
      },
      { png: photo64(photo), title: photo.replace(".png", ".psd"), selection },
    );
    await page.evaluate(
      (k) => (globalThis as never as { easelTest: { start(k: string): Promise<void> } }).easelTest.start(k),
      key,
    );
    return { page, errors, requests };
  };

  const probe = (page: Page): Promise<Probe> =>
    page.evaluate(() => {
      const doc = (globalThis as never as { easelTest: { emulator: { activeDocument: never } } }).easelTest.emulator
        .activeDocument as {
        layers: { name: string; mask: unknown }[];
        history: string[];
        selectionMask: Uint8Array | null;
      };
      return {
        layers: doc.layers.map((l) => ({ name: l.name, hasMask: l.mask !== null })),
        history: [...doc.history],
        selected: doc.selectionMask ? doc.selectionMask.reduce((n, v) => n + (v > 127 ? 1 : 0), 0) : null,
      };
    });

  const pixel = (page: Page, layer: number, x: number, y: number) =>
    page.evaluate(
      ({ layer, x, y }) =>
        (
          globalThis as never as {
            easelTest: { emulator: { activeDocument: { layers: { pixelAt(x: number, y: number): number[] }[] } } };
          }
        ).easelTest.emulator.activeDocument.layers[layer]?.pixelAt(x, y),
      { layer, x, y },
    );

  const stage = (page: Page) => page.locator("#stage").textContent();

  const shot = async (page: Page, name: string) => {
    await page.evaluate(() =>
      (globalThis as never as { easelTest: { showDocument(): void } }).easelTest.showDocument(),
    );
    await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
  };

  const slide = (page: Page, id: string, value: number) =>
    page.locator(`#${id} input`).evaluate((input: HTMLInputElement, v) => {
      input.value = String(v);
      input.dispatchEvent(new Event("input"));
    }, value);

  it("Select people makes the Photoshop selection from the server's mask, as one history step", async () => {
    const { page, errors } = await open("grace-hopper-portrait.png");
    const before = await probe(page);
    await page.locator("#select-people").click();
    // One job at a time: the other Select buttons wait while this one runs.
    await expect(page.locator("#select-subject").getAttribute("disabled")).resolves.not.toBeNull();
    await expect.poll(() => stage(page), { timeout: 60_000 }).toBe("Selected the people.");
    await expect(page.locator("#select-subject").getAttribute("disabled")).resolves.toBeNull();
    const after = await probe(page);
    expect(after.layers).toEqual(before.layers); // no layer: a selection
    expect(after.history.slice(before.history.length)).toEqual(["Easel Select People"]);
    expect(after.selected).toBeGreaterThan(0);
    await shot(page, "select-people.png");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("previews Adjust sliders live without a request to the server, then applies the full-size result as a masked layer", async () => {
    const { page, errors, requests } = await open("fig-in-red-bowl.png", [40, 40, 200, 160]);
    await page.locator("#command select").selectOption("adjust");
    await expect(page.locator("#run").textContent()).resolves.toBe("Apply");
    const preview = page.locator("#edit-preview");
    await expect.poll(() => preview.getAttribute("src")).toMatch(/^data:image\/jpeg;base64,/);
    const first = await preview.getAttribute("src");
    await page.locator("#run").click(); // nothing moved yet: no job for nothing
    await expect(page.locator("#error").textContent()).resolves.toMatch(/^Move a slider first/);
    const sent = requests.length;
    await slide(page, "adjust-exposure", 1.2);
    await slide(page, "adjust-temperature", 9000);
    await expect.poll(() => preview.getAttribute("src")).not.toBe(first);
    expect(requests.slice(sent)).toEqual([]); // the preview is drawn in the panel: no round trip
    const source = await pixel(page, 0, 100, 100);
    const outside = await pixel(page, 0, 400, 300);
    await page.locator("#run").click();
    await expect.poll(() => stage(page), { timeout: 60_000 }).toMatch(/^Added layer "Easel · /);
    const { layers, history } = await probe(page);
    expect(layers).toHaveLength(2);
    expect(layers[0]?.hasMask).toBe(true);
    expect(history.at(-1)).toBe("Easel Adjust");
    const inside = (await pixel(page, 0, 100, 100)) as number[];
    expect((inside[0] as number) + (inside[1] as number)).toBeGreaterThan((source?.[0] ?? 0) + (source?.[1] ?? 0));
    expect(await pixel(page, 1, 400, 300)).toEqual(outside); // the source layer is untouched
    await shot(page, "adjust.png");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("Select subject inside a marquee, then Recolor to brand: the kit's palette as swatches, a live preview, Apply", async () => {
    const admin = await easel.createKey("ps-edit-panel-co", "bea", "brand-admin");
    const upload = await fetch(`${easel.url}/v1/brand-kits`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin}` },
      body: kitForm(exampleKitFiles("northwind-tech")),
    });
    expect(upload.status).toBe(201);
    const { page, errors } = await open("coffee-cup.png", [60, 5, 360, 330]);
    await page.locator("#select-subject").click();
    await expect.poll(() => stage(page), { timeout: 90_000 }).toBe("Selected the subject.");
    const selected = (await probe(page)).selected ?? 0;
    expect(selected).toBeGreaterThan(10_000);
    expect(selected).toBeLessThan(360 * 330); // the cup and saucer, not the whole marquee
    await page.locator("#command select").selectOption("recolor");
    await page.locator("#brand-kit input").fill("northwind-tech");
    await page.locator("#load-palette").click();
    const swatches = page.locator("[data-testid=swatch]");
    await expect.poll(() => swatches.count()).toBe(5);
    await expect(page.locator("#palette-status").textContent()).resolves.toBe("Northwind Tech (northwind-tech@1)");
    const preview = page.locator("#edit-preview");
    await expect.poll(() => preview.getAttribute("src")).toMatch(/^data:image\/jpeg/);
    const plain = await preview.getAttribute("src");
    await swatches.first().click();
    await expect(swatches.first().getAttribute("aria-checked")).resolves.toBe("true");
    await expect.poll(() => preview.getAttribute("src")).not.toBe(plain);
    await page.locator("#run").click();
    await expect
      .poll(() => stage(page), { timeout: 60_000 })
      .toBe('Added layer "Easel · Recolor #2c5cc5 (northwind-tech@1)".');
    expect((await probe(page)).history.at(-1)).toBe("Easel Recolor");
    await shot(page, "recolor.png");
    expect(errors).toEqual([]);
    await page.close();
  });
});
