/**
 * An emulator of the subset of Figma's plugin API the main thread uses, following `@figma/plugin-typings`
 * (https://www.figma.com/plugin-docs/api/api-reference/): node trees (`emu-node.ts`) with transforms,
 * auto-layout, instances, image paints with every scale mode, clones, plugin and relaunch data on nodes and
 * on `figma.root`, `clientStorage`, `close` and `selectionchange` events and the UI channel; `emu-render.ts`
 * renders what a node shows at a canvas point, so placement can be checked pixel by pixel. Where it is still
 * kinder than Figma is listed in plugins/figma/README.md ("The emulator").
 *
 * `figma-api-stub` was considered and does not fit: its `absoluteTransform` is never computed, `exportAsync`
 * returns empty bytes, and it has no `createImage`/`getImageByHash` and no relaunch data.
 */
import { createHash } from "node:crypto";
import { EmuNode, type EmuType } from "./emu-node.js";

export { EmuNode } from "./emu-node.js";

/** Figma's largest image side (px): `createImage` throws above it. */
const MAX_IMAGE_SIDE = 4096;
/** Figma's limit for one plugin-data entry (bytes). */
const PLUGIN_DATA_LIMIT = 100_000;

class EmuImage {
  constructor(
    readonly hash: string,
    readonly bytes: Uint8Array,
  ) {}
  async getBytesAsync(): Promise<Uint8Array> {
    return this.bytes.slice();
  }
  async getSizeAsync(): Promise<{ width: number; height: number }> {
    return pngSize(this.bytes);
  }
}

/** Width and height from a PNG's IHDR chunk (the only format these tests place). */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 24 || view.getUint32(0) !== 0x89504e47) throw new Error("Image is not a PNG");
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function pluginDataStore() {
  const data = new Map<string, string>();
  return {
    data,
    setPluginData(key: string, value: string) {
      if (key.length + value.length > PLUGIN_DATA_LIMIT) throw new Error("in setPluginData: entry exceeds 100 kB");
      if (value === "") data.delete(key);
      else data.set(key, value);
    },
    getPluginData: (key: string) => data.get(key) ?? "",
    getPluginDataKeys: () => [...data.keys()],
  };
}

export interface AddProps {
  name?: string;
  x?: number;
  y?: number;
  rotation?: number;
  width?: number;
  height?: number;
}

