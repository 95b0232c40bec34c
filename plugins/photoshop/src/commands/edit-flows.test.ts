import { CancelledError, DEFAULT_LIMITS } from "@easel/plugin-core";
import { EaselClient } from "@easel/shared/client";
import type { Layer } from "@easel/shared/protocol";
import { beforeAll, describe, expect, it } from "vitest";
import { exampleKitFiles, kitForm } from "../../../../tests/support/brand-kits.js";
import type { EaselProcess } from "../../../../tests/support/easel-process.js";
import { sharedEasel } from "../../../../tests/support/shared-easel.js";
import { PhotoshopEmulator } from "../host/emulator/index.js";
import { HostError } from "../host/host-error.js";
import { ProvenanceStore } from "../host/provenance-store.js";
import { memoryStorage, photo, rectSelection } from "../test-support/fixtures.js";
import { keepCandidate } from "./keep-candidate.js";
import { runCommand } from "./run-command.js";

// Select, Adjust and Recolor to brand against the Photoshop emulator and a real Easel server on 127.0.0.1.

describe("Photoshop select and adjust commands against a real Easel server", () => {
  let easel: EaselProcess;
  let client: EaselClient;
  const provenance = () => new ProvenanceStore(memoryStorage());

  beforeAll(async () => {
    easel = await sharedEasel();
    client = new EaselClient({ baseUrl: easel.url, apiKey: await easel.createKey("ps-edits-co", "ret") });
  });

  const portrait = (options: ConstructorParameters<typeof PhotoshopEmulator>[0] = {}, background = true) => {
    const ps = new PhotoshopEmulator(options);
    const doc = ps.openDocument({ title: "hopper.psd", image: photo("grace-hopper-portrait.png"), background });
    return { ps, doc };
  };
  const run = async (ps: PhotoshopEmulator, input: Parameters<typeof runCommand>[1]) => {
    const result = await runCommand({ ps: ps.api, client }, input);
    expect(result.job.status).toBe("succeeded");
    return result;
  };
  const keep = (ps: PhotoshopEmulator, result: Awaited<ReturnType<typeof run>>) =>
    keepCandidate({ ps: ps.api, client, provenance: provenance() }, result, result.candidates[0] as Layer);
  const selectedAt = (doc: { selectionMask: Uint8Array | null; width: number }, x: number, y: number) =>
    doc.selectionMask?.[y * doc.width + x] ?? 0;

  it("Select people makes the person the selection (soft edges kept), one history step, no layer", async () => {
    const { ps, doc } = portrait();
    const source = doc.layers[0]?.surface?.data.slice();
    const result = await run(ps, { kind: "select", mode: "people" });
    const history = doc.history.length;
    const kept = await keep(ps, result);
    expect(kept.selection).toBe("selection");
    expect(doc.history.slice(history)).toEqual(["Easel Select People"]);
    expect(doc.layers).toHaveLength(1);
    expect(doc.layers[0]?.surface?.data).toEqual(source);
    // Her face (centre top) is selected, the backdrop corners are not.
    expect(selectedAt(doc, Math.round(doc.width / 2), Math.round(doc.height / 3))).toBeGreaterThan(200);
    expect(selectedAt(doc, 5, 5)).toBe(0);
    expect(selectedAt(doc, doc.width - 5, 5)).toBe(0);
  });

  it("Select background selects the complement, replacing the marquee the user drew", async () => {
    const { ps, doc } = portrait();
    doc.selectionMask = rectSelection(doc.width, doc.height, 40, 20, doc.width - 80, doc.height - 20);
    const result = await run(ps, { kind: "select", mode: "background" });
    // The marquee told the server where the subject is, in the uploaded image's pixels.
    expect(result.job.request).toMatchObject({ mode: "background", box: { x: 40, y: 20 } });
    await keep(ps, result);
    expect(selectedAt(doc, 5, 5)).toBeGreaterThan(200);
    expect(selectedAt(doc, Math.round(doc.width / 2), Math.round(doc.height / 3))).toBeLessThan(50);
  });

  it("falls back to a layer mask where Photoshop cannot take a selection, and refuses a Background in words", async () => {
    const onLayer = portrait({}, false);
    Reflect.deleteProperty(onLayer.ps.api.imaging, "putSelection");
    const kept = await keep(onLayer.ps, await run(onLayer.ps, { kind: "select", mode: "people" }));
    expect(kept.selection).toBe("layer-mask");
    const layer = onLayer.doc.layers[0];
    expect(layer?.maskAt(5, 5)).toBe(0);
    expect(layer?.maskAt(Math.round(onLayer.doc.width / 2), Math.round(onLayer.doc.height / 3))).toBeGreaterThan(200);
    expect(onLayer.doc.history.at(-1)).toBe("Easel Select People");

    const onBackground = portrait();
    Reflect.deleteProperty(onBackground.ps.api.imaging, "putSelection");
    const history = [...onBackground.doc.history];
    const error = await keep(onBackground.ps, await run(onBackground.ps, { kind: "select", mode: "people" })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HostError);
    expect((error as Error).message).toMatch(/cannot set a selection.*"Background".*double-click/);
    expect(onBackground.doc.history).toEqual(history);
    expect(onBackground.doc.layers[0]?.mask).toBeNull();
  });

  it("leaves the old selection when the user presses Escape while it is set", async () => {
    const { ps, doc } = portrait();
    doc.selectionMask = rectSelection(doc.width, doc.height, 10, 10, 30, 30);
    const before = doc.selectionMask.slice();
    const result = await run(ps, { kind: "select", mode: "people" });
    const history = [...doc.history];
    ps.cancelModalOn("putSelection");
    await expect(keep(ps, result)).rejects.toBeInstanceOf(CancelledError);
    expect(doc.selectionMask).toEqual(before);
    expect(doc.history).toEqual(history);
  });

  it("adjusts only the selection into a new layer masked to it, the source layer untouched", async () => {
    const ps = new PhotoshopEmulator();
    const doc = ps.openDocument({ title: "fig.psd", image: photo("fig-in-red-bowl.png"), background: true });
    doc.selectionMask = rectSelection(doc.width, doc.height, 60, 50, 180, 140);
    const source = doc.layers[0];
    const before = source?.surface?.data.slice();
    const result = await run(ps, { kind: "adjust", adjustments: { exposure: 1, saturation: -100 }, feather: 0 });
    // Only the selection was read and uploaded, with the selection as the job's mask.
    expect(result.uploaded).toEqual({ width: 180, height: 140 });
    expect(result.job.request).toMatchObject({ kind: "adjust", params: { exposure: 1, saturation: -100 } });
    const placed = await keep(ps, result);
    expect(placed.bounds).toEqual({ left: 60, top: 50, right: 240, bottom: 190 });
    expect(doc.history.at(-1)).toBe("Easel Adjust");
    const layer = doc.layerById(placed.layerId);
    const [r, g, b] = layer.pixelAt(150, 120);
    expect([r, g]).toEqual([g, b]); // grey: saturation −100
    expect(layer.maskAt(150, 120)).toBe(255);
    expect(layer.maskAt(30, 30)).toBe(0);
    expect(source?.pixelAt(150, 120)).not.toEqual(layer.pixelAt(150, 120));
    expect(source?.surface?.data).toEqual(before);
  });

  it("refuses to adjust an area larger than the server's limits before uploading, naming the size", async () => {
    const ps = new PhotoshopEmulator();
    ps.openDocument({ title: "fig.psd", image: photo("fig-in-red-bowl.png"), background: true });
    const before = (await client.listAssets()).assets.length;
    const error = await runCommand(
      { ps: ps.api, client, limits: { ...DEFAULT_LIMITS, maxSide: 256 } },
      { kind: "adjust", adjustments: { exposure: 1 } },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostError);
    expect((error as Error).message).toMatch(/at most 256 px a side; this area is \d+×\d+ px/);
    expect((await client.listAssets()).assets.length).toBe(before);
  });

  it("recolors the selection to a brand palette colour, recorded with the kit version", async () => {
    const admin = await easel.createKey("ps-edits-co", "bea", "brand-admin");
    const upload = await fetch(`${easel.url}/v1/brand-kits`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin}` },
      body: kitForm(exampleKitFiles("harvest-table")),
    });
    expect(upload.status).toBe(201);
    const ps = new PhotoshopEmulator();
    const doc = ps.openDocument({ title: "fig.psd", image: photo("fig-in-red-bowl.png"), background: true });
    doc.selectionMask = rectSelection(doc.width, doc.height, 300, 60, 120, 120);
    const result = await run(ps, { kind: "recolor", brandKit: "harvest-table@1", colour: "#2c5cc5", strength: 100 });
    expect(result.job.request).toMatchObject({
      brandKit: "harvest-table@1",
      params: { recolor: { colour: "#2c5cc5" } },
    });
    const placed = await keep(ps, result);
    expect(placed.name).toMatch(/^Easel · Recolor #2c5cc5 \(harvest-table@1\)/);
    expect(doc.history.at(-1)).toBe("Easel Recolor");
    const [r, , b] = doc.layerById(placed.layerId).pixelAt(360, 120);
    expect(b).toBeGreaterThan(r); // moved toward the blue swatch
  });

  it("Remove with Keep faces out of the fill brings the face back unchanged", async () => {
    const { ps, doc } = portrait();
    doc.selectionMask = rectSelection(doc.width, doc.height, 140, 70, 200, 240); // over her face
    const source = doc.layers[0];
    const result = await run(ps, { kind: "remove", seed: 2, protectFaces: true });
    expect(result.job.request).toMatchObject({ params: { protectFaces: true } });
    const placed = await keep(ps, result);
    const layer = doc.layerById(placed.layerId);
    // The centre of the face: revealed by the layer mask, and exactly the source's pixels.
    expect(layer.maskAt(235, 170)).toBe(255);
    expect(layer.pixelAt(235, 170)).toEqual(source?.pixelAt(235, 170));
  });
});
