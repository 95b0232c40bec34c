import type { RgbaImage } from "@easel/plugin-core";
import type {
  ActionDescriptor,
  ExecuteAsModalOptions,
  ExecutionContext,
  PhotoshopApi,
  PsConstants,
  PsDocumentCreateOptions,
} from "../photoshop-api.js";
import { convertPixels, requireProfile, SRGB } from "./color-profiles.js";
import { runBatchPlay } from "./emulated-batch-play.js";
import { type DocumentFormat, EmulatedDocument, type EmulatorHost } from "./emulated-document.js";
import { EmulatedImageData } from "./emulated-image-data.js";
import { getPixels, getSelection, putLayerMask, putPixels, putSelection } from "./emulated-imaging.js";
import type { EmulatedLayerKind, Surface } from "./emulated-layer.js";

// A Photoshop host emulator for the subset `PhotoshopApi` names. It follows the shapes of
// `@types/photoshop` and the documented behaviour of the imaging API (pixel data trimmed to the
// layer's pixels, chunky 8-bit buffers, grayscale selections), and it enforces what real
// Photoshop enforces: document edits only inside `core.executeAsModal`, one modal scope at a
// time, history suspension that commits one named step or rolls everything back, `Document.selection`
// only from 25.0, pixels in the document's colour profile, a user who presses Escape in a modal scope.

const CONSTANTS = {
  AnchorPosition: { TOPLEFT: "top-left", BOTTOMRIGHT: "bottom-right" },
  ElementPlacement: { PLACEBEFORE: "placeBefore" },
  NewDocumentMode: { RGB: "RGBColorMode" },
  DocumentFill: { TRANSPARENT: "transparent" },
} as unknown as PsConstants; // string enums at runtime, as in the real module

export interface EmulatorDocumentSpec {
  title: string;
  /** Pixels of the background layer (opaque) or of a first normal layer, in sRGB. */
  image: RgbaImage;
  /** A background layer has no alpha channel, so imaging returns 3 components for it. */
  background?: boolean;
  layerName?: string;
  /** The document's profile; `image` is converted into it, as Edit → Convert to Profile would. */
  colorProfileName?: string;
  bitsPerChannel?: DocumentFormat["bitsPerChannel"];
  mode?: DocumentFormat["mode"];
  /** The first layer's kind (a smart object or group holds no editable pixels). */
  kind?: EmulatedLayerKind;
  /** How far the first layer's effects reach past its pixels (px). */
  effectsSpread?: number;
}

export interface EmulatorOptions {
  /** The Photoshop version emulated, e.g. "24.4" (no `Document.selection`) or "25.0" (default "26.0"). */
  version?: string;
}

/** An in-memory Photoshop: `emulator.api` is what `require("photoshop")` would return. */
export class PhotoshopEmulator {
  private ids = 100;
  private modal = false;
  readonly documents: EmulatedDocument[] = [];
  activeDocument: EmulatedDocument | null = null;
  /** Every batchPlay descriptor received, in order. */
  readonly batchPlayLog: ActionDescriptor[] = [];
  readonly api: PhotoshopApi;
  readonly version: string;
  private readonly host: EmulatorHost;
  private cancelOn: string | null = null;
  private context: ExecutionContext | null = null;

