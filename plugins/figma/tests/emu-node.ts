/**
 * Nodes of the Figma emulator (see `figma-emulator.ts`), following `@figma/plugin-typings` and Figma's
 * documented behaviour, and as strict as Figma where the main thread could go wrong: `relativeTransform`
 * must not scale, instances refuse new children, auto-layout moves children that are not ABSOLUTE,
 * `layoutPositioning` needs an auto-layout parent, image paints must name an image Figma has.
 */
import { type Affine, figmaPlacement, multiply } from "../src/main/geometry/affine.js";

type Matrix = [[number, number, number], [number, number, number]];
type Path = { data: string; windingRule: "NONZERO" | "EVENODD" };

export type EmuType = "PAGE" | "FRAME" | "GROUP" | "RECTANGLE" | "ELLIPSE" | "VECTOR" | "INSTANCE" | "COMPONENT";

const CONTAINERS = new Set<EmuType>(["PAGE", "FRAME", "GROUP", "INSTANCE", "COMPONENT"]);
const FRAMES = new Set<EmuType>(["FRAME", "INSTANCE", "COMPONENT"]);

let nextId = 1;

/** Checks paints as Figma's `fills` setter does; `knownImage` says whether an image hash exists. */
export type PaintCheck = (paints: readonly Paint[]) => void;

export class EmuNode {
  readonly id = `1:${nextId++}`;
  name: string;
  parent: EmuNode | null = null;
  children: EmuNode[] = [];
  removed = false;
  visible = true;
  width = 100;
  height = 100;
  private paints: readonly Paint[] = Object.freeze([{ type: "SOLID", color: { r: 1, g: 1, b: 1 } } as SolidPaint]);
  strokes: readonly Paint[] = [];
  effects: readonly Effect[] = [];
  opacity = 1;
  blendMode: BlendMode = "NORMAL";
  /** Masks every later sibling in its parent (BlendMixin.isMask); the mask itself is not drawn. */
  isMask = false;
  private mask: MaskType = "ALPHA";
  topLeftRadius = 0;
  topRightRadius = 0;
  bottomLeftRadius = 0;
  bottomRightRadius = 0;
  cornerSmoothing = 0;
  /** Frames clip their content by default (`figma.createFrame`). */
  clipsContent: boolean;
  layoutMode: "NONE" | "HORIZONTAL" | "VERTICAL" = "NONE";
  itemSpacing = 0;
  paddingLeft = 0;
  paddingTop = 0;
  private positioning: "AUTO" | "ABSOLUTE" = "AUTO";
  /** SVG path data in local coordinates for VECTOR nodes (as `vectorPaths`). */
  vectorPaths: Path[] = [];
  readonly pluginData = new Map<string, string>();
  relaunchData: Record<string, string> = {};
  private transform: Matrix = [
    [1, 0, 0],
    [0, 1, 0],
  ];

  constructor(
    readonly type: EmuType,
    name: string | undefined,
    private readonly checkPaints: PaintCheck,
  ) {
    this.name = name ?? type.charAt(0) + type.slice(1).toLowerCase();
    this.clipsContent = FRAMES.has(type);
  }

  get fills(): readonly Paint[] {
    // A new frozen copy on every read, as Figma gives: identity of paints means nothing.
    return Object.freeze(this.paints.map((p) => Object.freeze(structuredClone(p))));
  }
  set fills(paints: readonly Paint[]) {
    this.checkPaints(paints);
    // Figma hands out frozen copies: a plugin must assign a new array to change a paint.
    this.paints = Object.freeze(paints.map((p) => Object.freeze(structuredClone(p))));
  }

  /** Figma's `maskType`: only its three values are accepted; it does not turn `isMask` on. */
  get maskType(): MaskType {
    return this.mask;
  }
  set maskType(value: MaskType) {
    if (!["ALPHA", "VECTOR", "LUMINANCE"].includes(value))
      throw new Error(`in set_maskType: Invalid enum value. Expected 'ALPHA' | 'VECTOR' | 'LUMINANCE', got '${value}'`);
    this.mask = value;
  }

