import type { CommandKind } from "../commands/command.js";

/** The part of `localStorage` (UXP, browsers) or `figma.clientStorage`-backed maps the store uses. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem?(key: string): void;
}

/** A job a panel started and has not shown the results of yet, with what the host needs to place them. */
export interface PendingRun<Placement = unknown> {
  jobId: string;
  kind: CommandKind;
  serverUrl: string;
  startedAt: string;
  /** Host data to place results later (document id, crop, scale…), JSON only. */
  placement: Placement;
}

const KEY = "easel.pendingRun";

/**
 * Remembers the running job so a panel closed mid-run (Photoshop hides and reloads UXP panels)
 * can reattach to its events when it opens again, instead of losing the job the user paid for.
 */
export class PendingRunStore<Placement = unknown> {
  constructor(private readonly storage: KeyValueStorage) {}

  save(run: PendingRun<Placement>): void {
    this.storage.setItem(KEY, JSON.stringify(run));
  }

  load(): PendingRun<Placement> | null {
    const raw = this.storage.getItem(KEY);
    if (!raw) return null;
    try {
      const parsed = JSON.parse(raw) as PendingRun<Placement>;
      return typeof parsed.jobId === "string" ? parsed : null;
    } catch {
      return null;
    }
  }

  clear(): void {
    if (this.storage.removeItem) this.storage.removeItem(KEY);
    else this.storage.setItem(KEY, "");
  }
}
