/**
 * Reads a brand-kit bundle — `brand-kit.json` plus the logo and reference files it names — from a
 * multipart upload (name → bytes) or a zip, and validates all of it before anything is stored:
 * the document (any schema version, upgraded), every referenced file present and every file
 * referenced, raster images decoded in full (`probeImage`), SVG logos sanitised, sizes bounded.
 * The first problem is thrown as a KitError naming the JSON path and/or the file.
 */
import { type BrandKit, BrandKitValidationError, upgradeBrandKit } from "@easel/shared/protocol";
import { probeImage, sniffFormat } from "../assets/image-probe.js";
import { AppError } from "../errors/app-error.js";
import { KitError } from "./kit-error.js";
import { readZip, unsafeNameReason } from "./kit-zip.js";
import { SvgRejectedError, sanitiseSvg } from "./svg-sanitiser.js";

export const KIT_DOCUMENT = "brand-kit.json";

export interface KitLimits {
  maxFiles: number;
  /** Largest single file, and all files together (bytes, uncompressed). */
  maxFileBytes: number;
  maxTotalBytes: number;
  maxJsonBytes: number;
  maxSvgBytes: number;
  /** Largest raster image, checked from the header before decoding (pixels). */
  maxImagePixels: number;
}

export const DEFAULT_KIT_LIMITS: KitLimits = {
  maxFiles: 64,
  maxFileBytes: 16 * 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
  maxJsonBytes: 256 * 1024,
  maxSvgBytes: 512 * 1024,
  maxImagePixels: 4096 * 4096,
};

export type KitAssetFormat = "svg" | "png" | "jpeg" | "webp";

export interface KitAsset {
  file: string;
  /** For SVG, the sanitised document (UTF-8); for raster images, the bytes as uploaded. */
  bytes: Uint8Array;
  kind: "logo" | "reference";
  format: KitAssetFormat;
  /** Raster images only (px). */
  width?: number;
  height?: number;
}

export interface KitBundle {
  kit: BrandKit;
  /** Logos then references, in the document's order. */
  assets: KitAsset[];
}

/** Extension → the formats a file with it may contain. */
function formatsFor(file: string): KitAssetFormat[] {
  const ext = file.slice(file.lastIndexOf(".") + 1).toLowerCase();
  if (ext === "svg") return ["svg"];
  if (ext === "png") return ["png"];
  if (ext === "jpg" || ext === "jpeg") return ["jpeg"];
  if (ext === "webp") return ["webp"];
  return [];
}

/** A bundle whose files all sit in one folder (as zipping or dropping a folder gives) is read as if they did not. */
function stripCommonFolder(files: Map<string, Uint8Array>): Map<string, Uint8Array> {
  if (files.has(KIT_DOCUMENT)) return files;
  const folders = new Set([...files.keys()].map((name) => name.split("/")[0]));
  const [folder] = folders;
  if (folders.size !== 1 || folder === undefined || !files.has(`${folder}/${KIT_DOCUMENT}`)) return files;
  return new Map([...files].map(([name, bytes]) => [name.slice(folder.length + 1), bytes]));
}

function parseDocument(bytes: Uint8Array, limits: KitLimits): BrandKit {
  if (bytes.byteLength > limits.maxJsonBytes) {
    throw new KitError("too_large", `${KIT_DOCUMENT} is over the ${limits.maxJsonBytes}-byte limit`, {
      file: KIT_DOCUMENT,
    });
  }
  let json: unknown;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new KitError("invalid_json", `${KIT_DOCUMENT} is not valid UTF-8 JSON: ${(error as Error).message}`, {
      file: KIT_DOCUMENT,
    });
  }
  try {
    return upgradeBrandKit(json);
  } catch (error) {
    if (!(error instanceof BrandKitValidationError)) throw error;
    const where = error.path === "" ? "the document" : `\`${error.path}\``;
    throw new KitError("invalid_kit", `${KIT_DOCUMENT}: ${where} ${error.issues[0]?.message ?? "is invalid"}`, {
      ...(error.path === "" ? {} : { field: error.path }),
      file: KIT_DOCUMENT,
    });
  }
}

