import type { Extension, Rect } from "@easel/plugin-core";
import type { KeyValueStorage } from "../host/provenance-store.js";
import type { PanelInput } from "./command-input.js";

/**
 * Where a job's results go back, in document pixels. Plain JSON: it is stored with the job id so
 * that a reopened panel (or a click in History) can place results of a job it did not start.
 */
export interface Placement {
  input: PanelInput;
  documentId: number;
  documentTitle: string;
  resolution: number;
  /** The source layer (results go right above it). */
  layerId: number;
  /** The document area that was read, or (generate) the area the result must fill (px). */
  crop: Rect;
  /** Uploaded size ÷ `crop` size (≤ 1); results are scaled back by its inverse. */
  scale: number;
  /** Expand: new canvas on each side, in document pixels. */
  extend?: Extension;
}

const KEY = "easel.placements";
const KEEP = 50; // jobs remembered for History

/** Placements of this panel's recent jobs, by job id (UXP `localStorage`). */
export class PlacementStore {
  constructor(private readonly storage: KeyValueStorage) {}

  private all(): Record<string, Placement> {
    try {
      return JSON.parse(this.storage.getItem(KEY) ?? "{}") as Record<string, Placement>;
    } catch {
      return {};
    }
  }

  save(jobId: string, placement: Placement): void {
    const entries = Object.entries(this.all()).filter(([id]) => id !== jobId);
    entries.push([jobId, placement]);
    this.storage.setItem(KEY, JSON.stringify(Object.fromEntries(entries.slice(-KEEP))));
  }

  get(jobId: string): Placement | null {
    return this.all()[jobId] ?? null;
  }
}
