/**
 * What a node of the Figma emulator shows at a canvas point: its shape (corner radii, ellipse), the clip of
 * every ancestor frame with `clipsContent`, its topmost image paint laid out by scale mode (FILL, FIT, CROP
 * with `imageTransform`, TILE with `scalingFactor`, paint rotation), opacity down the tree, and masks (`isMask`
 * with ALPHA, VECTOR or LUMINANCE `maskType`) over later siblings. Written from
 * Figma's documentation (https://www.figma.com/plugin-docs/api/Paint/#imagepaint), independently of the
 * main thread's own mapping, so tests compare two implementations, not one with itself.
 */
import { decodePng, type RgbaImage } from "@easel/plugin-core";
import type { Affine, Point } from "../src/main/geometry/affine.js";
import type { EmuNode } from "./emu-node.js";

export type Rgba = [number, number, number, number];

function inverseApply(t: Affine, p: Point): Point {
  const [[a, c, e], [b, d, f]] = t;
  const det = a * d - b * c;
  const x = p.x - e;
  const y = p.y - f;
  return { x: (d * x - c * y) / det, y: (-b * x + a * y) / det };
}

/** Inside the node's own shape (local coordinates), corners rounded as its radii say. */
function insideShape(node: EmuNode, p: Point): boolean {
  const { width: w, height: h } = node;
  if (p.x < 0 || p.y < 0 || p.x > w || p.y > h) return false;
  if (node.type === "ELLIPSE") return ((p.x - w / 2) / (w / 2)) ** 2 + ((p.y - h / 2) / (h / 2)) ** 2 <= 1;
  const corners: [number, number, number][] = [
    [node.topLeftRadius, node.topLeftRadius, node.topLeftRadius],
    [node.topRightRadius, w - node.topRightRadius, node.topRightRadius],
    [node.bottomLeftRadius, node.bottomLeftRadius, h - node.bottomLeftRadius],
    [node.bottomRightRadius, w - node.bottomRightRadius, h - node.bottomRightRadius],
  ];
  for (const [r, cx, cy] of corners) {
    if (r <= 0) continue;
    const inCornerBox = (cx < w / 2 ? p.x < cx : p.x > cx) && (cy < h / 2 ? p.y < cy : p.y > cy);
    if (inCornerBox && (p.x - cx) ** 2 + (p.y - cy) ** 2 > r * r) return false;
  }
  return true;
}

/** Unrotates a point of a paint turned by `rotation` degrees (clockwise) about the node's centre. */
function unrotate(p: Point, w: number, h: number, rotation: number): { p: Point; w: number; h: number } {
  const turns = (((rotation / 90) % 4) + 4) % 4;
  if (turns === 0) return { p, w, h };
  if (turns === 1) return { p: { x: p.y, y: w - p.x }, w: h, h: w };
  if (turns === 2) return { p: { x: w - p.x, y: h - p.y }, w, h };
  return { p: { x: h - p.y, y: p.x }, w: h, h: w };
}

/** Image pixel (fractional) shown at a local point of a node painted with `paint`, or null outside the image. */
export function imagePixelAt(
  paint: ImagePaint,
  node: { width: number; height: number },
  image: RgbaImage,
  local: Point,
): Point | null {
  const { p, w, h } = unrotate(local, node.width, node.height, paint.scaleMode === "CROP" ? 0 : (paint.rotation ?? 0));
  let px: Point;
  switch (paint.scaleMode) {
    case "FILL":
    case "FIT": {
      const s = (paint.scaleMode === "FILL" ? Math.max : Math.min)(w / image.width, h / image.height);
      px = { x: (p.x - (w - image.width * s) / 2) / s, y: (p.y - (h - image.height * s) / 2) / s };
      break;
    }
    case "CROP": {
      const t = paint.imageTransform ?? [
        [1, 0, 0],
        [0, 1, 0],
      ];
      const u = p.x / w;
      const v = p.y / h;
      px = {
        x: (t[0][0] * u + t[0][1] * v + t[0][2]) * image.width,
        y: (t[1][0] * u + t[1][1] * v + t[1][2]) * image.height,
      };
      break;
    }
    case "TILE": {
      const s = paint.scalingFactor ?? 1;
      const mod = (a: number, n: number) => ((a % n) + n) % n;
      return { x: mod(p.x / s, image.width), y: mod(p.y / s, image.height) };
    }
  }
  if (px.x < 0 || px.y < 0 || px.x >= image.width || px.y >= image.height) return null;
  return px;
}

