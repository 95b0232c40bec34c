import { CancelledError, RunController } from "@easel/plugin-core";
import { EaselClient, EaselError } from "@easel/shared/client";
import { beforeAll, describe, expect, it } from "vitest";
import { exampleKitFiles, kitForm } from "../../../../tests/support/brand-kits.js";
import type { EaselProcess } from "../../../../tests/support/easel-process.js";
import { sharedEasel } from "../../../../tests/support/shared-easel.js";
import { PhotoshopEmulator } from "../host/emulator/index.js";
import { HostError } from "../host/host-error.js";
import { ProvenanceStore } from "../host/provenance-store.js";
import { memoryStorage, photo, rectSelection, withSquare } from "../test-support/fixtures.js";
import { keepCandidate } from "./keep-candidate.js";
import { runCommand } from "./run-command.js";

// The panel's command flows against the Photoshop emulator and a real Easel server on 127.0.0.1.

const SQUARE = { x: 200, y: 120, size: 40 }; // the object to remove (px)
const MARGIN = 4; // selection drawn around the object (px)

describe("Photoshop commands against a real Easel server", () => {
  let easel: EaselProcess;
  let client: EaselClient;

  beforeAll(async () => {
    easel = await sharedEasel();
    client = new EaselClient({ baseUrl: easel.url, apiKey: await easel.createKey("ps-commands-co", "ret") });
  });

  const openScene = () => {
    const ps = new PhotoshopEmulator();
    const image = withSquare(photo("forest-stream.png"), SQUARE.x, SQUARE.y, SQUARE.size);
    const doc = ps.openDocument({ title: "forest.psd", image, background: true });
    const source = doc.layers[0];
    if (!source?.surface) throw new Error("no background");
    const sourcePixels = source.surface.data.slice();
    return { ps, doc, source, image, sourcePixels };
  };

  it("removes a selected object into a new masked layer, as one undo step, leaving the source untouched", async () => {
    const { ps, doc, source, sourcePixels } = openScene();
    const s = { x: SQUARE.x - MARGIN, y: SQUARE.y - MARGIN, size: SQUARE.size + 2 * MARGIN };
    doc.selectionMask = rectSelection(doc.width, doc.height, s.x, s.y, s.size, s.size);
    const storage = memoryStorage();
    const run = await runCommand({ ps: ps.api, client }, { kind: "remove", seed: 7 });
    expect(run.job.status).toBe("succeeded");
    const best = run.candidates[0];
    if (!best) throw new Error("no candidate");
    const historyBefore = doc.history.length;
    const placed = await keepCandidate({ ps: ps.api, client, provenance: new ProvenanceStore(storage) }, run, best);

    expect(placed.name).toBe("Easel · Remove (7)");
    expect(doc.layers.map((l) => l.name)).toEqual(["Easel · Remove (7)", "Background"]);
    expect(doc.history.slice(historyBefore)).toEqual(["Easel Remove"]);
    // Only the selection and its context were read, and the result covers exactly that area.
    expect(placed.bounds).toEqual(run.placement.crop);
    expect(run.placement.crop.right - run.placement.crop.left).toBeLessThan(doc.width);
    expect(source.surface?.data).toEqual(sourcePixels);

    const fill = doc.layerById(placed.layerId);
    // The layer mask reveals the selection only.
    expect(fill.maskAt(s.x + 1, s.y + 1)).toBe(255);
    expect(fill.maskAt(s.x - 1, s.y)).toBe(0);
    expect(fill.maskAt(10, 10)).toBe(0);
    // The object is gone where the mask reveals the fill: its centre is no longer the dark square.
    const [r, g, b] = fill.pixelAt(SQUARE.x + SQUARE.size / 2, SQUARE.y + SQUARE.size / 2);
    expect(r + g + b).toBeGreaterThan(3 * 45);

    const provenance = new ProvenanceStore(storage).lookup("forest.psd", placed.layerId);
    expect(provenance).toMatchObject({ jobId: run.job.id, kind: "remove", seed: 7 });
    expect(provenance?.manifestUrl).toMatch(/manifest/);
  });

  it("fills with a prompt and names the layer after the prompt and seed", async () => {
    const { ps, doc, source, sourcePixels } = openScene();
    doc.selectionMask = rectSelection(doc.width, doc.height, 190, 110, 60, 60);
    const run = await runCommand({ ps: ps.api, client }, { kind: "fill", prompt: "mossy rock", seed: 11 });
    const placed = await keepCandidate(
      { ps: ps.api, client, provenance: new ProvenanceStore(memoryStorage()) },
      run,
      run.candidates[0] as (typeof run.candidates)[number],
    );
    expect(placed.name).toBe("Easel · mossy rock (11)");
    expect(doc.layerById(placed.layerId).mask).not.toBeNull();
    expect(doc.history.at(-1)).toBe("Easel Generative Fill");
    expect(source.surface?.data).toEqual(sourcePixels);
  });

  it("expands the canvas and places the outpainted layer so the original pixels line up", async () => {
    const { ps, doc, source, image } = openScene();
    const extend = { left: 32, top: 0, right: 32, bottom: 24 };
    const run = await runCommand({ ps: ps.api, client }, { kind: "expand", extend, seed: 3 });
    const placed = await keepCandidate(
      { ps: ps.api, client, provenance: new ProvenanceStore(memoryStorage()) },
      run,
      run.candidates[0] as (typeof run.candidates)[number],
    );
    expect([doc.width, doc.height]).toEqual([512 + 64, 340 + 24]);
    expect(placed.bounds).toEqual({ left: 0, top: 0, right: 576, bottom: 364 });
    expect(doc.history.at(-1)).toBe("Easel Expand Canvas");
    expect(doc.layers.map((l) => l.name)).toEqual([placed.name, "Background"]);
    const fill = doc.layerById(placed.layerId);
    let moved = 0;
    for (let y = 0; y < image.height; y += 7) {
      for (let x = 0; x < image.width; x += 7) {
        const want = Array.from(image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 3));
        // The seam is grown and feathered (8 + 8 px by default), so compare away from it.
        const inner = x >= 17 && x < image.width - 17 && y < image.height - 17;
        if (
          inner &&
          fill
            .pixelAt(x + 32, y)
            .slice(0, 3)
            .join() !== want.join()
        )
          moved++;
        // The source keeps its pixels, shifted with the canvas.
        expect(source.pixelAt(x + 32, y).slice(0, 3)).toEqual(want);
      }
    }
    expect(moved).toBe(0);
  });

  it("upscales the layer 2x into a new document and leaves the source document alone", async () => {
    const { ps, doc } = openScene();
    const history = [...doc.history];
    const run = await runCommand({ ps: ps.api, client }, { kind: "upscale", scale: 2, tier: "instant" });
    const placed = await keepCandidate(
      { ps: ps.api, client, provenance: new ProvenanceStore(memoryStorage()) },
      run,
      run.candidates[0] as (typeof run.candidates)[number],
    );
    const created = ps.documentById(placed.documentId);
    expect(created).not.toBe(doc);
    expect([created.width, created.height]).toEqual([1024, 680]);
    expect(created.title).toBe("forest 2x");
    expect(placed.bounds).toEqual({ left: 0, top: 0, right: 1024, bottom: 680 });
    expect(placed.name).toMatch(/^Easel · .* 2x$/);
    expect(doc.history).toEqual(history);
    expect(doc.layers).toHaveLength(1);
  });

  it("asks for a selection in plain words before uploading anything for a fill", async () => {
    const { ps } = openScene();
    const before = await client.listAssets();
    await expect(runCommand({ ps: ps.api, client }, { kind: "fill", prompt: "sky" })).rejects.toThrow(HostError);
    await expect(runCommand({ ps: ps.api, client }, { kind: "remove" })).rejects.toThrow(/Select what to remove/);
    expect((await client.listAssets()).assets.length).toBe(before.assets.length);
  });

  it("rolls the whole step back when Photoshop fails half-way through placing", async () => {
    const { ps, doc } = openScene();
    doc.selectionMask = rectSelection(doc.width, doc.height, 196, 116, 48, 48);
    const run = await runCommand({ ps: ps.api, client }, { kind: "remove", seed: 1 });
    const layers = doc.layers.map((l) => l.id);
    const history = [...doc.history];
    Object.assign(ps.api.imaging, {
      putLayerMask: async () => {
        throw new Error("Photoshop: out of scratch disk");
      },
    });
    await expect(
      keepCandidate(
        { ps: ps.api, client, provenance: new ProvenanceStore(memoryStorage()) },
        run,
        run.candidates[0] as (typeof run.candidates)[number],
      ),
    ).rejects.toThrow(/scratch disk/);
    expect(doc.layers.map((l) => l.id)).toEqual(layers);
    expect(doc.history).toEqual(history);
  });

  it("reports generate's missing model as a 503 problem the panel can explain", async () => {
    const { ps } = openScene();
    const error = await runCommand({ ps: ps.api, client }, { kind: "generate", prompt: "a red kite" }).catch((e) => e);
    expect(error).toBeInstanceOf(EaselError);
    expect((error as EaselError).status).toBe(503);
  });

  it("matches a layer to a brand kit in a new layer, the source untouched", async () => {
    const kitAdmin = await easel.createKey("ps-commands-co", "bea", "brand-admin");
    const upload = await fetch(`${easel.url}/v1/brand-kits`, {
      method: "POST",
      headers: { authorization: `Bearer ${kitAdmin}` },
      body: kitForm(exampleKitFiles("northwind-tech")),
    });
    expect(upload.status).toBe(201);
    const { ps, doc, source, sourcePixels } = openScene();
    const run = await runCommand(
      { ps: ps.api, client },
      { kind: "brand-style", brandKit: "northwind-tech", strength: 1 },
    );
    expect(run.job.status).toBe("succeeded");
    expect(run.candidates[0]?.scores.adherence).toBeGreaterThan(0);
    const placed = await keepCandidate(
      { ps: ps.api, client, provenance: new ProvenanceStore(memoryStorage()) },
      run,
      run.candidates[0] as (typeof run.candidates)[number],
    );
    expect(placed.name).toMatch(/northwind-tech/);
    expect(doc.layers).toHaveLength(2);
    expect(source.surface?.data).toEqual(sourcePixels);
  });

  it("cancels a running job from the panel: the server stops it and nothing is placed", async () => {
    const { ps, doc } = openScene();
    let jobId = "";
    const controller: RunController = new RunController({
      client,
      follow: "stream",
      onEvent: (event) => {
        jobId = event.jobId;
        if (event.type === "started") void controller.cancel();
      },
    });
    const running = runCommand({ ps: ps.api, client, controller }, { kind: "upscale", scale: 4, tier: "best" });
    await expect(running).rejects.toBeInstanceOf(CancelledError);
    await expect.poll(async () => (await client.getJob(jobId)).status).toBe("cancelled");
    expect(doc.layers).toHaveLength(1);
  });
});
