import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { EaselClient } from "@easel/shared";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { exampleKitFiles, kitForm } from "../support/brand-kits.js";
import type { EaselProcess } from "../support/easel-process.js";
import { call, expectProblem } from "../support/http.js";
import { readPhoto } from "../support/images.js";
import { sharedEasel } from "../support/shared-easel.js";

type Decisions = {
  decisions: {
    stage: string;
    decision: string;
    category: string | null;
    reason: string;
    quarantined: string | null;
    details: { scores?: Record<string, number> };
  }[];
};

describe("safety: prompts, outputs and protected works", () => {
  let easel: EaselProcess;
  let client: EaselClient;
  let key: string;
  let admin: string;

  beforeAll(async () => {
    easel = await sharedEasel({ EASEL_RATE_LIMITS: "0" });
    key = await easel.createKey("safety-studio", "ana", "designer", "free");
    admin = await easel.createKey("safety-studio", "ops", "admin", "free");
    client = new EaselClient({ baseUrl: easel.url, apiKey: key });
  });

  const tryPrompt = (prompt: string) =>
    call(`${easel.url}/v1/jobs`, {
      method: "POST",
      key,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "generate", prompt }),
    });

  it("refuses obfuscated unsafe prompts naming the category and words, and lets innocent near-misses through", async () => {
    for (const prompt of ["a n@ked w0man on a beach", "p.o.r.n poster", "a man being d e c a p i t a t e d"]) {
      const problem = expectProblem(await tryPrompt(prompt), 422, "prompt");
      expect(problem.code).toBe("content_policy");
      expect(problem.detail.length).toBeGreaterThan(10);
    }
    // Innocent prompts pass the policy and reach the next check: no text-to-image engine here (503).
    for (const prompt of ["a cocktail bar in Scunthorpe", "data analysis dashboard", "bloody mary cocktail on a bar"]) {
      expectProblem(await tryPrompt(prompt), 503, "kind");
    }
  });

  it("classifies every output before delivery and audits the decision with its scores", async () => {
    const image = await client.uploadAsset(
      await sharp(readPhoto("coffee-cup.png")).resize(96).png().toBuffer(),
      "image/png",
    );
    const job = await client.waitForJob(
      (await client.createJob({ kind: "upscale", image: image.id, params: { tier: "instant" } })).id,
    );
    expect(job.status).toBe("succeeded");
    const audit = (await call(`${easel.url}/v1/safety/jobs/${job.id}`, { key })).body as Decisions;
    const output = audit.decisions.find((d) => d.stage === "output");
    expect(output?.decision).toBe("allow");
    expect(output?.details.scores?.Neutral).toBeGreaterThan(0.5);
    // The delivered layer is announced as a \`candidate\` before \`succeeded\` (the protocol's event).
    const types: string[] = [];
    let candidate: { index: number; layer: { id: string } } | undefined;
    for await (const event of client.events(job.id)) {
      types.push(event.type);
      if (event.type === "candidate") candidate = event.data;
    }
    expect(types.slice(-2)).toEqual(["candidate", "succeeded"]);
    expect(candidate).toMatchObject({ index: 0, layer: { id: job.layers[0]?.id } });
  });

  it("withholds a near-duplicate of a protected work (resized, recompressed, cropped), refunds it, and lets other images through", async () => {
    const protectedPhoto = readPhoto("dogs-wooden-house.png");
    expectProblem(
      await call(`${easel.url}/v1/safety/references?title=Dogs`, { method: "POST", body: protectedPhoto, key }),
      403,
      "authorization",
    );
    // The studio's admin registers a work the studio may not copy; its designers' outputs are withheld.
    const reference = await call(`${easel.url}/v1/safety/references?title=Dogs%20at%20the%20window`, {
      method: "POST",
      body: protectedPhoto,
      key: admin,
    });
    expect(reference.status).toBe(201);
    const refId = (reference.body as { id: string }).id;

    // A copy: slightly cropped, resized and recompressed as JPEG, then upscaled.
    const meta = await sharp(protectedPhoto).metadata();
    const copy = await sharp(protectedPhoto)
      .extract({ left: 8, top: 10, width: (meta.width as number) - 16, height: (meta.height as number) - 20 })
      .resize(200)
      .jpeg({ quality: 70 })
      .toBuffer();
    const before = ((await call(`${easel.url}/v1/usage`, { key })).body as { quota: { used: number } }).quota.used;
    const image = await client.uploadAsset(copy, "image/jpeg");
    const job = await client.waitForJob(
      (await client.createJob({ kind: "upscale", image: image.id, params: { tier: "instant" } })).id,
    );
    expect(job.status).toBe("failed");
    expect(job.problem).toMatchObject({ code: "content_policy" });
    expect(job.problem?.detail).toContain(refId);
    expect(job.layers).toHaveLength(0);
    const audit = (await call(`${easel.url}/v1/safety/jobs/${job.id}`, { key })).body as Decisions;
    const withheld = audit.decisions.find((d) => d.stage === "similarity");
    expect(withheld).toMatchObject({ decision: "block", category: "copyright" });
    expect(withheld?.quarantined).toMatch(/^[0-9a-f]{64}$/);
    // The quarantined bytes exist for review but are never served, not even to the org that asked.
    expectProblem(await call(`${easel.url}/v1/assets/${withheld?.quarantined}/content`, { key }), 404);
    expectProblem(await call(`${easel.url}/v1/assets/${withheld?.quarantined}/content`, { key: admin }), 404);
    expect(((await call(`${easel.url}/v1/usage`, { key })).body as { quota: { used: number } }).quota.used).toBe(
      before,
    );
    const other = await client.uploadAsset(
      await sharp(readPhoto("cat-chelsea.png")).resize(200).jpeg().toBuffer(),
      "image/jpeg",
    );
    const fine = await client.waitForJob(
      (await client.createJob({ kind: "upscale", image: other.id, params: { tier: "instant" } })).id,
    );
    expect(fine.status).toBe("succeeded");
  });

  it("decides on a copy of a protected work before signing: never signed, never a deliverable, refunded", async () => {
    // Its own org, so the other tests' works and quota do not meet this one.
    const designer = await easel.createKey("copyist", "lee", "designer", "pro");
    const owner = await easel.createKey("copyist", "kim", "admin", "pro");
    const own = new EaselClient({ baseUrl: easel.url, apiKey: designer });
    const work = await sharp(readPhoto("fig-in-red-bowl.png")).resize(240).png().toBuffer();
    const reference = await call(`${easel.url}/v1/safety/references?title=Fig`, {
      method: "POST",
      body: work,
      key: owner,
    });
    expect(reference.status).toBe(201);
    const usage = async () =>
      ((await call(`${easel.url}/v1/usage`, { key: designer })).body as { quota: { used: number } }).quota.used;
    const before = await usage();
    const db = await easel.openDb();
    const { manifests } = db.t;
    const manifestCount = async () => (await db.run((q) => q.select().from(manifests))).length;
    const manifestsBefore = await manifestCount();

    // An upscale of the very work: the output copies it.
    const image = await own.uploadAsset(work, "image/png");
    const job = await own.waitForJob(
      (await own.createJob({ kind: "upscale", image: image.id, params: { tier: "instant" } })).id,
    );
    expect(job.status).toBe("failed");
    expect(job.problem).toMatchObject({ code: "content_policy" });
    expect(job.layers).toEqual([]);
    const audit = (await call(`${easel.url}/v1/safety/jobs/${job.id}`, { key: designer })).body as Decisions;
    const withheld = audit.decisions.find((d) => d.stage === "similarity");
    expect(withheld).toMatchObject({ decision: "block", category: "copyright" });
    const quarantined = withheld?.quarantined as string;
    expect(quarantined).toMatch(/^[0-9a-f]{64}$/);
    // The decision is announced on the job's event stream (the protocol's \`safety\` event).
    const events: { type: string; data: unknown }[] = [];
    for await (const event of own.events(job.id)) events.push(event);
    const announced = events.find((e) => e.type === "safety")?.data as { decision: string; reason: string };
    expect(announced).toMatchObject({ decision: "block" });
    expect(announced.reason).toContain((reference.body as { id: string }).id);
    // A withheld output is never announced as a candidate, neither as it is made nor at settle.
    expect(events.filter((e) => e.type === "candidate")).toEqual([]);

    // Nothing was signed: no manifest stored for the job (nor any new one), and the quarantined bytes carry none.
    const rows = await db.run((q) => q.select().from(manifests));
    expect(rows.filter((r) => r.jobId === job.id)).toEqual([]);
    expect(rows).toHaveLength(manifestsBefore);
    await db.close();
    const blobFile = readdirSync(easel.dataDir, { recursive: true }).find((f) => String(f).endsWith(quarantined));
    expect(blobFile).toBeDefined();
    const bytes = readFileSync(join(easel.dataDir, String(blobFile)));
    const verified = await call(`${easel.url}/v1/provenance/verify`, { method: "POST", body: bytes });
    expect(verified.body).toMatchObject({ state: "absent", match: "none" });
    // Not a deliverable: no layer, never served; and the reservation is refunded.
    expectProblem(await call(`${easel.url}/v1/assets/${quarantined}/content`, { key: designer }), 404);
    expect(await usage()).toBe(before);
  });

  it("refuses a brand-kit reference that copies a work the org protected, and not another org's kit", async () => {
    // An org's entry binds that org's own kit uploads (and outputs), never another org's.
    const owner = await easel.createKey("meadow-co", "olga", "admin", "pro");
    const protectedPhoto = readPhoto("mountain-meadow-autumn.png");
    const reference = await call(`${easel.url}/v1/safety/references?title=Meadow`, {
      method: "POST",
      body: protectedPhoto,
      key: owner,
    });
    const refId = (reference.body as { id: string }).id;
    const files = exampleKitFiles("harvest-table");
    const kit = JSON.parse(new TextDecoder().decode(files.get("brand-kit.json")));
    const copied = kit.references[0].file as string;
    files.set(copied, await sharp(protectedPhoto).resize(400).jpeg({ quality: 80 }).toBuffer());
    const ownerBrandAdmin = await easel.createKey("meadow-co", "bo", "brand-admin", "pro");
    const refused = expectProblem(
      await call(`${easel.url}/v1/brand-kits`, { method: "POST", body: kitForm(files), key: ownerBrandAdmin }),
      422,
      copied,
    );
    expect(refused.detail).toContain(refId);
    const studioAdmin = await easel.createKey("safety-studio", "bea", "brand-admin", "free");
    expect(
      (await call(`${easel.url}/v1/brand-kits`, { method: "POST", body: kitForm(files), key: studioAdmin })).status,
    ).toBe(201);
  });

  it("shows an org's entries to its members; only an admin of that org removes one", async () => {
    const registered = await call(`${easel.url}/v1/safety/references?title=Coffee`, {
      method: "POST",
      body: readPhoto("coffee-cup.png"),
      key: admin,
    });
    const id = (registered.body as { id: string }).id;
    const list = (await call(`${easel.url}/v1/safety/references`, { key })).body as { references: { id: string }[] };
    expect(list.references.map((r) => r.id)).toContain(id);
    expectProblem(await call(`${easel.url}/v1/safety/references/${id}`, { method: "DELETE", key }), 403);
    const otherAdmin = await easel.createKey("dogs-co", "dora2", "admin", "pro");
    expectProblem(await call(`${easel.url}/v1/safety/references/${id}`, { method: "DELETE", key: otherAdmin }), 404);
    expect((await call(`${easel.url}/v1/safety/references/${id}`, { method: "DELETE", key: admin })).status).toBe(204);
    const after = (await call(`${easel.url}/v1/safety/references`, { key })).body as { references: { id: string }[] };
    expect(after.references.map((r) => r.id)).not.toContain(id);
  });
});
