import { readFileSync } from "node:fs";
import { CancelledError, DEFAULT_LIMITS, resizeRgba } from "@easel/plugin-core";
import { EaselClient } from "@easel/shared/client";
import { CreateJobRequest, type Layer } from "@easel/shared/protocol";
import { beforeAll, describe, expect, it } from "vitest";
import type { EaselProcess } from "../../../../tests/support/easel-process.js";
import { sharedEasel } from "../../../../tests/support/shared-easel.js";
import { captureFor } from "../commands/capture.js";
import { keepCandidate } from "../commands/keep-candidate.js";
import { runCommand } from "../commands/run-command.js";
import { memoryStorage, photo, rectSelection, withSquare } from "../test-support/fixtures.js";
import { ADOBE_RGB, DISPLAY_P3 } from "./emulator/color-profiles.js";
import { PhotoshopEmulator } from "./emulator/index.js";
import { HostError } from "./host-error.js";
import { ProvenanceStore } from "./provenance-store.js";

// What real Photoshop does that a kind emulator would hide: colour profiles, old versions without
// Document.selection, huge layers, a user pressing Escape, 16-bit documents, smart objects, effects.
// Each test drives the plugin's commands against the stricter emulator and a real Easel server.

describe("Photoshop as strict as the real one", () => {
  let easel: EaselProcess;
  let client: EaselClient;
  const provenance = () => new ProvenanceStore(memoryStorage());

  beforeAll(async () => {
    easel = await sharedEasel();
    client = new EaselClient({ baseUrl: easel.url, apiKey: await easel.createKey("ps-host-co", "ret") });
  });

  for (const profile of [ADOBE_RGB, DISPLAY_P3]) {
    it(`keeps colours in a ${profile} document: read as sRGB, written back in the document's profile`, async () => {
      const ps = new PhotoshopEmulator();
      const doc = ps.openDocument({ title: "wide.psd", image: photo("forest-stream.png"), colorProfileName: profile });
      const source = doc.layers[0];
      const extend = { left: 16, top: 0, right: 0, bottom: 0 };
      const run = await runCommand({ ps: ps.api, client }, { kind: "expand", extend, seed: 2 });
      const placed = await keepCandidate(
        { ps: ps.api, client, provenance: provenance() },
        run,
        run.candidates[0] as Layer,
      );
      const fill = doc.layerById(placed.layerId);
      let worst = 0;
      for (let y = 20; y < 300; y += 9)
        for (let x = 40; x < 480; x += 9) {
          const a = fill.pixelAt(x + 16, y);
          const b = source?.pixelAt(x + 16, y) ?? [0, 0, 0, 0];
          for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs((a[c] as number) - (b[c] as number)));
        }
      // Outpainting keeps the original pixels; only 8-bit rounding of two conversions may differ.
      expect(worst).toBeLessThanOrEqual(3);
    });
  }

  it("runs on Photoshop 24.4, where Document.selection does not exist yet", async () => {
    const ps = new PhotoshopEmulator({ version: "24.4" });
    const doc = ps.openDocument({
      title: "old.psd",
      image: withSquare(photo("forest-stream.png"), 200, 120, 30),
      background: true,
    });
    expect(doc.selection).toBeUndefined();
    doc.selectionMask = rectSelection(doc.width, doc.height, 196, 116, 38, 38);
    const run = await runCommand({ ps: ps.api, client }, { kind: "remove", seed: 4 });
    expect(run.placement.crop).toEqual({ left: 164, top: 84, right: 266, bottom: 186 });
    const placed = await keepCandidate(
      { ps: ps.api, client, provenance: provenance() },
      run,
      run.candidates[0] as Layer,
    );
    expect(doc.layerById(placed.layerId).maskAt(210, 130)).toBe(255);
  });

  it("uploads only the selection and its context from a 24 MP layer", async () => {
    const ps = new PhotoshopEmulator();
    const big = resizeRgba(photo("mountain-meadow-autumn.png"), 6000, 4000);
    const doc = ps.openDocument({ title: "huge.psd", image: big, background: true });
    doc.selectionMask = rectSelection(doc.width, doc.height, 3000, 2000, 60, 60);
    const run = await runCommand({ ps: ps.api, client }, { kind: "remove", seed: 1 });
    expect(run.uploaded).toEqual({ width: 124, height: 124 }); // 60 px + 32 px of context each side
    const placed = await keepCandidate(
      { ps: ps.api, client, provenance: provenance() },
      run,
      run.candidates[0] as Layer,
    );
    expect(placed.bounds).toEqual({ left: 2968, top: 1968, right: 3092, bottom: 2092 });
  });

  it("downscales a large area to the server's limits and places the result back at its exact size", async () => {
    const ps = new PhotoshopEmulator();
    const doc = ps.openDocument({
      title: "poster.psd",
      image: resizeRgba(photo("mountain-meadow-autumn.png"), 1200, 900),
      background: true,
    });
    doc.selectionMask = rectSelection(doc.width, doc.height, 400, 300, 300, 240);
    const limits = { ...DEFAULT_LIMITS, maxSide: 256 };
    const run = await runCommand({ ps: ps.api, client, limits }, { kind: "remove", seed: 5 });
    expect(Math.max(run.uploaded?.width ?? 0, run.uploaded?.height ?? 0)).toBe(256);
    const placed = await keepCandidate(
      { ps: ps.api, client, provenance: provenance() },
      run,
      run.candidates[0] as Layer,
    );
    expect(placed.bounds).toEqual(run.placement.crop);
    expect(run.placement.crop).toEqual({ left: 325, top: 225, right: 775, bottom: 615 });
    const fill = doc.layerById(placed.layerId);
    expect(fill.maskAt(550, 420)).toBe(255);
    expect(fill.maskAt(340, 240)).toBe(0);
  });

  it("fits a generated image to the selection, or to the canvas, instead of pinning it at (0,0)", async () => {
    const ps = new PhotoshopEmulator();
    const doc = ps.openDocument({
      title: "banner.psd",
      image: resizeRgba(photo("cat-chelsea.png"), 900, 500),
      background: true,
    });
    const png = new Uint8Array(
      readFileSync(new URL("../../../../tests/fixtures/photos/cat-chelsea.png", import.meta.url)),
    );
    const uploaded = await client.uploadAsset(png, "image/png");
    const candidate: Layer = {
      id: "lyr_generated",
      jobId: "job_01j0000000000000000000000a",
      index: 0,
      assetId: uploaded.id,
      url: `/v1/assets/${uploaded.id}/content`,
      width: 512,
      height: 340,
      placement: { x: 0, y: 0, width: 512, height: 340 },
      label: "Generate",
      seed: 9,
      scores: {},
      manifestId: null,
      manifestUrl: null,
      commercialRights: true,
    };
    const job = {
      request: CreateJobRequest.parse({ kind: "generate", prompt: "a cat", params: { width: 512, height: 344 } }),
    };
    const onCanvas = await captureFor(ps.api, { kind: "generate", prompt: "a cat" }, DEFAULT_LIMITS);
    expect(onCanvas.request).toMatchObject({ width: 904, height: 504 });
    const whole = await keepCandidate(
      { ps: ps.api, client, provenance: provenance() },
      { placement: onCanvas.placement, job },
      candidate,
    );
    expect(whole.bounds).toEqual({ left: 0, top: 0, right: 900, bottom: 500 });
    doc.selectionMask = rectSelection(doc.width, doc.height, 600, 100, 200, 150);
    const inSelection = await captureFor(ps.api, { kind: "generate", prompt: "a cat" }, DEFAULT_LIMITS);
    const placed = await keepCandidate(
      { ps: ps.api, client, provenance: provenance() },
      { placement: inSelection.placement, job },
      candidate,
    );
    expect(placed.bounds).toEqual({ left: 600, top: 100, right: 800, bottom: 250 });
  });

  it("leaves nothing behind when the user presses Escape while the result is placed", async () => {
    const ps = new PhotoshopEmulator();
    const doc = ps.openDocument({ title: "forest.psd", image: photo("forest-stream.png"), background: true });
    doc.selectionMask = rectSelection(doc.width, doc.height, 196, 116, 48, 48);
    const run = await runCommand({ ps: ps.api, client }, { kind: "remove", seed: 1 });
    const layers = doc.layers.map((l) => l.id);
    const history = [...doc.history];
    ps.cancelModalOn("putPixels");
    await expect(
      keepCandidate({ ps: ps.api, client, provenance: provenance() }, run, run.candidates[0] as Layer),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(doc.layers.map((l) => l.id)).toEqual(layers);
    expect(doc.history).toEqual(history);
  });

  it("refuses 16-bit documents and non-pixel layers in plain words before uploading anything", async () => {
    const before = (await client.listAssets()).assets.length;
    const cases = [
      { spec: { bitsPerChannel: "bitDepth16" as const }, message: /8 Bits\/Channel/ },
      { spec: { mode: "CMYKColorMode" as const }, message: /RGB Color/ },
      { spec: { kind: "smartObject" as const }, message: /smart object.*Rasterize/ },
      { spec: { kind: "group" as const }, message: /is a group/ },
    ];
    for (const { spec, message } of cases) {
      const ps = new PhotoshopEmulator();
      const doc = ps.openDocument({ title: "x.psd", image: photo("forest-stream.png"), ...spec });
      doc.selectionMask = rectSelection(doc.width, doc.height, 10, 10, 40, 40);
      const error = await runCommand({ ps: ps.api, client }, { kind: "remove" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HostError);
      expect((error as Error).message).toMatch(message);
    }
    expect((await client.listAssets()).assets.length).toBe(before);
  });

  it("reads a layer's own pixels, not the reach of its drop shadow", async () => {
    const ps = new PhotoshopEmulator();
    const image = photo("fig-in-red-bowl.png");
    const doc = ps.openDocument({ title: "shadow.psd", image, layerName: "Fig", effectsSpread: 40 });
    const layer = doc.layers[0];
    expect(layer?.bounds.left).toBe(-40);
    const run = await runCommand({ ps: ps.api, client }, { kind: "upscale", scale: 2, tier: "instant" });
    expect(run.uploaded).toEqual({ width: image.width, height: image.height });
    expect(run.placement.crop).toEqual({ left: 0, top: 0, right: image.width, bottom: image.height });
  });

  it("sets a selection only inside executeAsModal, from one-component grey data, replacing the old selection", async () => {
    const ps = new PhotoshopEmulator();
    const doc = ps.openDocument({ title: "sel.psd", image: photo("forest-stream.png"), background: true });
    doc.selectionMask = rectSelection(doc.width, doc.height, 0, 0, 20, 20);
    const grey = await ps.api.imaging.createImageDataFromBuffer(new Uint8Array(10 * 10).fill(200), {
      width: 10,
      height: 10,
      components: 1,
      chunky: false,
      colorSpace: "Grayscale",
      colorProfile: "Gray Gamma 2.2",
    });
    const put = ps.api.imaging.putSelection;
    if (!put) throw new Error("the emulator has putSelection (24.4+)");
    await expect(put({ imageData: grey, targetBounds: { left: 100, top: 50, width: 10, height: 10 } })).rejects.toThrow(
      /executeAsModal/,
    );
    const rgb = await ps.api.imaging.createImageDataFromBuffer(new Uint8Array(10 * 10 * 3), {
      width: 10,
      height: 10,
      components: 3,
      colorSpace: "RGB",
      colorProfile: "sRGB IEC61966-2.1",
    });
    await ps.api.core.executeAsModal(
      async () => {
        await expect(put({ imageData: rgb })).rejects.toThrow(/Grayscale/);
        await put({ imageData: grey, targetBounds: { left: 100, top: 50, width: 10, height: 10 } });
      },
      { commandName: "test" },
    );
    const at = (x: number, y: number) => doc.selectionMask?.[y * doc.width + x];
    expect([at(105, 55), at(5, 5), at(99, 55), at(110, 55)]).toEqual([200, 0, 0, 0]); // the old marquee is gone
  });
});
