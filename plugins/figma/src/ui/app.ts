// Entry of the UI iframe bundle: controls, jobs over HTTP/SSE with EaselClient, and the gallery.
import { CancelledError, RunController } from "@easel/plugin-core";
import { EaselClient } from "@easel/shared/client";
import type { Job, Layer } from "@easel/shared/protocol";
import type { Command, PreparedSource, SelectionInfo, Settings } from "../messages.js";
import { listBrandKits } from "./brand-kits.js";
import { MainBridge } from "./bridge.js";
import { byId, el } from "./dom.js";
import { renderGallery } from "./gallery.js";
import { renderHistory } from "./history.js";
import { type Controls, commandInput } from "./job-input.js";
import { plainError } from "./plain-error.js";

const bridge = new MainBridge();
const ui = {
  serverUrl: byId<HTMLInputElement>("server-url"),
  apiKey: byId<HTMLInputElement>("api-key"),
  command: byId<HTMLSelectElement>("command"),
  scale: byId<HTMLSelectElement>("scale"),
  tier: byId<HTMLSelectElement>("tier"),
  brandKit: byId<HTMLSelectElement>("brand-kit"),
  prompt: byId<HTMLTextAreaElement>("prompt"),
  negative: byId<HTMLTextAreaElement>("negative-prompt"),
  seed: byId<HTMLInputElement>("seed"),
  steps: byId<HTMLInputElement>("steps"),
  candidates: byId<HTMLInputElement>("candidates"),
  strength: byId<HTMLInputElement>("strength"),
  run: byId<HTMLButtonElement>("run"),
  cancel: byId<HTMLButtonElement>("cancel"),
  status: byId("status"),
  error: byId("error"),
  progress: byId("progress"),
  bar: byId("progress-bar"),
  preview: byId<HTMLImageElement>("preview"),
  gallery: byId("gallery"),
  history: byId("history"),
};

let settings: Settings = { serverUrl: "", apiKey: "" };
let fileKey: string | null = null;
let selection: SelectionInfo | null = null;
let running: RunController | null = null;
const blobUrls = new Map<string, string>();
const client = () => new EaselClient({ baseUrl: settings.serverUrl, apiKey: settings.apiKey, priority: "interactive" });

function say(text: string): void {
  ui.status.textContent = text;
}
function fail(error: unknown): void {
  ui.error.textContent = plainError(error, settings.serverUrl);
}

function readControls(): Controls {
  const int = (input: HTMLInputElement) => (input.value.trim() === "" ? undefined : Number.parseInt(input.value, 10));
  return {
    prompt: ui.prompt.value,
    negativePrompt: ui.negative.value,
    brandKit: ui.brandKit.value,
    seed: int(ui.seed),
    steps: int(ui.steps),
    strength: Number(ui.strength.value),
    candidates: int(ui.candidates) ?? 1,
    scale: ui.scale.value === "4" ? 4 : 2,
    tier: ui.tier.value as Controls["tier"],
  };
}

/** Shows only the controls the chosen command uses. */
function updateControls(): void {
  const command = ui.command.value as Command;
  byId("scale-field").hidden = command !== "upscale";
  byId("tier-field").hidden = command !== "upscale";
  byId("prompt-field").hidden = command === "upscale" || command === "stylize";
}

function applyLaunchCommand(command: string): void {
  const [name, scale] = command.split("-");
  const known = ["generate", "fill", "expand", "upscale", "stylize", "vary"];
  if (name === "variations") ui.command.value = "vary";
  else if (name && known.includes(name)) ui.command.value = name;
  if (scale === "2" || scale === "4") ui.scale.value = scale;
  updateControls();
}

async function loadKits(): Promise<void> {
  if (!settings.serverUrl || !settings.apiKey) return;
  const kits = await listBrandKits(settings.serverUrl, settings.apiKey);
  const chosen = ui.brandKit.value;
  ui.brandKit.replaceChildren(
    el("option", { value: "" }, "No brand kit"),
    ...kits.map((k) => el("option", { value: `${k.slug}@${k.latestVersion}` }, `${k.name} (v${k.latestVersion})`)),
  );
  ui.brandKit.value = chosen;
}

async function imageUrl(layer: Layer): Promise<string> {
  const cached = blobUrls.get(layer.assetId);
  if (cached) return cached;
  const bytes = await client().downloadAsset(layer.assetId);
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "image/png" }));
  blobUrls.set(layer.assetId, url);
  return url;
}

function showLayers(layers: readonly Layer[], prepared: PreparedSource, label: string): void {
  renderGallery(ui.gallery, layers, imageUrl, (layer, button) => void keep(layer, prepared, label, button));
}

async function keep(layer: Layer, prepared: PreparedSource, prompt: string, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  ui.error.textContent = "";
  try {
    const bytes = await client().downloadAsset(layer.assetId);
    const name = await bridge.place({
      source: prepared.source,
      bytes,
      placement: layer.placement,
      label: prompt.trim() || layer.label,
      seed: layer.seed,
      provenance: { jobId: layer.jobId, manifestId: layer.manifestId, manifestUrl: layer.manifestUrl },
    });
    say(`Placed “${name}”.`);
  } catch (error) {
    fail(error);
  } finally {
    button.disabled = false;
  }
}

