import { FileData } from "../messages.js";
import { Refusal } from "./refusal.js";

/** Plugin-data keys on `figma.root` (the document): private to this plugin, saved with the file. */
const KEYS = { documentId: "easel.documentId", fileData: "easel.fileData" };

/** Figma's limit for one plugin-data entry (plugin id, key and value together) (bytes). See `setPluginData`. */
const PLUGIN_DATA_LIMIT = 100_000;
/** Head-room left for the plugin id and key (bytes). */
const ENTRY_OVERHEAD = 200;

function newDocumentId(): string {
  // The sandbox has no crypto.randomUUID; uniqueness per file is all that is needed (ids are not secrets).
  const random = () => Math.floor(Math.random() * 0x100000000).toString(36);
  return `fig_${Date.now().toString(36)}${random()}${random()}`;
}

/**
 * This file's Easel document id, made and kept in `figma.root` plugin data on first use. `figma.fileKey`
 * is undefined for public plugins, so history cannot be keyed by it. A duplicated file keeps the id of
 * the file it was copied from (its plugin data is copied with it).
 */
export function documentId(api: PluginAPI): string {
  const existing = api.root.getPluginData(KEYS.documentId);
  if (existing) return existing;
  const id = newDocumentId();
  api.root.setPluginData(KEYS.documentId, id);
  return id;
}

/** This file's remembered prompts, presets and brand kit; empty defaults for a file never used or unreadable. */
export function loadFileData(api: PluginAPI): FileData {
  const raw = api.root.getPluginData(KEYS.fileData);
  if (!raw) return FileData.parse({});
  try {
    const parsed = FileData.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : FileData.parse({});
  } catch {
    return FileData.parse({});
  }
}

/** Bytes of `text` in UTF-8 (the sandbox may lack TextEncoder): a prompt in another script takes 2–3 a character. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A surrogate half is 2 bytes of a 4-byte pair.
    bytes += unit < 0x80 ? 1 : unit < 0x800 ? 2 : unit >= 0xd800 && unit <= 0xdfff ? 2 : 3;
  }
  return bytes;
}

/** Replaces this file's data; refuses in words when it would exceed Figma's plugin-data entry limit. */
export function saveFileData(api: PluginAPI, data: FileData): FileData {
  const valid = FileData.parse(data);
  const json = JSON.stringify(valid);
  const bytes = utf8Length(json);
  if (bytes > PLUGIN_DATA_LIMIT - ENTRY_OVERHEAD) {
    throw new Refusal(
      `Prompts and presets for this file would take ${Math.ceil(bytes / 1000)} kB, more than Figma keeps per plugin ` +
        "(100 kB). Delete a few presets or shorten long prompts.",
    );
  }
  api.root.setPluginData(KEYS.fileData, json);
  return valid;
}
