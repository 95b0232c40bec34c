import { EaselClient, type JobEvent, type VerificationResult } from "@easel/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeComfyServer } from "../fakes/comfyui/index.js";
import { type EaselProcess, startEasel } from "../support/easel-process.js";
import { call } from "../support/http.js";
import { decode } from "../support/images.js";

// The service with two ComfyUI servers. They are loopback FAKES that follow ComfyUI's exact HTTP and
// websocket contract (no GPU can run here); their "images" are flat colours, which is all this checks.

describe("generate through a ComfyUI server pool", () => {
  const servers = [new FakeComfyServer(), new FakeComfyServer()];
  let easel: EaselProcess;
  let client: EaselClient;

  beforeAll(async () => {
    for (const server of servers) {
      server.knobs.stepDelayMs = 5;
      await server.start();
    }
    const checkpoint = servers[0]?.knobs.checkpoints[0] as string;
    easel = await startEasel({
      EASEL_COMFYUI_URLS: servers.map((s) => s.url).join(","),
      EASEL_COMFYUI_CHECKPOINT: checkpoint,
    });
    client = new EaselClient({ baseUrl: easel.url, apiKey: await easel.createKey("studio", "ana") });
  });
  afterAll(async () => {
    await easel.stop();
    for (const server of servers) await server.stop();
  });

  it("runs text-to-image on the pool with progress and previews, and signs the result as created by AI", async () => {
    const engines = await client.engines();
    expect(engines.engines.find((e) => e.name === "comfyui")?.limits).toMatchObject({ servers: 2 });
    const created = await client.createJob({
      kind: "generate",
      prompt: "a teal teapot",
      params: { width: 128, height: 96, steps: 6, seed: 3, candidates: 2 },
    });
    const events: JobEvent[] = [];
    for await (const event of client.events(created.id)) events.push(event);
    expect(events.some((e) => e.type === "progress" && e.data.preview?.startsWith("data:image/png"))).toBe(true);
    const job = await client.getJob(created.id);
    expect(job.status).toBe("succeeded");
    expect(job.layers.map((l) => [l.width, l.height, l.seed])).toEqual([
      [128, 96, 3],
      [128, 96, 4],
    ]);
    const bytes = await client.downloadAsset(job.layers[0]?.assetId as string);
    expect((await decode(bytes)).width).toBe(128);
    const verified = (await call(`${easel.url}/v1/provenance/verify`, { method: "POST", body: bytes }))
      .body as VerificationResult;
    expect(verified.state).toBe("trusted");
    expect(JSON.stringify(verified.manifest)).toContain("c2pa.created");
    expect(JSON.stringify(verified.manifest)).toContain("trainedAlgorithmicMedia");
    const ran = servers.reduce((sum, s) => sum + s.seen.runs.length, 0);
    expect(ran).toBe(2);
  });

  it("meters ComfyUI work as GPU compute", async () => {
    const usage = (await call(`${easel.url}/v1/usage`, { key: await easel.createKey("studio", "root", "admin") }))
      .body as {
      compute: { engine: string; device: string }[];
    };
    expect(usage.compute.find((c) => c.engine === "comfyui")?.device).toBe("gpu");
  });
});
