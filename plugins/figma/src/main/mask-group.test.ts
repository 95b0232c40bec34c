import { decodePng, encodeMaskPng } from "@easel/plugin-core";
import { describe, expect, it } from "vitest";
import { PHOTO, pixelDifferences, setup } from "../../tests/controller-harness.js";
import type { EmuNode } from "../../tests/figma-emulator.js";

const photo = decodePng(PHOTO); // 512×340
/** A Select result: the left half of the image selected (255), the right half not (0). */
const leftHalf = () => {
  const data = new Uint8Array(photo.width * photo.height);
  for (let y = 0; y < photo.height; y++) data.fill(255, y * photo.width, y * photo.width + photo.width / 2);
  return encodeMaskPng({ width: photo.width, height: photo.height, data });
};

describe("Select results become a luminance mask over a copy of the image (emulator)", () => {
  it("groups the mask under a copy of the image above the source, masked where the mask is black", async () => {
    const s = setup();
    const source = s.emu.add("RECTANGLE", { name: "Hero image", x: 40, y: 30, width: 256, height: 170, rotation: 30 });
    s.emu.paintImage(source, PHOTO);
    const before = source.fills;
    const layer = s.layerFor(source, { bytes: leftHalf(), label: "Select subject", maskOf: "subject" });
    expect(await s.preview(layer)).toMatchObject({ type: "previewed" });
    const kept = await s.keep();
    expect(kept).toMatchObject({ type: "placed", name: "Easel · Subject of Hero image" });
    const group = s.node((kept as { nodeId: string }).nodeId);
    expect(group.type).toBe("GROUP");
    expect(s.emu.page.children.map((n) => n.name)).toEqual(["Hero image", "Easel · Subject of Hero image"]);
    const [mask, copy] = group.children as [EmuNode, EmuNode];
    expect([mask.name, mask.isMask, mask.maskType]).toEqual(["Mask", true, "LUMINANCE"]);
    expect([copy.name, copy.isMask]).toEqual(["Image", false]);
    // The original is untouched: same paint, no mask, and it still shows every pixel of the photo.
    expect(source.fills).toEqual(before);
    expect(source.isMask).toBe(false);
    expect(group.getPluginData("easel.jobId")).toBe("job_abc");

    // Pixels: sample the image's own pixel grid (through its 30° rotation) on the canvas.
    const t = source.absoluteTransform;
    const at = (px: number, py: number) => {
      const x = ((px + 0.5) / photo.width) * source.width;
      const y = ((py + 0.5) / photo.height) * source.height;
      return { x: t[0][0] * x + t[0][1] * y + t[0][2], y: t[1][0] * x + t[1][1] * y + t[1][2] };
    };
    let inside = 0;
    let outside = 0;
    for (let py = 5; py < photo.height; py += 23) {
      for (let px = 3; px < photo.width; px += 19) {
        const o = (py * photo.width + px) * 4;
        const original = [...photo.data.subarray(o, o + 4)];
        expect(s.render.colorAt(source, at(px, py))).toEqual(original);
        expect(s.render.colorAt(mask, at(px, py))).toBeNull(); // a mask is not drawn
        const seen = s.render.colorAt(copy, at(px, py));
        if (px < photo.width / 2) {
          expect(seen).toEqual(original);
          inside++;
        } else {
          expect(seen).toBeNull();
          outside++;
        }
      }
    }
    expect(inside).toBeGreaterThan(100);
    expect(outside).toBeGreaterThan(100);
  });

  it("a discarded Select preview leaves nothing behind, the emptied group included", async () => {
    const s = setup();
    const source = s.emu.add("RECTANGLE", { name: "Hero image", width: 256, height: 170 });
    s.emu.paintImage(source, PHOTO);
    await s.preview(s.layerFor(source, { bytes: leftHalf(), maskOf: "people" }));
    expect(s.emu.page.children.map((n) => n.name)).toEqual(["Hero image", "Easel preview · People of Hero image"]);
    await s.discard();
    expect(s.emu.page.findAll().map((n) => n.name)).toEqual(["Hero image"]);
  });

  it("in auto-layout the group stays out of the flow; inside an instance it goes above the instance", async () => {
    const s = setup();
    const row = s.emu.add("FRAME", { name: "Row", x: 100, y: 100, width: 900, height: 300 });
    row.layoutMode = "HORIZONTAL";
    row.itemSpacing = 16;
    const before = s.emu.add("RECTANGLE", { name: "Before", width: 80, height: 80 }, row);
    const source = s.emu.add("RECTANGLE", { name: "Cat", width: 256, height: 170 }, row);
    const after = s.emu.add("RECTANGLE", { name: "After", width: 80, height: 80 }, row);
    s.emu.paintImage(source, PHOTO);
    const positions = () => [before, source, after].map((n) => [n.x, n.y]);
    const was = positions();
    const kept = await s.place(s.layerFor(source, { bytes: leftHalf(), maskOf: "subject" }));
    const group = s.node((kept as { nodeId: string }).nodeId);
    expect(group.layoutPositioning).toBe("ABSOLUTE");
    expect(positions()).toEqual(was);
    const copy = group.children[1] as EmuNode;
    // Where the mask is white the copy is exactly the source; the rest is hidden.
    const left = pixelDifferences(s.render, source, copy, { within: true });
    expect(left.different).toBeGreaterThan(left.compared * 0.4);
    expect(left.different).toBeLessThan(left.compared * 0.6);

    const page = s.emu.add("FRAME", { name: "Page", width: 1000, height: 800 });
    const card = s.emu.add("INSTANCE", { name: "Card", x: 100, y: 60, width: 400, height: 300, rotation: 5 }, page);
    const inner = s.emu.add("RECTANGLE", { name: "Photo", x: 10, y: 10, width: 256, height: 170 }, card);
    s.emu.paintImage(inner, PHOTO);
    const answer = await s.place(s.layerFor(inner, { bytes: leftHalf(), maskOf: "background" }));
    expect(answer).toMatchObject({ type: "placed", name: "Easel · Background of Photo" });
    const above = s.node((answer as { nodeId: string }).nodeId);
    expect(page.children.indexOf(above)).toBe(page.children.indexOf(card) + 1);
    const image = above.children[1] as EmuNode;
    const inLeftHalf = { x: 140, y: 110 };
    expect(s.render.colorAt(inner, inLeftHalf)).not.toBeNull();
    expect(s.render.colorAt(image, inLeftHalf)).toEqual(s.render.colorAt(inner, inLeftHalf));
  });

  it("emulates Figma's maskType values and empty groups strictly", () => {
    const s = setup();
    const rect = s.emu.add("RECTANGLE");
    expect(() => {
      (rect as unknown as { maskType: string }).maskType = "GREY";
    }).toThrow(/maskType/);
    expect(() => s.emu.api.group([], s.emu.page)).toThrow(/at least one node/);
  });
});

