import { beforeAll, describe, expect, it } from "vitest";
import type { EaselProcess } from "../../../../tests/support/easel-process.js";
import { readPhoto } from "../../../../tests/support/images.js";
import { sharedEasel } from "../../../../tests/support/shared-easel.js";
import { createPluginClient } from "../net/create-client.js";
import { CandidateFeedback } from "./feedback.js";
import { RunController } from "./run-controller.js";

// The plugin core reports what the designer did with candidates, against a real server: Keep, a new run
// on another source (discard), and a new run on the same source (a regeneration naming the job it retries).

const png = (photo: string) => new Uint8Array(readPhoto(photo));

describe("candidate feedback from the plugin core", () => {
  let easel: EaselProcess;

  beforeAll(async () => {
    easel = await sharedEasel();
  });

  it("sends Keep, discard and regenerate, and the server's figures follow", async () => {
    const client = createPluginClient({ serverUrl: easel.url, apiKey: await easel.createKey("feedback-co", "ana") });
    const errors: unknown[] = [];
    const feedback = new CandidateFeedback(client, (e) => errors.push(e));
    const controller = new RunController({ client, follow: "poll", pollIntervalMs: 100, feedback });
    const upscale = { kind: "upscale", scale: 2, tier: "instant" } as const;
    const cup = { image: png("coffee-cup.png") };
    const fig = { image: png("fig-in-red-bowl.png") };

    // First attempt on the cup, not kept; the designer runs it again: a regeneration of the first.
    const first = await controller.run(upscale, cup);
    expect(first.job.request.regenerates).toBeUndefined();
    const again = await controller.run(upscale, cup);
    expect(again.job.request.regenerates).toBe(first.job.id);
    feedback.kept(again.job, again.candidates[0] as { index: number });

    // Then another image, closed without keeping anything: a discard, not a regeneration.
    const other = await controller.run(upscale, fig);
    expect(other.job.request.regenerates).toBeUndefined();
    feedback.discarded();
    await feedback.settled();
    expect(errors).toEqual([]);

    // Two first attempts with an outcome (the cup's was regenerated, the fig's discarded): none satisfying;
    // the kept candidate is on the cup's second attempt.
    const report = await client.quality();
    expect(report.overall).toMatchObject({ attempts: 2, firstTrySatisfied: 0, firstTrySatisfaction: 0 });
    // A Keep after the fact (the designer went back) is recorded on that job and counts as its outcome.
    feedback.kept(other.job, other.candidates[0] as { index: number });
    await feedback.settled();
    expect((await client.quality()).overall).toMatchObject({ attempts: 2, firstTrySatisfied: 1 });
  });

  it("never fails the designer's work when feedback cannot be sent", async () => {
    const errors: unknown[] = [];
    const feedback = new CandidateFeedback({ sendFeedback: () => Promise.reject(new Error("offline")) }, (e) =>
      errors.push(e),
    );
    feedback.kept({ id: "job_00000000000000000000" }, { index: 0 });
    await feedback.settled();
    expect(errors.map((e) => (e as Error).message)).toEqual(["offline"]);
  });
});