  get cornerRadius(): number | symbol {
    const r = this.topLeftRadius;
    const same = [this.topRightRadius, this.bottomLeftRadius, this.bottomRightRadius].every((v) => v === r);
    return same ? r : Symbol.for("figma.mixed");
  }
  set cornerRadius(r: number) {
    this.topLeftRadius = this.topRightRadius = this.bottomLeftRadius = this.bottomRightRadius = r;
  }

  get x() {
    return this.transform[0][2];
  }
  set x(value: number) {
    this.transform[0][2] = value;
    this.parent?.relayout();
  }
  get y() {
    return this.transform[1][2];
  }
  set y(value: number) {
    this.transform[1][2] = value;
    this.parent?.relayout();
  }
  /** Degrees, counter-clockwise: atan2(-m10, m00). */
  get rotation() {
    return (Math.atan2(-this.transform[1][0], this.transform[0][0]) * 180) / Math.PI;
  }
  set rotation(degrees: number) {
    this.relativeTransform = figmaPlacement(this.x, this.y, degrees) as Matrix;
  }
  get relativeTransform(): Matrix {
    return [[...this.transform[0]], [...this.transform[1]]];
  }
  set relativeTransform(t: Affine) {
    const det = t[0][0] * t[1][1] - t[0][1] * t[1][0];
    // Figma rejects scale and skew in relativeTransform: size lives in width/height.
    if (Math.abs(Math.abs(det) - 1) > 1e-6) throw new Error("relativeTransform must not scale (determinant ±1)");
    const dot = t[0][0] * t[0][1] + t[1][0] * t[1][1];
    if (Math.abs(dot) > 1e-6) throw new Error("relativeTransform must not skew");
    this.transform = [[...t[0]], [...t[1]]];
    this.parent?.relayout();
  }
  /** Relative to the page: groups do not have their own coordinate space. */
  get absoluteTransform(): Matrix {
    let t: Affine = this.transform;
    for (let p = this.containingParent(); p && p.type !== "PAGE"; p = p.containingParent())
      t = multiply(p.transform, t);
    return [[...t[0]], [...t[1]]];
  }
  private containingParent(): EmuNode | null {
    let p = this.parent;
    while (p && p.type === "GROUP") p = p.parent;
    return p;
  }

  get layoutPositioning() {
    return this.positioning;
  }
  set layoutPositioning(value: "AUTO" | "ABSOLUTE") {
    if (!this.parent || this.parent.layoutMode === "NONE") {
      throw new Error(
        "in set_layoutPositioning: Can only set layoutPositioning = ABSOLUTE if the parent node has layoutMode !== NONE",
      );
    }
    this.positioning = value;
    this.parent.relayout();
  }

  /** Auto-layout: children that are not ABSOLUTE are laid out in a row or column; their x/y are overwritten. */
  relayout(): void {
    if (this.layoutMode === "NONE") return;
    let cursor = this.layoutMode === "HORIZONTAL" ? this.paddingLeft : this.paddingTop;
    for (const child of this.children) {
      if (child.positioning === "ABSOLUTE" || !child.visible) continue;
      child.transform[0][2] = this.layoutMode === "HORIZONTAL" ? cursor : this.paddingLeft;
      child.transform[1][2] = this.layoutMode === "HORIZONTAL" ? this.paddingTop : cursor;
      cursor += (this.layoutMode === "HORIZONTAL" ? child.width : child.height) + this.itemSpacing;
    }
  }