/** Renders emulator nodes at canvas points. */
export function createRenderer(imageBytes: (hash: string) => Uint8Array | null) {
  const decoded = new Map<string, RgbaImage>();
  const image = (hash: string) => {
    let found = decoded.get(hash);
    if (!found) {
      const bytes = imageBytes(hash);
      if (!bytes) throw new Error(`no image ${hash}`);
      found = decodePng(bytes);
      decoded.set(hash, found);
    }
    return found;
  };
  /** Opacity (0..1) the masks over `node` and its ancestors leave it at `at`: 1 without a mask. */
  const maskedBy = (node: EmuNode, at: Point): number => {
    let keep = 1;
    for (let n: EmuNode | null = node; n?.parent; n = n.parent) {
      // The nearest mask below `n` among its siblings masks it (a mask masks every later sibling).
      const siblings = n.parent.children;
      const mask = siblings
        .slice(0, siblings.indexOf(n))
        .reverse()
        .find((s) => s.isMask && s.visible);
      if (!mask) continue;
      const seen = paintAt(mask, at);
      if (!seen) return 0;
      const [r, g, b, a] = seen;
      if (mask.maskType === "VECTOR") keep *= 1;
      else if (mask.maskType === "ALPHA") keep *= a / 255;
      // Rec. 709 luminance of the mask pixel, as opacity; transparent mask pixels hide.
      else keep *= ((0.2126 * r + 0.7152 * g + 0.0722 * b) / 255) * (a / 255);
    }
    return keep;
  };
  const paintAt = (node: EmuNode, at: Point): Rgba | null => {
    if (node.removed || !node.visible) return null;
    let alpha = 1;
    for (let a: EmuNode | null = node; a && a.type !== "PAGE"; a = a.parent) {
      if (!a.visible) return null;
      alpha *= a.opacity;
      if (a !== node && a.clipsContent && a.type !== "GROUP" && !insideShape(a, inverseApply(a.absoluteTransform, at)))
        return null;
    }
    const local = inverseApply(node.absoluteTransform, at);
    if (!insideShape(node, local)) return null;
    const paints = node.fills;
    for (let i = paints.length - 1; i >= 0; i--) {
      const paint = paints[i] as Paint;
      if (paint.visible === false || paint.type !== "IMAGE" || !paint.imageHash) continue;
      const img = image(paint.imageHash);
      const px = imagePixelAt(paint, node, img, local);
      if (!px) return null;
      const o = (Math.floor(px.y) * img.width + Math.floor(px.x)) * 4;
      const d = img.data;
      return [
        d[o] as number,
        d[o + 1] as number,
        d[o + 2] as number,
        Math.round((d[o + 3] as number) * alpha * (paint.opacity ?? 1)),
      ];
    }
    return null;
  };
  return {
    /**
     * The colour `node` contributes at canvas point `at` (alpha scaled by opacities and by the masks below it
     * or its ancestors), or null. A mask node itself shows nothing.
     */
    colorAt(node: EmuNode, at: Point): Rgba | null {
      if (node.isMask) return null;
      const seen = paintAt(node, at);
      if (!seen) return null;
      const keep = maskedBy(node, at);
      return keep === 0 ? null : [seen[0], seen[1], seen[2], Math.round(seen[3] * keep)];
    },
  };
}
