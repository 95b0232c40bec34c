import { FILE_DATA_LIMITS, type FileData, type Preset } from "../messages.js";

/** Prompts longer than this are not worth keeping as history entries (chars; the schema's limit). */
const MAX_PROMPT = 2000;

/** The file's data with `prompt` first in its recent prompts (moved up when already there). */
export function rememberPrompt(data: FileData, prompt: string): FileData {
  const text = prompt.trim();
  if (!text || text.length > MAX_PROMPT) return data;
  const prompts = [text, ...data.prompts.filter((p) => p !== text)].slice(0, FILE_DATA_LIMITS.prompts);
  return { ...data, prompts };
}

/** The file's data with `preset` saved, replacing one of the same name; newest first. */
export function savePreset(data: FileData, preset: Preset): FileData {
  const presets = [preset, ...data.presets.filter((p) => p.name !== preset.name)].slice(0, FILE_DATA_LIMITS.presets);
  return { ...data, presets };
}

/** The file's data without the preset named `name`. */
export function removePreset(data: FileData, name: string): FileData {
  return { ...data, presets: data.presets.filter((p) => p.name !== name) };
}

/** The file's data remembering the brand kit used here (`slug@version`, or null for none). */
export function withBrandKit(data: FileData, brandKit: string | null): FileData {
  return { ...data, brandKit: brandKit || null };
}

/** A short name for a preset made from a prompt: its first words (≤ 40 chars). */
export function presetName(prompt: string): string {
  const words = prompt.trim().split(/\s+/);
  let name = "";
  for (const word of words) {
    if (`${name} ${word}`.trim().length > 40) break;
    name = `${name} ${word}`.trim();
  }
  return name || prompt.trim().slice(0, 40) || "Preset";
}
