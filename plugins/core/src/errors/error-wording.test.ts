import { EaselError } from "@easel/shared/client";
import { type Problem, ProblemCode, problemType } from "@easel/shared/protocol";
import { describe, expect, it } from "vitest";
import { blockedRequestWording, describeError, problemWording } from "./error-wording.js";
import { CancelledError, HostError } from "./run-errors.js";

const problem = (code: ProblemCode, detail: string, extra: Partial<Problem> = {}): Problem => ({
  type: problemType(code),
  title: code,
  status: 400,
  detail,
  code,
  ...extra,
});

describe("error wording", () => {
  it("has a sentence for every problem code the server can send, none of them a stage or code id", () => {
    for (const code of ProblemCode.options) {
      const text = problemWording(problem(code, "the detail from the server"));
      expect(text.length, code).toBeGreaterThan(5);
      expect(text, code).not.toMatch(/\b[a-z]+_[a-z]+\b/);
    }
  });

  it("names the refused field and keeps the server's own words where they already say what to do", () => {
    expect(problemWording(problem("validation", "must be at most 4096", { field: "params.width" }))).toBe(
      "The server refused params.width: must be at most 4096.",
    );
    const detail = "No diffusion model is configured: set EASEL_SD_MODEL or EASEL_COMFYUI_URL.";
    expect(problemWording(problem("capability_unavailable", detail))).toBe(detail);
    expect(problemWording(problem("unauthorized", "unknown API key"))).toBe(
      "The API key was not accepted: unknown API key. Check it in Settings.",
    );
  });

  it("tells a blocked request from a refused one and names the setting to change", () => {
    const hint = "Check the Server URL in Settings.";
    expect(
      describeError(new TypeError("Network request failed"), { serverUrl: "https://easel.example", networkHint: hint }),
    ).toBe(`Cannot reach the Easel server at https://easel.example. ${hint}`);
    expect(
      describeError(new EaselError(problem("forbidden", "designers may not upload kits")), { serverUrl: "x" }),
    ).toBe("Your key may not do this: designers may not upload kits.");
    expect(describeError(new HostError("Select a layer."), { serverUrl: "x" })).toBe("Select a layer.");
    expect(describeError(new CancelledError(), { serverUrl: "x" })).toBe("Cancelled.");
  });

  it("says a missing generate engine is not set up and an admin can enable it, never 'see README'", () => {
    const detail =
      "Text-to-image needs diffusion weights, which this server does not have. Configure a Stable Diffusion ONNX model directory or a ComfyUI server (see README, Engines).";
    const unavailable = new EaselError(problem("capability_unavailable", detail, { status: 503, field: "kind" }));
    const worded = describeError(unavailable, { serverUrl: "x", command: "generate" });
    expect(worded).toBe(
      "Generating images from a prompt is not set up on this server yet. An admin can enable it by giving the server a diffusion model (a Stable Diffusion ONNX folder or a ComfyUI server).",
    );
    expect(describeError(unavailable, { serverUrl: "x", command: "upscale" })).toBe(
      "Upscaling is not set up on this server yet. An admin can enable it.",
    );
    // Without the command, the server's own words, less the pointer to a README a designer cannot read.
    expect(describeError(unavailable, { serverUrl: "x" })).not.toMatch(/README/);
  });

  it("says the host blocked a request, which setting decides it and how to change it", () => {
    expect(
      blockedRequestWording("https://easel.other.example", {
        host: "Figma",
        setting: "networkAccess.allowedDomains (manifest.json)",
        fix: "Rebuild the plugin with --server-url https://easel.other.example",
      }),
    ).toBe(
      "Figma blocked the request to https://easel.other.example: that server is not in this plugin's networkAccess.allowedDomains (manifest.json). Rebuild the plugin with --server-url https://easel.other.example.",
    );
  });
});
