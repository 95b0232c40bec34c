import { DEFAULT_LIMITS, type InputLimits, RunController, type RunUpdate } from "@easel/plugin-core";
import type { EaselClient } from "@easel/shared/client";
import type { Job, JobEvent, Layer } from "@easel/shared/protocol";
import type { PhotoshopApi } from "../host/photoshop-api.js";
import { type Capture, captureFor } from "./capture.js";
import type { PanelInput } from "./command-input.js";
import type { Placement } from "./placement.js";

/** A finished run: where results go, the job, and its candidates best first. */
export interface CommandRun {
  placement: Placement;
  job: Job;
  candidates: Layer[];
  /** What was uploaded (absent for generate). */
  uploaded?: Capture["uploaded"];
}

export interface RunOptions {
  ps: PhotoshopApi;
  client: EaselClient;
  /** The panel's controller (its `cancel()` stops the job); one is made when absent. */
  controller?: RunController;
  /** Input limits from `GET /v1/engines` (see `inputLimits`); defaults otherwise. */
  limits?: InputLimits;
  onUpdate?: (update: RunUpdate) => void;
  onEvent?: (event: JobEvent) => void;
  /** Called once the job exists, with where its results go: the panel stores both to reattach. */
  onJobCreated?: (jobId: string, placement: Placement) => void;
}

/** Reads the document, uploads once, runs the job to its end and returns the ranked candidates. */
export async function runCommand(options: RunOptions, input: PanelInput): Promise<CommandRun> {
  const { ps, client } = options;
  const capture = await captureFor(ps, input, options.limits ?? DEFAULT_LIMITS);
  const controller =
    options.controller ??
    new RunController({
      client,
      ...(options.onUpdate ? { onUpdate: options.onUpdate } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    });
  const previous = controller.onJobCreated;
  const notify = options.onJobCreated;
  controller.onJobCreated = (jobId) => {
    previous?.(jobId);
    notify?.(jobId, capture.placement);
  };
  let result: Awaited<ReturnType<RunController["run"]>>;
  try {
    result = await controller.run(
      capture.request,
      { ...(capture.image ? { image: capture.image } : {}), ...(capture.mask ? { mask: capture.mask } : {}) },
      { document: capture.placement.documentTitle },
    );
  } finally {
    controller.onJobCreated = previous;
  }
  const { job, candidates } = result;
  return { placement: capture.placement, job, candidates, ...(capture.uploaded ? { uploaded: capture.uploaded } : {}) };
}
