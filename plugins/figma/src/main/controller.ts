import { type MainToUi, type NetworkAccess, UiToMain } from "../messages.js";
import { blockedServerWarning } from "../network-access.js";
import { documentId, loadFileData, saveFileData } from "./document-store.js";
import { parseLaunch } from "./launch.js";
import { loadPendingRun, savePendingRun } from "./pending-run.js";
import { createResultLayer } from "./place-layer.js";
import { prepareCommand } from "./prepare.js";
import { PreviewSession } from "./preview.js";
import { Refusal } from "./refusal.js";
import { describeSelection } from "./selection.js";
import { loadSettings, saveSettings } from "./settings.js";

export interface ControllerOptions {
  /** Server URL the plugin was built for; used until the designer saves another. */
  defaultServerUrl: string;
  /** The manifest's network access this build was made with. */
  network: NetworkAccess;
}

/** A failure in the designer's words: our refusals as they are, anything Figma threw as a plain sentence. */
function plainMessage(error: unknown, doing: string): string {
  if (error instanceof Refusal) return error.message;
  return `Easel could not ${doing} in this file: ${(error as Error).message ?? String(error)}`;
}

/**
 * The main thread's side of the message contract: answers UI messages with document reads and writes.
 * Takes the Figma API as a parameter so tests can drive it with an emulator.
 */
export function createController(api: PluginAPI, options: ControllerOptions) {
  const post = (message: MainToUi) => api.ui.postMessage(message);
  const selection = () => describeSelection(api.currentPage.selection);
  const preview = new PreviewSession(api);
  const document = () => documentId(api);

  async function answer(requestId: number, doing: string, work: () => Promise<MainToUi>): Promise<void> {
    try {
      post(await work());
    } catch (error) {
      post({ type: "refused", requestId, message: plainMessage(error, doing) });
    }
  }

  return {
    /** Posts the current selection to the UI (wire to `selectionchange`). */
    selectionChanged(): void {
      post({ type: "selection", selection: selection() });
    },

    /** The plugin is closing (wire to `close`): a preview nobody kept must not stay in the file. Synchronous. */
    closing(): void {
      preview.discard();
    },

    /** Handles one message from the UI. */
    async handle(raw: unknown): Promise<void> {
      const parsed = UiToMain.safeParse(raw);
      if (!parsed.success) {
        api.notify("Easel: the plugin window sent a message this version does not understand.", { error: true });
        return;
      }
      const message = parsed.data;
      switch (message.type) {
        case "ready": {
          await preview.removeLeftovers();
          const id = document();
          post({
            type: "init",
            settings: await loadSettings(api, options.defaultServerUrl),
            document: id,
            fileKey: api.fileKey ?? null,
            command: api.command,
            launch: parseLaunch(api.command),
            selection: selection(),
            fileData: loadFileData(api),
            pendingRun: await loadPendingRun(api, id),
            network: options.network,
          });
          return;
        }
        case "save-settings":
          await saveSettings(api, message.settings);
          post({
            type: "settings-saved",
            settings: message.settings,
            warning: blockedServerWarning(message.settings.serverUrl, options.network),
          });
          return;
        case "notify":
          api.notify(message.message);
          return;
        case "save-pending-run":
          await savePendingRun(api, document(), message.run);
          return;
        case "save-file-data":
          return answer(message.requestId, "save prompts and presets", async () => ({
            type: "file-data",
            requestId: message.requestId,
            data: saveFileData(api, message.data),
          }));
        case "prepare":
          return answer(message.requestId, "read the selection", async () => ({
            type: "prepared",
            requestId: message.requestId,
            prepared: await prepareCommand(api, message.command, message.scale, message.size),
          }));
        case "place":
          return answer(message.requestId, "place the result", async () => {
            const { node } = await createResultLayer(api, message.layer, { preview: false });
            api.currentPage.selection = [node];
            return { type: "placed", requestId: message.requestId, nodeId: node.id, name: node.name };
          });
        case "preview":
          return answer(message.requestId, "show the preview", async () => {
            const node = await preview.show(message.layer);
            return { type: "previewed", requestId: message.requestId, nodeId: node.id };
          });
        case "keep-preview":
          return answer(message.requestId, "keep the result", async () => {
            const node = preview.keep();
            return { type: "placed", requestId: message.requestId, nodeId: node.id, name: node.name };
          });
        case "discard-preview":
          return answer(message.requestId, "remove the preview", async () => {
            preview.discard();
            return { type: "preview-discarded", requestId: message.requestId };
          });
        default: {
          const never: never = message;
          throw new Error(`unhandled message ${JSON.stringify(never)}`);
        }
      }
    },
  };
}
