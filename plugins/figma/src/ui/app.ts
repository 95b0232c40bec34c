// Entry of the UI iframe bundle: one short form per menu command, the run, results on the canvas, history.
import type { CommandKind } from "@easel/plugin-core";
import { EaselClient } from "@easel/shared/client";
import { type FileData, type NetworkAccess, type SelectionInfo, SelectMode, type Settings } from "../messages.js";
import { listBrandKits } from "./brand-kits.js";
import { MainBridge } from "./bridge.js";
import { byId, el } from "./dom.js";
import { EditControls } from "./edit-controls.js";
import { presetName, rememberPrompt, savePreset, withBrandKit } from "./file-memory.js";
import { chosenSize, readControls, showForm } from "./form-view.js";
import { type FormSpec, formFor } from "./forms.js";
import { loadHistory } from "./history-view.js";
import { plainError, watchBlockedRequests } from "./plain-error.js";
import { showProvenance } from "./provenance.js";
import { RunFlow } from "./run-flow.js";

const bridge = new MainBridge();
watchBlockedRequests();

let settings: Settings = { serverUrl: "", apiKey: "" };
let documentId = "";
let network: NetworkAccess = { allowedDomains: [], devAllowedDomains: [] };
let selection: SelectionInfo | null = null;
let fileData: FileData = { prompts: [], presets: [], brandKit: null };
let spec: FormSpec = formFor("generate");
let scale: 2 | 4 = 2;
let selectMode: SelectMode = "subject";
const client = () => new EaselClient({ baseUrl: settings.serverUrl, apiKey: settings.apiKey, priority: "interactive" });
const runButton = byId<HTMLButtonElement>("run");

function fail(error: unknown, command?: CommandKind, since?: number): void {
  const show = () => {
    byId("error").textContent = plainError(error, {
      serverUrl: settings.serverUrl,
      network,
      ...(command ? { command } : {}),
      ...(since === undefined ? {} : { since }),
    });
  };
  // Figma's CSP refusal is reported by an event that may trail the rejected fetch by a task.
  if (error instanceof TypeError) setTimeout(show, 50);
  else show();
}
function notice(text: string): void {
  byId("notice").textContent = text;
}
function clearMessages(): void {
  byId("error").textContent = "";
  notice("");
}

const flow = new RunFlow({
  bridge,
  client,
  serverUrl: () => settings.serverUrl,
  document: () => documentId,
  fail,
  notice,
  idle: () => showSelection(),
});

const edits = new EditControls({ prepare: (kind) => bridge.prepare(kind), client, fail });

/** Adjust and Recolor: the live preview follows the selected image (and a shape drawn over it). */
function openEdit(): void {
  if (spec.command !== "adjust" && spec.command !== "recolor") return;
  const image = selection?.needs[spec.command] === null ? selection.image : null;
  void edits.open(spec.command, image ? `${image.nodeId}|${selection?.shape?.nodeId ?? ""}` : null);
  if (spec.command === "recolor") void edits.loadPalette(byId<HTMLSelectElement>("brand-kit").value);
}

/** The form for a menu command value (`upscale-2`: Upscale at 2x; `select-people`: Select people). */
function setCommand(value: string): void {
  const [name, option] = value.split("-");
  scale = option === "4" ? 4 : 2;
  selectMode = SelectMode.safeParse(option).data ?? "subject";
  const command = (name === "upscale" || name === "select" ? name : value) as FormSpec["command"];
  spec = formFor(command, scale, selectMode);
  byId<HTMLSelectElement>("command").value =
    command === "upscale" ? `upscale-${scale}` : command === "select" ? `select-${selectMode}` : command;
  showForm(spec, selection);
  fillPromptMenus();
  showSelection();
  openEdit();
}

/** The selection in words, or what this command needs selected instead; Run waits for it. */
function showSelection(): void {
  const chip = byId("selection");
  const needs = selection?.needs[spec.command] ?? null;
  chip.textContent = needs ?? selection?.label ?? "Nothing selected";
  chip.classList.toggle("missing", needs !== null);
  runButton.disabled = flow.running || needs !== null || !settings.apiKey;
}

