import { EaselClient, type Job } from "@easel/shared";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { exampleKitFiles, kitForm } from "../support/brand-kits.js";
import type { EaselProcess } from "../support/easel-process.js";
import { call, expectProblem } from "../support/http.js";
import { readPhoto } from "../support/images.js";
import { sharedEasel } from "../support/shared-easel.js";

const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

describe("brand kits", () => {
  let easel: EaselProcess;
  let admin: string;
  let designer: string;
  let client: EaselClient;

  beforeAll(async () => {
    easel = await sharedEasel();
    admin = await easel.createKey("kits-harvest", "bea", "brand-admin");
    designer = await easel.createKey("kits-harvest", "dan", "designer");
    client = new EaselClient({ baseUrl: easel.url, apiKey: designer });
  });

  it("lets brand admins upload immutable versions that designers can read but not write", async () => {
    const files = exampleKitFiles("harvest-table");
    const first = await call(`${easel.url}/v1/brand-kits`, { method: "POST", body: kitForm(files), key: admin });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ slug: "harvest-table", version: 1 });
    // A second upload of the slug is version 2; version 1 is unchanged.
    const kit = JSON.parse(new TextDecoder().decode(files.get("brand-kit.json")));
    kit.palette[0].hex = "#b8442a";
    kit.promptRules.styleTerms.push("linen napkins");
    files.set("brand-kit.json", new TextEncoder().encode(JSON.stringify(kit)));
    const second = await call(`${easel.url}/v1/brand-kits/harvest-table/versions`, {
      method: "POST",
      body: kitForm(files),
      key: admin,
    });
    expect(second.body).toMatchObject({ version: 2 });
    const v1 = (await call(`${easel.url}/v1/brand-kits/harvest-table/versions/1`, { key: designer })).body as {
      kit: { palette: { hex: string }[] };
    };
    expect(v1.kit.palette[0]?.hex).toBe("#c0300e");
    const diff = (await call(`${easel.url}/v1/brand-kits/harvest-table/diff?from=1&to=2`, { key: designer })).body as {
      changes: { path: string }[];
    };
    expect(diff.changes.map((c) => c.path).join(" ")).toMatch(/palette/);
    const logo = await fetch(`${easel.url}/v1/brand-kits/harvest-table/versions/2/files/logos%2Fmark.svg`, {
      headers: { authorization: `Bearer ${designer}` },
    });
    expect(logo.headers.get("content-type")).toBe("image/svg+xml");
    expect(await logo.text()).toContain("<svg");
    const denied = await call(`${easel.url}/v1/brand-kits`, { method: "POST", body: kitForm(files), key: designer });
    expectProblem(denied, 403, "authorization");
    const other = await easel.createKey("kits-rival", "rio", "admin");
    expectProblem(await call(`${easel.url}/v1/brand-kits/harvest-table`, { key: other }), 404, "brandKit");
  });

  it("refuses a malicious SVG and a bad palette colour, naming the file or the field", async () => {
    const files = exampleKitFiles("northwind-tech");
    const evil = new Map(files);
    const logo = [...files.keys()].find((f) => f.endsWith(".svg")) as string;
    evil.set(
      logo,
      new TextEncoder().encode(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="9" height="9"/></svg>',
      ),
    );
    // The problem names the kit field that references the file, and the file itself.
    const svg = expectProblem(
      await call(`${easel.url}/v1/brand-kits`, { method: "POST", body: kitForm(evil), key: admin }),
      400,
      "logos[0].file",
    );
    expect(svg.detail).toMatch(/script/);
    expect(svg.detail).toContain(logo);
    const bad = new Map(files);
    const kit = JSON.parse(new TextDecoder().decode(files.get("brand-kit.json")));
    kit.palette[1].hex = "teal";
    bad.set("brand-kit.json", new TextEncoder().encode(JSON.stringify(kit)));
    expectProblem(
      await call(`${easel.url}/v1/brand-kits`, { method: "POST", body: kitForm(bad), key: admin }),
      400,
      "palette[1].hex",
    );
    expect((await call(`${easel.url}/v1/brand-kits`, { key: admin })).body).toMatchObject({
      kits: [{ slug: "harvest-table" }],
    });
  });

  it("grades an off-brand photo toward the kit: adherence rises, and strength 0 changes nothing", async () => {
    const photo = await sharp(readPhoto("forest-stream.png")).resize(256).png().toBuffer();
    const image = await client.uploadAsset(photo, "image/png");
    const run = async (strength: number): Promise<Job> =>
      client.waitForJob(
        (
          await client.createJob({
            kind: "stylize",
            image: image.id,
            brandKit: "harvest-table@1",
            params: { strength },
          })
        ).id,
      );
    const none = await run(0);
    const full = await run(1);
    expect(none.layers[0]?.scores.adherence).toBeDefined();
    expect(full.layers[0]?.scores.adherence).toBeGreaterThan((none.layers[0]?.scores.adherence as number) + 0.05);
    const same = await sharp(await client.downloadAsset(none.layers[0]?.assetId as string))
      .raw()
      .toBuffer();
    expect(same.equals(await sharp(photo).raw().toBuffer())).toBe(true);
    expect(full.notes.join(" ")).toMatch(/harvest-table@1/);
    // The provenance names the kit's reference images as ingredients the output was made with.
    const verified = (
      await call(`${easel.url}/v1/provenance/verify`, {
        method: "POST",
        body: await client.downloadAsset(full.layers[0]?.assetId as string),
      })
    ).body as {
      state: string;
      manifest: { ingredients: { relationship: string }[] };
    };
    expect(verified.state).toBe("trusted");
    expect(verified.manifest.ingredients.filter((i) => i.relationship === "inputTo")).toHaveLength(3);
    expect(verified.manifest.ingredients.filter((i) => i.relationship === "parentOf")).toHaveLength(1);
  });

  it("pins a bare slug to the latest version at creation", async () => {
    const image = await client.uploadAsset(
      await sharp(readPhoto("coffee-cup.png")).resize(64).png().toBuffer(),
      "image/png",
    );
    const job = await client.waitForJob(
      (await client.createJob({ kind: "stylize", image: image.id, brandKit: "harvest-table" })).id,
    );
    expect(job.notes.join(" ")).toMatch(/harvest-table@2/);
    expectProblem(
      await call(`${easel.url}/v1/jobs`, {
        ...json({ kind: "stylize", image: image.id, brandKit: "harvest-table@9" }),
        key: designer,
      }),
      404,
      "brandKit",
    );
  });

  it("refuses a kit's banned term in the prompt before any compute, naming the term", async () => {
    const res = await call(`${easel.url}/v1/jobs`, {
      ...json({ kind: "generate", prompt: "Fast-Food burger on a tray", brandKit: "harvest-table" }),
      key: designer,
    });
    const problem = expectProblem(res, 422, "prompt");
    expect(problem.code).toBe("content_policy");
    expect(problem.detail).toMatch(/Fast-Food/i);
  });

  it("ranks candidates best first, every layer carrying its scores, and tracks drift per version", async () => {
    const photo = await sharp(readPhoto("fig-in-red-bowl.png")).resize(160).png().toBuffer();
    const meta = await sharp(photo).metadata();
    const mask = await sharp({
      create: { width: meta.width as number, height: meta.height as number, channels: 3, background: "#000" },
    })
      .composite([{ input: { create: { width: 30, height: 30, channels: 3, background: "#fff" } }, left: 60, top: 40 }])
      .png()
      .toBuffer();
    const image = await client.uploadAsset(photo, "image/png");
    const maskAsset = await client.uploadAsset(mask, "image/png");
    const job = await client.waitForJob(
      (
        await client.createJob({
          kind: "inpaint",
          image: image.id,
          mask: maskAsset.id,
          brandKit: "harvest-table",
          params: { candidates: 3, method: "patch", seed: 9 },
        })
      ).id,
    );
    const scores = job.layers.map((l) => l.scores);
    expect(scores.every((s) => s.adherence !== undefined && s.quality !== undefined && s.score !== undefined)).toBe(
      true,
    );
    const combined = scores.map((s) => s.score as number);
    expect([...combined].sort((a, b) => b - a)).toEqual(combined);
    const drift = (await call(`${easel.url}/v1/brand-kits/harvest-table/drift`, { key: designer })).body as {
      minimum: number;
      byVersion: { kitVersion: number; count: number; mean: number }[];
      belowMinimum: boolean;
    };
    // Two stylize jobs on @1, one on @2, and these three candidates on @2.
    expect(drift.byVersion.map((v) => [v.kitVersion, v.count])).toEqual([
      [1, 2],
      [2, 4],
    ]);
    expect(drift.minimum).toBe(0.5);
    expect(typeof drift.belowMinimum).toBe("boolean");
  });
});
