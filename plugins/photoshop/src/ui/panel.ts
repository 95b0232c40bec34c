import { EaselClient } from "@easel/shared/client";
import type { JobEvent, Layer } from "@easel/shared/protocol";
import { COMMAND_LABELS, type CommandInput, type CommandKind } from "../commands/command-input.js";
import { keepCandidate } from "../commands/keep-candidate.js";
import { type CommandRun, runCommand } from "../commands/run-command.js";
import type { PhotoshopApi } from "../host/photoshop-api.js";
import type { ProvenanceStore } from "../host/provenance-store.js";
import { pngDataUrl } from "../png/png-codec.js";
import { plainError } from "./plain-error.js";
import type { SettingsStore } from "./settings-store.js";

export interface PanelDeps {
  /** Null outside Photoshop (browser preview): commands then explain that they need Photoshop. */
  ps: PhotoshopApi | null;
  settings: SettingsStore;
  provenance: ProvenanceStore;
  /** The origin the plugin was built for (manifest `network.domains`). */
  allowedOrigin: string;
  root: Document;
}

type Field = HTMLElement & { value: string };

/** Wires the panel's controls to the commands; all Photoshop access goes through `deps.ps`. */
export class Panel {
  private client: EaselClient | null = null;
  private abort: AbortController | null = null;
  private run: CommandRun | null = null;

  constructor(private readonly deps: PanelDeps) {}

  private el<T extends HTMLElement = Field>(id: string): T {
    const found = this.deps.root.getElementById(id);
    if (!found) throw new Error(`panel markup has no #${id}`);
    return found as T;
  }

  /** Loads settings and binds every control. */
  async start(): Promise<void> {
    const settings = await this.deps.settings.load();
    this.el("server-url").value = settings.serverUrl;
    this.el("api-key").value = settings.apiKey;
    this.connect(settings.serverUrl, settings.apiKey);
    this.el("save-settings").addEventListener("click", () => void this.saveSettings());
    this.el("command").addEventListener("change", () => this.showFieldsFor(this.command()));
    this.el("run").addEventListener("click", () => void this.runCommand());
    this.el("cancel").addEventListener("click", () => this.abort?.abort());
    this.el("refresh-history").addEventListener("click", () => void this.refreshHistory());
    this.el("show-provenance").addEventListener("click", () => this.showProvenance());
    this.showFieldsFor(this.command());
  }

  private connect(serverUrl: string, apiKey: string): void {
    this.client = serverUrl && apiKey ? new EaselClient({ baseUrl: serverUrl, apiKey, priority: "interactive" }) : null;
  }

  private async saveSettings(): Promise<void> {
    const serverUrl = this.el("server-url").value.trim();
    const apiKey = this.el("api-key").value.trim();
    const status = this.el("settings-status");
    try {
      const origin = new URL(serverUrl).origin;
      await this.deps.settings.save({ serverUrl, apiKey });
      this.connect(serverUrl, apiKey);
      status.textContent =
        origin === this.deps.allowedOrigin
          ? "Saved."
          : `Saved, but this plugin may only reach ${this.deps.allowedOrigin}: rebuild it with EASEL_SERVER_URL=${origin}.`;
    } catch {
      status.textContent = "The server URL must look like http://127.0.0.1:8787.";
    }
  }

  private command(): CommandKind {
    return (this.el("command").value || "fill") as CommandKind;
  }

  private showFieldsFor(kind: CommandKind): void {
    const show = (id: string, visible: boolean) => this.el(id).classList.toggle("hidden", !visible);
    show("prompt", kind === "fill" || kind === "expand" || kind === "generate");
    show("expand-px", kind === "expand");
    show("scale", kind === "upscale");
    show("brand-kit", kind === "brand");
    show("candidates-count", kind !== "upscale" && kind !== "brand");
  }

  /** The command input from the form; throws a plain message for a bad field. */
  readInput(): CommandInput {
    const kind = this.command();
    const prompt = this.el("prompt").value.trim();
    const candidates = Number(this.el("candidates-count").value || 1);
    const withPrompt = prompt ? { prompt } : {};
    switch (kind) {
      case "fill":
        return { kind, candidates, ...withPrompt };
      case "remove":
        return { kind, candidates };
      case "expand": {
        const px = Number(this.el("expand-px").value);
        if (!Number.isInteger(px) || px < 1 || px > 4096)
          throw new Error("Expand by must be a whole number of pixels, 1 to 4096.");
        return { kind, candidates, extend: { left: px, top: px, right: px, bottom: px }, ...withPrompt };
      }
      case "upscale":
        return { kind, scale: this.el("scale").value === "4" ? 4 : 2 };
      case "brand": {
        const brandKit = this.el("brand-kit").value.trim();
        if (!brandKit) throw new Error("Type the brand kit to match, e.g. acme.");
        return { kind, brandKit };
      }
      case "generate":
        if (!prompt) throw new Error("Generate needs a prompt.");
        return { kind, prompt, candidates };
      default: {
        const never: never = kind;
        throw new Error(`unknown command ${String(never)}`);
      }
    }
  }