function showView(view: "command" | "history" | "settings"): void {
  for (const name of ["command", "history", "settings"] as const) byId(`view-${name}`).hidden = name !== view;
  byId("tab-history").setAttribute("aria-pressed", String(view === "history"));
  byId("tab-settings").setAttribute("aria-pressed", String(view === "settings"));
  if (view === "history") void refreshHistory();
}

function fillPromptMenus(): void {
  byId("recent-prompts").replaceChildren(
    el("option", { value: "" }, fileData.prompts.length ? "Recent" : "No recent prompts"),
    ...fileData.prompts.map((p, i) => el("option", { value: String(i) }, p.length > 60 ? `${p.slice(0, 60)}…` : p)),
  );
  const presets = fileData.presets.filter((p) => p.command === spec.command);
  byId("presets").replaceChildren(
    el("option", { value: "" }, presets.length ? "Presets" : "No presets"),
    ...presets.map((p) => el("option", { value: p.name }, p.name)),
  );
}

async function storeFileData(next: FileData): Promise<void> {
  if (JSON.stringify(next) === JSON.stringify(fileData)) return;
  fileData = next;
  fillPromptMenus();
  try {
    fileData = await bridge.saveFileData(next);
  } catch (error) {
    fail(error);
  }
}

async function run(): Promise<void> {
  if (flow.running) return;
  clearMessages();
  const controls = readControls(scale);
  const usesPrompt = spec.fields.includes("prompt") || spec.more.includes("prompt");
  const prompt = usesPrompt ? controls.prompt.trim() : "";
  let next = usesPrompt ? rememberPrompt(fileData, prompt) : fileData;
  if (spec.fields.includes("brandKit")) next = withBrandKit(next, controls.brandKit || null);
  void storeFileData(next);
  if (spec.command === "select") {
    runButton.disabled = true;
    const edit = { kind: "select" as const, mode: selectMode };
    await flow.start("select", { ...controls, edit }, { label: "", maskOf: selectMode });
    return;
  }
  if (spec.command === "adjust" || spec.command === "recolor") {
    let edit: ReturnType<typeof edits.input>;
    try {
      edit = edits.input();
    } catch (error) {
      byId("error").textContent = (error as Error).message;
      return;
    }
    runButton.disabled = true;
    await flow.start(spec.command, { ...controls, edit }, { label: spec.title });
    return;
  }
  runButton.disabled = true;
  const size = spec.command === "generate" ? chosenSize() : undefined;
  await flow.start(spec.command, { ...controls, prompt }, { label: prompt, ...(size ? { size } : {}) });
}

async function loadKits(): Promise<void> {
  if (!settings.serverUrl || !settings.apiKey) return;
  const kits = await listBrandKits(settings.serverUrl, settings.apiKey);
  const select = byId<HTMLSelectElement>("brand-kit");
  const chosen = select.value || fileData.brandKit || "";
  select.replaceChildren(
    el("option", { value: "" }, "No brand kit"),
    ...kits.map((k) => el("option", { value: `${k.slug}@${k.latestVersion}` }, `${k.name} (v${k.latestVersion})`)),
  );
  if ([...select.options].some((o) => o.value === chosen)) select.value = chosen;
  if (spec.command === "recolor") void edits.loadPalette(select.value);
}

function refreshHistory(): Promise<void> {
  return loadHistory({ client, documentId, apiKey: settings.apiKey, fileData, selection, flow, showView, fail }).catch(
    fail,
  );
}