async function run(): Promise<void> {
  ui.error.textContent = "";
  ui.gallery.replaceChildren();
  const controls = readControls();
  const command = ui.command.value as Command;
  const candidates: Layer[] = [];
  let prepared: PreparedSource | null = null;
  // The job's life (upload once, create, follow, cancel, rank) is the core's, shared with Photoshop.
  const controller = new RunController({
    client: client(),
    follow: "stream",
    onJobCreated: () => {
      say("Queued…");
      ui.progress.hidden = false;
      ui.bar.style.width = "0";
      ui.preview.hidden = true;
    },
    onUpdate: (update) => {
      if (update.status === "running") say(update.label);
      ui.bar.style.width = `${Math.round(update.percent)}%`;
      if (update.preview) {
        ui.preview.src = update.preview;
        ui.preview.hidden = false;
      }
    },
    onEvent: (event) => {
      if (event.type === "candidate" && prepared) {
        candidates.push(event.data.layer);
        showLayers(candidates, prepared, controls.prompt);
      }
    },
  });
  running = controller;
  ui.run.disabled = true;
  ui.cancel.disabled = false;
  try {
    say("Reading the selection…");
    prepared = await bridge.prepare(command, controls.scale);
    say("Uploading…");
    const { input, context } = commandInput(prepared, controls, fileKey);
    const result = await controller.run(
      input,
      { ...(prepared.image ? { image: prepared.image } : {}), ...(prepared.mask ? { mask: prepared.mask } : {}) },
      context,
    );
    ui.bar.style.width = "100%";
    showLayers(result.candidates, prepared, controls.prompt);
    const n = result.candidates.length;
    say(`Done: ${n} result${n === 1 ? "" : "s"}, best first.`);
  } catch (error) {
    if (error instanceof CancelledError) say("Cancelled.");
    else {
      fail(error);
      say("");
    }
  } finally {
    running = null;
    ui.run.disabled = false;
    ui.cancel.disabled = true;
    ui.progress.hidden = true;
  }
}

async function cancel(): Promise<void> {
  const current = running;
  if (!current) return;
  ui.cancel.disabled = true;
  say("Cancelling…");
  try {
    await current.cancel();
  } catch (error) {
    fail(error);
  }
}

async function loadHistory(): Promise<void> {
  if (!fileKey || !settings.apiKey) {
    renderHistory(ui.history, [], () => {});
    return;
  }
  const { jobs } = await client().listJobs({ document: fileKey, limit: 100 });
  renderHistory(ui.history, jobs, (job: Job) => {
    const source = selection?.image;
    if (job.layers.length === 0) {
      ui.error.textContent = job.problem ? job.problem.detail : `This ${job.kind} job has no results (${job.status}).`;
      return;
    }
    if (!source) {
      ui.error.textContent = "Select the image this job was made for to place its results again.";
      return;
    }
    const first = job.layers[0] as Layer;
    const prepared: PreparedSource = {
      command: "upscale",
      source: {
        nodeId: source.nodeId,
        pixelWidth: first.placement.width,
        pixelHeight: first.placement.height,
        mode: "over",
      },
    };
    showLayers(job.layers, prepared, (job.request as { prompt?: string }).prompt ?? "");
  });
}

async function showProvenance(): Promise<void> {
  const provenance = selection?.provenance;
  const panel = byId<HTMLDetailsElement>("provenance-panel");
  panel.hidden = !provenance;
  if (!provenance) return;
  panel.open = true;
  const job = await client().getJob(provenance.jobId);
  const rows = [
    `Job ${job.id} (${job.kind}, ${job.status}) by ${job.createdBy}, ${new Date(job.createdAt).toLocaleString()}`,
    provenance.manifestId ? `Content credentials: ${provenance.manifestId}` : "No content credentials recorded.",
  ];
  byId("provenance").replaceChildren(
    ...rows.map((r) => el("p", {}, r)),
    ...(provenance.manifestUrl
      ? [
          el(
            "a",
            { href: new URL(provenance.manifestUrl, settings.serverUrl).href, target: "_blank" },
            "Open the manifest",
          ),
        ]
      : []),
  );
}

bridge.on((message) => {
  switch (message.type) {
    case "init":
      settings = message.settings;
      fileKey = message.fileKey;
      selection = message.selection;
      ui.serverUrl.value = settings.serverUrl;
      ui.apiKey.value = settings.apiKey;
      applyLaunchCommand(message.command);
      if (!settings.apiKey) byId<HTMLDetailsElement>("settings-panel").open = true;
      void loadKits().catch(fail);
      void loadHistory().catch(fail);
      if (message.command === "provenance") void showProvenance().catch(fail);
      break;
    case "selection":
      selection = message.selection;
      break;
    case "settings-saved":
      settings = message.settings;
      say("Settings saved.");
      void loadKits().catch(fail);
      void loadHistory().catch(fail);
      break;
    default:
      break;
  }
});

ui.command.addEventListener("change", updateControls);
ui.strength.addEventListener("input", () => {
  byId("strength-value").textContent = ui.strength.value;
});
ui.run.addEventListener("click", () => void run());
ui.cancel.addEventListener("click", () => void cancel());
byId("refresh-history").addEventListener("click", () => void loadHistory().catch(fail));
byId("save-settings").addEventListener("click", () => {
  ui.error.textContent = "";
  bridge.post({
    type: "save-settings",
    settings: { serverUrl: ui.serverUrl.value.trim(), apiKey: ui.apiKey.value.trim() },
  });
});
updateControls();
bridge.post({ type: "ready" });
