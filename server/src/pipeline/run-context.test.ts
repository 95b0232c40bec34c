import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { WorkerEngines } from "../engines/builtin-engines.js";
import { LocalBlobStore } from "../storage/local-blob-store.js";
import { type RunContext, storePng } from "./run-context.js";

const engines = new WorkerEngines({
  inpaintModelPath: null,
  sdModelDir: null,
  comfy: null,
  modelCacheDir: null,
  bestPrecision: "auto",
});
const meta = {
  width: 8,
  height: 8,
  hasAlpha: false,
  placement: { x: 0, y: 0, width: 8, height: 8 },
  label: "Upscale 2x",
  seed: null,
};

describe("storePng", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const setup = async (signal: AbortSignal) => {
    const root = mkdtempSync(join(tmpdir(), "easel-store-"));
    dirs.push(root);
    const blobs = new LocalBlobStore(root);
    const signed: Buffer[] = [];
    const context: RunContext = {
      engines,
      blobs,
      signal,
      inputPath: () => "",
      progress: () => undefined,
      sign: async (bytes) => {
        signed.push(bytes);
        // A stand-in manifest: signing itself is tested with the C2PA reader elsewhere.
        return { png: bytes, manifest: { label: "urn:c2pa:test", manifestHash: "h", store: new Uint8Array([1, 2]) } };
      },
    };
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#336699" } })
      .png()
      .toBuffer();
    const blobFiles = () => readdirSync(root, { recursive: true }).filter((f) => String(f).length > 60);
    return { context, png, signed, blobFiles };
  };

  it("stores and signs an output while its attempt runs", async () => {
    const { context, png, signed, blobFiles } = await setup(new AbortController().signal);
    const output = await storePng(context, png, meta);
    expect(signed).toHaveLength(1);
    expect(blobFiles().some((f) => String(f).endsWith(output.sha256))).toBe(true);
  });

  it("neither signs nor stores an output once its attempt was cancelled or timed out", async () => {
    const controller = new AbortController();
    controller.abort(new Error("cancelled"));
    const { context, png, signed, blobFiles } = await setup(controller.signal);
    await expect(storePng(context, png, meta)).rejects.toThrow("cancelled");
    expect(signed).toEqual([]);
    expect(blobFiles()).toEqual([]);
  });
});
