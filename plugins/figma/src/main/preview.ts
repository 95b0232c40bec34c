import type { PlaceLayer } from "../messages.js";
import { type CreatedLayer, createResultLayer, keepPreview, type PlacedNode } from "./place-layer.js";
import { Refusal } from "./refusal.js";

/** `figma.root` plugin data listing preview layers not yet kept or removed (ids, comma separated). */
const LEFTOVER_KEY = "easel.previews";

/**
 * The one temporary preview layer on the canvas. Showing another candidate replaces it (reusing a frame
 * Generate made for it); `keep` makes it the real layer; `discard` removes it and a frame made only for it.
 * Its id is also written to the document so a preview left by a crash is removed on the next launch.
 */
export class PreviewSession {
  private current: (CreatedLayer & { layer: PlaceLayer }) | null = null;

  constructor(private readonly api: PluginAPI) {}

  /** Shows `layer` as the preview, replacing the previous one; returns the preview node. */
  async show(layer: PlaceLayer): Promise<PlacedNode> {
    const previous = this.current;
    const sameFrame = previous?.frame && layer.source.mode === "new-frame" ? previous.frame : null;
    const created = await createResultLayer(this.api, layer, { preview: true, frame: sameFrame });
    if (previous) {
      removeNode(previous.node);
      if (previous.frame && previous.frame !== created.frame) removeNode(previous.frame);
    }
    this.current = { ...created, layer };
    this.remember();
    this.api.currentPage.selection = [created.node];
    return created.node;
  }

  /** Makes the preview the kept layer, with provenance; refuses when there is none. */
  keep(): PlacedNode {
    const current = this.current;
    if (!current || current.node.removed) {
      this.current = null;
      this.remember();
      throw new Refusal("The preview is gone from the canvas; pick a result again to place it.");
    }
    keepPreview(current.node, current.layer);
    current.frame?.setPluginData("easel.preview", "");
    this.current = null;
    this.remember();
    this.api.currentPage.selection = [current.node];
    return current.node;
  }

  /** Removes the preview, and the frame made for it; a no-op without one. Synchronous: safe in `close`. */
  discard(): void {
    const current = this.current;
    this.current = null;
    if (current) {
      removeNode(current.node);
      if (current.frame) removeNode(current.frame);
    }
    this.remember();
  }

  /** Removes previews an earlier session left behind (the plugin crashed or was closed mid-preview). */
  async removeLeftovers(): Promise<void> {
    // Not this session's own preview (the UI may send `ready` again after reloading).
    const mine = new Set(this.current ? [this.current.node.id, this.current.frame?.id] : []);
    const ids = this.api.root
      .getPluginData(LEFTOVER_KEY)
      .split(",")
      .filter((id) => id && !mine.has(id));
    for (const id of ids) {
      const node = await this.api.getNodeByIdAsync(id);
      if (node && !node.removed && node.getPluginData("easel.preview") === "1") removeNode(node as SceneNode);
    }
    if (ids.length > 0 && !this.current) this.api.root.setPluginData(LEFTOVER_KEY, "");
  }

  private remember(): void {
    const ids = this.current ? [this.current.node.id, ...(this.current.frame ? [this.current.frame.id] : [])] : [];
    this.api.root.setPluginData(LEFTOVER_KEY, ids.join(","));
  }
}

function removeNode(node: BaseNode): void {
  if (!node.removed) node.remove();
}
