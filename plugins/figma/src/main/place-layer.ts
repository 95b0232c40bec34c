import type { PlaceLayer } from "../messages.js";
import { type Affine, invert, multiply, scaling } from "./geometry/affine.js";
import { readImageSource } from "./image-source.js";
import { groupMask, maskLabel } from "./mask-group.js";
import { hostFor, insertAt, planRect } from "./placement.js";
import { Refusal } from "./refusal.js";
import { DATA_KEYS, imagePaintIndex, imagePaintOf } from "./selection.js";

/** Longest prompt kept in a layer name (characters); Figma's layers panel shows little more. */
const NAME_PROMPT_CHARS = 60;
/** Plugin-data key marking the temporary preview layer. */
export const PREVIEW_KEY = "easel.preview";
/** How far a placement may be from the source's whole image and still replace it (px). */
const SAME_AREA = 0.5;

/** The layer name for a result: `Easel · <prompt or label> (<seed>)`. */
export function layerName(label: string, seed: number | null): string {
  const text = label.trim().replace(/\s+/g, " ");
  const short = text.length > NAME_PROMPT_CHARS ? `${text.slice(0, NAME_PROMPT_CHARS - 1)}…` : text;
  return seed === null ? `Easel · ${short}` : `Easel · ${short} (${seed})`;
}

export type ResultNode = SceneNode & LayoutMixin & GeometryMixin;
/** What a result becomes on the canvas: a layer, or the group of a Select result's mask and image copy. */
export type PlacedNode = SceneNode;

/** A result layer on the canvas, and the frame made for it (Generate with nothing selected). */
export interface CreatedLayer {
  node: PlacedNode;
  frame: FrameNode | null;
}

/** Frame Generate makes when nothing was selected, only once a result exists. */
function makeGenerateFrame(api: PluginAPI, layer: PlaceLayer): FrameNode {
  const frame = api.createFrame();
  frame.name = "Easel · Generate";
  frame.resize(layer.source.pixelWidth, layer.source.pixelHeight);
  frame.x = layer.source.at?.x ?? 0;
  frame.y = layer.source.at?.y ?? 0;
  return frame;
}

function createImage(api: PluginAPI, bytes: Uint8Array): Image {
  try {
    return api.createImage(bytes);
  } catch (error) {
    throw new Refusal(`Figma could not read the result image (${(error as Error).message}); nothing was placed.`);
  }
}

function imageByHash(api: PluginAPI, hash: string): Image {
  const image = api.getImageByHash(hash);
  if (!image) throw new Refusal("The source image could not be read; nothing was placed.");
  return image;
}

async function sourceNode(api: PluginAPI, nodeId: string | null): Promise<ResultNode> {
  const node = nodeId ? await api.getNodeByIdAsync(nodeId) : null;
  if (!node || node.removed || !("relativeTransform" in node) || !node.parent) {
    throw new Refusal("The layer this result belongs to was deleted; nothing was placed.");
  }
  return node as ResultNode;
}

const coversWholeImage = (layer: PlaceLayer) =>
  Math.abs(layer.placement.x) <= SAME_AREA &&
  Math.abs(layer.placement.y) <= SAME_AREA &&
  Math.abs(layer.placement.width - layer.source.pixelWidth) <= SAME_AREA &&
  Math.abs(layer.placement.height - layer.source.pixelHeight) <= SAME_AREA;

/**
 * Puts a result on the canvas exactly over its source: a preview (`preview: true`, marked so it can be
 * found and removed) or a kept layer with provenance. `frame` reuses the frame an earlier preview made.
 *
 * A result covering the source's whole image replaces it in place: a copy of the source (same shape, corner
 * radius, clipping, strokes, effects, opacity, blend mode, and the image paint's scale mode, crop, tiling
 * and rotation) with the new image, right above it. A frame or instance with children gets the result as its
 * bottom layer instead, so its children stay visible. Other results (Expand) become a rectangle over the
 * image pixels they belong to.
 */
export async function createResultLayer(
  api: PluginAPI,
  layer: PlaceLayer,
  options: { preview: boolean; frame?: FrameNode | null },
): Promise<CreatedLayer> {
  let frame: FrameNode | null = null;
  let source: ResultNode;
  if (layer.source.mode === "new-frame") {
    frame = options.frame && !options.frame.removed ? options.frame : makeGenerateFrame(api, layer);
    frame.setPluginData(PREVIEW_KEY, options.preview ? "1" : "");
    source = frame;
  } else source = await sourceNode(api, layer.source.nodeId);
  const image = createImage(api, layer.bytes);
  const paint = layer.source.mode === "over" ? imagePaintOf(source) : null;
  if (layer.source.mode === "over" && !paint) {
    throw new Refusal(`"${source.name}" no longer has an image; nothing was placed.`);
  }
  let node: PlacedNode;
  let label = layer.label;
  if (layer.maskOf) {
    if (!paint || !coversWholeImage(layer))
      throw new Refusal("The selection mask does not match the image's size; nothing was placed.");
    const from = paint;
    node = await groupMask(api, layer, from, image.hash, async (hash) =>
      replaceInPlace(api, source, from, hash === image.hash ? image : imageByHash(api, hash), layer),
    );
    label = maskLabel(layer.maskOf, source.name);
  } else
    node =
      paint && coversWholeImage(layer)
        ? await replaceInPlace(api, source, paint, image, layer)
        : await rectangleOver(api, source, paint, image, layer);
  node.name = options.preview ? `Easel preview · ${label.trim().slice(0, 60)}` : layerName(label, layer.seed);
  if (options.preview) markPreview(node);
  else markKept(node, layer);
  return { node, frame };
}

