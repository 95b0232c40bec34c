/** Drives the main thread's controller against the Figma emulator, as the UI iframe would. */
import { readFileSync } from "node:fs";
import { decodePng, encodeRgbaPng, type RgbaImage } from "@easel/plugin-core";
import { createController } from "../src/main/controller.js";
import { MainToUi, type NetworkAccess, type PlaceLayer, type PreparedSource, type UiToMain } from "../src/messages.js";
import { createRenderer } from "./emu-render.js";
import { createFigmaEmulator, type EmuNode } from "./figma-emulator.js";

/** The photo every placement test uses (512×340 px). */
export const PHOTO = new Uint8Array(
  readFileSync(new URL("../../../tests/fixtures/photos/cat-chelsea.png", import.meta.url)),
);

export const NETWORK: NetworkAccess = {
  allowedDomains: ["https://easel.example.com"],
  devAllowedDomains: ["http://localhost:8787", "http://127.0.0.1:8787"],
};

/** `image` scaled by a whole factor with nearest neighbour: every result pixel is one source pixel. */
export function upscaleNearest(image: RgbaImage, factor: number): RgbaImage {
  const width = image.width * factor;
  const height = image.height * factor;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (Math.floor(y / factor) * image.width + Math.floor(x / factor)) * 4;
      data.set(image.data.subarray(o, o + 4), (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

/** The photo upscaled 2x, encoded: a result that must look exactly like its source where it replaces it. */
export function photoUpscaled(): Uint8Array {
  return encodeRgbaPng(upscaleNearest(decodePng(PHOTO), 2));
}

export function setup(options: Parameters<typeof createFigmaEmulator>[0] = {}) {
  const emu = createFigmaEmulator({ command: "upscale-2", ...options });
  const controller = createController(emu.figma, { defaultServerUrl: "https://easel.example.com", network: NETWORK });
  // Wired as src/main/code.ts wires them.
  emu.api.on("selectionchange", () => controller.selectionChanged());
  emu.api.on("close", () => controller.closing());
  const render = createRenderer(emu.imageBytes);
  let requestId = 0;
  const last = () => MainToUi.parse(emu.posted.at(-1));
  const send = async (message: UiToMain) => {
    await controller.handle(message);
    return last();
  };
  const prepare = (command: PreparedSource["command"], scale?: 2 | 4, size?: { width: number; height: number }) =>
    send({ type: "prepare", requestId: ++requestId, command, ...(scale ? { scale } : {}), ...(size ? { size } : {}) });
  const layerFor = (source: EmuNode | null, overrides: Partial<PlaceLayer> = {}): PlaceLayer => ({
    source: { nodeId: source?.id ?? null, pixelWidth: 512, pixelHeight: 340, mode: "over" },
    bytes: PHOTO,
    placement: { x: 0, y: 0, width: 512, height: 340 },
    label: "Upscale 2x",
    seed: null,
    provenance: { jobId: "job_abc", manifestId: "urn:c2pa:1", manifestUrl: "http://x/v1/provenance/1" },
    ...overrides,
  });
  const place = (layer: PlaceLayer) => send({ type: "place", requestId: ++requestId, layer });
  const preview = (layer: PlaceLayer) => send({ type: "preview", requestId: ++requestId, layer });
  const keep = () => send({ type: "keep-preview", requestId: ++requestId });
  const discard = () => send({ type: "discard-preview", requestId: ++requestId });
  const node = (id: string) => emu.page.findAll().find((n) => n.id === id) as EmuNode;
  return { emu, controller, render, last, send, prepare, layerFor, place, preview, keep, discard, node };
}

/**
 * Renders `expected` and `actual` on a grid over `expected`'s canvas bounds (plus a margin) and counts the
 * points where they differ: a different colour, or one showing something where the other shows nothing.
 */
export function pixelDifferences(
  render: ReturnType<typeof createRenderer>,
  expected: EmuNode,
  actual: EmuNode,
  options: {
    samples?: number;
    margin?: number /** Compare only where `expected` shows something. */;
    within?: boolean;
  } = {},
): { compared: number; different: number } {
  const t = expected.absoluteTransform;
  const corners = [
    [0, 0],
    [expected.width, 0],
    [0, expected.height],
    [expected.width, expected.height],
  ].map(([x, y]) => ({
    x: t[0][0] * (x as number) + t[0][1] * (y as number) + t[0][2],
    y: t[1][0] * (x as number) + t[1][1] * (y as number) + t[1][2],
  }));
  const margin = options.margin ?? 10;
  const minX = Math.min(...corners.map((c) => c.x)) - margin;
  const maxX = Math.max(...corners.map((c) => c.x)) + margin;
  const minY = Math.min(...corners.map((c) => c.y)) - margin;
  const maxY = Math.max(...corners.map((c) => c.y)) + margin;
  const side = Math.sqrt(options.samples ?? 6000);
  // Odd offsets keep sample points off pixel and shape boundaries.
  const stepX = (maxX - minX) / side;
  const stepY = (maxY - minY) / side;
  let compared = 0;
  let different = 0;
  for (let y = minY + stepY * 0.3719; y < maxY; y += stepY) {
    for (let x = minX + stepX * 0.6183; x < maxX; x += stepX) {
      const a = render.colorAt(expected, { x, y });
      const b = render.colorAt(actual, { x, y });
      if (a) compared++;
      else if (options.within) continue;
      if ((a === null) !== (b === null) || (a && b && a.some((v, i) => Math.abs(v - (b[i] as number)) > 1)))
        different++;
    }
  }
  return { compared, different };
}
