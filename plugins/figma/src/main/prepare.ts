import { encodeMaskPng } from "@easel/plugin-core";
import { type Command, FIGMA_MAX_IMAGE_SIDE, type PreparedSource, type SourceRef } from "../messages.js";
import { apply, invert } from "./geometry/affine.js";
import { countCovered, rasteriseMask } from "./geometry/mask.js";
import { readImageSource } from "./image-source.js";
import { Refusal } from "./refusal.js";
import { provenanceOf, selectedFrame, selectedImage, selectedShape } from "./selection.js";

/** Smallest and largest generate size the service accepts (px), see `GenerateParams`. */
const GENERATE_MIN = 64;

/** Reads what a command needs from the current selection; throws {@link Refusal} in the designer's words. */
export async function prepareCommand(
  api: PluginAPI,
  command: Command,
  scale: 2 | 4 = 2,
  newFrameSize?: { width: number; height: number },
): Promise<PreparedSource> {
  const selection = api.currentPage.selection;
  switch (command) {
    case "upscale":
      return prepareUpscale(api, selection, scale);
    case "fill":
      return prepareFill(api, selection);
    case "expand":
      return prepareExpand(api, selection);
    case "stylize":
      return prepareImageCommand(api, selection, "stylize");
    case "select":
      return prepareImageCommand(api, selection, "select");
    case "adjust":
    case "recolor":
      return prepareAdjust(api, selection, command);
    case "vary":
      return prepareVary(api, selection);
    case "generate":
      return prepareGenerate(api, selection, newFrameSize);
    default: {
      const never: never = command;
      throw new Refusal(`Unknown command ${String(never)}.`);
    }
  }
}

function requireImage(selection: readonly SceneNode[], what: string) {
  const image = selectedImage(selection);
  if (!image) throw new Refusal(`Select an image layer to ${what}.`);
  return image;
}

async function prepareImageCommand(
  api: PluginAPI,
  selection: readonly SceneNode[],
  command: Command,
): Promise<PreparedSource> {
  const image = requireImage(selection, VERBS[command] ?? "edit");
  if (image.paint.scaleMode === "TILE" && command === "select")
    throw new Refusal("Set the image fill to Fill or Fit: a tiled fill is not one image to select in.");
  const source = await readImageSource(api, image);
  return { command, source: overSource(image.node.id, source), image: source.bytes };
}

const VERBS: Partial<Record<Command, string>> = {
  stylize: "apply the brand style to",
  select: "select in",
  adjust: "adjust",
  recolor: "recolor",
};

/**
 * Adjust and Recolor work on the whole image, or inside a shape drawn over it (Figma has no pixel selection):
 * the shape becomes the mask, as for Fill.
 */
async function prepareAdjust(
  api: PluginAPI,
  selection: readonly SceneNode[],
  command: "adjust" | "recolor",
): Promise<PreparedSource> {
  if (!selectedShape(selection)) return prepareImageCommand(api, selection, command);
  return { ...(await prepareFill(api, selection)), command };
}

async function prepareUpscale(api: PluginAPI, selection: readonly SceneNode[], scale: 2 | 4): Promise<PreparedSource> {
  const image = requireImage(selection, "upscale");
  const source = await readImageSource(api, image);
  const longest = Math.max(source.width, source.height);
  if (longest * scale > FIGMA_MAX_IMAGE_SIDE) {
    const fits = ([4, 2] as const).find((s) => longest * s <= FIGMA_MAX_IMAGE_SIDE);
    throw new Refusal(
      `Upscaling ${source.width}×${source.height} px by ${scale}x would give ` +
        `${source.width * scale}×${source.height * scale} px, above Figma's ${FIGMA_MAX_IMAGE_SIDE} px image limit. ` +
        (fits ? `Use ${fits}x instead.` : "This image is already too large to upscale in Figma."),
    );
  }
  return { command: "upscale", source: overSource(image.node.id, source), image: source.bytes };
}

async function prepareFill(api: PluginAPI, selection: readonly SceneNode[]): Promise<PreparedSource> {
  const image = requireImage(selection, "fill");
  const shape = selectedShape(selection);
  if (!shape) throw new Refusal("Select the image and a shape or vector drawn over the area to fill.");
  const source = await readImageSource(api, image);
  const mask = rasteriseMask(
    { paths: shape.fillGeometry, absoluteTransform: shape.absoluteTransform },
    {
      absoluteTransform: image.node.absoluteTransform,
      nodeToPixels: source.nodeToPixels(),
      width: source.width,
      height: source.height,
    },
  );
  if (countCovered(mask) === 0) throw new Refusal(`"${shape.name}" does not overlap the image "${image.node.name}".`);
  return {
    command: "fill",
    source: overSource(image.node.id, source),
    image: source.bytes,
    // Compressed (deflate, adaptive filters): a 4096² mask is mostly runs, a few hundred kB, not 16 MiB.
    mask: encodeMaskPng({ width: source.width, height: source.height, data: mask }),
  };
}

