import { CreateJobRequest } from "@easel/shared/protocol";
import { describe, expect, it } from "vitest";
import { eventUpdate, progressUpdate } from "../run/progress-label.js";
import { buildJobRequest } from "./build-request.js";
import { COMMAND_KINDS, type CommandInput } from "./command.js";

const ASSETS = { image: "a".repeat(64), mask: "b".repeat(64) };
const INPUTS: Record<CommandInput["kind"], CommandInput> = {
  fill: { kind: "fill", prompt: " mossy rock ", seed: 3, candidates: 2 },
  remove: { kind: "remove", seed: 1, protectFaces: true },
  expand: { kind: "expand", extend: { left: 8, top: 0, right: 8, bottom: 0 } },
  upscale: { kind: "upscale", scale: 4, tier: "fast", maxSide: 4096 },
  "brand-style": { kind: "brand-style", brandKit: "acme@2", strength: 0.5 },
  generate: { kind: "generate", prompt: "a kite", width: 512, height: 344 },
  variations: { kind: "variations", parent: "job_01j0000000000000000000000a", strength: 0.4 },
  select: { kind: "select", mode: "subject", box: { x: 10, y: 20, width: 100, height: 80 } },
  adjust: { kind: "adjust", adjustments: { exposure: 0.5, temperature: 5200, clarity: 20 }, feather: 6 },
  recolor: { kind: "recolor", brandKit: "acme@2", colour: "#1f6feb", strength: 80 },
};

describe("one command vocabulary → API requests", () => {
  it("maps every command to a request the server's schema accepts", () => {
    for (const kind of COMMAND_KINDS) {
      const request = buildJobRequest(INPUTS[kind], ASSETS, { document: "poster.psd" });
      const parsed = CreateJobRequest.safeParse(request);
      expect(parsed.success, `${kind}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
    expect(buildJobRequest(INPUTS.fill, ASSETS)).toMatchObject({
      kind: "inpaint",
      prompt: "mossy rock",
      mask: "b".repeat(64),
    });
    expect(buildJobRequest(INPUTS.remove, ASSETS).params).toEqual({ seed: 1, protectFaces: true });
    expect(buildJobRequest(INPUTS["brand-style"], ASSETS)).toMatchObject({ kind: "stylize", brandKit: "acme@2" });
    expect(() => buildJobRequest(INPUTS.remove, { image: "a".repeat(64) })).toThrow(/mask/);
  });

  it("maps Select, Adjust and Recolor to brand onto the select and adjust kinds, the mask only when there is one", () => {
    expect(buildJobRequest(INPUTS.select, { image: ASSETS.image })).toEqual({
      kind: "select",
      image: ASSETS.image,
      mode: "subject",
      box: { x: 10, y: 20, width: 100, height: 80 },
      params: {},
    });
    expect(buildJobRequest(INPUTS.adjust, { image: ASSETS.image })).toEqual({
      kind: "adjust",
      image: ASSETS.image,
      params: { exposure: 0.5, temperature: 5200, clarity: 20, feather: 6 },
    });
    const recolor = buildJobRequest(INPUTS.recolor, ASSETS, { document: "poster.psd" });
    expect(recolor).toEqual({
      kind: "adjust",
      image: ASSETS.image,
      mask: ASSETS.mask,
      document: "poster.psd",
      brandKit: "acme@2",
      params: { recolor: { colour: "#1f6feb", strength: 80 } },
    });
    expect(() => buildJobRequest({ ...INPUTS.recolor, colour: "" } as CommandInput, ASSETS)).toThrow(/palette/);
  });

  it("labels progress in words with the command's verb and counts, never stage ids", () => {
    expect(progressUpdate("fill", "running", { step: 8, total: 112, stage: "inpaint_patch" }).label).toBe(
      "Filling… 8 of 112",
    );
    expect(progressUpdate("upscale", "queued", null).label).toBe("Waiting for the server…");
    const update = eventUpdate("remove", {
      type: "progress",
      jobId: "job_01j0000000000000000000000a",
      seq: 3,
      at: new Date(0).toISOString(),
      data: { step: 1, total: 4, stage: "tile", preview: "iVBORw0KGgo=" },
    } as never);
    expect(update?.label).toBe("Removing… 1 of 4");
    expect(update?.preview).toBe("data:image/png;base64,iVBORw0KGgo=");
  });
});
