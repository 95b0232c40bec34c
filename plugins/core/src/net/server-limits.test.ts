import { EngineList } from "@easel/shared/protocol";
import { describe, expect, it } from "vitest";
import { DEFAULT_GENERATION, generationForm, inputLimits } from "./server-limits.js";

// `GET /v1/engines` as a server with two registered models answers it (shape checked by the protocol schema).
const ENGINES = EngineList.parse({
  engines: [
    {
      name: "onnx-sd:sd15",
      capability: "generate",
      description: "Stable Diffusion ONNX export sd15",
      default: false,
      limits: { maxSide: 1024, minSteps: 1, maxSteps: 50 },
      model: "sd15",
      generation: {
        maxSide: 1024,
        steps: { min: 1, max: 50, default: 20 },
        guidance: { min: 0, max: 20, default: 7.5 },
      },
      status: "ready",
      speed: { loadMs: 900, stepS: 1.8 },
    },
    {
      name: "onnx-sd:sd-turbo",
      capability: "generate",
      description: "Stable Diffusion ONNX export sd-turbo",
      default: true,
      limits: { maxSide: 1024, minSteps: 1, maxSteps: 8 },
      model: "sd-turbo",
      generation: { maxSide: 1024, steps: { min: 1, max: 8, default: 1 }, guidance: { min: 0, max: 2, default: 0 } },
      status: "ready",
      speed: { loadMs: 700, stepS: 1.1 },
    },
  ],
  unavailable: [],
});

describe("generation form limits from the server's engines", () => {
  it("offers the default model's steps and guidance, and lists the models default first", () => {
    const form = generationForm(ENGINES, "generate");
    expect(form.limits.steps).toEqual({ min: 1, max: 8, default: 1 });
    expect(form.limits.guidance).toEqual({ min: 0, max: 2, default: 0 });
    expect(form.models.map((m) => [m.name, m.default])).toEqual([
      ["sd-turbo", true],
      ["sd15", false],
    ]);
  });

  it("switches to the limits of the model the designer picks", () => {
    expect(generationForm(ENGINES, "generate", "sd15").limits.steps.max).toBe(50);
  });

  it("falls back to the request schema's bounds when the server lists no diffusion engine", () => {
    expect(generationForm({ engines: [], unavailable: [] }, "generate")).toEqual({
      limits: DEFAULT_GENERATION,
      models: [],
    });
  });

  it("sends generate inputs no larger than the model's largest side", () => {
    expect(inputLimits(ENGINES, "generate").maxSide).toBe(1024);
  });
});