  constructor(options: EmulatorOptions = {}) {
    const self = this;
    this.version = options.version ?? "26.0";
    const [major] = this.version.split(".").map(Number);
    const host: EmulatorHost = {
      get inModal() {
        return self.modal;
      },
      nextId: () => this.ids++,
      hasDocumentSelection: (major ?? 0) >= 25,
      close: (doc) => {
        this.documents.splice(this.documents.indexOf(doc), 1);
        if (this.activeDocument === doc) this.activeDocument = this.documents.at(-1) ?? null;
      },
    };
    this.host = host;
    const app = {
      get activeDocument() {
        if (!self.activeDocument) throw new Error("Photoshop: there is no open document");
        return self.activeDocument;
      },
      get documents() {
        return [...self.documents];
      },
      createDocument: async (options: PsDocumentCreateOptions = {}) => {
        if (!this.modal) throw new Error("Photoshop: createDocument must run inside core.executeAsModal");
        const width = options.width ?? 0;
        const height = options.height ?? 0;
        const doc = new EmulatedDocument(host, host.nextId(), options.name ?? "Untitled-1", width, height);
        const transparent = (options.fill as string | undefined) === "transparent";
        const data = new Uint8Array(width * height * 4);
        if (!transparent) data.fill(255);
        doc.addLayer(transparent ? "Layer 1" : "Background", { left: 0, top: 0, width, height, data }, !transparent);
        doc.history.push("New");
        this.documents.push(doc);
        this.activeDocument = doc;
        return doc;
      },
    };
    const core = {
      executeAsModal: async <T>(
        target: (context: ExecutionContext, descriptor?: object) => Promise<T>,
        options: ExecuteAsModalOptions,
      ): Promise<T> => {
        if (this.modal) throw new Error("Photoshop: the host is in a modal state");
        if (!options.commandName) throw new Error("Photoshop: executeAsModal needs a commandName");
        this.modal = true;
        const suspended = new Map<number, EmulatedDocument>();
        const context: ExecutionContext = {
          isCancelled: false,
          onCancel: undefined,
          reportProgress: () => {},
          hostControl: {
            suspendHistory: async ({ documentID, name }) => {
              const id = host.nextId();
              this.documentById(documentID).suspendHistory(id, name);
              suspended.set(id, this.documentById(documentID));
              return { historySuspensionID: id };
            },
            resumeHistory: async ({ historySuspensionID, finalName }, commit = true) => {
              const doc = suspended.get(historySuspensionID);
              if (!doc) throw new Error(`Photoshop: no history suspension ${historySuspensionID}`);
              suspended.delete(historySuspensionID);
              doc.resumeHistory(historySuspensionID, commit, finalName);
            },
            registerAutoCloseDocument: async () => {},
            unregisterAutoCloseDocument: async () => {},
          },
        };
        this.context = context;
        try {
          return await target(context, options.descriptor);
        } finally {
          // Photoshop commits suspensions left open when the modal scope ends.
          for (const [id, doc] of suspended) doc.resumeHistory(id, true);
          this.modal = false;
          this.context = null;
        }
      },
    };
    const imagingApi: PhotoshopApi["imaging"] = {
      getPixels: async (options) => getPixels(this.documentById(options.documentID), options),
      getSelection: async (options) => getSelection(this.documentById(options.documentID), options),
      putPixels: async (options) => {
        this.userMayCancel("putPixels");
        putPixels(this.documentById(options.documentID), options);
      },
      putLayerMask: async (options) => {
        this.userMayCancel("putLayerMask");
        putLayerMask(this.documentById(options.documentID), options);
      },
      putSelection: async (options) => {
        this.userMayCancel("putSelection");
        putSelection(this.documentById(options.documentID), options);
      },
      createImageDataFromBuffer: async (buffer, options) => {
        // A plugin bundle may run in another realm (the vm sandbox test): check the kind, not the class.
        if (!ArrayBuffer.isView(buffer) || (buffer as Uint8Array).BYTES_PER_ELEMENT !== 1)
          throw new Error("emulator: only 8-bit buffers are emulated");
        const space = options.colorSpace === "Grayscale" ? "Grayscale" : "RGB";
        if (space === "RGB" && options.colorProfile) requireProfile(options.colorProfile);
        const data = Uint8Array.from(buffer as Uint8Array);
        return new EmulatedImageData(
          options.width,
          options.height,
          options.components,
          space,
          data,
          options.colorProfile,
        );
      },
    };
    const action = {
      batchPlay: async (commands: ActionDescriptor[]) => {
        this.batchPlayLog.push(...commands);
        this.userMayCancel("batchPlay");
        if (!this.modal)
          throw new Error("Photoshop: batchPlay that modifies a document must run inside core.executeAsModal");
        return commands.map((command) => runBatchPlay(command, this.activeDocument, (id) => this.documentById(id)));
      },
    };
    this.api = { app, core, action, imaging: imagingApi, constants: CONSTANTS };
  }

  /**
   * The user presses Escape (or the progress bar's Cancel) when the plugin next calls `method`
   * inside a modal scope: `isCancelled` turns true and `onCancel` runs, as in Photoshop. Photoshop
   * does not stop the plugin's code; it is the plugin's job to notice and roll back.
   */
  cancelModalOn(method: "putPixels" | "putLayerMask" | "putSelection" | "batchPlay"): void {
    this.cancelOn = method;
  }

  private userMayCancel(method: string): void {
    if (this.cancelOn !== method || !this.context) return;
    this.cancelOn = null;
    this.context.isCancelled = true;
    this.context.onCancel?.();
  }

  /** Opens a document with one layer holding `spec.image` (a set-up helper, not a Photoshop call). */
  openDocument(spec: EmulatorDocumentSpec): EmulatedDocument {
    const { width, height } = spec.image;
    const format: DocumentFormat = {
      colorProfileName: spec.colorProfileName ?? SRGB,
      bitsPerChannel: spec.bitsPerChannel ?? "bitDepth8",
      mode: spec.mode ?? "RGBColorMode",
    };
    requireProfile(format.colorProfileName);
    const doc = new EmulatedDocument(this.host, this.host.nextId(), spec.title, width, height, format);
    const data = spec.image.data.slice();
    convertPixels(data, 4, SRGB, format.colorProfileName);
    const surface: Surface = { left: 0, top: 0, width, height, data };
    const layer = doc.addLayer(
      spec.background ? "Background" : (spec.layerName ?? "Layer 1"),
      surface,
      spec.background ?? false,
    );
    layer.kind = spec.kind ?? "pixel";
    layer.effectsSpread = spec.effectsSpread ?? 0;
    doc.history.push("Open");
    this.documents.push(doc);
    this.activeDocument = doc;
    return doc;
  }

  documentById(id: number | undefined): EmulatedDocument {
    const doc = id === undefined || id < 0 ? this.activeDocument : this.documents.find((d) => d.id === id);
    if (!doc) throw new Error(`Photoshop: no document with id ${id}`);
    return doc;
  }
}