describe("Adjust results replace the image in place, like Brand style (emulator)", () => {
  it("a kept adjust result is a copy of the source with the new pixels, exactly over it", async () => {
    const s = setup();
    const source = s.emu.add("RECTANGLE", { name: "Hero image", x: 10, y: 20, width: 256, height: 170, rotation: -15 });
    s.emu.paintImage(source, PHOTO);
    s.emu.api.currentPage.selection = [source];
    const prepared = await s.prepare("adjust");
    if (prepared.type !== "prepared") throw new Error(JSON.stringify(prepared));
    expect(prepared.prepared.mask).toBeUndefined(); // the whole image, no shape drawn
    await s.preview(s.layerFor(source, { label: "Adjust", bytes: PHOTO }));
    const kept = await s.keep();
    expect(kept).toMatchObject({ type: "placed", name: "Easel · Adjust" });
    const layer = s.node((kept as { nodeId: string }).nodeId);
    expect(layer.type).toBe("RECTANGLE");
    expect(pixelDifferences(s.render, source, layer).different).toBe(0);
  });

  it("Adjust with a shape drawn over the image sends the shape as its mask", async () => {
    const s = setup();
    const source = s.emu.add("RECTANGLE", { name: "Hero image", width: 512, height: 340 });
    s.emu.paintImage(source, PHOTO);
    const area = s.emu.add("ELLIPSE", { name: "Area", x: 100, y: 100, width: 100, height: 80 });
    s.emu.api.currentPage.selection = [source, area];
    const prepared = await s.prepare("recolor");
    if (prepared.type !== "prepared") throw new Error(JSON.stringify(prepared));
    expect(prepared.prepared.command).toBe("recolor");
    const mask = decodePng(prepared.prepared.mask as Uint8Array);
    expect(mask.data[(140 * 512 + 150) * 4]).toBe(255);
    expect(mask.data[(20 * 512 + 20) * 4]).toBe(0);
  });
});