bridge.on((message) => {
  switch (message.type) {
    case "init": {
      settings = message.settings;
      documentId = message.document;
      network = message.network;
      selection = message.selection;
      fileData = message.fileData;
      byId<HTMLInputElement>("server-url").value = settings.serverUrl;
      byId<HTMLInputElement>("api-key").value = settings.apiKey;
      const { launch } = message;
      setCommand(
        launch.command === "upscale"
          ? `upscale-${launch.scale ?? 2}`
          : launch.command === "select"
            ? `select-${launch.selectMode ?? "subject"}`
            : (launch.command ?? "generate"),
      );
      void loadKits().catch(fail);
      if (!settings.apiKey) {
        showView("settings");
        notice("Add your Easel server and API key to start.");
        return;
      }
      if (launch.view === "history") showView("history");
      if (launch.view === "provenance" && selection.provenance)
        void showProvenance(client(), selection.provenance, settings.serverUrl).catch(fail);
      if (message.pendingRun) {
        showView("command");
        void flow.reattach(message.pendingRun);
      } else if (launch.view === "command" && spec.runsAtOnce && selection.needs[spec.command] === null) void run();
      break;
    }
    case "selection":
      selection = message.selection;
      showForm(spec, selection);
      showSelection();
      openEdit();
      break;
    case "settings-saved":
      settings = message.settings;
      clearMessages();
      if (message.warning) byId("error").textContent = message.warning;
      else notice("Settings saved.");
      showSelection();
      void loadKits().catch(fail);
      break;
    default:
      break;
  }
});

byId("command").addEventListener("change", (event) => {
  clearMessages();
  setCommand((event.target as HTMLSelectElement).value);
  showView("command");
});
byId("tab-history").addEventListener("click", () => showView(byId("view-history").hidden ? "history" : "command"));
byId("tab-settings").addEventListener("click", () => showView(byId("view-settings").hidden ? "settings" : "command"));
byId("strength").addEventListener("input", (event) => {
  byId("strength-value").textContent = `${Math.round(Number((event.target as HTMLInputElement).value) * 100)}%`;
});
byId("recent-prompts").addEventListener("change", (event) => {
  const select = event.target as HTMLSelectElement;
  const prompt = fileData.prompts[Number(select.value)];
  if (select.value !== "" && prompt !== undefined) byId<HTMLTextAreaElement>("prompt").value = prompt;
  select.value = "";
});
byId("presets").addEventListener("change", (event) => {
  const select = event.target as HTMLSelectElement;
  const preset = fileData.presets.find((p) => p.name === select.value);
  select.value = "";
  if (!preset) return;
  byId<HTMLTextAreaElement>("prompt").value = preset.prompt;
  byId<HTMLTextAreaElement>("negative-prompt").value = preset.negativePrompt ?? "";
  if (preset.brandKit !== undefined) byId<HTMLSelectElement>("brand-kit").value = preset.brandKit ?? "";
  if (preset.strength !== undefined) byId<HTMLInputElement>("strength").value = String(preset.strength);
});
byId("save-preset").addEventListener("click", () => {
  const controls = readControls(scale);
  const prompt = controls.prompt.trim();
  if (!prompt) {
    notice("Write a prompt first: a preset keeps the prompt and the brand kit.");
    return;
  }
  const name = presetName(prompt);
  void storeFileData(
    savePreset(fileData, {
      name,
      command: spec.command,
      prompt,
      ...(controls.negativePrompt.trim() ? { negativePrompt: controls.negativePrompt.trim() } : {}),
      brandKit: controls.brandKit || null,
      ...(spec.fields.includes("strength") ? { strength: controls.strength } : {}),
    }),
  ).then(() => notice(`Saved the preset “${name}” in this file.`));
});
byId("brand-kit").addEventListener("change", (event) => {
  const kit = (event.target as HTMLSelectElement).value;
  void storeFileData(withBrandKit(fileData, kit || null));
  if (spec.command === "recolor") void edits.loadPalette(kit);
});
runButton.addEventListener("click", () => void run());
byId("cancel").addEventListener("click", () => void flow.cancel().catch(fail));
byId("keep").addEventListener("click", () => void flow.keep().catch(fail));
byId("discard").addEventListener("click", () => void flow.discard().catch(fail));
byId("regenerate").addEventListener("click", () => void run());
byId("refresh-history").addEventListener("click", () => void refreshHistory());
byId("save-settings").addEventListener("click", () => {
  clearMessages();
  bridge.post({
    type: "save-settings",
    settings: {
      serverUrl: byId<HTMLInputElement>("server-url").value.trim(),
      apiKey: byId<HTMLInputElement>("api-key").value.trim(),
    },
  });
});
setCommand("generate");
bridge.post({ type: "ready" });
