import type * as Photoshop from "photoshop";
import type {
  AnchorPosition,
  BitsPerChannelType,
  DocumentFill,
  DocumentMode,
  ElementPlacement,
  LayerKind,
  NewDocumentMode,
} from "photoshop/dom/Constants.js";
import type { ActionDescriptor, ExecuteAsModalOptions, ExecutionContext } from "photoshop/dom/CoreModules.js";
import type { imaging } from "photoshop/dom/ImagingModule.js";

// The subset of the `photoshop` UXP module the host adapter uses, written out so a host emulator
// can implement it. `PhotoshopModuleFits` below makes the compiler prove that the real module
// (as `@types/photoshop` 25 describes it) satisfies this subset, so the two cannot drift apart.

/** Pixel bounds in document coordinates; `right`/`bottom` are exclusive (px). */
export interface PsBounds {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface PsLayer {
  readonly id: number;
  name: string;
  /** `pixel` for a normal layer; smart objects, groups, text and adjustments are refused (22.5+). */
  readonly kind: LayerKind | `${LayerKind}`;
  /** Bounds INCLUDING effects (a drop shadow widens them): never used for pixels (px). */
  readonly bounds: PsBounds;
  /** Bounds of the layer's pixels without effects (px, 22.5+). */
  readonly boundsNoEffects: PsBounds;
  move(relativeObject: PsLayer, insertLocation: ElementPlacement): void | Promise<void>;
}

export interface PsDocument {
  readonly id: number;
  readonly title: string;
  readonly width: number;
  readonly height: number;
  readonly resolution: number;
  readonly layers: ArrayLike<PsLayer> & Iterable<PsLayer>;
  readonly activeLayers: ArrayLike<PsLayer> & Iterable<PsLayer>;
  /** The profile the document's pixels are in, e.g. "Adobe RGB (1998)" (23.0+). */
  readonly colorProfileName: string;
  readonly bitsPerChannel: BitsPerChannelType | `${BitsPerChannelType}`;
  readonly mode: DocumentMode | `${DocumentMode}`;
  /** Photoshop 25.0+ only: undefined before, so the adapter feature-detects it. */
  readonly selection?: { readonly bounds: PsBounds | null } | undefined;
  createPixelLayer(options?: { name?: string }): Promise<PsLayer | null>;
  closeWithoutSaving(): void;
  resizeCanvas(width: number, height: number, anchor?: AnchorPosition): Promise<void>;
}

export interface PsDocumentCreateOptions {
  name?: string;
  width?: number;
  height?: number;
  resolution?: number;
  mode?: NewDocumentMode;
  fill?: DocumentFill;
}

export interface PsApp {
  readonly activeDocument: PsDocument;
  readonly documents: ArrayLike<PsDocument> & Iterable<PsDocument>;
  createDocument(options?: PsDocumentCreateOptions): Promise<PsDocument | null>;
}

export interface PsConstants {
  readonly AnchorPosition: Pick<typeof AnchorPosition, "TOPLEFT" | "BOTTOMRIGHT">;
  readonly ElementPlacement: Pick<typeof ElementPlacement, "PLACEBEFORE">;
  readonly NewDocumentMode: Pick<typeof NewDocumentMode, "RGB">;
  readonly DocumentFill: Pick<typeof DocumentFill, "TRANSPARENT">;
}

export type PsImaging = Pick<
  typeof imaging,
  "getPixels" | "getSelection" | "putPixels" | "putLayerMask" | "createImageDataFromBuffer"
> &
  /** Photoshop 24.4+ documents it; typed optional so the adapter feature-detects it before use. */
  Partial<Pick<typeof imaging, "putSelection">>;
export type PsImageData = imaging.PhotoshopImageData;
export type { ActionDescriptor, ExecuteAsModalOptions, ExecutionContext };

export interface PsCore {
  executeAsModal<T>(
    targetFunction: (executionContext: ExecutionContext, descriptor?: object) => Promise<T>,
    options: ExecuteAsModalOptions,
  ): Promise<T>;
}

export interface PsAction {
  batchPlay(commands: ActionDescriptor[], options?: object): Promise<ActionDescriptor[]>;
}

/** What the host adapter needs from `require("photoshop")`. */
export interface PhotoshopApi {
  readonly app: PsApp;
  readonly core: PsCore;
  readonly action: PsAction;
  readonly imaging: PsImaging;
  readonly constants: PsConstants;
}

type PhotoshopModuleFits = typeof Photoshop extends PhotoshopApi ? true : false;
/** Compile-time proof that the real `photoshop` module satisfies `PhotoshopApi`. */
export const PHOTOSHOP_MODULE_FITS: PhotoshopModuleFits = true;
