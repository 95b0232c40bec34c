import type { Affine } from "./geometry/affine.js";
import { nodeToImagePixels } from "./geometry/image-mapping.js";
import { Refusal } from "./refusal.js";
import type { ImageSelection } from "./selection.js";

/** The selected image's bytes, pixel size and local → pixel mapping. */
export interface ImageSource {
  bytes: Uint8Array;
  width: number;
  height: number;
  /** Node local → image pixels; throws {@link Refusal} for a paint no single mapping describes (TILE). */
  nodeToPixels(): Affine;
}

/** Reads the image behind an image fill (`Image.getBytesAsync`, `getSizeAsync`). */
export async function readImageSource(api: PluginAPI, selection: ImageSelection): Promise<ImageSource> {
  const image = selection.paint.imageHash ? api.getImageByHash(selection.paint.imageHash) : null;
  if (!image) throw new Refusal(`The image in "${selection.node.name}" could not be read.`);
  const [bytes, size] = await Promise.all([image.getBytesAsync(), image.getSizeAsync()]);
  const nodeToPixels = (): Affine => {
    try {
      return nodeToImagePixels(
        {
          scaleMode: selection.paint.scaleMode,
          ...(selection.paint.imageTransform ? { imageTransform: selection.paint.imageTransform } : {}),
          ...(selection.paint.rotation !== undefined ? { rotation: selection.paint.rotation } : {}),
        },
        selection.node,
        size,
      );
    } catch (error) {
      throw new Refusal((error as Error).message);
    }
  };
  return { bytes, width: size.width, height: size.height, nodeToPixels };
}
