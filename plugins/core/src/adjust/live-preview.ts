import type { AdjustParamsInput } from "@easel/shared/protocol";
import type { AdjustPreview } from "./adjust-preview.js";

/**
 * Keeps a preview up with a slider being dragged: each `update` replaces the pending settings, and one
 * render runs at a time on a `setTimeout(0)` turn (the only timer UXP documents), so a burst of `input`
 * events costs one render of the latest values, never a queue of stale frames.
 */
export class LivePreview {
  private pending: AdjustParamsInput | null = null;
  private scheduled = false;
  /** Renders done (for tests and diagnostics). */
  renders = 0;

  constructor(
    private readonly preview: AdjustPreview,
    private readonly show: (dataUrl: string, settings: AdjustParamsInput) => void,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Asks for a frame with these settings; earlier settings not yet drawn are dropped. */
  update(settings: AdjustParamsInput): void {
    this.pending = settings;
    if (this.scheduled) return;
    this.scheduled = true;
    setTimeout(() => this.flush(), 0);
  }

  private flush(): void {
    this.scheduled = false;
    const settings = this.pending;
    this.pending = null;
    if (!settings) return;
    try {
      const url = this.preview.dataUrl(settings);
      this.renders++;
      this.show(url, settings);
    } catch (error) {
      this.onError(error);
    }
  }
}
