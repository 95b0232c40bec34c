import { type Affine, apply, invert, multiply } from "./geometry/affine.js";
import { Refusal } from "./refusal.js";

/** A layer to create: its size and its page-space transform (rotation, flip and translation only). */
export interface RectPlan {
  width: number;
  height: number;
  absolute: Affine;
}

/** Where a new layer goes in the tree. */
export interface Host {
  parent: BaseNode & ChildrenMixin;
  index: number;
  /** True when the source sits inside an instance and the layer goes right above that instance instead. */
  besideInstance: boolean;
}

const SKEW_TOLERANCE = 1e-6;

/**
 * Maps a rectangle in image pixels through `pixelsToCanvas` onto what a Figma node can be: a width, a
 * height and a transform without scale (Figma keeps size in width/height; `relativeTransform` must not
 * scale). Refuses skew, which no node can show.
 */
export function planRect(
  pixelsToCanvas: Affine,
  rect: { x: number; y: number; width: number; height: number },
): RectPlan {
  const origin = apply(pixelsToCanvas, { x: rect.x, y: rect.y });
  const right = apply(pixelsToCanvas, { x: rect.x + rect.width, y: rect.y });
  const down = apply(pixelsToCanvas, { x: rect.x, y: rect.y + rect.height });
  const ex = { x: right.x - origin.x, y: right.y - origin.y };
  const ey = { x: down.x - origin.x, y: down.y - origin.y };
  const width = Math.hypot(ex.x, ex.y);
  const height = Math.hypot(ey.x, ey.y);
  if (width < 0.01 || height < 0.01) throw new Refusal("The result would be smaller than Figma's 0.01 px minimum.");
  if (Math.abs(ex.x * ey.x + ex.y * ey.y) / (width * height) > SKEW_TOLERANCE) {
    throw new Refusal("The image is skewed on the canvas, so no layer can cover it exactly; nothing was placed.");
  }
  return {
    width,
    height,
    absolute: [
      [ex.x / width, ey.x / height, origin.x],
      [ex.y / width, ey.y / height, origin.y],
    ],
  };
}

/** The outermost instance `node` sits in (or is), or null. Figma refuses to add layers anywhere inside one. */
export function outermostInstance(node: BaseNode): InstanceNode | null {
  let found: InstanceNode | null = null;
  for (let n: BaseNode | null = node; n && n.type !== "PAGE" && n.type !== "DOCUMENT"; n = n.parent) {
    if (n.type === "INSTANCE") found = n;
  }
  return found;
}

/**
 * Where a layer goes: `above` the node (its next sibling) or `inside` it (on top of its children, or at
 * the bottom with `atBottom`). Inside an instance (Figma: "Cannot move node. New parent is an instance or is
 * inside of an instance") it goes right above the outermost instance instead, still covering the source.
 */
export function hostFor(node: SceneNode, where: "above" | "inside", atBottom = false): Host {
  const instance = outermostInstance(node);
  if (instance) return siblingAbove(instance, true);
  if (where === "inside" && "appendChild" in node) {
    const parent = node as unknown as BaseNode & ChildrenMixin;
    return { parent, index: atBottom ? 0 : parent.children.length, besideInstance: false };
  }
  return siblingAbove(node, false);
}

function siblingAbove(node: SceneNode, besideInstance: boolean): Host {
  const parent = node.parent as (BaseNode & ChildrenMixin) | null;
  if (!parent) throw new Refusal(`"${node.name}" is not on a page any more; nothing was placed.`);
  return { parent, index: parent.children.indexOf(node) + 1, besideInstance };
}

function hasAutoLayout(node: BaseNode): boolean {
  return "layoutMode" in node && (node as FrameNode).layoutMode !== "NONE";
}

/**
 * Inserts `layer` at `host` and moves it to `absolute` (page space). In an auto-layout parent the layer is
 * taken out of the flow first (`layoutPositioning = "ABSOLUTE"`), or auto-layout would move it and its
 * siblings. The parent's own space is read back from the inserted layer, so groups (which have no space of
 * their own) and nested frames need no special case.
 */
export function insertAt(layer: SceneNode & LayoutMixin, host: Host, absolute: Affine): void {
  host.parent.insertChild(host.index, layer);
  if (hasAutoLayout(host.parent)) layer.layoutPositioning = "ABSOLUTE";
  const parentSpace = multiply(layer.absoluteTransform, invert(layer.relativeTransform));
  const relative = multiply(invert(parentSpace), absolute);
  layer.relativeTransform = [
    [relative[0][0], relative[0][1], relative[0][2]],
    [relative[1][0], relative[1][1], relative[1][2]],
  ];
}