/** A fresh document with one page, and the `figma` object for it. */
export function createFigmaEmulator(
  options: {
    fileKey?: string;
    command?: string /** Shared between emulated files: it is per user. */;
    storage?: Map<string, unknown>;
  } = {},
) {
  const images = new Map<string, EmuImage>();
  const checkPaints = (paints: readonly Paint[]) => {
    for (const paint of paints) {
      if (paint.type !== "IMAGE") continue;
      if (paint.imageHash && !images.has(paint.imageHash))
        throw new Error(`Image with hash ${paint.imageHash} not found`);
      if (paint.rotation !== undefined && paint.rotation % 90 !== 0)
        throw new Error("Image rotation must be a multiple of 90");
      if (paint.scaleMode === "TILE" && paint.scalingFactor !== undefined && !(paint.scalingFactor > 0)) {
        throw new Error("scalingFactor must be positive");
      }
    }
  };
  const node = (type: EmuType, name?: string) => new EmuNode(type, name, checkPaints);
  const page = node("PAGE", "Page 1");
  const storage = options.storage ?? new Map<string, unknown>();
  const posted: unknown[] = [];
  const notifications: string[] = [];
  let selection: EmuNode[] = [];
  const handlers = new Map<string, (() => void)[]>();
  const shown: { html: string; options: unknown }[] = [];
  const emit = (event: string) => {
    for (const callback of handlers.get(event) ?? []) callback();
  };
  const onPage = (n: EmuNode) => !n.removed && page.findAll().includes(n);
  const root = { type: "DOCUMENT", ...pluginDataStore() };
  const api = {
    root,
    showUI(html: string, options?: unknown) {
      shown.push({ html, options });
    },
    on(event: string, callback: () => void) {
      handlers.set(event, [...(handlers.get(event) ?? []), callback]);
    },
    /** Undefined for public plugins (only private plugins get it). */
    fileKey: options.fileKey,
    command: options.command ?? "",
    viewport: { center: { x: 0, y: 0 } },
    currentPage: {
      get selection() {
        return selection;
      },
      set selection(nodes: EmuNode[]) {
        for (const n of nodes) if (!onPage(n)) throw new Error(`in set_selection: node ${n.id} is not on this page`);
        selection = [...nodes];
        emit("selectionchange");
      },
      get children() {
        return page.children;
      },
    },
    ui: {
      onmessage: undefined as ((message: unknown) => void) | undefined,
      postMessage(message: unknown) {
        // Figma structured-clones messages to the iframe.
        posted.push(structuredClone(message));
      },
    },
    clientStorage: {
      async getAsync(key: string) {
        return structuredClone(storage.get(key));
      },
      async setAsync(key: string, value: unknown) {
        storage.set(key, structuredClone(value));
      },
      async deleteAsync(key: string) {
        storage.delete(key);
      },
      async keysAsync() {
        return [...storage.keys()];
      },
    },
    notify(message: string) {
      notifications.push(message);
      return { cancel() {} };
    },
    createImage(bytes: Uint8Array) {
      const size = pngSize(bytes); // Figma rejects bytes it cannot decode
      if (Math.max(size.width, size.height) > MAX_IMAGE_SIDE) throw new Error("Image is too large");
      const hash = createHash("sha1").update(bytes).digest("hex");
      const image = images.get(hash) ?? new EmuImage(hash, bytes.slice());
      images.set(hash, image);
      return image;
    },
    getImageByHash(hash: string) {
      return images.get(hash) ?? null;
    },
    createRectangle() {
      const n = node("RECTANGLE");
      page.appendChild(n);
      return n;
    },
    createFrame() {
      const n = node("FRAME");
      page.appendChild(n);
      return n;
    },
    /**
     * Groups `nodes` under `parent` at `index` (https://developers.figma.com/docs/plugins/api/properties/figma-group):
     * the list must not be empty, nodes keep their canvas position and their stacking order.
     */
    group(nodes: readonly EmuNode[], parent: EmuNode, index?: number) {
      if (nodes.length === 0) throw new Error("in group: First argument must be an array of at least one node");
      for (const n of nodes) {
        if (n.removed) throw new Error(`in group: node ${n.id} has been removed`);
        if (n.parent?.insideInstance()) throw new Error("in group: Cannot move a node out of an instance");
      }
      const order = (n: EmuNode) => (n.parent ? n.parent.children.indexOf(n) : 0);
      const sorted = [...nodes].sort((a, b) => order(a) - order(b));
      const group = node("GROUP");
      parent.insertChild(index ?? parent.children.length, group);
      // Groups have no space of their own here (children stay relative to the frame around the group), so
      // nodes moved from `parent` keep their canvas position as Figma keeps it.
      for (const n of sorted) {
        if (n.parent !== parent) throw new Error("in group: the emulator groups only siblings under `parent`");
        group.appendChild(n);
      }
      return group;
    },
    async getNodeByIdAsync(id: string) {
      return page.findAll().find((n) => n.id === id) ?? null;
    },
  };
  return {
    api,
    figma: api as unknown as PluginAPI,
    page,
    posted,
    notifications,
    storage,
    /** `figma.showUI` calls. */
    shown,
    /** Fires a plugin event (`close`, `selectionchange`). */
    emit,
    /** Bytes behind an image hash (for the renderer). */
    imageBytes: (hash: string) => images.get(hash)?.bytes ?? null,
    /**
     * Adds a node of `type` under `parent` (the page by default). Children of instances are added as the
     * component they come from would give them; the plugin itself cannot add any.
     */
    add(type: EmuType, props: AddProps = {}, parent: EmuNode = page) {
      const n = node(type, props.name);
      if (parent.insideInstance()) {
        n.parent = parent;
        parent.children.push(n);
      } else parent.appendChild(n);
      n.resize(props.width ?? 100, props.height ?? 100);
      if (parent.layoutMode === "NONE") {
        n.x = props.x ?? 0;
        n.y = props.y ?? 0;
      }
      if (props.rotation) n.rotation = props.rotation;
      parent.relayout();
      return n;
    },
    /** Gives a node an image fill with these PNG bytes. */
    paintImage(target: EmuNode, bytes: Uint8Array, paint: Partial<ImagePaint> = {}) {
      const image = api.createImage(bytes);
      target.fills = [{ type: "IMAGE", scaleMode: "FILL", ...paint, imageHash: image.hash } as ImagePaint];
      return image;
    },
  };
}

export type FigmaEmulator = ReturnType<typeof createFigmaEmulator>;
