import type { PsImageData } from "../photoshop-api.js";

type ColorSpace = PsImageData["colorSpace"];

/** `PhotoshopImageData` as the imaging API hands it out: 8-bit, chunky, with `getData()`. */
export class EmulatedImageData implements PsImageData {
  readonly componentSize = 8 as const;
  readonly chunky = true;
  readonly type = "image/uncompressed" as const;
  readonly hasAlpha: boolean;
  readonly pixelFormat: PsImageData["pixelFormat"];
  readonly colorProfile: string;
  disposed = false;

  constructor(
    readonly width: number,
    readonly height: number,
    readonly components: number,
    readonly colorSpace: ColorSpace,
    private readonly data: Uint8Array,
    /** The profile the values are in; without one Photoshop assumes the working space (sRGB here). */
    colorProfile?: string,
  ) {
    if (data.length !== width * height * components) {
      throw new Error(
        `Photoshop: buffer holds ${data.length} values, but ${width}x${height}x${components} needs ${width * height * components}`,
      );
    }
    this.hasAlpha = components === 4 || components === 2;
    this.pixelFormat =
      colorSpace === "Grayscale" ? (this.hasAlpha ? "GrayscaleAlpha" : "Grayscale") : this.hasAlpha ? "RGBA" : "RGB";
    this.colorProfile = colorProfile ?? (colorSpace === "Grayscale" ? "Gray Gamma 2.2" : "sRGB IEC61966-2.1");
  }

  getData = async (_options?: object): Promise<Uint8Array> => {
    if (this.disposed) throw new Error("Photoshop: image data was disposed");
    return this.data.slice();
  };

  dispose = async (): Promise<void> => {
    this.disposed = true;
  };

  /** The raw buffer, for the emulator itself (no copy). */
  raw(): Uint8Array {
    if (this.disposed) throw new Error("Photoshop: image data was disposed");
    return this.data;
  }
}
