import { decodePng, encodeRgbaPng } from "@easel/plugin-core";
import { beforeAll, describe, expect, it } from "vitest";
import { PHOTO, photoUpscaled, pixelDifferences, setup } from "../../tests/controller-harness.js";
import type { EmuNode } from "../../tests/figma-emulator.js";
import { planRect } from "./placement.js";

// Every test keeps a 2x upscale (nearest neighbour) of the photo: where the kept layer replaces its source,
// the canvas must look the same at every sampled point (the emulator's renderer, not the plugin's mapping).
let upscaled: Uint8Array;
beforeAll(() => {
  upscaled = photoUpscaled();
});

type S = ReturnType<typeof setup>;

async function keepUpscale(s: S, source: EmuNode): Promise<EmuNode> {
  const answer = await s.place(s.layerFor(source, { bytes: upscaled }));
  if (answer.type !== "placed") throw new Error(JSON.stringify(answer));
  return s.node(answer.nodeId);
}

describe("placing a kept result exactly over its source (emulator, pixel by pixel)", () => {
  it("replaces a rotated, resized, rounded image in a rotated frame, keeping radius, effects, opacity and blend", async () => {
    const s = setup();
    const frame = s.emu.add("FRAME", { name: "Card", x: 300, y: 200, width: 800, height: 600, rotation: -12 });
    const photo = s.emu.add("RECTANGLE", { name: "Cat", x: 120, y: 80, width: 300, height: 170, rotation: 33 }, frame);
    s.emu.paintImage(photo, PHOTO);
    photo.cornerRadius = 24;
    photo.opacity = 0.8;
    photo.blendMode = "MULTIPLY";
    photo.effects = [
      {
        type: "DROP_SHADOW",
        color: { r: 0, g: 0, b: 0, a: 0.3 },
        offset: { x: 0, y: 4 },
        radius: 12,
        visible: true,
        blendMode: "NORMAL",
      },
    ];
    const kept = await keepUpscale(s, photo);
    expect(kept.parent).toBe(frame);
    expect(frame.children.indexOf(kept)).toBe(frame.children.indexOf(photo) + 1);
    expect([kept.cornerRadius, kept.opacity, kept.blendMode, kept.effects]).toEqual([
      24,
      0.8,
      "MULTIPLY",
      photo.effects,
    ]);
    const { compared, different } = pixelDifferences(s.render, photo, kept);
    expect(compared).toBeGreaterThan(2000);
    expect(different).toBe(0);
  });

  it("replaces a flipped image (negative determinant), still flipped", async () => {
    const s = setup();
    const photo = s.emu.add("RECTANGLE", { name: "Cat", width: 256, height: 170 });
    photo.relativeTransform = [
      [-1, 0, 400],
      [0, 1, 50],
    ];
    s.emu.paintImage(photo, PHOTO);
    const kept = await keepUpscale(s, photo);
    expect(kept.relativeTransform[0][0]).toBeCloseTo(-1, 9);
    expect(pixelDifferences(s.render, photo, kept).different).toBe(0);
  });

  it("keeps a letterboxed (FIT) image letterboxed: nothing spills into the empty bands", async () => {
    const s = setup();
    const photo = s.emu.add("RECTANGLE", { name: "Cat", x: 40, y: 40, width: 300, height: 300 });
    s.emu.paintImage(photo, PHOTO, { scaleMode: "FIT" });
    const kept = await keepUpscale(s, photo);
    expect(kept.fills[0]).toMatchObject({ scaleMode: "FIT" });
    expect(pixelDifferences(s.render, photo, kept).different).toBe(0);
    // The top band (above the letterboxed picture) shows nothing in either layer.
    expect(s.render.colorAt(kept, { x: 190, y: 45 })).toBeNull();
  });

  it("keeps a cropped image's crop (CROP with an imageTransform)", async () => {
    const s = setup();
    const photo = s.emu.add("RECTANGLE", { name: "Cat", x: 10, y: 20, width: 200, height: 150 });
    s.emu.paintImage(photo, PHOTO, {
      scaleMode: "CROP",
      imageTransform: [
        [0.5, 0, 0.3],
        [0, 0.6, 0.2],
      ],
    });
    const kept = await keepUpscale(s, photo);
    expect(pixelDifferences(s.render, photo, kept).different).toBe(0);
  });

  it("keeps a tiled image's tile size on the canvas (TILE: scalingFactor halves for a 2x image)", async () => {
    const s = setup();
    const photo = s.emu.add("RECTANGLE", { name: "Pattern", x: 0, y: 0, width: 700, height: 500 });
    s.emu.paintImage(photo, PHOTO, { scaleMode: "TILE", scalingFactor: 0.5 });
    const kept = await keepUpscale(s, photo);
    expect(kept.fills[0]).toMatchObject({ scaleMode: "TILE", scalingFactor: 0.25 });
    expect(pixelDifferences(s.render, photo, kept).different).toBe(0);
  });

  it("keeps an image fill turned 90° inside its layer", async () => {
    const s = setup();
    const photo = s.emu.add("RECTANGLE", { name: "Cat", x: 0, y: 0, width: 170, height: 256 });
    s.emu.paintImage(photo, PHOTO, { scaleMode: "FILL", rotation: 90 });
    const kept = await keepUpscale(s, photo);
    expect(pixelDifferences(s.render, photo, kept).different).toBe(0);
  });

  it("keeps the shape of an image painted in an ellipse", async () => {
    const s = setup();
    const photo = s.emu.add("ELLIPSE", { name: "Avatar", x: 50, y: 50, width: 200, height: 200, rotation: 10 });
    s.emu.paintImage(photo, PHOTO);
    const kept = await keepUpscale(s, photo);
    expect(kept.type).toBe("ELLIPSE");
    expect(pixelDifferences(s.render, photo, kept).different).toBe(0);
  });

  it("takes the layer out of auto-layout flow (ABSOLUTE), so neither it nor the siblings move", async () => {
    const s = setup();
    const row = s.emu.add("FRAME", { name: "Row", x: 100, y: 100, width: 900, height: 300 });
    row.layoutMode = "HORIZONTAL";
    row.itemSpacing = 16;
    row.paddingLeft = 24;
    const before = s.emu.add("RECTANGLE", { name: "Before", width: 80, height: 80 }, row);
    const photo = s.emu.add("RECTANGLE", { name: "Cat", width: 256, height: 170 }, row);
    const after = s.emu.add("RECTANGLE", { name: "After", width: 80, height: 80 }, row);
    s.emu.paintImage(photo, PHOTO);
    const positions = () => [before, photo, after].map((n) => [n.x, n.y]);
    const was = positions();
    const kept = await keepUpscale(s, photo);
    expect(kept.layoutPositioning).toBe("ABSOLUTE");
    expect(positions()).toEqual(was);
    expect([kept.x, kept.y]).toEqual([photo.x, photo.y]);
    expect(pixelDifferences(s.render, photo, kept).different).toBe(0);
  });

  it("places a result for a layer inside an instance right above the instance, still exactly over it", async () => {
    const s = setup();
    const frame = s.emu.add("FRAME", { name: "Page", x: 0, y: 0, width: 1000, height: 800 });
    const card = s.emu.add("INSTANCE", { name: "Card", x: 100, y: 60, width: 400, height: 300, rotation: 5 }, frame);
    const inner = s.emu.add("FRAME", { name: "Media", x: 20, y: 20, width: 360, height: 260 }, card);
    const photo = s.emu.add("RECTANGLE", { name: "Cat", x: 10, y: 10, width: 256, height: 170 }, inner);
    s.emu.paintImage(photo, PHOTO);
    // Figma's own rule, which the emulator follows: no new layers anywhere inside an instance.
    expect(() => inner.appendChild(s.emu.api.createRectangle())).toThrow(/instance/);
    const answer = await s.place(s.layerFor(photo, { bytes: upscaled }));
    expect(answer.type).toBe("placed");
    const kept = s.node((answer as { nodeId: string }).nodeId);
    expect(kept.parent).toBe(frame);
    expect(frame.children.indexOf(kept)).toBe(frame.children.indexOf(card) + 1);
    expect(pixelDifferences(s.render, photo, kept).different).toBe(0);
  });

  it("follows groups, which have no coordinate space of their own", async () => {
    const s = setup();
    const frame = s.emu.add("FRAME", { name: "Page", x: 50, y: 70, width: 1000, height: 800, rotation: 20 });
    const group = s.emu.add("GROUP", { name: "Group" }, frame);
    const photo = s.emu.add(
      "RECTANGLE",
      { name: "Cat", x: 200, y: 100, width: 256, height: 170, rotation: -40 },
      group,
    );
    s.emu.paintImage(photo, PHOTO);
    const kept = await keepUpscale(s, photo);
    expect(kept.parent).toBe(group);
    expect(pixelDifferences(s.render, photo, kept).different).toBe(0);
  });

  it("puts a result for a frame's image fill under the frame's children, where the fill was", async () => {
    const s = setup();
    const hero = s.emu.add("FRAME", { name: "Hero", x: 0, y: 0, width: 512, height: 340 });
    s.emu.paintImage(hero, PHOTO);
    hero.cornerRadius = 16;
    const title = s.emu.add("RECTANGLE", { name: "Title" }, hero);
    const kept = await keepUpscale(s, hero);
    expect(hero.children).toEqual([kept, title]);
    expect(kept.cornerRadius).toBe(16);
    expect(pixelDifferences(s.render, hero, kept).different).toBe(0);
  });

  it("puts a generated image on top of an auto-layout frame's children without moving them", async () => {
    const s = setup();
    const column = s.emu.add("FRAME", { name: "Column", x: 10, y: 10, width: 384, height: 256 });
    column.layoutMode = "VERTICAL";
    const child = s.emu.add("RECTANGLE", { name: "Child", width: 50, height: 50 }, column);
    const answer = await s.place(
      s.layerFor(column, {
        source: { nodeId: column.id, pixelWidth: 384, pixelHeight: 256, mode: "inside" },
        placement: { x: 0, y: 0, width: 384, height: 256 },
        bytes: encodeRgbaPng({ width: 384, height: 256, data: new Uint8Array(384 * 256 * 4).fill(200) }),
      }),
    );
    const placed = s.node((answer as { nodeId: string }).nodeId);
    expect(column.children).toEqual([child, placed]);
    expect(placed.layoutPositioning).toBe("ABSOLUTE");
    expect([placed.x, placed.y, placed.width, placed.height]).toEqual([0, 0, 384, 256]);
    expect([child.x, child.y]).toEqual([0, 0]);
  });

  it("places an expanded result around a rotated source: the original pixels land on the original pixels", async () => {
    const s = setup();
    const frame = s.emu.add("FRAME", { name: "Hero", x: 100, y: 100, width: 800, height: 600, rotation: 25 });
    const photo = s.emu.add("RECTANGLE", { name: "Cat", x: 150, y: 120, width: 256, height: 170 }, frame);
    s.emu.paintImage(photo, PHOTO);
    // The result: the photo with 100 px of half-transparent grey left and right, 60 px above and below (712×460).
    const src = decodePng(PHOTO);
    const out = { width: 712, height: 460, data: new Uint8Array(712 * 460 * 4).fill(128) };
    for (let y = 0; y < src.height; y++)
      out.data.set(src.data.subarray(y * src.width * 4, (y + 1) * src.width * 4), ((y + 60) * 712 + 100) * 4);
    const answer = await s.place(
      s.layerFor(photo, {
        bytes: encodeRgbaPng(out),
        placement: { x: -100, y: -60, width: 712, height: 460 },
        label: "Expand",
      }),
    );
    const kept = s.node((answer as { nodeId: string }).nodeId);
    expect([kept.width, kept.height]).toEqual([expect.closeTo(356, 9), expect.closeTo(230, 9)]);
    // Over the source every sampled point matches; the kept layer also shows the grey border outside it.
    const inside = pixelDifferences(s.render, photo, kept, { within: true });
    expect(inside.different).toBe(0);
    const t = photo.absoluteTransform;
    const leftOfSource = { x: t[0][2] - 20 * t[0][0] + 50 * t[0][1], y: t[1][2] - 20 * t[1][0] + 50 * t[1][1] };
    expect(s.render.colorAt(kept, leftOfSource)).toEqual([128, 128, 128, 128]); // the border is half transparent grey
  });
});

describe("planRect", () => {
  it("refuses a skewed mapping in words instead of placing a layer that cannot match", () => {
    expect(() =>
      planRect(
        [
          [1, 0.5, 0],
          [0, 1, 0],
        ],
        { x: 0, y: 0, width: 10, height: 10 },
      ),
    ).toThrow(/skewed/);
  });
});
