/**
 * Plays the main thread's side of the message contract for UI tests (the real main thread needs Figma's
 * document; its own tests drive it with the emulator). It answers as `src/main/controller.ts` does and
 * keeps what a designer would see on the canvas: the one preview layer, what was kept, the file's data.
 */
import type {
  FileData,
  Launch,
  MainToUi,
  NetworkAccess,
  PendingRun,
  PlaceLayer,
  SelectionInfo,
  Settings,
  UiToMain,
} from "../src/messages.js";
import type { PluginHost } from "./ui-host.js";

export interface PlayerSetup {
  settings: Settings;
  document: string;
  launch: Launch;
  selection: SelectionInfo;
  network: NetworkAccess;
  fileData?: FileData;
  pendingRun?: PendingRun | null;
  /** Answers `prepare` (default: refuses, naming the command). */
  prepare?: (message: Extract<UiToMain, { type: "prepare" }>) => MainToUi;
}

/** A selection as the main thread describes it: label, and what each command still needs. */
export function selectionOf(
  parts: Partial<Pick<SelectionInfo, "image" | "frame" | "shape" | "provenance">> & {
    label: string;
    needs?: Partial<SelectionInfo["needs"]>;
  },
): SelectionInfo {
  return {
    image: parts.image ?? null,
    frame: parts.frame ?? null,
    shape: parts.shape ?? null,
    provenance: parts.provenance ?? null,
    label: parts.label,
    needs: {
      generate: null,
      fill: null,
      expand: null,
      upscale: null,
      stylize: null,
      vary: null,
      select: null,
      adjust: null,
      recolor: null,
      ...parts.needs,
    },
  };
}

export class MainThreadPlayer {
  fileData: FileData;
  /** The temporary preview layer on the canvas, if any. */
  canvasPreview: PlaceLayer | null = null;
  /** Every preview the UI asked for, in order. */
  readonly previews: PlaceLayer[] = [];
  /** Layers kept (the preview at the time of Keep). */
  readonly kept: PlaceLayer[] = [];
  discards = 0;
  /** The pending run stored in client storage after each save (null: forgotten). */
  readonly pendingRuns: (PendingRun | null)[] = [];

  constructor(private readonly setup: PlayerSetup) {
    this.fileData = setup.fileData ?? { prompts: [], presets: [], brandKit: null };
  }

  /** The `onMessage` for `openPluginUi`. */
  readonly handle = async (message: UiToMain, host: PluginHost): Promise<void> => {
    const { setup } = this;
    switch (message.type) {
      case "ready":
        return host.send({
          type: "init",
          settings: setup.settings,
          document: setup.document,
          fileKey: null,
          command: setup.launch.command ?? "open",
          launch: setup.launch,
          selection: setup.selection,
          fileData: this.fileData,
          pendingRun: setup.pendingRun ?? null,
          network: setup.network,
        });
      case "prepare":
        return host.send(
          setup.prepare?.(message) ?? {
            type: "refused",
            requestId: message.requestId,
            message: `No ${message.command} answer in this test.`,
          },
        );
      case "preview":
        this.canvasPreview = message.layer;
        this.previews.push(message.layer);
        return host.send({
          type: "previewed",
          requestId: message.requestId,
          nodeId: `preview:${this.previews.length}`,
        });
      case "keep-preview": {
        const kept = this.canvasPreview;
        if (!kept) return host.send({ type: "refused", requestId: message.requestId, message: "Nothing to keep." });
        this.kept.push(kept);
        this.canvasPreview = null;
        return host.send({
          type: "placed",
          requestId: message.requestId,
          nodeId: "9:9",
          name: `Easel · ${kept.label}`,
        });
      }
      case "discard-preview":
        this.canvasPreview = null;
        this.discards++;
        return host.send({ type: "preview-discarded", requestId: message.requestId });
      case "save-file-data":
        this.fileData = message.data;
        return host.send({ type: "file-data", requestId: message.requestId, data: message.data });
      case "save-pending-run":
        this.pendingRuns.push(message.run);
        return;
      case "place":
        this.kept.push(message.layer);
        return host.send({
          type: "placed",
          requestId: message.requestId,
          nodeId: "9:8",
          name: `Easel · ${message.layer.label}`,
        });
      default:
        return;
    }
  };
}

/** True when the canvas preview is the candidate the UI shows as chosen (matched by its manifest id). */
export async function canvasShowsChosen(host: PluginHost, player: MainThreadPlayer): Promise<boolean> {
  const chosen = await host.ui.locator('[data-testid=candidate][aria-selected="true"]').getAttribute("data-manifest");
  return Boolean(chosen) && player.canvasPreview?.provenance.manifestId === chosen;
}
