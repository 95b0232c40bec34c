import { encodeRgbaPng } from "@easel/plugin-core";
import { describe, expect, it } from "vitest";
import { PHOTO, setup } from "../../tests/controller-harness.js";
import { createController } from "./controller.js";

const previews = (s: ReturnType<typeof setup>) =>
  s.emu.page.findAll().filter((n) => n.getPluginData("easel.preview") === "1" && n.type !== "FRAME");

/** A flat 1024×1024 result, one colour per candidate. */
const candidate = (grey: number) =>
  encodeRgbaPng({ width: 64, height: 64, data: new Uint8Array(64 * 64 * 4).fill(grey) });

describe("candidate preview on the canvas (emulator)", () => {
  it("shows one temporary layer over the source, replaced as the designer cycles, kept with provenance", async () => {
    const s = setup();
    const photo = s.emu.add("RECTANGLE", { name: "Cat", x: 40, y: 30, width: 256, height: 170 });
    s.emu.paintImage(photo, PHOTO);
    const first = await s.preview(s.layerFor(photo, { label: "Brand style", seed: 1 }));
    expect(first.type).toBe("previewed");
    expect(previews(s)).toHaveLength(1);
    expect(previews(s)[0]?.name).toBe("Easel preview · Brand style");
    // → : the next candidate replaces the preview; still exactly one, in the same place in the layer list.
    const second = await s.preview(s.layerFor(photo, { label: "Brand style", seed: 2 }));
    expect(previews(s).map((n) => n.id)).toEqual([(second as { nodeId: string }).nodeId]);
    expect(s.emu.page.children.map((n) => n.name)).toEqual(["Cat", "Easel preview · Brand style"]);
    const kept = await s.keep();
    expect(kept).toMatchObject({ type: "placed", name: "Easel · Brand style (2)" });
    const layer = s.node((kept as { nodeId: string }).nodeId);
    expect(layer.getPluginData("easel.jobId")).toBe("job_abc");
    expect(Object.keys(layer.relaunchData)).toEqual(["provenance", "variations"]);
    expect(previews(s)).toHaveLength(0);
    expect(s.emu.api.currentPage.selection).toEqual([layer]);
    // Keeping again without a new preview is refused in words.
    expect(await s.keep()).toMatchObject({ type: "refused", message: expect.stringMatching(/pick a result again/) });
  });

  it("discards the preview on cancel, and when the plugin closes", async () => {
    const s = setup();
    const photo = s.emu.add("RECTANGLE", { name: "Cat" });
    s.emu.paintImage(photo, PHOTO);
    await s.preview(s.layerFor(photo));
    expect(await s.discard()).toMatchObject({ type: "preview-discarded" });
    expect(s.emu.page.children.map((n) => n.name)).toEqual(["Cat"]);
    await s.preview(s.layerFor(photo));
    s.emu.emit("close");
    expect(s.emu.page.children.map((n) => n.name)).toEqual(["Cat"]);
  });

  it("keeps its own preview when the window reloads and says ready again", async () => {
    const s = setup();
    const photo = s.emu.add("RECTANGLE", { name: "Cat" });
    s.emu.paintImage(photo, PHOTO);
    await s.preview(s.layerFor(photo));
    await s.send({ type: "ready" });
    expect(await s.keep()).toMatchObject({ type: "placed" });
  });

  it("removes a preview an earlier session left behind when the plugin opens again", async () => {
    const s = setup();
    const photo = s.emu.add("RECTANGLE", { name: "Cat" });
    s.emu.paintImage(photo, PHOTO);
    await s.preview(s.layerFor(photo));
    // The plugin died without its close handler; a new session starts on the same document.
    const again = createController(s.emu.figma, {
      defaultServerUrl: "https://easel.example.com",
      network: { allowedDomains: [], devAllowedDomains: [] },
    });
    await again.handle({ type: "ready" });
    expect(s.emu.page.children.map((n) => n.name)).toEqual(["Cat"]);
  });

  it("Generate with nothing selected sizes the new frame as the designer chose, centred in the view", async () => {
    const s = setup();
    s.emu.api.viewport.center = { x: 0, y: 0 };
    const prepared = await s.prepare("generate", undefined, { width: 1536, height: 640 });
    if (prepared.type !== "prepared") throw new Error(JSON.stringify(prepared));
    expect(prepared.prepared.source).toMatchObject({ pixelWidth: 1536, pixelHeight: 640, at: { x: -768, y: -320 } });
    expect(prepared.prepared.size).toEqual({ width: 1536, height: 640 });
  });

  it("Generate with nothing selected makes its frame only once a result exists, and removes it on discard", async () => {
    const s = setup();
    s.emu.api.viewport.center = { x: 2000, y: 1000 };
    const prepared = await s.prepare("generate");
    if (prepared.type !== "prepared") throw new Error(JSON.stringify(prepared));
    expect(prepared.prepared.source).toEqual({
      nodeId: null,
      pixelWidth: 1024,
      pixelHeight: 1024,
      mode: "new-frame",
      at: { x: 1488, y: 488 },
    });
    // The server answers 503 or the designer cancels: nothing was made.
    expect(s.emu.page.children).toHaveLength(0);
    const layer = (grey: number) =>
      s.layerFor(null, {
        source: prepared.prepared.source,
        bytes: candidate(grey),
        placement: { x: 0, y: 0, width: 1024, height: 1024 },
        label: "a lighthouse at dusk",
        seed: grey,
      });
    await s.preview(layer(10));
    await s.preview(layer(20));
    const [frame] = s.emu.page.children;
    expect(s.emu.page.children).toHaveLength(1);
    expect(frame).toMatchObject({
      type: "FRAME",
      name: "Easel · Generate",
      x: 1488,
      y: 488,
      width: 1024,
      height: 1024,
    });
    expect(frame?.children).toHaveLength(1);
    await s.discard();
    expect(s.emu.page.children).toHaveLength(0);
    // Kept: the frame stays, with the result filling it.
    await s.preview(layer(30));
    const kept = await s.keep();
    expect(kept).toMatchObject({ type: "placed", name: "Easel · a lighthouse at dusk (30)" });
    const made = s.emu.page.children[0];
    expect(made?.children.map((n) => [n.x, n.y, n.width, n.height])).toEqual([[0, 0, 1024, 1024]]);
    s.emu.emit("close");
    expect(s.emu.page.children).toEqual([made]);
  });

  it("refuses in plain words, never 'Figma refused', when the source was deleted meanwhile", async () => {
    const s = setup();
    const photo = s.emu.add("RECTANGLE", { name: "Cat" });
    s.emu.paintImage(photo, PHOTO);
    photo.remove();
    const answer = await s.preview(s.layerFor(photo));
    expect(answer).toMatchObject({
      type: "refused",
      message: "The layer this result belongs to was deleted; nothing was placed.",
    });
    expect(JSON.stringify(s.emu.posted)).not.toMatch(/Figma refused/);
  });
});
