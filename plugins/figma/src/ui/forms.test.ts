import { describe, expect, it } from "vitest";
import { Command } from "../messages.js";
import { aspectLabel, formFor } from "./forms.js";

describe("command forms", () => {
  it("gives every command a short form; Upscale and Select run at once, titled by their scale and mode", () => {
    for (const command of Command.options) {
      const form = formFor(command);
      expect(form.fields.length + form.more.length, command).toBeLessThanOrEqual(6);
      expect(new Set([...form.fields, ...form.more]).size, command).toBe(form.fields.length + form.more.length);
      expect(form.runsAtOnce, command).toBe(command === "upscale" || command === "select");
    }
    expect(formFor("upscale", 4)).toMatchObject({ title: "Upscale 4x", action: "Upscale 4x", fields: [] });
    expect(formFor("fill").fields).toEqual(["prompt", "brandKit"]);
    expect(formFor("expand").fields).toEqual(["aspect"]);
    expect(formFor("select", undefined, "people")).toMatchObject({ title: "Select people", fields: [] });
    expect(formFor("adjust").fields).toEqual(["livePreview", "adjust"]);
    expect(formFor("recolor").fields).toEqual(["brandKit", "swatches", "recolorStrength", "livePreview"]);
    expect(formFor("generate").fields).toEqual(["prompt", "size", "brandKit"]);
  });

  it("names aspect ratios as designers do: exact, near a common one, or as a decimal", () => {
    expect(aspectLabel(1200, 800)).toBe("3:2");
    expect(aspectLabel(1920, 1080)).toBe("16:9");
    expect(aspectLabel(1440, 900)).toBe("16:10");
    expect(aspectLabel(768, 960)).toBe("4:5");
    expect(aspectLabel(700, 300)).toBe("21:9");
    expect(aspectLabel(500, 300)).toBe("5:3");
    expect(aspectLabel(512, 340)).toBe("≈3:2");
    expect(aspectLabel(340, 512)).toBe("≈2:3");
    expect(aspectLabel(1200, 628)).toBe("1.91:1");
    expect(aspectLabel(0, 10)).toBe("–");
  });
});
