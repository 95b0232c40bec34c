import { CancelledError, CandidateFeedback, type CommandKind, RunController } from "@easel/plugin-core";
import type { EaselClient } from "@easel/shared/client";
import type { Layer } from "@easel/shared/protocol";
import { type Command, type PendingRun, type PlaceLayer, SelectMode, type SourceRef } from "../messages.js";
import type { MainBridge } from "./bridge.js";
import { CandidatesView } from "./candidates-view.js";
import { byId } from "./dom.js";
import type { Controls } from "./job-input.js";
import { commandInput } from "./job-input.js";
import { progressView } from "./progress-view.js";

/** Where a run's results go on the canvas, and the words their layers are named with. */
export interface Target {
  command: Command;
  source: SourceRef;
  label: string;
  /** A Select run: its result is placed as a mask over a copy of the source. */
  maskOf?: SelectMode;
}

export interface RunFlowHost {
  bridge: MainBridge;
  client(): EaselClient;
  serverUrl(): string;
  document(): string;
  /** Shows a failure in words (`kind`: the command that failed, for a missing engine). */
  fail(error: unknown, kind?: CommandKind, since?: number): void;
  notice(text: string): void;
  /** Called when a run ends, whatever the outcome (enable the form again). */
  idle(): void;
}

/**
 * One run from the designer's side: read the selection, follow the job with progress and previews,
 * show candidates as they arrive with the chosen one previewed on the canvas, then keep one or discard.
 * The job's own life (upload, create, follow, cancel, rank) is plugin-core's RunController.
 */
export class RunFlow {
  private controller: RunController | null = null;
  private target: Target | null = null;
  private readonly bytes = new Map<string, Promise<Uint8Array>>();
  private readonly urls = new Map<string, string>();
  /** Canvas previews are sent one after another; only the newest choice is shown. */
  private previewChain: Promise<unknown> = Promise.resolve();
  private previewed = false;
  readonly candidates: CandidatesView;
  /**
   * Tells the server what the designer did with each run's candidates (kept which, discarded, or tried
   * again), for its first-try satisfaction figures and ranking. Never blocks or fails the designer's work.
   */
  private readonly feedback = new CandidateFeedback({
    sendFeedback: (jobId, feedback) => this.host.client().sendFeedback(jobId, feedback),
  });

  constructor(private readonly host: RunFlowHost) {
    this.candidates = new CandidatesView(
      (layer) => this.imageUrl(layer),
      (layer) => this.previewOnCanvas(layer),
    );
  }

  get running(): boolean {
    return this.controller !== null;
  }

  /**
   * Starts `command` on the selection with the form's controls; `label` names the layers (the prompt
   * when the form has one; empty: the server's label, e.g. "Upscale 2x").
   */
  async start(
    command: Command,
    controls: Controls,
    options: { label: string; size?: { width: number; height: number }; maskOf?: SelectMode },
  ): Promise<void> {
    await this.discard({ quiet: true });
    const since = Date.now();
    progressView.start("Reading the selection…");
    let kind: CommandKind | undefined;
    try {
      const { size } = options;
      const prepared = await this.host.bridge.prepare(command, { scale: controls.scale, ...(size ? { size } : {}) });
      const { input, context } = commandInput(prepared, controls, this.host.document());
      kind = input.kind;
      this.target = {
        command,
        source: prepared.source,
        label: options.label,
        ...(options.maskOf ? { maskOf: options.maskOf } : {}),
      };
      progressView.say("Uploading…");
      const controller = this.follow(kind);
      const inputs = {
        ...(prepared.image ? { image: prepared.image } : {}),
        ...(prepared.mask ? { mask: prepared.mask } : {}),
      };
      const result = await controller.run(input, inputs, context);
      this.finished(result.candidates);
    } catch (error) {
      this.stopped(error, kind, since);
    } finally {
      this.ended();
    }
  }

  /** Follows a job the plugin started before it was closed, and shows its results. */
  async reattach(pending: PendingRun): Promise<void> {
    const { command, source, label } = pending.placement;
    const maskOf = SelectMode.safeParse(pending.placement.maskOf).data;
    this.target = { command, source, label, ...(maskOf ? { maskOf } : {}) };
    const kind = pending.kind as CommandKind;
    progressView.start("Reconnecting to the job you started…");
    try {
      const result = await this.follow(kind).follow(pending.jobId, kind);
      this.finished(result.candidates);
    } catch (error) {
      this.stopped(error, kind, 0);
    } finally {
      this.ended();
    }
  }

