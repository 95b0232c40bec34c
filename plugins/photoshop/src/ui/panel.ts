import {
  CandidateFeedback,
  COMMANDS,
  type CommandKind,
  createPluginClient,
  inputLimits,
  PendingRunStore,
  RunController,
  rankCandidates,
  thumbnailDataUrl,
} from "@easel/plugin-core";
import { type EaselClient, EaselError } from "@easel/shared/client";
import type { EngineList, Job, Layer } from "@easel/shared/protocol";
import type { PanelInput } from "../commands/command-input.js";
import { keepCandidate, openAsDocument } from "../commands/keep-candidate.js";
import { type Placement, PlacementStore } from "../commands/placement.js";
import { runCommand } from "../commands/run-command.js";
import type { PhotoshopApi } from "../host/photoshop-api.js";
import type { KeyValueStorage, ProvenanceStore } from "../host/provenance-store.js";
import { EditControls } from "./edit-controls.js";
import { keptMessage } from "./kept-message.js";
import { readPanelInput } from "./panel-input.js";
import { PanelView } from "./panel-view.js";
import { plainError } from "./plain-error.js";
import type { SettingsStore } from "./settings-store.js";

export interface PanelDeps {
  /** Null outside Photoshop (browser preview): commands then explain that they need Photoshop. */
  ps: PhotoshopApi | null;
  settings: SettingsStore;
  provenance: ProvenanceStore;
  /** UXP `localStorage`: the running job's id and where recent jobs' results go. */
  storage: KeyValueStorage;
  root: Document;
  /** The host's fetch (tests pass one without streaming bodies); default: the global. */
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
}

/** Wires the panel's controls to the commands; all Photoshop access goes through `deps.ps`. */
export class Panel {
  private client: EaselClient | null = null;
  private serverUrl = "";
  private controller: RunController | null = null;
  /** Reports Keep / discard / regenerate to the service (first-try satisfaction), one per connection. */
  private feedback: CandidateFeedback | null = null;
  private engines: EngineList | null = null;
  readonly view: PanelView;
  private readonly pending: PendingRunStore<Placement>;
  private readonly placements: PlacementStore;
  private readonly edits: EditControls;

  constructor(private readonly deps: PanelDeps) {
    this.view = new PanelView(deps.root);
    this.edits = new EditControls(this.view, {
      ps: deps.ps,
      client: () => this.client,
      error: (error) => this.view.error(plainError(error, this.serverUrl)),
    });
    this.pending = new PendingRunStore<Placement>(deps.storage);
    this.placements = new PlacementStore(deps.storage);
  }

  /** Loads settings, binds every control, and reattaches to a job left running when the panel closed. */
  async start(): Promise<void> {
    const v = this.view;
    const settings = await this.deps.settings.load();
    v.el("server-url").value = settings.serverUrl;
    v.el("api-key").value = settings.apiKey;
    this.connect(settings.serverUrl, settings.apiKey);
    if (!settings.apiKey) v.toggleSettings(true);
    v.el("toggle-settings").addEventListener("click", () => v.toggleSettings());
    v.el("save-settings").addEventListener("click", () => void this.saveSettings());
    v.el("command").addEventListener("change", () => this.commandChanged());
    for (const mode of ["subject", "people", "background"] as const)
      v.el(`select-${mode}`).addEventListener("click", () => void this.run({ kind: "select", mode }));
    this.edits.bind();
    v.el("run").addEventListener("click", () => void this.run());
    v.el("cancel").addEventListener("click", () => void this.cancel());
    v.el("refresh-history").addEventListener("click", () => void this.refreshHistory());
    v.el("show-provenance").addEventListener("click", () => this.showProvenance());
    v.fieldsFor(this.command());
    await this.reattach();
  }

