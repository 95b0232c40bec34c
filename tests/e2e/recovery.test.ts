import { EaselClient, type JobEvent } from "@easel/shared";
import { afterEach, describe, expect, it } from "vitest";
import { createEasel, type Easel } from "../../server/src/app.js";
import { loadConfig } from "../../server/src/config/config.js";
import { scratchDir } from "../../server/src/testing/test-servers.js";
import { type EaselProcess, startEasel } from "../support/easel-process.js";
import { gradientPng } from "../support/images.js";

async function collect(events: AsyncIterable<JobEvent>): Promise<JobEvent[]> {
  const out: JobEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

describe("durable jobs", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it("finishes a job exactly once after the process is killed mid-run and restarted", async () => {
    const env = { EASEL_DIAGNOSTICS: "1", EASEL_RETRY_BASE_MS: "50" };
    const first: EaselProcess = await startEasel(env);
    const key = await first.createKey("studio", "ana");
    let client = new EaselClient({ baseUrl: first.url, apiKey: key });
    const image = await client.uploadAsset(await gradientPng(64, 64, 2), "image/png");
    const slow = await client.createJob({ kind: "noop", params: { workMs: 3000 } });
    const upscale = await client.createJob({ kind: "upscale", image: image.id, params: { scale: 2 } });
    for await (const event of client.events(slow.id)) if (event.type === "progress") break;
    await first.kill(); // SIGKILL: worker threads die with the process, leases stay behind

    const second = await startEasel(env, first.dataDir);
    cleanups.push(() => second.stop());
    client = new EaselClient({ baseUrl: second.url, apiKey: key });
    const done = await client.waitForJob(slow.id);
    expect(done.status).toBe("succeeded");
    expect(done.attempts).toBe(2);
    const events = await collect(client.events(slow.id));
    expect(events.filter((e) => e.type === "succeeded")).toHaveLength(1);
    expect(events.filter((e) => e.type === "started")).toHaveLength(2);
    expect(events.map((e) => e.type)).toContain("retrying");
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    // The upscale may have been running too (both workers busy), so one or two jobs come back.
    expect(second.logs.join("\n")).toMatch(/recovered [12] job/);

    const up = await client.waitForJob(upscale.id);
    expect(up.status).toBe("succeeded");
    expect(up.layers).toHaveLength(1);
    const assets = await client.listAssets();
    expect(assets.assets.filter((a) => a.id === up.layers[0]?.assetId)).toHaveLength(1);
  });

  it("retries a job whose worker thread died, as an interruption, and fails it past the interruption limit", async () => {
    const dataDir = scratchDir("easel-crash-");
    const easel: Easel = await createEasel(
      loadConfig({
        EASEL_DATA_DIR: dataDir,
        EASEL_DIAGNOSTICS: "1",
        EASEL_WORKERS: "1",
        EASEL_RETRY_BASE_MS: "20",
        // A dead thread is the service's fault: it spends interruptions, never the job's one attempt.
        EASEL_MAX_ATTEMPTS: "1",
        EASEL_MAX_INTERRUPTIONS: "1",
        EASEL_LOG_LEVEL: "silent",
      }),
    );
    cleanups.push(() => easel.stop());
    await easel.start();
    await easel.keys.ensureOrg("studio");
    const principal = await easel.keys.authenticate((await easel.keys.createKey("studio", "ana", "designer")).key);
    if (!principal) throw new Error("no principal");
    const waitFor = async (id: string, predicate: (events: JobEvent[]) => boolean) => {
      for (let i = 0; i < 200; i++) {
        const events: JobEvent[] = [];
        const controller = new AbortController();
        controller.abort();
        const iterator = easel.jobs.events(principal, id, 0, controller.signal);
        for await (const e of iterator) events.push(e);
        if (predicate(events)) return events;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error("timed out waiting for job events");
    };

    // Ten minutes of work: it is still running whenever its thread is killed, however slow this machine.
    const job = await easel.jobs.create(principal, { kind: "noop", params: { workMs: 600_000 } });
    await waitFor(job.id, (events) => events.some((e) => e.type === "started"));
    await easel.pool?.kill(0);
    await waitFor(job.id, (events) => events.filter((e) => e.type === "started").length === 2);
    await easel.pool?.kill(0);
    const events = await waitFor(job.id, (events) => events.some((e) => e.type === "failed"));
    const failed = events.find((e) => e.type === "failed");
    expect(failed?.type === "failed" && failed.data.problem.detail).toMatch(
      /worker thread .* \(gave up after 2 interrupted attempts\)/,
    );
    // The pool replaced the dead threads: new work still runs.
    const next = await easel.jobs.create(principal, { kind: "noop", params: { workMs: 10 } });
    const nextEvents = await waitFor(next.id, (e) => e.some((x) => x.type === "succeeded"));
    expect(nextEvents.at(-1)?.type).toBe("succeeded");
  });

  it("fails a job that runs past its timeout, with a timeout problem", async () => {
    const easel = await startEasel({ EASEL_DIAGNOSTICS: "1", EASEL_JOB_TIMEOUT_MS: "400" });
    cleanups.push(() => easel.stop());
    const client = new EaselClient({ baseUrl: easel.url, apiKey: await easel.createKey("studio", "ana") });
    const job = await client.waitForJob((await client.createJob({ kind: "noop", params: { workMs: 5000 } })).id);
    expect(job.status).toBe("failed");
    expect(job.problem).toMatchObject({ code: "timeout", status: 504 });
    expect(job.attempts).toBe(1);
  });
});
