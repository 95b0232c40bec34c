import type { LayerProvenance, SelectionInfo } from "../messages.js";

/** Plugin-data keys of a placed Easel layer. */
export const DATA_KEYS = { jobId: "easel.jobId", manifestId: "easel.manifestId", manifestUrl: "easel.manifestUrl" };

/** A selected node painted with an image, and that paint. */
export interface ImageSelection {
  node: SceneNode & GeometryMixin & LayoutMixin;
  paint: ImagePaint;
}

const SHAPE_TYPES = new Set(["VECTOR", "RECTANGLE", "ELLIPSE", "POLYGON", "STAR", "BOOLEAN_OPERATION", "LINE"]);

/** Index of the topmost visible image paint in `fills`, or -1. */
export function imagePaintIndex(fills: readonly Paint[]): number {
  for (let i = fills.length - 1; i >= 0; i--) {
    const paint = fills[i] as Paint;
    if (paint.type === "IMAGE" && paint.visible !== false && paint.imageHash) return i;
  }
  return -1;
}

/** The topmost visible image paint of a node, if it has one. */
export function imagePaintOf(node: SceneNode): ImagePaint | null {
  if (!("fills" in node) || !Array.isArray(node.fills)) return null;
  const fills = node.fills as readonly Paint[];
  return (fills[imagePaintIndex(fills)] as ImagePaint | undefined) ?? null;
}

/** The selected image: the first selected node with an image fill. */
export function selectedImage(selection: readonly SceneNode[]): ImageSelection | null {
  for (const node of selection) {
    const paint = imagePaintOf(node);
    if (paint && "absoluteTransform" in node) return { node: node as ImageSelection["node"], paint };
  }
  return null;
}

/** A selected vector/shape without an image fill (the mask for Fill selection). */
export function selectedShape(selection: readonly SceneNode[]): (SceneNode & GeometryMixin & LayoutMixin) | null {
  for (const node of selection) {
    if (SHAPE_TYPES.has(node.type) && !imagePaintOf(node)) return node as SceneNode & GeometryMixin & LayoutMixin;
  }
  return null;
}

/** The selected frame (Generate draws into it). */
export function selectedFrame(selection: readonly SceneNode[]): FrameNode | null {
  for (const node of selection) if (node.type === "FRAME" && !imagePaintOf(node)) return node;
  return null;
}

/** Provenance stored on an Easel layer, or null for other nodes. */
export function provenanceOf(node: BaseNode): LayerProvenance | null {
  const jobId = node.getPluginData(DATA_KEYS.jobId);
  if (!jobId) return null;
  return {
    jobId,
    manifestId: node.getPluginData(DATA_KEYS.manifestId) || null,
    manifestUrl: node.getPluginData(DATA_KEYS.manifestUrl) || null,
  };
}

/** A node as a designer reads it: `Hero image · 1200×800` (name, then W×H as Figma's fields show it). */
export function nodeLabel(node: { name: string; width: number; height: number }): string {
  return `${node.name} · ${Math.round(node.width)}×${Math.round(node.height)}`;
}

function summary(node: SceneNode) {
  return { nodeId: node.id, name: node.name, width: node.width, height: node.height, label: nodeLabel(node) };
}

function selectionLabel(selection: readonly SceneNode[], lead: SceneNode | undefined): string {
  if (!lead) return "Nothing selected";
  const others = selection.filter((n) => n !== lead);
  const head = nodeLabel(lead);
  if (others.length === 0) return head;
  if (others.length === 1) return `${head} and ${(others[0] as SceneNode).name}`;
  return `${head} and ${others.length} more`;
}

/** Describes the selection for the UI: what each command would act on, and what it still needs. */
export function describeSelection(selection: readonly SceneNode[]): SelectionInfo {
  const image = selectedImage(selection);
  const frame = selectedFrame(selection);
  const shape = selectedShape(selection);
  const first = selection[0];
  const provenance = first ? provenanceOf(first) : null;
  const imageNeed = image ? null : "Select an image layer.";
  // A mask or margin in one tile's pixels means nothing for a tiled fill (prepare refuses it too).
  const untiledNeed =
    imageNeed ??
    (image?.paint.scaleMode === "TILE" ? "Set the image fill to Fill or Fit: a tiled fill is not one image." : null);
  const expandNeed =
    untiledNeed ??
    (image?.node.parent?.type === "FRAME" ? null : "Put the image in a frame: Expand grows it to the frame.");
  return {
    image: image ? summary(image.node) : null,
    frame: frame ? summary(frame) : null,
    shape: shape ? { nodeId: shape.id, name: shape.name } : null,
    provenance,
    label: selectionLabel(selection, image?.node ?? frame ?? first),
    needs: {
      generate:
        frame || selection.length === 0
          ? null
          : "Select a frame to generate into, or nothing for a new 1024×1024 frame.",
      fill: untiledNeed ?? (shape ? null : "Select the image and a shape or vector drawn over the area to fill."),
      expand: expandNeed,
      upscale: imageNeed,
      stylize: imageNeed,
      // Select reads the image as uploaded; a tiled fill has no one image to mask.
      select: untiledNeed,
      adjust: untiledNeed,
      recolor: untiledNeed,
      vary: provenance ? null : "Select a layer Easel placed to make variations of it.",
    },
  };
}
