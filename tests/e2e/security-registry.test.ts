import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EaselClient } from "@easel/shared";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonLines, runCli } from "../support/easel-cli.js";
import { type EaselProcess, startEasel } from "../support/easel-process.js";
import { call, expectProblem } from "../support/http.js";
import { readPhoto } from "../support/images.js";

type Listing = {
  references: { id: string; title: string; scope: string; orgId: string | null }[];
  platform: { count: number };
};

/**
 * Tenancy of the protected-work registry: an org's entries bind that org alone; platform-wide entries
 * are the operator's (CLI), bind every org but the exempt ones, and no org admin manages them.
 */
describe("security: the protected-work registry is per org", () => {
  let easel: EaselProcess;
  const keys = { alphaAdmin: "", alphaDesigner: "", betaAdmin: "", betaDesigner: "" };

  beforeAll(async () => {
    easel = await startEasel({ EASEL_RATE_LIMITS: "0" });
    keys.alphaAdmin = await easel.createKey("alpha", "ada", "admin", "free");
    keys.alphaDesigner = await easel.createKey("alpha", "ann", "designer", "free");
    keys.betaAdmin = await easel.createKey("beta", "bob", "admin", "pro");
    keys.betaDesigner = await easel.createKey("beta", "bea", "designer", "pro");
  });
  afterAll(async () => easel.stop());

  /** Upscales a resized, recompressed copy of `photo` as `key`'s org; returns the finished job. */
  async function upscaleCopy(key: string, photo: string) {
    const client = new EaselClient({ baseUrl: easel.url, apiKey: key });
    const copy = await sharp(readPhoto(photo)).resize(180).jpeg({ quality: 75 }).toBuffer();
    const asset = await client.uploadAsset(copy, "image/jpeg");
    return client.waitForJob(
      (await client.createJob({ kind: "upscale", image: asset.id, params: { tier: "instant" } })).id,
    );
  }

  const register = (key: string, title: string, body: Buffer, exempt?: string) =>
    call(`${easel.url}/v1/safety/references?title=${encodeURIComponent(title)}${exempt ? `&exempt=${exempt}` : ""}`, {
      method: "POST",
      body,
      key,
    });

  it("an org's entry withholds its own copies and never another org's", async () => {
    const registered = await register(keys.alphaAdmin, "Fig", readPhoto("fig-in-red-bowl.png"));
    expect(registered.status).toBe(201);
    const ref = registered.body as { id: string; scope: string; orgId: string };
    expect(ref.scope).toBe("org");

    const theirs = await upscaleCopy(keys.betaDesigner, "fig-in-red-bowl.png");
    expect(theirs.status).toBe("succeeded");
    const own = await upscaleCopy(keys.alphaDesigner, "fig-in-red-bowl.png");
    expect(own.status).toBe("failed");
    expect(own.problem?.detail).toContain(ref.id);
  });

  it("lets only admins manage entries, lists only the caller's org's, and checks `exempt`", async () => {
    const photo = readPhoto("forest-stream.png");
    expectProblem(await register(keys.alphaDesigner, "Stream", photo), 403, "authorization");
    const beta = (await register(keys.betaAdmin, "Beta's secret stream", photo)).body as { id: string };
    // Exempt ids must name orgs, and mean something only on platform entries (the operator's).
    expectProblem(await register(keys.betaAdmin, "Stream", photo, "org_00000000000000000000000000"), 422, "exempt");

    for (const key of [keys.alphaAdmin, keys.alphaDesigner]) {
      const listed = (await call(`${easel.url}/v1/safety/references`, { key })).body as Listing;
      expect(listed.references.map((r) => r.title)).toEqual(["Fig"]);
      expect(JSON.stringify(listed)).not.toMatch(/secret stream|beta/i);
    }
    expectProblem(
      await call(`${easel.url}/v1/safety/references/${beta.id}`, { method: "DELETE", key: keys.betaDesigner }),
      403,
    );
    expectProblem(
      await call(`${easel.url}/v1/safety/references/${beta.id}`, { method: "DELETE", key: keys.alphaAdmin }),
      404,
    );
    const listed = (await call(`${easel.url}/v1/safety/references`, { key: keys.betaAdmin })).body as Listing;
    expect(listed.references).toMatchObject([{ id: beta.id, scope: "org" }]);
  });

  it("platform entries come from the operator's CLI, bind every org but the exempt, and no org removes them", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "easel-ref-")), "dogs.png");
    writeFileSync(file, readPhoto("dogs-wooden-house.png"));
    const unknown = await runCli(easel, ["safety", "references", "add", file, "--title", "Dogs", "--exempt", "nobody"]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain("--exempt");

    const added = await runCli(easel, ["safety", "references", "add", file, "--title", "Dogs", "--exempt", "beta"]);
    expect(added.code).toBe(0);
    const [entry] = jsonLines<{ id: string; scope: string; orgId: string | null }>(added.stdout);
    expect(entry).toMatchObject({ scope: "platform", orgId: null });
    const id = entry?.id as string;

    // The running service applies it at once: alpha's copy is withheld, beta (exempt) is not.
    const alpha = await upscaleCopy(keys.alphaDesigner, "dogs-wooden-house.png");
    expect(alpha.status).toBe("failed");
    expect(alpha.problem?.detail).toContain(id);
    expect((await upscaleCopy(keys.betaDesigner, "dogs-wooden-house.png")).status).toBe("succeeded");

    // Orgs see how many platform entries there are, never what they are, and cannot remove them.
    const listed = (await call(`${easel.url}/v1/safety/references`, { key: keys.alphaAdmin })).body as Listing;
    expect(listed.platform.count).toBe(1);
    expect(listed.references.map((r) => r.id)).not.toContain(id);
    expectProblem(
      await call(`${easel.url}/v1/safety/references/${id}`, { method: "DELETE", key: keys.alphaAdmin }),
      404,
    );

    expect(jsonLines((await runCli(easel, ["safety", "references", "list"])).stdout)).toMatchObject([
      { id, title: "Dogs" },
    ]);
    expect((await runCli(easel, ["safety", "references", "remove", id])).code).toBe(0);
    expect((await upscaleCopy(keys.alphaDesigner, "dogs-wooden-house.png")).status).toBe("succeeded");
  });
});
