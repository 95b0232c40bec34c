import { HostError } from "./host-error.js";
import type { PsDocument, PsLayer } from "./photoshop-api.js";

// What Easel refuses before reading anything, each with the menu command that fixes it. Reading a
// 16-bit document as 8-bit would work, but writing 8-bit results back into it would band the
// gradients the user chose 16 bits for, so it is refused rather than converted behind their back.

/** Throws a plain-words HostError unless the document is 8-bit RGB. */
export function checkDocument(doc: PsDocument): void {
  if (doc.mode !== "RGBColorMode")
    throw new HostError(
      `Easel works on RGB documents; this one is ${String(doc.mode).replace(/ColorMode|Mode$/, "")}. Use Image → Mode → RGB Color, then run the command again.`,
    );
  if (doc.bitsPerChannel !== "bitDepth8")
    throw new HostError(
      `Easel works on 8-bit documents; this one has ${String(doc.bitsPerChannel).replace("bitDepth", "")} bits per channel. Use Image → Mode → 8 Bits/Channel (or run Easel on an 8-bit copy).`,
    );
}

/** Throws a plain-words HostError unless the layer is a normal pixel layer. */
export function checkLayer(layer: PsLayer): void {
  switch (layer.kind) {
    case "pixel":
      return;
    case "smartObject":
      throw new HostError(
        `"${layer.name}" is a smart object. Easel edits pixels: open the smart object (double-click it) and run the command inside it, or Rasterize Layer first.`,
      );
    case "group":
      throw new HostError(
        `"${layer.name}" is a group. Select one pixel layer inside it (or merge the group: Layer → Merge Group).`,
      );
    case "text":
      throw new HostError(`"${layer.name}" is a text layer. Rasterize it first (Layer → Rasterize → Type).`);
    default:
      throw new HostError(
        `"${layer.name}" is a ${String(layer.kind)} layer, which holds no pixels of its own. Select a pixel layer.`,
      );
  }
}
