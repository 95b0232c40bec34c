/**
 * The one message contract between the plugin's main thread (document access) and its UI iframe
 * (network, controls). Both sides parse what they receive with these schemas.
 * https://www.figma.com/plugin-docs/creating-ui/#sending-a-message-between-the-ui-and-plugin-code
 */
import { z } from "zod";

/** What a designer can ask for; each maps to one Easel job kind. */
export const Command = z.enum([
  "generate",
  "fill",
  "expand",
  "upscale",
  "stylize",
  "vary",
  "select",
  "adjust",
  "recolor",
]);
export type Command = z.infer<typeof Command>;

/**
 * What "Select subject / people / background" finds. Figma has no pixel selection: the mask comes back as a
 * luminance mask over a copy of the image.
 */
export const SelectMode = z.enum(["subject", "people", "background"]);
export type SelectMode = z.infer<typeof SelectMode>;

/** Figma refuses images larger than this on either side (px). https://www.figma.com/plugin-docs/api/properties/figma-createimage/ */
export const FIGMA_MAX_IMAGE_SIDE = 4096;

const Bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, "must be bytes (Uint8Array)");

export const Settings = z.object({
  serverUrl: z.string(),
  apiKey: z.string(),
});
export type Settings = z.infer<typeof Settings>;

/**
 * The manifest's `networkAccess` this build was made with: Figma blocks (CSP) every request to an origin
 * not listed here, whatever the Server URL in Settings says. https://www.figma.com/plugin-docs/manifest/#networkaccess
 */
export const NetworkAccess = z.object({
  allowedDomains: z.array(z.string()),
  devAllowedDomains: z.array(z.string()),
});
export type NetworkAccess = z.infer<typeof NetworkAccess>;

/**
 * What the plugin was opened with, parsed from `figma.command` (a menu item or a relaunch button):
 * `command` picks the short form to show (null: no command form, e.g. "History and settings");
 * `view` says which panel leads.
 */
export const Launch = z.object({
  command: Command.nullable(),
  /** Upscale 2x / 4x run at once, without a form. */
  scale: z.union([z.literal(2), z.literal(4)]).optional(),
  /** What a Select command finds (`select-subject` …). */
  selectMode: SelectMode.optional(),
  view: z.enum(["command", "history", "provenance"]),
});
export type Launch = z.infer<typeof Launch>;

/** Provenance a placed layer carries in its plugin data. */
export const LayerProvenance = z.object({
  jobId: z.string(),
  manifestId: z.string().nullable(),
  manifestUrl: z.string().nullable(),
});
export type LayerProvenance = z.infer<typeof LayerProvenance>;

/** The node a job's result is placed against, and its size in image pixels. */
export const SourceRef = z.object({
  /** The source node; null for `new-frame` (Generate with nothing selected: no frame exists yet). */
  nodeId: z.string().nullable(),
  /** Source size in pixels of the job's input (or the frame size for generate) (px). */
  pixelWidth: z.number().positive(),
  pixelHeight: z.number().positive(),
  /**
   * `over`: a sibling right above the source (or beside the instance it sits in); `inside`: a child of the
   * source frame; `new-frame`: a frame made at `at` only when the first result is previewed or kept, so a
   * failed or cancelled Generate leaves nothing behind.
   */
  mode: z.enum(["over", "inside", "new-frame"]),
  /** Canvas position of the frame `new-frame` makes (its top-left corner). */
  at: z.object({ x: z.number(), y: z.number() }).optional(),
});
export type SourceRef = z.infer<typeof SourceRef>;

const NodeSummary = z.object({
  nodeId: z.string(),
  name: z.string(),
  width: z.number(),
  height: z.number(),
  /** How a designer reads it: `Hero image · 1200×800` (name · size as Figma's W×H fields show it). */
  label: z.string(),
});

/** What the current selection offers, for enabling commands in the UI. */
export const SelectionInfo = z.object({
  image: NodeSummary.nullable(),
  frame: NodeSummary.nullable(),
  shape: z.object({ nodeId: z.string(), name: z.string() }).nullable(),
  /** Provenance of a selected Easel layer, for "Show provenance" and "Variations". */
  provenance: LayerProvenance.nullable(),
  /** The selection in words: `Hero image · 1200×800`, `Nothing selected`, `Cat · 512×340 and Area`. */
  label: z.string(),
  /** Per command: null when the selection serves it, else what to select instead (the designer's words). */
  needs: z.record(Command, z.string().nullable()),
});
export type SelectionInfo = z.infer<typeof SelectionInfo>;

/** Everything the UI needs to create the job for a command, read from the document. */
export const PreparedSource = z.object({
  command: Command,
  source: SourceRef,
  image: Bytes.optional(),
  /** The mask as a compressed 8-bit grey PNG (plugin-core's encoder), white = regenerate. */
  mask: Bytes.optional(),
  /** Output size for generate (px). */
  size: z.object({ width: z.number().int(), height: z.number().int() }).optional(),
  /** New pixels per side for expand (px of the image). */
  extend: z
    .object({ left: z.number().int(), top: z.number().int(), right: z.number().int(), bottom: z.number().int() })
    .optional(),
  /** The job a variation derives from. */
  parentJobId: z.string().optional(),
});
export type PreparedSource = z.infer<typeof PreparedSource>;

