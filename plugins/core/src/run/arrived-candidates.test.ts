import { beforeAll, describe, expect, it } from "vitest";
import type { EaselProcess } from "../../../../tests/support/easel-process.js";
import { readPhoto } from "../../../../tests/support/images.js";
import { sharedEasel } from "../../../../tests/support/shared-easel.js";
import { decodePng, encodeMaskPng, encodeRgbaPng } from "../image/png.js";
import { resizeRgba } from "../image/resize.js";
import { createPluginClient } from "../net/create-client.js";
import type { ArrivedCandidate } from "./arrived-candidates.js";
import { RunController } from "./run-controller.js";

// A host shows each candidate as the server finishes it, against a real server: a four-candidate
// object removal on a real photograph, followed over the event stream.

describe("candidates as they arrive, in the plugin core", () => {
  let easel: EaselProcess;

  beforeAll(async () => {
    easel = await sharedEasel();
  });

  it("hands over each candidate while the rest are made, best so far first; the result has the final order", async () => {
    const client = createPluginClient({ serverUrl: easel.url, apiKey: await easel.createKey("candidates-co", "ana") });
    // Half size: four fills stay quick on a busy machine.
    const photo = decodePng(new Uint8Array(readPhoto("forest-stream.png")));
    const [width, height] = [Math.round(photo.width / 2), Math.round(photo.height / 2)];
    const image = encodeRgbaPng(resizeRgba(photo, width, height));
    const mask = new Uint8Array(width * height);
    for (let y = 50; y < 74; y++) mask.fill(255, y * width + 90, y * width + 114);

    const arrived: ArrivedCandidate[] = [];
    // How many candidates had arrived when each fill (0..3) first reported progress past its start.
    const arrivedAtFill = new Map<number, number>();
    const controller = new RunController({
      client,
      follow: "stream",
      onEvent: (event) => {
        if (event.type !== "progress" || event.data.stage !== "engine.inpaint" || event.data.step === 0) return;
        // One progress scale across the four fills: fill j's steps lie in (j·t, (j+1)·t], t = total/4.
        const fill = Math.ceil((event.data.step * 4) / event.data.total) - 1;
        if (!arrivedAtFill.has(fill)) arrivedAtFill.set(fill, arrived.length);
      },
      onCandidate: (candidate) => arrived.push(candidate),
    });
    const result = await controller.run(
      { kind: "remove", seed: 5, candidates: 4 },
      { image, mask: encodeMaskPng({ data: mask, width, height }) },
    );

    expect(arrived).toHaveLength(4);
    expect(arrived.map((a) => a.candidate).sort()).toEqual([0, 1, 2, 3]);
    // Fill k+1 was under way only after candidate k had been handed over: the first one long before the last.
    for (let k = 1; k < 4; k++) expect(arrivedAtFill.get(k)).toBeGreaterThanOrEqual(k);
    for (const a of arrived) {
      const scores = a.soFar.map((l) => l.scores.score as number);
      expect(scores).toEqual([...scores].sort((x, y) => y - x));
      expect(a.soFar[a.rank - 1]?.id).toBe(a.layer.id);
    }
    // The finished run: the same four layers, in the final order.
    expect(result.candidates.map((l) => l.id).sort()).toEqual(arrived.map((a) => a.layer.id).sort());
    expect(result.candidates.map((l) => l.index)).toEqual([0, 1, 2, 3]);
  });
});
