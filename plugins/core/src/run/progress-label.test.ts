import { describe, expect, it } from "vitest";
import { progressUpdate } from "./progress-label.js";

describe("progress between candidates", () => {
  it("keeps the bar where the engine left it while a result is checked, signed and saved", () => {
    const engine = progressUpdate("generate", "running", { step: 4, total: 16, stage: "engine.generate" });
    expect(engine).toMatchObject({ label: "Generating… 4 of 16", percent: 25 });
    const checking = progressUpdate("generate", "running", { step: 0, total: 1, stage: "classify" }, engine);
    expect(checking).toMatchObject({ label: "Checking the result…", percent: 25 });
    const signing = progressUpdate("generate", "running", { step: 1, total: 1, stage: "sign" }, checking);
    expect(signing).toMatchObject({ label: "Signing the result…", percent: 25 });
    const next = progressUpdate("generate", "running", { step: 5, total: 16, stage: "engine.generate" }, signing);
    expect(next).toMatchObject({ label: "Generating… 5 of 16", percent: 31.25 });
  });

  it("says what it does even before the engine reported anything", () => {
    expect(progressUpdate("fill", "running", { step: 0, total: 1, stage: "store" })).toMatchObject({
      label: "Saving the result…",
      percent: 5,
    });
  });
});
