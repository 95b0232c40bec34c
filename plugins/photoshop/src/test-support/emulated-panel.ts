import { base64Decode, decodePng } from "@easel/plugin-core";
import { PhotoshopEmulator } from "../host/emulator/index.js";
import { ProvenanceStore } from "../host/provenance-store.js";
import { defineSpectrumShims } from "../ui/browser-shim.js";
import { Panel } from "../ui/panel.js";
import { memorySecretStorage, SettingsStore } from "../ui/settings-store.js";

// The built panel with the Photoshop emulator as `require("photoshop")`, for headless Chromium: the
// test opens a photo, draws a selection and starts the panel, then drives it like a user. A document
// view beside the panel shows the top layers and the selection (blue), so screenshots show what a
// command did to the document, not only the panel.

declare const EASEL_SERVER_URL: string;

const emulator = new PhotoshopEmulator();
defineSpectrumShims();
document.body.style.width = "300px"; // a docked Photoshop panel's width; the document view sits to its right

const SIDE = 300; // px: the document view's longest side

function showDocument(): void {
  const doc = emulator.activeDocument;
  if (!doc) return;
  let canvas = document.getElementById("document-view") as HTMLCanvasElement | null;
  if (!canvas) {
    canvas = document.createElement("canvas");
    canvas.id = "document-view";
    canvas.style.cssText = "position:absolute;left:320px;top:12px;border:1px solid #555;background:#777";
    document.body.append(canvas);
  }
  const view = canvas;
  const scale = SIDE / Math.max(doc.width, doc.height);
  canvas.width = Math.round(doc.width * scale);
  canvas.height = Math.round(doc.height * scale);
  const ctx = canvas.getContext("2d") as CanvasRenderingContext2D;
  const image = ctx.createImageData(canvas.width, canvas.height);
  const selectedAt = (x: number, y: number) =>
    (doc.selectionMask?.[Math.floor(y / scale) * doc.width + Math.floor(x / scale)] ?? 0) > 127 &&
    x < view.width &&
    y < view.height;
  for (let y = 0; y < canvas.height; y++)
    for (let x = 0; x < canvas.width; x++) {
      const dx = Math.floor(x / scale);
      const dy = Math.floor(y / scale);
      let rgb = [119, 119, 119];
      for (const layer of [...doc.layers].reverse()) {
        const [r, g, b, a] = layer.pixelAt(dx, dy);
        const w = ((a / 255) * layer.maskAt(dx, dy)) / 255;
        rgb = [
          r * w + (rgb[0] as number) * (1 - w),
          g * w + (rgb[1] as number) * (1 - w),
          b * w + (rgb[2] as number) * (1 - w),
        ];
      }
      // The selection as Photoshop shows it: marching ants along its edge (at half selection), a faint tint inside.
      const o = (y * canvas.width + x) * 4;
      const inside = selectedAt(x, y);
      const edge = inside !== selectedAt(x + 1, y) || inside !== selectedAt(x, y + 1);
      const tint = inside ? 0.18 : 0;
      const px = edge
        ? ((x + y) >> 2) & 1
          ? [255, 255, 255]
          : [0, 0, 0]
        : rgb.map((v, c) => v * (1 - tint) + (c === 2 ? 255 : 80) * tint);
      image.data.set([...px, 255], o);
    }
  ctx.putImageData(image, 0, 0);
}

const easelTest = {
  emulator,
  /** Opens a PNG (base64) as a document with a background layer. */
  open(base64Png: string, title: string): number {
    return emulator.openDocument({ title, image: decodePng(base64Decode(base64Png)), background: true }).id;
  },
  /** Draws a rectangular marquee selection (px). */
  select(left: number, top: number, width: number, height: number): void {
    const doc = emulator.activeDocument;
    if (!doc) throw new Error("no document");
    const mask = new Uint8Array(doc.width * doc.height);
    for (let y = top; y < top + height; y++) mask.fill(255, y * doc.width + left, y * doc.width + left + width);
    doc.selectionMask = mask;
  },
  showDocument,
  /** Starts the panel as UXP would, with the API key already in secure storage. */
  async start(apiKey: string): Promise<void> {
    const secret = memorySecretStorage();
    await secret.setItem("easel.apiKey", apiKey);
    const panel = new Panel({
      ps: emulator.api,
      settings: new SettingsStore(localStorage, secret, EASEL_SERVER_URL),
      provenance: new ProvenanceStore(localStorage),
      storage: localStorage,
      root: document,
    });
    await panel.start();
  },
};

(globalThis as unknown as { easelTest: typeof easelTest }).easelTest = easelTest;
