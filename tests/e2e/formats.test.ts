import { EaselClient, type Job, PRODUCT_JOB_KINDS, type VerificationResult } from "@easel/shared";
import { ImageFormat } from "@easel/shared/protocol";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { exampleKitFiles, kitForm } from "../support/brand-kits.js";
import type { EaselProcess } from "../support/easel-process.js";
import { call } from "../support/http.js";
import { readPhoto } from "../support/images.js";
import { sharedEasel } from "../support/shared-easel.js";

// Every format `POST /v1/assets` accepts × every edit kind: each must succeed, give a PNG of the planned
// size, and carry a manifest that verifies with the upload as its parent ingredient. Formats and kinds come
// from the protocol, so a format or kind added later is covered (or fails here) without editing this file.

const WIDTH = 128; // px: small, so the whole table runs in seconds
const EDIT_KINDS = PRODUCT_JOB_KINDS.filter((kind) => kind !== "generate");
const MIME: Record<ImageFormat, string> = { png: "image/png", jpeg: "image/jpeg", webp: "image/webp" };

interface Case {
  /** The job request for an uploaded image (and its mask). */
  body: (image: string, mask: string) => Record<string, unknown>;
  /** The output size for an input of width × height. */
  size: (width: number, height: number) => { width: number; height: number };
}

const CASES: Record<(typeof EDIT_KINDS)[number], Case> = {
  upscale: {
    body: (image) => ({ kind: "upscale", image, params: { scale: 2, tier: "fast" } }),
    size: (w, h) => ({ width: 2 * w, height: 2 * h }),
  },
  inpaint: {
    body: (image, mask) => ({ kind: "inpaint", image, mask, params: { seed: 1 } }),
    size: (width, height) => ({ width, height }),
  },
  outpaint: {
    body: (image) => ({ kind: "outpaint", image, params: { extend: { left: 16, bottom: 8 }, method: "telea" } }),
    size: (w, h) => ({ width: w + 16, height: h + 8 }),
  },
  stylize: {
    body: (image) => ({ kind: "stylize", image, brandKit: "harvest-table", params: { strength: 0.8 } }),
    size: (width, height) => ({ width, height }),
  },
  vary: {
    body: (image) => ({ kind: "vary", image, params: { seed: 1, steps: 1 } }),
    size: (w, h) => ({ width: Math.round(w / 8) * 8, height: Math.round(h / 8) * 8 }),
  },
  select: {
    body: (image) => ({ kind: "select", image, mode: "subject" }),
    size: (width, height) => ({ width, height }),
  },
  adjust: {
    body: (image, mask) => ({ kind: "adjust", image, mask, params: { exposure: 0.5, saturation: 20 } }),
    size: (width, height) => ({ width, height }),
  },
};

describe("every accepted input format works for every edit kind", () => {
  let easel: EaselProcess;
  let client: EaselClient;
  let key: string;
  let photo: Buffer;
  let height: number;
  let mask: string;
  let varies: boolean;

  beforeAll(async () => {
    easel = await sharedEasel();
    key = await easel.createKey("formats", "fay", "designer");
    const admin = await easel.createKey("formats", "ada", "brand-admin");
    const kit = await call(`${easel.url}/v1/brand-kits`, {
      method: "POST",
      body: kitForm(exampleKitFiles("harvest-table")),
      key: admin,
    });
    expect(kit.status).toBe(201);
    client = new EaselClient({ baseUrl: easel.url, apiKey: key });
    photo = await sharp(readPhoto("dandelions-meadow.png")).resize(WIDTH).removeAlpha().png().toBuffer();
    height = (await sharp(photo).metadata()).height as number;
    // White square in the middle: the area to fill.
    const square = await sharp({ create: { width: 24, height: 24, channels: 3, background: "#ffffff" } })
      .png()
      .toBuffer();
    const maskPng = await sharp({ create: { width: WIDTH, height, channels: 3, background: "#000000" } })
      .composite([{ input: square, left: 36, top: Math.floor(height / 2) - 12 }])
      .png()
      .toBuffer();
    mask = (await client.uploadAsset(maskPng, "image/png")).id;
    // Variations need a diffusion engine; without one configured the service says so at creation.
    varies = (await client.engines()).engines.some((e) => e.capability === "generate");
  });

  it("covers every format the upload accepts and every product kind but text-to-image", () => {
    expect(ImageFormat.options).toEqual(["png", "jpeg", "webp"]);
    expect(Object.keys(CASES).sort()).toEqual([...EDIT_KINDS].sort());
  });

  for (const format of ImageFormat.options) {
    for (const kind of EDIT_KINDS) {
      it(`${kind} of a ${format.toUpperCase()} upload: a PNG of the right size whose manifest verifies`, async () => {
        const bytes = await sharp(photo).toFormat(format).toBuffer();
        const image = await client.uploadAsset(bytes, MIME[format]);
        expect(image).toMatchObject({ format, width: WIDTH, height });
        const res = await call(`${easel.url}/v1/jobs`, {
          method: "POST",
          key,
          headers: { "content-type": "application/json" },
          body: JSON.stringify(CASES[kind].body(image.id, mask)),
        });
        if (kind === "vary" && !varies) {
          // No diffusion engine here: refused before anything is queued, naming what to configure.
          expect(res).toMatchObject({ status: 503, body: { code: "capability_unavailable", field: "kind" } });
          return;
        }
        expect(res.status).toBe(202);
        const job = await client.waitForJob((res.body as Job).id);
        expect(job.problem ?? null).toBeNull();
        expect(job.status).toBe("succeeded");
        const layer = job.layers[0];
        if (!layer) throw new Error("the job made no layer");
        const output = await client.downloadAsset(layer.assetId);
        const meta = await sharp(output).metadata();
        expect(meta.format).toBe("png");
        expect({ width: meta.width, height: meta.height }).toEqual(CASES[kind].size(WIDTH, height));

        const verified = (await call(`${easel.url}/v1/provenance/verify`, { method: "POST", body: output }))
          .body as VerificationResult;
        expect(verified).toMatchObject({ state: "trusted", match: "embedded", failures: [] });
        const manifest = verified.manifest as {
          actions: { action: string }[];
          ingredients: { title: string; format?: string; relationship: string }[];
          easel: { parentSha256?: string };
        };
        // An edit, opened from the upload: the parent ingredient whatever its format.
        expect(manifest.actions.map((a) => a.action)).toContain("c2pa.opened");
        expect(manifest.actions.map((a) => a.action)).not.toContain("c2pa.created");
        expect(manifest.ingredients.filter((i) => i.relationship === "parentOf")).toEqual([
          expect.objectContaining({ title: "source", format: MIME[format] }),
        ]);
        // …bound to the uploaded bytes by their hash (the asset id), also where C2PA has no manifest to hash.
        expect(manifest.easel.parentSha256).toBe(image.id);
      });
    }
  }
});