async function replaceInPlace(
  api: PluginAPI,
  source: ResultNode,
  paint: ImagePaint,
  image: Image,
  layer: PlaceLayer,
): Promise<ResultNode> {
  let next: ImagePaint = { ...paint, imageHash: image.hash };
  if (paint.scaleMode === "TILE") {
    // A tile shows `scalingFactor` canvas units per image pixel of the source; keep the tile's size on canvas.
    const size = await image.getSizeAsync();
    next = { ...next, scalingFactor: (paint.scalingFactor ?? 1) * (layer.source.pixelWidth / size.width) };
  }
  // Figma hands out a new copy of `fills` on every read: find the image paint by position, not identity.
  const fills = [...(source.fills as readonly Paint[])];
  fills[imagePaintIndex(fills)] = next;
  if ("children" in source && (source as unknown as ChildrenMixin).children.length > 0) {
    // Under the children of a frame/component/instance: the same box, corners and fills.
    const rect = api.createRectangle();
    rect.resize(source.width, source.height);
    copyCorners(source, rect);
    rect.fills = fills;
    insertAt(rect, hostFor(source, "inside", true), source.absoluteTransform);
    return rect;
  }
  const copy = source.clone() as ResultNode;
  copy.fills = fills;
  for (const key of copy.getPluginDataKeys()) copy.setPluginData(key, "");
  copy.setRelaunchData({});
  insertAt(copy, hostFor(source, "above"), source.absoluteTransform);
  return copy;
}

function copyCorners(from: BaseNode, to: RectangleNode): void {
  if (!("topLeftRadius" in from)) return;
  const corners = from as unknown as RectangleCornerMixin & CornerMixin;
  to.topLeftRadius = corners.topLeftRadius;
  to.topRightRadius = corners.topRightRadius;
  to.bottomLeftRadius = corners.bottomLeftRadius;
  to.bottomRightRadius = corners.bottomRightRadius;
  to.cornerSmoothing = corners.cornerSmoothing;
}

async function rectangleOver(
  api: PluginAPI,
  source: ResultNode,
  paint: ImagePaint | null,
  image: Image,
  layer: PlaceLayer,
): Promise<RectangleNode> {
  // Source pixels → source node local coordinates.
  let pixelsToLocal: Affine;
  if (paint) pixelsToLocal = invert((await readImageSource(api, { node: source, paint })).nodeToPixels());
  else pixelsToLocal = scaling(source.width / layer.source.pixelWidth, source.height / layer.source.pixelHeight);
  const plan = planRect(multiply(source.absoluteTransform, pixelsToLocal), layer.placement);
  const size = await image.getSizeAsync();
  const rect = api.createRectangle();
  rect.resize(plan.width, plan.height);
  // FILL when the layer has the image's shape; else stretch exactly (CROP with the identity transform).
  const sameShape = Math.abs(plan.width / plan.height - size.width / size.height) < 1e-3 * (size.width / size.height);
  rect.fills = [
    sameShape
      ? { type: "IMAGE", imageHash: image.hash, scaleMode: "FILL" }
      : {
          type: "IMAGE",
          imageHash: image.hash,
          scaleMode: "CROP",
          imageTransform: [
            [1, 0, 0],
            [0, 1, 0],
          ],
        },
  ];
  insertAt(rect, hostFor(source, paint ? "above" : "inside"), plan.absolute);
  return rect;
}

function markPreview(node: PlacedNode): void {
  node.setPluginData(PREVIEW_KEY, "1");
}

function markKept(node: PlacedNode, layer: PlaceLayer): void {
  node.setPluginData(PREVIEW_KEY, "");
  node.setPluginData(DATA_KEYS.jobId, layer.provenance.jobId);
  node.setPluginData(DATA_KEYS.manifestId, layer.provenance.manifestId ?? "");
  node.setPluginData(DATA_KEYS.manifestUrl, layer.provenance.manifestUrl ?? "");
  node.setRelaunchData({
    provenance: layer.provenance.manifestId
      ? `Content credentials ${layer.provenance.manifestId}`
      : `Made by Easel job ${layer.provenance.jobId}`,
    variations: "More like this",
  });
}

/** Turns a preview into the kept layer: final name, provenance, relaunch buttons. */
export function keepPreview(node: PlacedNode, layer: PlaceLayer): void {
  // A mask group is named after its source (`Subject of Hero image`), which the preview's name already says.
  node.name = layer.maskOf ? node.name.replace(/^Easel preview · /, "Easel · ") : layerName(layer.label, layer.seed);
  markKept(node, layer);
}
