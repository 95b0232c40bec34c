import { spawnSync } from "node:child_process";
import { EaselClient, type VerificationResult } from "@easel/shared";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { easelArgs } from "../support/easel-bin.js";
import type { EaselProcess } from "../support/easel-process.js";
import { call, expectProblem } from "../support/http.js";
import { readPhoto } from "../support/images.js";
import { sharedEasel } from "../support/shared-easel.js";

// Per-org policy, set with the CLI as an operator would: protected names, diversification, prompt in manifests.

function setOrg(easel: EaselProcess, slug: string, ...flags: string[]): void {
  const result = spawnSync(process.execPath, easelArgs(["orgs", "settings", slug, ...flags]), {
    env: {
      ...process.env,
      EASEL_DATA_DIR: easel.dataDir,
      ...(easel.databaseUrl ? { EASEL_DATABASE_URL: easel.databaseUrl } : {}),
    },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(result.stderr);
}

describe("org policy settings", () => {
  let easel: EaselProcess;
  let strictKey: string;
  let openKey: string;

  beforeAll(async () => {
    easel = await sharedEasel({ EASEL_RATE_LIMITS: "0" });
    strictKey = await easel.createKey("strict-co", "sam");
    openKey = await easel.createKey("open-co", "oli");
    setOrg(easel, "strict-co", "--protected-names", "block", "--diversify", "on", "--prompt-in-manifest", "on");
  });

  async function fill(key: string, prompt: string) {
    const client = new EaselClient({ baseUrl: easel.url, apiKey: key });
    const photo = await sharp(readPhoto("coffee-cup.png")).resize(96).png().toBuffer();
    const meta = await sharp(photo).metadata();
    const mask = await sharp({
      create: { width: meta.width as number, height: meta.height as number, channels: 3, background: "#000" },
    })
      .composite([{ input: { create: { width: 12, height: 12, channels: 3, background: "#fff" } }, left: 40, top: 20 }])
      .png()
      .toBuffer();
    const image = await client.uploadAsset(photo, "image/png");
    const maskAsset = await client.uploadAsset(mask, "image/png");
    const body = { kind: "inpaint", image: image.id, mask: maskAsset.id, prompt, params: { seed: 3 } };
    return {
      client,
      res: await call(`${easel.url}/v1/jobs`, {
        method: "POST",
        key,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    };
  }

  it("blocks a living artist's name for an org that chose block, and rewrites it for others", async () => {
    const strict = await fill(strictKey, "a cup in the style of Greg Rutkowski");
    const problem = expectProblem(strict.res, 422, "prompt");
    expect(problem.detail).toMatch(/Greg Rutkowski/);
    const open = await fill(openKey, "a cup in the style of Greg Rutkowski");
    expect(open.res.status).toBe(202);
    const job = await open.client.waitForJob((open.res.body as { id: string }).id);
    expect(job.notes.join(" ")).toMatch(/rewritten/);
  });

  it("diversifies prompts about people for an org that opted in, audits it, and signs the prompt it ran", async () => {
    const { client, res } = await fill(strictKey, "portrait of a doctor");
    expect(res.status).toBe(202);
    const job = await client.waitForJob((res.body as { id: string }).id);
    expect(job.notes.join(" ")).toMatch(/diversified/);
    const audit = (await call(`${easel.url}/v1/safety/jobs/${job.id}`, { key: strictKey })).body as {
      decisions: { category: string | null }[];
    };
    expect(audit.decisions.map((d) => d.category)).toContain("representation");
    const verified = (
      await call(`${easel.url}/v1/provenance/verify`, {
        method: "POST",
        body: await client.downloadAsset(job.layers[0]?.assetId as string),
      })
    ).body as VerificationResult;
    expect(JSON.stringify(verified.manifest)).toContain("portrait of a doctor");
    // Another org keeps its prompts out of manifests (hash only) and is not diversified.
    const other = await fill(openKey, "portrait of a doctor");
    const otherJob = await other.client.waitForJob((other.res.body as { id: string }).id);
    expect(otherJob.notes.join(" ")).not.toMatch(/diversified/);
    const otherVerified = (
      await call(`${easel.url}/v1/provenance/verify`, {
        method: "POST",
        body: await other.client.downloadAsset(otherJob.layers[0]?.assetId as string),
      })
    ).body as VerificationResult;
    expect(JSON.stringify(otherVerified.manifest)).not.toContain("portrait of a doctor");
    expect(JSON.stringify(otherVerified.manifest)).toMatch(/promptHash/);
  });
});
