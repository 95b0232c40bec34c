import { decodePng, encodeMaskPng } from "@easel/plugin-core";
import { beforeEach, describe, expect, it } from "vitest";
import { setup as harness, PHOTO } from "../../tests/controller-harness.js";
import type { EmuNode } from "../../tests/figma-emulator.js";
import { apply } from "./geometry/affine.js";

const grey = (width: number, height: number) => encodeMaskPng({ width, height, data: new Uint8Array(width * height) });

function setup() {
  return harness({ fileKey: "FILE123", command: "upscale-2" });
}

function corners(node: EmuNode) {
  const t = node.absoluteTransform;
  return [apply(t, { x: 0, y: 0 }), apply(t, { x: node.width, y: 0 }), apply(t, { x: 0, y: node.height })];
}

describe("main thread command handlers (Figma emulator)", () => {
  let s: ReturnType<typeof setup>;
  beforeEach(() => {
    s = setup();
  });

  it("answers ready with saved settings, the file key and the selection", async () => {
    await s.controller.handle({ type: "ready" });
    expect(s.last()).toMatchObject({
      type: "init",
      fileKey: "FILE123",
      command: "upscale-2",
      launch: { command: "upscale", scale: 2, view: "command" },
      settings: { serverUrl: "https://easel.example.com", apiKey: "" },
    });
    await s.controller.handle({
      type: "save-settings",
      settings: { serverUrl: "http://127.0.0.1:8787", apiKey: "k1" },
    });
    await s.controller.handle({ type: "ready" });
    expect(s.last()).toMatchObject({ type: "init", settings: { serverUrl: "http://127.0.0.1:8787", apiKey: "k1" } });
  });

  it("sends the selected image's own bytes for a 2x upscale", async () => {
    const photo = s.emu.add("RECTANGLE", { name: "Cat", x: 40, y: 30, width: 256, height: 170 });
    s.emu.paintImage(photo, PHOTO);
    s.emu.api.currentPage.selection = [photo];
    const answer = await s.prepare("upscale", 2);
    if (answer.type !== "prepared") throw new Error(JSON.stringify(answer));
    expect(Buffer.compare(Buffer.from(answer.prepared.image as Uint8Array), Buffer.from(PHOTO))).toBe(0);
    expect(answer.prepared.source).toEqual({ nodeId: photo.id, pixelWidth: 512, pixelHeight: 340, mode: "over" });
  });

  it("refuses an upscale above Figma's 4096 px limit and says which scale fits", async () => {
    const big = s.emu.add("RECTANGLE", { width: 1250, height: 800 });
    s.emu.paintImage(big, grey(1250, 800));
    s.emu.api.currentPage.selection = [big];
    expect(await s.prepare("upscale", 4)).toMatchObject({
      type: "refused",
      message: expect.stringMatching(/1250×800 px by 4x would give 5000×3200 px, above Figma's 4096 px.*Use 2x/),
    });
    expect((await s.prepare("upscale", 2)).type).toBe("prepared");
  });

  it("rasterises a rotated ellipse over an offset, half-size image into a mask of the image's pixels", async () => {
    const photo = s.emu.add("RECTANGLE", { name: "Cat", x: 200, y: 100, width: 256, height: 170 });
    s.emu.paintImage(photo, PHOTO);
    // A 100×40 ellipse, rotated 90° about its top-left corner at canvas (300, 120): spans x 300..340, y 20..120.
    const blob = s.emu.add("ELLIPSE", { name: "Area", x: 300, y: 120, width: 100, height: 40, rotation: 90 });
    s.emu.api.currentPage.selection = [photo, blob];
    const answer = await s.prepare("fill");
    if (answer.type !== "prepared") throw new Error(JSON.stringify(answer));
    const png = answer.prepared.mask as Uint8Array;
    const mask = decodePng(png);
    expect([mask.width, mask.height]).toEqual([512, 340]);
    // Compressed: a 512×340 mask of two flat areas is a few kB, not the 174 kB of raw rows.
    expect(png.length).toBeLessThan(8_000);
    const at = (x: number, y: number) => mask.data[(y * 512 + x) * 4];
    // Canvas → image px: (cx - 200) * 2, (cy - 100) * 2. Ellipse centre (320, 70) → px (240, -60): off the image;
    // its lower part covers canvas y 100..120 → px rows 0..40 around column 240.
    expect(at(240, 10)).toBe(255);
    expect(at(240, 38)).toBe(255);
    expect(at(240, 45)).toBe(0);
    expect(at(195, 10)).toBe(0); // left of the ellipse (canvas x 297.5)
    expect(at(285, 10)).toBe(0); // right of it (canvas x 342.5)
    expect(at(100, 200)).toBe(0);
  });

  it("refuses Fill when the shape does not touch the image, naming both layers", async () => {
    const photo = s.emu.add("RECTANGLE", { name: "Cat", width: 256, height: 170 });
    s.emu.paintImage(photo, PHOTO);
    const far = s.emu.add("ELLIPSE", { name: "Far away", x: 1000, y: 1000 });
    s.emu.api.currentPage.selection = [photo, far];
    expect(await s.prepare("fill")).toMatchObject({
      type: "refused",
      message: '"Far away" does not overlap the image "Cat".',
    });
    s.emu.api.currentPage.selection = [photo];
    expect(await s.prepare("fill")).toMatchObject({
      type: "refused",
      message: expect.stringMatching(/shape or vector/),
    });
  });

  it("expands an image to its parent frame's bounds in image pixels", async () => {
    const frame = s.emu.add("FRAME", { name: "Hero", x: 0, y: 0, width: 400, height: 250 });
    const photo = s.emu.add("RECTANGLE", { name: "Cat", x: 50, y: 40, width: 256, height: 170 }, frame);
    s.emu.paintImage(photo, PHOTO);
    s.emu.api.currentPage.selection = [photo];
    const answer = await s.prepare("expand");
    if (answer.type !== "prepared") throw new Error(JSON.stringify(answer));
    // 2 px per unit: left 50 → 100 px, top 40 → 80 px, right 400-306 = 94 → 188 px, bottom 250-210 = 40 → 80 px.
    expect(answer.prepared.extend).toEqual({ left: 100, top: 80, right: 188, bottom: 80 });
  });

  it("sizes Generate to the selected frame", async () => {
    const frame = s.emu.add("FRAME", { name: "Banner", width: 768, height: 512 });
    s.emu.api.currentPage.selection = [frame];
    expect(await s.prepare("generate")).toMatchObject({
      type: "prepared",
      prepared: { size: { width: 768, height: 512 }, source: { nodeId: frame.id, mode: "inside" } },
    });
  });

  it("names the selection as a designer reads it and says what each command still needs", async () => {
    const hero = s.emu.add("RECTANGLE", { name: "Hero image", width: 1200, height: 800 });
    s.emu.paintImage(hero, PHOTO);
    s.emu.api.currentPage.selection = [hero];
    const message = s.last();
    if (message.type !== "selection") throw new Error(JSON.stringify(message));
    expect(message.selection.label).toBe("Hero image · 1200×800");
    expect(message.selection.image?.label).toBe("Hero image · 1200×800");
    expect(message.selection.needs).toEqual({
      generate: expect.stringMatching(/Select a frame/),
      fill: expect.stringMatching(/shape or vector/),
      expand: expect.stringMatching(/in a frame/),
      upscale: null,
      stylize: null,
      vary: expect.stringMatching(/layer Easel placed/),
      select: null,
      adjust: null,
      recolor: null,
    });
    s.emu.api.currentPage.selection = [];
    expect(s.last()).toMatchObject({ selection: { label: "Nothing selected", needs: { generate: null } } });
  });

  it("places a kept upscale exactly over its rotated source, right above it, with provenance", async () => {
    const frame = s.emu.add("FRAME", { name: "Page", x: 500, y: 300, width: 800, height: 600 });
    const other = s.emu.add("RECTANGLE", { name: "Background" }, frame);
    const photo = s.emu.add("RECTANGLE", { name: "Cat", x: 120, y: 80, width: 256, height: 170, rotation: 15 }, frame);
    const above = s.emu.add("RECTANGLE", { name: "Logo" }, frame);
    s.emu.paintImage(photo, PHOTO);
    const upscaled = grey(1024, 680);
    await s.controller.handle({
      type: "place",
      requestId: 7,
      layer: {
        source: { nodeId: photo.id, pixelWidth: 512, pixelHeight: 340, mode: "over" },
        bytes: upscaled,
        placement: { x: 0, y: 0, width: 512, height: 340 },
        label: "Upscale 2x",
        seed: null,
        provenance: { jobId: "job_abc", manifestId: "urn:c2pa:1", manifestUrl: "http://x/v1/provenance/1" },
      },
    });
    const answer = s.last();
    if (answer.type !== "placed") throw new Error(JSON.stringify(answer));
    const placed = frame.children[2] as EmuNode;
    expect(frame.children.map((n) => n.name)).toEqual(["Background", "Cat", "Easel · Upscale 2x", "Logo"]);
    expect(answer).toEqual({ type: "placed", requestId: 7, nodeId: placed.id, name: "Easel · Upscale 2x" });
    expect(placed.type).toBe("RECTANGLE");
    expect(corners(placed)).toEqual(
      corners(photo).map((p) => ({ x: expect.closeTo(p.x, 6), y: expect.closeTo(p.y, 6) })),
    );
    expect(placed.fills).toEqual([{ type: "IMAGE", imageHash: expect.any(String), scaleMode: "FILL" }]);
    const image = s.emu.api.getImageByHash((placed.fills[0] as ImagePaint).imageHash as string);
    expect(await image?.getSizeAsync()).toEqual({ width: 1024, height: 680 });
    expect(Object.fromEntries(placed.pluginData)).toEqual({
      "easel.jobId": "job_abc",
      "easel.manifestId": "urn:c2pa:1",
      "easel.manifestUrl": "http://x/v1/provenance/1",
    });
    expect(Object.keys(placed.relaunchData)).toEqual(["provenance", "variations"]);
    expect(s.emu.api.currentPage.selection).toEqual([placed]);
    expect(other.parent).toBe(frame);
    expect(above.parent).toBe(frame);
  });

  it("places an expanded result beyond its source by the layer's negative placement, named with prompt and seed", async () => {
    const photo = s.emu.add("RECTANGLE", { name: "Cat", x: 100, y: 100, width: 256, height: 170 });
    s.emu.paintImage(photo, PHOTO);
    await s.controller.handle({
      type: "place",
      requestId: 1,
      layer: {
        source: { nodeId: photo.id, pixelWidth: 512, pixelHeight: 340, mode: "over" },
        bytes: grey(712, 440),
        placement: { x: -100, y: -60, width: 712, height: 440 },
        label: "a cat on a sunny windowsill, soft light",
        seed: 42,
        provenance: { jobId: "job_x", manifestId: null, manifestUrl: null },
      },
    });
    const placed = s.emu.page.children[1] as EmuNode;
    expect(placed.name).toBe("Easel · a cat on a sunny windowsill, soft light (42)");
    expect([placed.x, placed.y, placed.width, placed.height]).toEqual([50, 70, 356, 220]);
    expect(placed.relaunchData.provenance).toBe("Made by Easel job job_x");
  });

  it("places a generated image inside its frame, filling it", async () => {
    const frame = s.emu.add("FRAME", { name: "Banner", x: 10, y: 20, width: 384, height: 256 });
    await s.controller.handle({
      type: "place",
      requestId: 3,
      layer: {
        source: { nodeId: frame.id, pixelWidth: 384, pixelHeight: 256, mode: "inside" },
        bytes: grey(384, 256),
        placement: { x: 0, y: 0, width: 384, height: 256 },
        label: "x".repeat(80),
        seed: 7,
        provenance: { jobId: "job_g", manifestId: null, manifestUrl: null },
      },
    });
    const placed = frame.children[0] as EmuNode;
    expect([placed.x, placed.y, placed.width, placed.height]).toEqual([0, 0, 384, 256]);
    expect(placed.absoluteTransform[0][2]).toBe(10);
    expect(placed.name).toBe(`Easel · ${"x".repeat(59)}… (7)`);
  });

  it("says plainly when the source layer was deleted before the result came back", async () => {
    const photo = s.emu.add("RECTANGLE", { name: "Cat" });
    s.emu.paintImage(photo, PHOTO);
    photo.remove();
    await s.controller.handle({
      type: "place",
      requestId: 9,
      layer: {
        source: { nodeId: photo.id, pixelWidth: 512, pixelHeight: 340, mode: "over" },
        bytes: PHOTO,
        placement: { x: 0, y: 0, width: 512, height: 340 },
        label: "Upscale",
        seed: null,
        provenance: { jobId: "job_y", manifestId: null, manifestUrl: null },
      },
    });
    expect(s.last()).toEqual({
      type: "refused",
      requestId: 9,
      message: "The layer this result belongs to was deleted; nothing was placed.",
    });
    expect(s.emu.page.children).toHaveLength(0);
  });

  it("offers Variations only for a layer Easel placed, with its job as parent", async () => {
    const photo = s.emu.add("RECTANGLE", { name: "Cat" });
    s.emu.paintImage(photo, PHOTO);
    s.emu.api.currentPage.selection = [photo];
    expect((await s.prepare("vary")).type).toBe("refused");
    photo.setPluginData("easel.jobId", "job_parent");
    expect(await s.prepare("vary")).toMatchObject({ type: "prepared", prepared: { parentJobId: "job_parent" } });
  });
});
