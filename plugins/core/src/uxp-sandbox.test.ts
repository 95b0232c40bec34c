import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import vm from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import type { EaselProcess } from "../../../tests/support/easel-process.js";
import { sharedEasel } from "../../../tests/support/shared-easel.js";
import { buildCore } from "../build.js";
import { ABSENT_GLOBALS, loadBundle, uxpContext } from "./test-support/uxp-sandbox.js";

// The BUILT core bundle (esbuild IIFE) loaded where only UXP's documented globals exist, running a
// whole job against a real Easel server on 127.0.0.1: upload, create, follow (by polling, as there is
// no streaming body), candidates, download, decode, thumbnail; then the events endpoint read whole,
// and a cancel that goes through `POST /v1/jobs/:id/cancel` with no AbortSignal.

const PHOTO = readFileSync(new URL("../../../tests/fixtures/photos/cat-chelsea.png", import.meta.url)); // 512×340

describe("plugin core bundle in a UXP-like sandbox", () => {
  let easel: EaselProcess;
  let bundle: string;
  let apiKey: string;

  beforeAll(async () => {
    easel = await sharedEasel();
    apiKey = await easel.createKey("uxp-sandbox-co", "uxp");
    bundle = await buildCore(mkdtempSync(join(tmpdir(), "easel-core-")));
  });

  const sandbox = () => {
    const log: string[] = [];
    const context = uxpContext({}, log);
    loadBundle(context, bundle);
    vm.runInContext(
      `globalThis.PHOTO = EaselPluginCore.base64Decode(${JSON.stringify(PHOTO.toString("base64"))});`,
      context,
    );
    return { context, log };
  };
  const run = <T>(context: vm.Context, code: string): Promise<T> =>
    vm.runInContext(`(async () => { ${code} })()`, context) as Promise<T>;

  it("loads with none of the browser globals UXP may lack", () => {
    const { context } = sandbox();
    for (const name of ABSENT_GLOBALS) expect(vm.runInContext(`typeof ${name}`, context), name).toBe("undefined");
    expect(vm.runInContext("typeof EaselPluginCore.RunController", context)).toBe("function");
    expect(vm.runInContext("EaselPluginCore.hostCanStream()", context)).toBe(false);
  });

  it("runs a whole upscale job by polling and decodes the result, with no streaming body", async () => {
    const { context, log } = sandbox();
    const result = await run<{ labels: string[]; width: number; height: number; thumb: string; tagged: boolean }>(
      context,
      `
      const core = EaselPluginCore;
      const client = core.createPluginClient({ serverUrl: ${JSON.stringify(easel.url)}, apiKey: ${JSON.stringify(apiKey)} });
      const labels = [];
      const controller = new core.RunController({ client, pollIntervalMs: 50, onUpdate: (u) => labels.push(u.label) });
      const source = core.decodePng(PHOTO);
      const png = core.encodeRgbaPng(source);
      const { job, candidates } = await controller.run({ kind: "upscale", scale: 2, tier: "instant" }, { image: png }, { document: "sandbox.psd" });
      const bytes = await client.downloadAsset(candidates[0].assetId);
      const image = core.decodePng(bytes);
      const tagged = String.fromCharCode(...png.subarray(37, 41)) === "sRGB";
      return { labels, width: image.width, height: image.height, thumb: core.thumbnailDataUrl(bytes).slice(0, 23), tagged, status: job.status };
    `,
    );
    expect([result.width, result.height]).toEqual([1024, 680]);
    expect(result.thumb).toBe("data:image/jpeg;base64,");
    expect(result.tagged).toBe(true);
    expect(result.labels.at(-1)).toBe("Done.");
    expect(result.labels.every((l) => !/[a-z]+_[a-z]+/.test(l))).toBe(true); // no stage ids
    expect(log.filter((l) => l === "POST /v1/assets")).toHaveLength(1);
    expect(log.some((l) => /^GET \/v1\/jobs\/job_/.test(l))).toBe(true);
  });

  it("reads the events endpoint whole when the host cannot stream, ending at the terminal event", async () => {
    const { context } = sandbox();
    const types = await run<string[]>(
      context,
      `
      const core = EaselPluginCore;
      const client = core.createPluginClient({ serverUrl: ${JSON.stringify(easel.url)}, apiKey: ${JSON.stringify(apiKey)} });
      const types = [];
      const c2 = new core.RunController({ client, follow: "stream", onEvent: (e) => types.push(e.type) });
      await c2.run({ kind: "upscale", scale: 2, tier: "instant" }, { image: PHOTO });
      return types;
    `,
    );
    expect(types[0]).toBe("queued");
    expect(types.at(-1)).toBe("succeeded");
    expect(types).toContain("started");
  });

  it("cancels through POST /v1/jobs/:id/cancel without an AbortSignal", async () => {
    const { context, log } = sandbox();
    const outcome = await run<{ name: string; jobId: string }>(
      context,
      `
      const core = EaselPluginCore;
      const client = core.createPluginClient({ serverUrl: ${JSON.stringify(easel.url)}, apiKey: ${JSON.stringify(apiKey)} });
      let jobId = "";
      const controller = new core.RunController({ client, pollIntervalMs: 50, onJobCreated: (id) => { jobId = id; void controller.cancel(); } });
      try {
        await controller.run({ kind: "upscale", scale: 4, tier: "best" }, { image: PHOTO });
        return { name: "finished", jobId };
      } catch (error) {
        return { name: error.name, jobId };
      }
    `,
    );
    expect(outcome.name).toBe("CancelledError");
    expect(log).toContain(`POST /v1/jobs/${outcome.jobId}/cancel`);
    const job = (await (
      await fetch(`${easel.url}/v1/jobs/${outcome.jobId}`, { headers: { authorization: `Bearer ${apiKey}` } })
    ).json()) as { status: string };
    expect(job.status).toBe("cancelled");
  });
});
