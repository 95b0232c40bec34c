import { EaselClient, type Job } from "@easel/shared";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { deltaE2000, srgb8ToLab } from "../../server/src/brand/color/index.js";
import { ASTRONAUT_PERSON, maskIou, rasterisePolygon } from "../../server/src/engines/select/testing/hand-masks.js";
import type { EaselProcess } from "../support/easel-process.js";
import { call, expectProblem } from "../support/http.js";
import { readPhoto } from "../support/images.js";
import { sharedEasel } from "../support/shared-easel.js";

// Select and adjust as a plugin drives them: upload once, ask for a mask, adjust inside it.

const raw = async (png: Uint8Array | Buffer, channels: 1 | 3) =>
  new Uint8Array(
    await sharp(png)
      .removeAlpha()
      .toColourspace(channels === 1 ? "b-w" : "srgb")
      .raw()
      .toBuffer(),
  );

describe("select and adjust over HTTP", () => {
  let easel: EaselProcess;
  let client: EaselClient;
  let key: string;
  let astronaut: string;

  const post = (body: unknown) =>
    call(`${easel.url}/v1/jobs`, {
      method: "POST",
      key,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  async function run(body: unknown): Promise<Job> {
    const res = await post(body);
    expect(res.status).toBe(202);
    const job = await client.waitForJob((res.body as Job).id);
    expect(job.problem ?? null).toBeNull();
    expect(job.status).toBe("succeeded");
    return job;
  }

  beforeAll(async () => {
    easel = await sharedEasel();
    key = await easel.createKey("select-adjust", "sam", "designer");
    client = new EaselClient({ baseUrl: easel.url, apiKey: key });
    astronaut = (await client.uploadAsset(readPhoto("astronaut-eileen-collins.png"), "image/png")).id;
  });

  it("selects the people in a portrait as a signed soft mask the size of the photo, then recolors only inside it", async () => {
    const selected = await run({ kind: "select", image: astronaut, mode: "people" });
    const layer = selected.layers[0];
    if (!layer) throw new Error("no mask layer");
    expect(layer.manifestId).toBeTruthy();
    const maskPng = await client.downloadAsset(layer.assetId);
    expect(await sharp(maskPng).metadata()).toMatchObject({ width: 512, height: 512 });
    const mask = await raw(maskPng, 1);
    expect(maskIou(mask, rasterisePolygon(ASTRONAUT_PERSON, 512, 512))).toBeGreaterThanOrEqual(0.85);
    expect(mask.some((v) => v > 0 && v < 255)).toBe(true);

    // The mask asset feeds an adjust job as it is: recolor the person to a brand blue.
    const adjusted = await run({
      kind: "adjust",
      image: astronaut,
      mask: layer.assetId,
      params: { recolor: { colour: "#2c5cc5" }, feather: 4 },
    });
    const out = await raw(await client.downloadAsset(adjusted.layers[0]?.assetId as string), 3);
    const source = await raw(readPhoto("astronaut-eileen-collins.png"), 3);
    let mean = { L: 0, a: 0, b: 0 };
    let inside = 0;
    for (let i = 0; i < mask.length; i++) {
      const px = [out[i * 3], out[i * 3 + 1], out[i * 3 + 2]] as [number, number, number];
      if (mask[i] === 0) {
        expect(px).toEqual([source[i * 3], source[i * 3 + 1], source[i * 3 + 2]]);
      } else if ((mask[i] as number) >= 250) {
        const lab = srgb8ToLab(...px);
        mean = { L: mean.L + lab.L, a: mean.a + lab.a, b: mean.b + lab.b };
        inside++;
      }
    }
    mean = { L: mean.L / inside, a: mean.a / inside, b: mean.b / inside };
    expect(deltaE2000(mean, srgb8ToLab(0x2c, 0x5c, 0xc5))).toBeLessThan(8);

    // The adjusted portrait's face was counted into the safety audit (representation monitoring); the mask's not.
    const audit = async (job: Job) =>
      (
        (await call(`${easel.url}/v1/safety/jobs/${job.id}`, { key })).body as {
          decisions: { stage: string; details: { faces?: { count: number; sizes: { share: number }[] } } }[];
        }
      ).decisions.find((d) => d.stage === "output")?.details.faces;
    const faces = await audit(adjusted);
    expect(faces?.count).toBe(1);
    expect(faces?.sizes[0]?.share).toBeGreaterThan(0.02);
    expect(await audit(selected)).toBeUndefined();
  });

  it("selects a face with a soft ellipse", async () => {
    const hopper = (await client.uploadAsset(readPhoto("grace-hopper-portrait.png"), "image/png")).id;
    const job = await run({ kind: "select", image: hopper, mode: "faces", params: { feather: 0 } });
    const mask = await raw(await client.downloadAsset(job.layers[0]?.assetId as string), 1);
    expect(mask[210 * 436 + 228]).toBe(255); // the nose
    expect(mask[100 * 436 + 40]).toBe(0); // the flag
  });

  it("keeps faces out of a fill when asked: the face comes back byte-identical, the rest of the hole is filled", async () => {
    const photo = readPhoto("grace-hopper-portrait.png");
    const hopper = (await client.uploadAsset(photo, "image/png")).id;
    // A hole across her mouth and chin (inside the face) and down onto her collar (outside it).
    const hole = await sharp({ create: { width: 150, height: 100, channels: 3, background: "#ffffff" } })
      .png()
      .toBuffer();
    const maskPng = await sharp({ create: { width: 436, height: 512, channels: 3, background: "#000000" } })
      .composite([{ input: hole, left: 150, top: 240 }])
      .png()
      .toBuffer();
    const mask = (await client.uploadAsset(maskPng, "image/png")).id;
    const source = await raw(photo, 3);
    const fill = async (protectFaces: boolean) => {
      const job = await run({
        kind: "inpaint",
        image: hopper,
        mask,
        params: { seed: 1, method: "telea", protectFaces },
      });
      return raw(await client.downloadAsset(job.layers[0]?.assetId as string), 3);
    };
    const px = (img: Uint8Array, x: number, y: number) =>
      Array.from(img.subarray((y * 436 + x) * 3, (y * 436 + x) * 3 + 3));
    const kept = await fill(true);
    const plain = await fill(false);
    expect(px(kept, 228, 255)).toEqual(px(source, 228, 255)); // her mouth: protected
    expect(px(plain, 228, 255)).not.toEqual(px(source, 228, 255)); // …which the plain fill paints over
    expect(px(kept, 228, 330)).not.toEqual(px(source, 228, 330)); // the collar: filled either way
  });

  it("names the field when a box, hint or mask does not fit the image", async () => {
    expectProblem(
      await post({ kind: "select", image: astronaut, mode: "subject", box: { x: 400, y: 0, width: 200, height: 10 } }),
      400,
      "box",
    );
    const small = (
      await client.uploadAsset(await sharp(readPhoto("coffee-cup.png")).resize(64).png().toBuffer(), "image/png")
    ).id;
    expectProblem(await post({ kind: "select", image: astronaut, mode: "subject", hint: small }), 400, "hint");
    expectProblem(await post({ kind: "adjust", image: astronaut, mask: small, params: { exposure: 1 } }), 400, "mask");
    expectProblem(await post({ kind: "adjust", image: astronaut, params: { exposure: 9 } }), 400, "params.exposure");
  });
});
