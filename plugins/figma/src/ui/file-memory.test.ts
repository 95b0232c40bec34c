import { describe, expect, it } from "vitest";
import { FILE_DATA_LIMITS, FileData } from "../messages.js";
import { presetName, rememberPrompt, removePreset, savePreset, withBrandKit } from "./file-memory.js";

const empty: FileData = { prompts: [], presets: [], brandKit: null };

describe("what the plugin remembers per file", () => {
  it("keeps recent prompts newest first, without repeats, within the stored limit", () => {
    let data = rememberPrompt(rememberPrompt(empty, "bread"), "  table  ");
    data = rememberPrompt(data, "bread");
    expect(data.prompts).toEqual(["bread", "table"]);
    expect(rememberPrompt(data, "   ")).toBe(data);
    for (let i = 0; i < 50; i++) data = rememberPrompt(data, `prompt ${i}`);
    expect(data.prompts).toHaveLength(FILE_DATA_LIMITS.prompts);
    expect(FileData.parse(data)).toEqual(data);
  });

  it("saves presets by name (a new one replaces the old), removes them, and remembers the kit", () => {
    const first = savePreset(empty, { name: "Linen", command: "fill", prompt: "bread on linen" });
    const again = savePreset(first, { name: "Linen", command: "fill", prompt: "bread on white linen" });
    expect(again.presets).toEqual([{ name: "Linen", command: "fill", prompt: "bread on white linen" }]);
    expect(removePreset(again, "Linen").presets).toEqual([]);
    expect(withBrandKit(empty, "harvest-table@2").brandKit).toBe("harvest-table@2");
    expect(withBrandKit(empty, "").brandKit).toBeNull();
  });

  it("names a preset by the first words of its prompt", () => {
    expect(presetName("a sunlit kitchen table with fresh bread and warm morning light")).toBe(
      "a sunlit kitchen table with fresh bread",
    );
    expect(presetName("x".repeat(60))).toHaveLength(40);
  });
});