  private connect(serverUrl: string, apiKey: string): void {
    this.serverUrl = serverUrl;
    this.engines = null;
    this.client =
      serverUrl && apiKey
        ? createPluginClient({ serverUrl, apiKey, ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}) })
        : null;
    this.feedback = this.client ? new CandidateFeedback(this.client) : null;
    this.view.el("connection").textContent = this.client ? `Server: ${serverUrl}` : "Not connected: open Settings.";
  }

  private async saveSettings(): Promise<void> {
    const serverUrl = this.view.el("server-url").value.trim();
    const apiKey = this.view.el("api-key").value.trim();
    const status = this.view.el("settings-status");
    if (!/^https?:\/\/[^/\s]+/.test(serverUrl)) {
      status.textContent = "The server URL must look like https://easel.example.com or http://127.0.0.1:8787.";
      return;
    }
    await this.deps.settings.save({ serverUrl, apiKey });
    this.connect(serverUrl, apiKey);
    status.textContent = "Saved.";
    // A job left running for this server (the panel was closed) can be followed now.
    if (!this.controller) await this.reattach();
  }

  private commandChanged(): void {
    const kind = this.command();
    this.view.fieldsFor(kind);
    if (kind === "adjust" || kind === "recolor") void this.edits.open(kind);
  }

  private command(): CommandKind {
    return (this.view.el("command").value || "fill") as CommandKind;
  }

  /** The command input from the form; throws a plain message for a bad field. */
  readInput(): PanelInput {
    return readPanelInput(this.command(), {
      view: this.view,
      edits: this.edits,
      ps: this.deps.ps,
      provenance: this.deps.provenance,
    });
  }

  private newController(): RunController {
    this.controller = new RunController({
      client: this.client as EaselClient,
      onUpdate: (u) => this.view.progress(u),
      ...(this.feedback ? { feedback: this.feedback } : {}),
    });
    return this.controller;
  }

  /** Runs the form's command, or `preset` (the Select buttons). */
  private async run(preset?: PanelInput): Promise<void> {
    const v = this.view;
    v.error("");
    const client = this.client;
    if (!client) return v.error("Set the server URL and API key in Settings first.");
    const ps = this.deps.ps;
    if (!ps) return v.error("Commands run inside Photoshop: load the plugin with the UXP Developer Tool.");
    let input: PanelInput;
    try {
      input = preset ?? this.readInput();
    } catch (error) {
      return v.error(plainError(error, this.serverUrl));
    }
    v.running(true);
    v.el("candidates").replaceChildren();
    v.stage(`${COMMANDS[input.kind].verb}: reading the layer…`, 0);
    try {
      this.engines ??= await client.engines().catch(() => null);
      const result = await runCommand(
        {
          ps,
          client,
          controller: this.newController(),
          limits: inputLimits(this.engines, input.kind),
          onJobCreated: (jobId, placement) => {
            this.placements.save(jobId, placement);
            this.pending.save({
              jobId,
              kind: input.kind,
              serverUrl: this.serverUrl,
              startedAt: new Date().toISOString(),
              placement,
            });
          },
        },
        input,
      );
      this.pending.clear();
      // Select, Adjust and Recolor have one exact result: it is applied at once, not offered as candidates.
      const best = result.candidates[0];
      if (best && (input.kind === "select" || input.kind === "adjust" || input.kind === "recolor"))
        await this.keep(result.job, result.placement, best);
      else await this.showResults(result.job, result.placement);
    } catch (error) {
      this.pending.clear();
      v.stage("Stopped.", 0);
      v.error(plainError(error, this.serverUrl));
    } finally {
      this.controller = null;
      v.running(false);
    }
  }

  private async cancel(): Promise<void> {
    this.view.stage("Cancelling…");
    await this.controller?.cancel();
  }

  /** A job left running when the panel was closed: follow it again and show its results. */
  private async reattach(): Promise<void> {
    const pending = this.pending.load();
    if (!pending || !this.client || pending.serverUrl !== this.serverUrl) return;
    const v = this.view;
    v.running(true);
    v.stage(`${COMMANDS[pending.kind].verb}… (reconnected)`, 2);
    try {
      const { job } = await this.newController().follow(pending.jobId, pending.kind);
      await this.showResults(job, pending.placement);
    } catch (error) {
      v.stage("Stopped.", 0);
      v.error(plainError(error, this.serverUrl));
    } finally {
      this.pending.clear();
      this.controller = null;
      v.running(false);
    }
  }

  private async showResults(job: Job, placement: Placement | null): Promise<void> {
    const client = this.client as EaselClient;
    const candidates = rankCandidates(job.layers);
    const items = [];
    for (const layer of candidates)
      items.push({ layer, thumbnail: thumbnailDataUrl(await client.downloadAsset(layer.assetId)) });
    this.view.candidates(items, (layer) => void this.keep(job, placement, layer));
    this.view.stage(
      placement
        ? `${candidates.length} candidate(s), best first. Keep one to add it as a new layer.`
        : `${candidates.length} candidate(s). This job was not started here: Keep opens it as a new document.`,
      100,
    );
  }

  private async keep(job: Job, placement: Placement | null, candidate: Layer): Promise<void> {
    const { ps } = this.deps;
    const client = this.client;
    if (!ps || !client) return this.view.error("Keeping a result needs Photoshop.");
    try {
      const options = { ps, client, provenance: this.deps.provenance };
      const placed = placement
        ? await keepCandidate(options, { placement, job }, candidate)
        : await openAsDocument(options, job, candidate);
      this.feedback?.kept(job, candidate);
      this.view.stage(keptMessage(placement, placed));
    } catch (error) {
      this.view.error(plainError(error, this.serverUrl));
    }
  }

  private async refreshHistory(): Promise<void> {
    const client = this.client;
    if (!client) return this.view.error("Set the server URL and API key in Settings first.");
    try {
      const document = this.deps.ps?.app.documents.length ? this.deps.ps.app.activeDocument.title : undefined;
      const { jobs } = await client.listJobs({ limit: 20, ...(document ? { document } : {}) });
      this.view.history(jobs, (job) => void this.reopen(job));
    } catch (error) {
      this.view.error(plainError(error, this.serverUrl));
    }
  }

  /** Clicking a history row shows that job's results again, ready to Keep. */
  private async reopen(job: Job): Promise<void> {
    this.view.error("");
    if (job.layers.length === 0) {
      this.view.error(
        job.problem
          ? plainError(new EaselError(job.problem), this.serverUrl)
          : `This job has no results (${job.status}).`,
      );
      return;
    }
    try {
      await this.showResults(job, this.placements.get(job.id));
    } catch (error) {
      this.view.error(plainError(error, this.serverUrl));
    }
  }

  private showProvenance(): void {
    const out = this.view.el("provenance");
    const ps = this.deps.ps;
    if (!ps?.app.documents.length) {
      out.textContent = "Open a document and select an Easel layer.";
      return;
    }
    const doc = ps.app.activeDocument;
    const layer = [...doc.activeLayers][0];
    const record = layer ? this.deps.provenance.lookup(doc.title, layer.id) : null;
    out.textContent = record
      ? `Job ${record.jobId} · seed ${record.seed ?? "–"} · manifest ${record.manifestUrl ?? "not stored"}`
      : "The selected layer was not made by Easel (or was made on another machine).";
  }
}