async function validateAsset(
  entry: { file: string; kind: "logo" | "reference"; field: string },
  bytes: Uint8Array,
  limits: KitLimits,
): Promise<KitAsset> {
  const { file, kind, field } = entry;
  const where = { field, file };
  const allowed = formatsFor(file);
  if (allowed[0] === "svg") {
    if (kind !== "logo") throw new KitError("bad_image", `${file}: references must be raster images`, where);
    try {
      return {
        file,
        kind,
        format: "svg",
        bytes: new TextEncoder().encode(sanitiseSvg(bytes, { maxBytes: limits.maxSvgBytes })),
      };
    } catch (error) {
      if (!(error instanceof SvgRejectedError)) throw error;
      const reason = error.reason === "too-large" ? "too_large" : "unsafe_svg";
      throw new KitError(reason, `${file}: ${error.message}`, where);
    }
  }
  const sniffed = sniffFormat(bytes);
  if (sniffed !== null && !allowed.includes(sniffed)) {
    throw new KitError("bad_image", `${file} is a ${sniffed.toUpperCase()} file but its name says otherwise`, where);
  }
  try {
    const probed = await probeImage(bytes, limits.maxImagePixels, file);
    return { file, kind, format: probed.format, bytes, width: probed.width, height: probed.height };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const reason = error.code === "payload_too_large" ? "too_large" : "bad_image";
    throw new KitError(reason, error.message, where, error.code);
  }
}

/** Reads and validates a kit bundle (see the module comment); throws KitError on the first problem. */
export async function readKitBundle(
  input: ReadonlyMap<string, Uint8Array> | Uint8Array,
  limitOverrides: Partial<KitLimits> = {},
): Promise<KitBundle> {
  const limits = { ...DEFAULT_KIT_LIMITS, ...limitOverrides };
  let files: Map<string, Uint8Array>;
  if (input instanceof Uint8Array) {
    files = stripCommonFolder(readZip(input, limits));
  } else {
    files = new Map(input);
    if (files.size > limits.maxFiles)
      throw new KitError("too_many_files", `the upload has more than ${limits.maxFiles} files`);
    let total = 0;
    for (const [name, bytes] of files) {
      const unsafe = unsafeNameReason(name);
      if (unsafe) throw new KitError("unsafe_path", `file ${JSON.stringify(name)} ${unsafe}`, { file: name });
      if (bytes.byteLength > limits.maxFileBytes) {
        throw new KitError("too_large", `${name} is over the ${limits.maxFileBytes}-byte limit per file`, {
          file: name,
        });
      }
      total += bytes.byteLength;
      if (total > limits.maxTotalBytes) {
        throw new KitError("too_large", `the upload is over ${limits.maxTotalBytes} bytes`, { file: name });
      }
    }
    files = stripCommonFolder(files);
  }

  const document = files.get(KIT_DOCUMENT);
  if (!document) throw new KitError("missing_file", `the bundle has no ${KIT_DOCUMENT}`, { file: KIT_DOCUMENT });
  const kit = parseDocument(document, limits);

  const entries = [
    ...kit.logos.map((l, i) => ({ file: l.file, kind: "logo" as const, field: `logos[${i}].file` })),
    ...kit.references.map((r, i) => ({ file: r.file, kind: "reference" as const, field: `references[${i}].file` })),
  ];
  for (const entry of entries) {
    if (!files.has(entry.file)) {
      throw new KitError("missing_file", `\`${entry.field}\` names ${entry.file}, which is not in the bundle`, entry);
    }
  }
  const referenced = new Set([KIT_DOCUMENT, ...entries.map((e) => e.file)]);
  for (const name of files.keys()) {
    if (!referenced.has(name)) {
      throw new KitError("unreferenced_file", `${name} is in the bundle but brand-kit.json does not list it`, {
        file: name,
      });
    }
  }
  // Validate in parallel (sharp decodes on its own threads), but report the first problem in document order.
  const results = await Promise.allSettled(
    entries.map((e) => validateAsset(e, files.get(e.file) as Uint8Array, limits)),
  );
  const assets: KitAsset[] = [];
  for (const result of results) {
    if (result.status === "rejected") throw result.reason;
    assets.push(result.value);
  }
  return { kit, assets };
}