  /** Shows finished results again (from history), placed against `target`. */
  showResults(layers: readonly Layer[], target: Target): void {
    this.target = target;
    this.candidates.clear();
    this.candidates.add(layers);
    resultsHint(layers.length);
  }

  async cancel(): Promise<void> {
    const controller = this.controller;
    if (!controller) return;
    progressView.cancelling();
    await controller.cancel();
  }

  /** Turns the previewed candidate into a real layer; the others are dropped. */
  async keep(): Promise<void> {
    const layer = this.candidates.current;
    if (!layer) return;
    await this.previewChain;
    const name = await this.host.bridge.keepPreview();
    this.feedback.kept({ id: layer.jobId }, layer);
    this.previewed = false;
    this.candidates.clear();
    this.host.notice(`Kept “${name}”.`);
  }

  /**
   * Removes the canvas preview and forgets the candidates. `quiet`: a new run replaces them (the run
   * itself tells the server whether it retries them), so no notice and no "discarded" feedback.
   */
  async discard(options: { quiet?: boolean } = {}): Promise<void> {
    const had = this.candidates.all.length > 0;
    await this.previewChain.catch(() => undefined);
    if (this.previewed) await this.host.bridge.discardPreview();
    this.previewed = false;
    this.candidates.clear();
    if (had && !options.quiet) {
      this.feedback.discarded();
      this.host.notice("Discarded.");
    }
  }

  /** Resolves once the feedback sent so far has been answered (tests). */
  feedbackSettled(): Promise<void> {
    return this.feedback.settled();
  }

  private follow(kind: CommandKind): RunController {
    const controller = new RunController({
      client: this.host.client(),
      follow: "stream",
      onJobCreated: (jobId) => {
        const target = this.target;
        if (!target) return;
        const run: PendingRun = {
          jobId,
          kind,
          serverUrl: this.host.serverUrl(),
          startedAt: new Date().toISOString(),
          placement: { ...target },
        };
        this.host.bridge.post({ type: "save-pending-run", run });
      },
      onUpdate: (update) => progressView.update(update),
      // Candidates are shown as each one arrives; the finished run's list gives their final order.
      onCandidate: (arrived) => this.candidates.add([arrived.layer]),
      feedback: this.feedback,
    });
    this.controller = controller;
    return controller;
  }

  private finished(layers: readonly Layer[]): void {
    this.candidates.add(layers);
    this.host.bridge.post({ type: "save-pending-run", run: null });
    const n = layers.length;
    if (n === 0) this.host.notice("The job finished without a result.");
    resultsHint(n);
  }

  private stopped(error: unknown, kind: CommandKind | undefined, since: number): void {
    if (this.controller?.jobId || error instanceof CancelledError) {
      this.host.bridge.post({ type: "save-pending-run", run: null });
    }
    if (error instanceof CancelledError) this.host.notice("Cancelled. Nothing was added to the file.");
    else this.host.fail(error, kind, since);
  }

  private ended(): void {
    this.controller = null;
    progressView.end();
    this.host.idle();
  }

  private asset(layer: Layer): Promise<Uint8Array> {
    let bytes = this.bytes.get(layer.assetId);
    if (!bytes) {
      bytes = this.host.client().downloadAsset(layer.assetId);
      this.bytes.set(layer.assetId, bytes);
    }
    return bytes;
  }

  private async imageUrl(layer: Layer): Promise<string> {
    const known = this.urls.get(layer.assetId);
    if (known) return known;
    const bytes = await this.asset(layer);
    const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "image/png" }));
    this.urls.set(layer.assetId, url);
    return url;
  }

  private previewOnCanvas(layer: Layer): void {
    const target = this.target;
    if (!target) return;
    this.previewChain = this.previewChain
      .catch(() => undefined)
      .then(async () => {
        if (this.candidates.current?.id !== layer.id) return; // a newer choice replaced this one
        const place: PlaceLayer = {
          source: target.source,
          bytes: await this.asset(layer),
          placement: layer.placement,
          label: target.label || layer.label,
          seed: layer.seed,
          provenance: { jobId: layer.jobId, manifestId: layer.manifestId, manifestUrl: layer.manifestUrl },
          ...(target.maskOf ? { maskOf: target.maskOf } : {}),
        };
        await this.host.bridge.preview(place);
        this.previewed = true;
      })
      .catch((error) => this.host.fail(error));
  }
}

/** What to do with the results on the canvas, in one line. */
function resultsHint(n: number): void {
  byId("results-hint").textContent =
    n === 1 ? "Keep it, or discard it." : `${n} results, best first: ← → to compare them on the canvas, then keep one.`;
}