  private setStage(text: string, percent?: number): void {
    this.el("stage").textContent = text;
    if (percent !== undefined) this.el("progress").setAttribute("value", String(Math.round(percent)));
  }

  private showError(error: unknown): void {
    this.el("error").textContent = error ? plainError(error) : "";
  }

  private onEvent(event: JobEvent): void {
    if (event.type === "queued") this.setStage("Queued…", 2);
    else if (event.type === "started") this.setStage("Working…", 5);
    else if (event.type === "progress") {
      this.setStage(
        `${event.data.stage} ${event.data.step}/${event.data.total}`,
        (100 * event.data.step) / event.data.total,
      );
      if (event.data.preview) {
        const img = this.el<HTMLImageElement>("preview");
        img.src = event.data.preview.startsWith("data:")
          ? event.data.preview
          : `data:image/png;base64,${event.data.preview}`;
        img.classList.remove("hidden");
      }
    } else if (event.type === "retrying") this.setStage(`Retrying: ${event.data.reason}`);
  }

  private async runCommand(): Promise<void> {
    this.showError(null);
    const client = this.client;
    if (!client) return this.showError(new Error("Set the server URL and API key in Settings first."));
    if (!this.deps.ps)
      return this.showError(new Error("Commands run inside Photoshop: load the plugin with the UXP Developer Tool."));
    let input: CommandInput;
    try {
      input = this.readInput();
    } catch (error) {
      return this.showError(error);
    }
    this.abort = new AbortController();
    this.el("run").setAttribute("disabled", "");
    this.el("cancel").removeAttribute("disabled");
    this.el("candidates").replaceChildren();
    this.setStage(`${COMMAND_LABELS[input.kind]}: reading the layer…`, 0);
    try {
      this.run = await runCommand(
        { ps: this.deps.ps, client, signal: this.abort.signal, onEvent: (e) => this.onEvent(e) },
        input,
      );
      this.setStage(`${this.run.candidates.length} candidate(s). Keep one to add it as a new layer.`, 100);
      await this.showCandidates(client, this.run.candidates);
    } catch (error) {
      this.setStage("Stopped.", 0);
      this.showError(error);
    } finally {
      this.abort = null;
      this.el("run").removeAttribute("disabled");
      this.el("cancel").setAttribute("disabled", "");
    }
  }

  private async showCandidates(client: EaselClient, candidates: Layer[]): Promise<void> {
    const list = this.el("candidates");
    for (const candidate of candidates) {
      const figure = this.deps.root.createElement("figure");
      const img = this.deps.root.createElement("img");
      img.src = pngDataUrl(await client.downloadAsset(candidate.assetId));
      img.alt = candidate.label;
      const keep = this.deps.root.createElement("sp-button");
      keep.textContent = `Keep (seed ${candidate.seed ?? "–"})`;
      keep.addEventListener("click", () => void this.keep(candidate));
      figure.append(img, keep);
      list.append(figure);
    }
  }

  private async keep(candidate: Layer): Promise<void> {
    const { ps } = this.deps;
    if (!ps || !this.client || !this.run) return;
    try {
      const placed = await keepCandidate(
        { ps, client: this.client, provenance: this.deps.provenance },
        this.run,
        candidate,
      );
      this.setStage(`Added layer "${placed.name}".`);
    } catch (error) {
      this.showError(error);
    }
  }

  private async refreshHistory(): Promise<void> {
    if (!this.client) return this.showError(new Error("Set the server URL and API key in Settings first."));
    try {
      const document = this.deps.ps?.app.documents.length ? this.deps.ps.app.activeDocument.title : undefined;
      const { jobs } = await this.client.listJobs({ limit: 20, ...(document ? { document } : {}) });
      const items = jobs.map((job) => {
        const li = this.deps.root.createElement("li");
        li.textContent = `${job.createdAt.slice(0, 16).replace("T", " ")} · ${job.kind} · ${job.status}`;
        return li;
      });
      this.el("history").replaceChildren(...items);
    } catch (error) {
      this.showError(error);
    }
  }

  private showProvenance(): void {
    const out = this.el("provenance");
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