  get fillGeometry(): Path[] {
    const { width: w, height: h } = this;
    if (this.type === "RECTANGLE" || FRAMES.has(this.type)) {
      return [{ data: `M0 0L${w} 0L${w} ${h}L0 ${h}L0 0Z`, windingRule: "NONZERO" }];
    }
    if (this.type === "ELLIPSE") {
      // Four cubic arcs, the standard circle approximation Figma also emits (k = 0.5523).
      const k = 0.5522847498;
      const [rx, ry, cx, cy] = [w / 2, h / 2, w / 2, h / 2];
      const d =
        `M${w} ${cy}C${w} ${cy + k * ry} ${cx + k * rx} ${h} ${cx} ${h}` +
        `C${cx - k * rx} ${h} 0 ${cy + k * ry} 0 ${cy}C0 ${cy - k * ry} ${cx - k * rx} 0 ${cx} 0` +
        `C${cx + k * rx} 0 ${w} ${cy - k * ry} ${w} ${cy}Z`;
      return [{ data: d, windingRule: "NONZERO" }];
    }
    if (this.type === "VECTOR") return this.vectorPaths;
    return [];
  }
  resize(width: number, height: number) {
    if (width < 0.01 || height < 0.01) throw new Error('in resize: Expected "width" and "height" >= 0.01');
    this.width = width;
    this.height = height;
    this.parent?.relayout();
  }
  /** The instance this node is, or sits in (Figma locks instance sublayers' structure). */
  insideInstance(): boolean {
    for (let n: EmuNode | null = this; n; n = n.parent) if (n.type === "INSTANCE") return true;
    return false;
  }
  appendChild(child: EmuNode) {
    this.insertChild(this.children.length, child);
  }
  insertChild(index: number, child: EmuNode) {
    if (!CONTAINERS.has(this.type)) throw new Error(`in insertChild: ${this.type} nodes cannot have children`);
    if (this.insideInstance()) {
      throw new Error("in insertChild: Cannot move node. New parent is an instance or is inside of an instance");
    }
    if (child.parent?.insideInstance()) throw new Error("in insertChild: Cannot move a node out of an instance");
    for (let p: EmuNode | null = this; p; p = p.parent) {
      if (p === child) throw new Error("in insertChild: Cannot add a node to its own descendant");
    }
    if (index < 0 || index > this.children.length) throw new Error(`in insertChild: index ${index} out of range`);
    const old = child.parent;
    if (old) old.children.splice(old.children.indexOf(child), 1);
    if (old && old !== this && old.type === "GROUP" && old.children.length === 0) old.remove();
    child.parent = this;
    this.children.splice(index, 0, child);
    // A node leaving an auto-layout frame is no longer absolutely positioned in it.
    if (old !== this) child.positioning = "AUTO";
    old?.relayout();
    this.relayout();
  }
  remove() {
    if (this.parent?.insideInstance()) throw new Error("in remove: Cannot remove a node inside an instance");
    const old = this.parent;
    if (old) old.children.splice(old.children.indexOf(this), 1);
    this.parent = null;
    this.removed = true;
    old?.relayout();
    // "In Figma, groups must always have children. A group with no children will delete itself."
    if (old?.type === "GROUP" && old.children.length === 0) old.remove();
  }
  /** Duplicates the node (and its children) onto the page, as `figma.currentPage` would parent it. */
  clone(page: EmuNode = this.page()): EmuNode {
    const copy = this.copyTo(new EmuNode(this.type, this.name, this.checkPaints));
    page.appendChild(copy);
    return copy;
  }
  private copyTo(copy: EmuNode): EmuNode {
    const props = [
      "visible",
      "width",
      "height",
      "strokes",
      "effects",
      "opacity",
      "blendMode",
      "isMask",
      "mask",
      "topLeftRadius",
      "topRightRadius",
      "bottomLeftRadius",
      "bottomRightRadius",
      "cornerSmoothing",
      "clipsContent",
      "layoutMode",
      "itemSpacing",
      "paddingLeft",
      "paddingTop",
      "vectorPaths",
      "relaunchData",
    ] as const;
    for (const key of props) (copy as unknown as Record<string, unknown>)[key] = structuredClone(this[key]);
    copy.transform = this.relativeTransform;
    copy.paints = this.paints;
    for (const [k, v] of this.pluginData) copy.pluginData.set(k, v);
    for (const child of this.children) {
      const c = child.copyTo(new EmuNode(child.type, child.name, child.checkPaints));
      c.parent = copy;
      copy.children.push(c);
    }
    return copy;
  }
  private page(): EmuNode {
    let p: EmuNode = this;
    while (p.parent) p = p.parent;
    return p;
  }
  setPluginData(key: string, value: string) {
    if (value === "") this.pluginData.delete(key);
    else this.pluginData.set(key, value);
  }
  getPluginData(key: string) {
    return this.pluginData.get(key) ?? "";
  }
  getPluginDataKeys() {
    return [...this.pluginData.keys()];
  }
  setRelaunchData(data: Record<string, string>) {
    this.relaunchData = { ...data };
  }
  getRelaunchData() {
    return { ...this.relaunchData };
  }
  findAll(): EmuNode[] {
    return this.children.flatMap((c) => [c, ...c.findAll()]);
  }
}
