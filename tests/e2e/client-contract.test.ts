import { API_ROUTES, EaselClient, EaselError, type Job, openApiPath } from "@easel/shared";
import { beforeAll, describe, expect, it } from "vitest";
import { exampleKitFiles, kitForm } from "../support/brand-kits.js";
import type { EaselProcess } from "../support/easel-process.js";
import { gradientPng, readPhoto } from "../support/images.js";
import { sharedEasel } from "../support/shared-easel.js";

/** Each contract route as a matcher of `METHOD /path` (parameters match one segment, `{.+}` several). */
const routeMatchers = API_ROUTES.map((route) => {
  const pattern = route.path
    .replace(/\./g, "\\.")
    .replace(/:(\w+)\{\\\.\+\}/g, "(.+)")
    .replace(/:(\w+)/g, "([^/]+)");
  return {
    name: route.name,
    key: `${route.method.toUpperCase()} ${openApiPath(route.path)}`,
    re: new RegExp(`^${route.method.toUpperCase()} ${pattern}$`),
  };
});

describe("EaselClient covers the whole route contract against a real server", () => {
  let easel: EaselProcess;
  let client: EaselClient;
  const called = new Set<string>();
  let job: Job;

  beforeAll(async () => {
    easel = await sharedEasel();
    const key = await easel.createKey("contract", "ada", "admin");
    // Records which routes the client calls, by matching what it actually sends.
    const recording: typeof fetch = async (input, init) => {
      const { pathname } = new URL(String(input));
      const sent = `${init?.method ?? "GET"} ${pathname}`;
      for (const m of routeMatchers) if (m.re.test(sent)) called.add(m.key);
      return fetch(input, init);
    };
    client = new EaselClient({ baseUrl: easel.url, apiKey: key, fetch: recording });
  });

  it("reads the service, its document and its engines", async () => {
    expect((await client.health()).status).toBe("ok");
    expect((await client.ready()).status).toBe("ready");
    expect(Object.keys((await client.openApi()).paths as object)).toContain("/v1/brand-kits/{slug}/drift");
    expect((await client.engines()).engines.length).toBeGreaterThan(0);
  });

  it("uploads and reads assets, runs a job to the end, lists a document's history", async () => {
    const png = await gradientPng(64, 48);
    const asset = await client.uploadAsset(png, "image/png");
    expect((await client.getAsset(asset.id)).id).toBe(asset.id);
    expect((await client.listAssets()).assets.map((a) => a.id)).toContain(asset.id);
    expect(Buffer.from(await client.downloadAsset(asset.id)).equals(png)).toBe(true);
    const created = await client.createJob({
      kind: "upscale",
      image: asset.id,
      params: { tier: "instant", scale: 2 },
      document: "doc-contract",
    });
    job = await client.waitForJob(created.id);
    expect(job.status).toBe("succeeded");
    expect((await client.getJob(job.id)).layers.length).toBeGreaterThan(0);
    expect((await client.listJobs({ document: "doc-contract" })).jobs.map((j) => j.id)).toEqual([job.id]);
    // Cancelling a finished job returns it as it is.
    expect((await client.cancel(job.id)).status).toBe("succeeded");
  });

  it("verifies an output's Content Credentials and audits the transparency log", async () => {
    const layer = job.layers[0];
    if (!layer?.manifestId) throw new Error("the output carries no manifest");
    const verified = await client.verifyProvenance(await client.downloadAsset(layer.assetId), "image/png");
    expect(verified.match).toBe("embedded");
    const manifest = await client.getManifest(layer.manifestId);
    expect(manifest.jobId).toBe(job.id);
    const head = await client.treeHead();
    expect(head.treeSize).toBeGreaterThan(0);
    expect((await client.transparencyKey()).keyId).toBe(head.keyId);
    expect((await client.inclusionProof(0)).treeSize).toBe(head.treeSize);
    expect((await client.consistencyProof(1)).size1).toBe(1);
  });

  it("reads the org's usage and keys, and revokes a key", async () => {
    expect((await client.usage()).images.total).toBeGreaterThan(0);
    const other = await easel.createKey("contract", "bob", "designer");
    const keyId = other.split("_").slice(1, 3).join("_");
    expect((await client.listKeys()).keys.map((k) => k.id)).toContain(keyId);
    expect((await client.revokeKey(keyId)).revokedAt).not.toBeNull();
  });

  it("uploads, reads, diffs and serves brand kit versions", async () => {
    const files = exampleKitFiles("harvest-table");
    const first = await client.createBrandKit(kitForm(files));
    expect(first).toMatchObject({ slug: "harvest-table", version: 1 });
    const kit = JSON.parse(new TextDecoder().decode(files.get("brand-kit.json")));
    kit.palette[0].hex = "#b8442a";
    files.set("brand-kit.json", new TextEncoder().encode(JSON.stringify(kit)));
    expect((await client.uploadBrandKitVersion("harvest-table", kitForm(files))).version).toBe(2);
    expect((await client.listBrandKits()).kits.map((k) => k.slug)).toContain("harvest-table");
    expect((await client.getBrandKit("harvest-table")).version).toBe(2);
    expect((await client.getBrandKit("harvest-table", 1)).kit.palette[0]?.hex).not.toBe("#b8442a");
    expect(new TextDecoder().decode(await client.brandKitFile("harvest-table", 2, "logos/mark.svg"))).toContain("<svg");
    expect((await client.brandKitDiff("harvest-table", 1, 2)).changes.map((c) => c.path).join(" ")).toMatch(/palette/);
    expect((await client.brandKitDrift("harvest-table")).slug).toBe("harvest-table");
  });

  it("manages protected works and reads a job's safety decisions", async () => {
    const reference = await client.addSafetyReference(readPhoto("fig-in-red-bowl.png"), "Fig", {
      contentType: "image/png",
    });
    expect((await client.listSafetyReferences()).references.map((r) => r.id)).toContain(reference.id);
    await client.removeSafetyReference(reference.id);
    expect((await client.listSafetyReferences()).references.map((r) => r.id)).not.toContain(reference.id);
    expect(Array.isArray((await client.jobSafety(job.id)).decisions)).toBe(true);
  });

  it("sends feedback on a job's candidates and reads the satisfaction figures and ranking weights", async () => {
    expect((await client.sendFeedback(job.id, { kept: 0, rating: 1 })).keptRank).toBe(1);
    expect((await client.quality()).overall).toMatchObject({ attempts: 1, firstTrySatisfied: 1 });
    expect((await client.rankWeights()).scopes[0]?.source).toBe("default");
  });

  it("reads and clears the org's default text-to-image model", async () => {
    expect(await client.defaultModel()).toEqual({ model: null });
    expect(await client.setDefaultModel(null)).toEqual({ model: null });
  });

  it("turns a refused call into an EaselError naming the field", async () => {
    const error = await client.brandKitDiff("harvest-table", 0, 2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EaselError);
    expect((error as EaselError).problem).toMatchObject({ status: 400, field: "from" });
  });

  it("has called every route of the contract", () => {
    expect([...called].sort()).toEqual(routeMatchers.map((m) => m.key).sort());
  });
});
