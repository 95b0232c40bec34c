import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import type { EaselProcess } from "../../../tests/support/easel-process.js";
import { sharedEasel } from "../../../tests/support/shared-easel.js";
import { loadBundle, uxpContext } from "../../core/src/test-support/uxp-sandbox.js";
import { bundleScript } from "../build.js";
import { PhotoshopEmulator } from "./host/emulator/index.js";
import { photo, rectSelection, withSquare } from "./test-support/fixtures.js";

// The plugin's command code, BUILT the way the panel bundle is (bundleScript: esbuild, IIFE,
// ES2020), run in a `vm` context with only UXP's documented globals: no TextEncoder/TextDecoder,
// btoa, Blob, Headers, URL, AbortController or streaming Response. `require("photoshop")` is the
// emulator. One whole remove runs: read, crop, encode, upload, job, download, decode, place.

const HERE = dirname(fileURLToPath(import.meta.url));

describe("Photoshop plugin bundle where only UXP's globals exist", () => {
  let easel: EaselProcess;
  let bundle: string;
  let apiKey: string;

  beforeAll(async () => {
    easel = await sharedEasel();
    apiKey = await easel.createKey("uxp-bundle-co", "uxp");
    bundle = join(mkdtempSync(join(tmpdir(), "easel-ps-bundle-")), "commands.js");
    await bundleScript(join(HERE, "sandbox-entry.ts"), bundle, { globalName: "EaselPhotoshop" });
  });

  it("removes an object end to end inside the sandbox and places the result as a masked layer", async () => {
    const ps = new PhotoshopEmulator({ version: "24.4" });
    const doc = ps.openDocument({
      title: "forest.psd",
      image: withSquare(photo("forest-stream.png"), 200, 120, 40),
      background: true,
    });
    doc.selectionMask = rectSelection(doc.width, doc.height, 196, 116, 48, 48);
    const log: string[] = [];
    const context = uxpContext({ require: (id: string) => (id === "photoshop" ? ps.api : null) }, log);
    loadBundle(context, bundle);
    expect(vm.runInContext("typeof TextEncoder + typeof btoa + typeof Blob + typeof ReadableStream", context)).toBe(
      "undefinedundefinedundefinedundefined",
    );
    const placed = (await vm.runInContext(
      `EaselPhotoshop.removeAndKeep(require("photoshop"), ${JSON.stringify(easel.url)}, ${JSON.stringify(apiKey)})`,
      context,
    )) as { layerId: number; name: string };
    expect(placed.name).toMatch(/^Easel · Remove/);
    const layer = doc.layerById(placed.layerId);
    expect(layer.maskAt(220, 140)).toBe(255);
    expect(layer.maskAt(20, 20)).toBe(0);
    const [r, g, b] = layer.pixelAt(220, 140);
    expect(r + g + b).toBeGreaterThan(3 * 45); // the dark square is gone
    expect(log).toContain("POST /v1/assets");
    expect(log.some((l) => /^GET \/v1\/jobs\/job_/.test(l))).toBe(true); // followed by polling
  });

  it("previews an adjustment live and applies it to the selection as a masked layer inside the sandbox", async () => {
    const ps = new PhotoshopEmulator({ version: "24.4" });
    const doc = ps.openDocument({ title: "fig.psd", image: photo("fig-in-red-bowl.png"), background: true });
    doc.selectionMask = rectSelection(doc.width, doc.height, 60, 50, 120, 100);
    const context = uxpContext({ require: (id: string) => (id === "photoshop" ? ps.api : null) }, []);
    loadBundle(context, bundle);
    const { preview, placed } = (await vm.runInContext(
      `EaselPhotoshop.previewAndAdjust(require("photoshop"), ${JSON.stringify(easel.url)}, ${JSON.stringify(apiKey)})`,
      context,
    )) as { preview: string; placed: { layerId: number; bounds: unknown } };
    expect(preview).toMatch(/^data:image\/jpeg;base64,/);
    expect(placed.bounds).toEqual({ left: 60, top: 50, right: 180, bottom: 150 });
    const layer = doc.layerById(placed.layerId);
    expect(layer.maskAt(100, 100)).toBe(255);
    expect(layer.maskAt(20, 20)).toBe(0);
    expect(doc.history.at(-1)).toBe("Easel Adjust");
  });
});