/** A result to place as a new layer (kept at once with `place`, or shown first with `preview`). */
export const PlaceLayer = z.object({
  source: SourceRef,
  bytes: Bytes,
  /** Where the result sits relative to the source, in source pixels (Easel `Layer.placement`). */
  placement: z.object({ x: z.number(), y: z.number(), width: z.number().positive(), height: z.number().positive() }),
  label: z.string(),
  seed: z.number().int().nullable(),
  provenance: LayerProvenance,
  /**
   * Set for a `select` result (a grey mask, 255 = selected, the size of the upload): it is placed as a group
   * of a luminance mask and a copy of the source image above the source, which stays as it was.
   */
  maskOf: SelectMode.optional(),
});
export type PlaceLayer = z.infer<typeof PlaceLayer>;

/** A prompt preset a designer saved in this file. */
export const Preset = z.object({
  name: z.string().min(1).max(80),
  command: Command,
  prompt: z.string().max(2000),
  negativePrompt: z.string().max(2000).optional(),
  brandKit: z.string().nullable().optional(),
  strength: z.number().min(0).max(1).optional(),
});
export type Preset = z.infer<typeof Preset>;

/** Most prompts and presets kept per file: the whole record must stay under Figma's 100 kB per entry. */
export const FILE_DATA_LIMITS = { prompts: 30, presets: 30 } as const;

/**
 * What the plugin remembers per Figma file (`figma.root` plugin data, so it travels with the file):
 * recent prompts (newest first), presets, and the brand kit last used here (`slug@version`).
 */
export const FileData = z.object({
  prompts: z.array(z.string().max(2000)).max(FILE_DATA_LIMITS.prompts).default([]),
  presets: z.array(Preset).max(FILE_DATA_LIMITS.presets).default([]),
  brandKit: z.string().nullable().default(null),
});
export type FileData = z.infer<typeof FileData>;

/**
 * A job started in this file whose results were not shown yet, kept in `figma.clientStorage` (per user,
 * machine and document) so a plugin closed mid-run reattaches when it opens again. The shape of
 * plugin-core's `PendingRun`, with Figma's placement data.
 */
export const PendingRun = z.object({
  jobId: z.string(),
  /** plugin-core's command kind (`fill`, `upscale`, …). */
  kind: z.string(),
  serverUrl: z.string(),
  startedAt: z.string(),
  placement: z.looseObject({
    command: Command,
    source: SourceRef,
    label: z.string(),
  }),
});
export type PendingRun = z.infer<typeof PendingRun>;

/** UI → main thread. */
export const UiToMain = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready") }),
  z.object({ type: z.literal("save-settings"), settings: Settings }),
  z.object({
    type: z.literal("prepare"),
    requestId: z.number().int(),
    command: Command,
    scale: z.union([z.literal(2), z.literal(4)]).optional(),
    /**
     * Generate with nothing selected: the size the designer chose for the new frame (px). A selected frame
     * decides its own size and this is ignored.
     */
    size: z
      .object({ width: z.number().int().min(64).max(4096), height: z.number().int().min(64).max(4096) })
      .optional(),
  }),
  /** Keeps a result at once (e.g. placing a history result again); answered `placed` or `refused`. */
  z.object({ type: z.literal("place"), requestId: z.number().int(), layer: PlaceLayer }),
  /**
   * Shows a candidate on the canvas as the one temporary preview layer, replacing the previous preview
   * (←/→ send the next one); answered `previewed` or `refused`.
   */
  z.object({ type: z.literal("preview"), requestId: z.number().int(), layer: PlaceLayer }),
  /** Turns the current preview into the real layer with provenance; answered `placed` or `refused`. */
  z.object({ type: z.literal("keep-preview"), requestId: z.number().int() }),
  /** Removes the preview (and a frame made only for it); answered `preview-discarded`. */
  z.object({ type: z.literal("discard-preview"), requestId: z.number().int() }),
  /** Replaces this file's stored data; answered `file-data` (or `refused` when it would not fit). */
  z.object({ type: z.literal("save-file-data"), requestId: z.number().int(), data: FileData }),
  /** Remembers the running job for this file; `run: null` forgets it (results shown, failed or cancelled). */
  z.object({ type: z.literal("save-pending-run"), run: PendingRun.nullable() }),
  z.object({ type: z.literal("notify"), message: z.string() }),
]);
export type UiToMain = z.infer<typeof UiToMain>;

/** Main thread → UI. */
export const MainToUi = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("init"),
    settings: Settings,
    /** This file's Easel document id (kept in `figma.root` plugin data): send it as the job's `document`. */
    document: z.string(),
    /** Figma's file key: only private plugins get one, so never rely on it. */
    fileKey: z.string().nullable(),
    /** The raw menu or relaunch command the plugin was opened with. */
    command: z.string(),
    launch: Launch,
    selection: SelectionInfo,
    fileData: FileData,
    /** The job this file was running when the plugin closed, to reattach to. */
    pendingRun: PendingRun.nullable(),
    network: NetworkAccess,
  }),
  z.object({ type: z.literal("selection"), selection: SelectionInfo }),
  z.object({ type: z.literal("prepared"), requestId: z.number().int(), prepared: PreparedSource }),
  z.object({ type: z.literal("placed"), requestId: z.number().int(), nodeId: z.string(), name: z.string() }),
  z.object({ type: z.literal("previewed"), requestId: z.number().int(), nodeId: z.string() }),
  z.object({ type: z.literal("preview-discarded"), requestId: z.number().int() }),
  z.object({ type: z.literal("file-data"), requestId: z.number().int(), data: FileData }),
  /** A request the document cannot satisfy, in words a designer understands. */
  z.object({ type: z.literal("refused"), requestId: z.number().int(), message: z.string() }),
  z.object({
    type: z.literal("settings-saved"),
    settings: Settings,
    /** Set when this build's manifest does not let Figma reach the saved server: what to change. */
    warning: z.string().nullable(),
  }),
]);
export type MainToUi = z.infer<typeof MainToUi>;