async function prepareExpand(api: PluginAPI, selection: readonly SceneNode[]): Promise<PreparedSource> {
  const image = requireImage(selection, "expand");
  const frame = image.node.parent;
  if (frame?.type !== "FRAME") throw new Refusal("Put the image in a frame: Expand grows it to the frame.");
  const source = await readImageSource(api, image);
  // Frame corners in image pixels: frame local → image node local (relativeTransform is relative to the frame).
  const toPixels = invert(image.node.relativeTransform);
  const [[a, c], [b, d]] = image.node.relativeTransform;
  if (Math.abs(b) > 1e-6 || Math.abs(c) > 1e-6 || a < 0 || d < 0) {
    throw new Refusal("Expand needs an unrotated image; reset the image's rotation first.");
  }
  const nodeToPixels = source.nodeToPixels();
  const topLeft = apply(nodeToPixels, apply(toPixels, { x: 0, y: 0 }));
  const bottomRight = apply(nodeToPixels, apply(toPixels, { x: frame.width, y: frame.height }));
  const extend = {
    left: Math.max(0, Math.round(-topLeft.x)),
    top: Math.max(0, Math.round(-topLeft.y)),
    right: Math.max(0, Math.round(bottomRight.x - source.width)),
    bottom: Math.max(0, Math.round(bottomRight.y - source.height)),
  };
  if (extend.left + extend.top + extend.right + extend.bottom === 0) {
    throw new Refusal(`"${image.node.name}" already fills its frame "${frame.name}"; make the frame larger first.`);
  }
  const width = source.width + extend.left + extend.right;
  const height = source.height + extend.top + extend.bottom;
  if (Math.max(width, height) > FIGMA_MAX_IMAGE_SIDE) {
    throw new Refusal(
      `Expanding to the frame gives ${width}×${height} px, above Figma's ${FIGMA_MAX_IMAGE_SIDE} px image limit.`,
    );
  }
  return { command: "expand", source: overSource(image.node.id, source), image: source.bytes, extend };
}

async function prepareVary(api: PluginAPI, selection: readonly SceneNode[]): Promise<PreparedSource> {
  const first = selection[0];
  const provenance = first ? provenanceOf(first) : null;
  if (!first || !provenance) throw new Refusal("Select a layer Easel placed to make variations of it.");
  const prepared = await prepareImageCommand(api, [first], "vary");
  return { ...prepared, parentJobId: provenance.jobId };
}

/** Side of the frame Generate makes when nothing is selected (px), the service's default size. */
const NEW_FRAME_SIDE = 1024;

function prepareGenerate(
  api: PluginAPI,
  selection: readonly SceneNode[],
  chosen: { width: number; height: number } = { width: NEW_FRAME_SIDE, height: NEW_FRAME_SIDE },
): PreparedSource {
  const frame = selectedFrame(selection);
  if (!frame && selection.length === 0) {
    // The frame is made only when a result is previewed or kept: a 503 or a cancel leaves the page as it was.
    const center = api.viewport?.center ?? { x: 0, y: 0 };
    const { width, height } = chosen;
    return {
      command: "generate",
      source: {
        nodeId: null,
        pixelWidth: width,
        pixelHeight: height,
        mode: "new-frame",
        at: { x: Math.round(center.x - width / 2), y: Math.round(center.y - height / 2) },
      },
      size: { width, height },
    };
  }
  if (!frame)
    throw new Refusal(
      "Select a frame to generate into (or nothing, for a new frame); the image takes the frame's size.",
    );
  const width = Math.round(frame.width);
  const height = Math.round(frame.height);
  if (Math.min(width, height) < GENERATE_MIN || Math.max(width, height) > FIGMA_MAX_IMAGE_SIDE) {
    throw new Refusal(
      `The frame is ${width}×${height}; generate needs ${GENERATE_MIN} to ${FIGMA_MAX_IMAGE_SIDE} px on each side.`,
    );
  }
  return {
    command: "generate",
    source: { nodeId: frame.id, pixelWidth: width, pixelHeight: height, mode: "inside" },
    size: { width, height },
  };
}

function overSource(nodeId: string, source: { width: number; height: number }): SourceRef {
  return { nodeId, pixelWidth: source.width, pixelHeight: source.height, mode: "over" };
}
