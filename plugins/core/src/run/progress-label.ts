import type { JobEvent, JobProgress, JobStatus } from "@easel/shared/protocol";
import { COMMANDS, type CommandKind } from "../commands/command.js";

/** What a panel shows while a job runs. */
export interface RunUpdate {
  status: JobStatus;
  /** A human label, e.g. "Filling… 8 of 112"; never a stage id. */
  label: string;
  /** 0–100. */
  percent: number;
  /** A preview image (data URL) when the server sent one. */
  preview?: string;
}

/**
 * What the shared stages after a kind's engine are doing, in words. They report 0 of 1 and 1 of 1 for
 * each candidate; shown as counts they would send the bar back to the start after every image.
 */
const STAGE_WORDS: Record<string, string> = {
  "brand.grade": "Matching the brand colours…",
  classify: "Checking the result…",
  similarity: "Checking against protected works…",
  rank: "Ranking the results…",
  sign: "Signing the result…",
  store: "Saving the result…",
  settle: "Finishing…",
};

/**
 * The label and percentage for a job's state (shared by the streaming and the polling paths).
 * `previous` is the update shown before: a stage after the engine keeps its bar where it was.
 */
export function progressUpdate(
  kind: CommandKind,
  status: JobStatus,
  progress: JobProgress | null,
  previous?: RunUpdate,
): RunUpdate {
  const verb = COMMANDS[kind].verb;
  switch (status) {
    case "queued":
      return { status, label: "Waiting for the server…", percent: 2 };
    case "running":
      if (progress && !progress.stage.startsWith("engine.")) {
        const words = STAGE_WORDS[progress.stage];
        if (words) return { status, label: words, percent: previous?.percent ?? 5 };
      }
      if (!progress || progress.total <= 0) return { status, label: `${verb}…`, percent: 5 };
      return {
        status,
        label: `${verb}… ${progress.step} of ${progress.total}`,
        percent: Math.max(5, Math.min(99, (100 * progress.step) / progress.total)),
      };
    case "succeeded":
      return { status, label: "Done.", percent: 100 };
    case "failed":
      return { status, label: "Failed.", percent: 0 };
    case "cancelled":
      return { status, label: "Cancelled.", percent: 0 };
    default: {
      const never: never = status;
      return { status: never, label: "", percent: 0 };
    }
  }
}

/** The update an event brings, or null for events that do not change what the panel shows. */
export function eventUpdate(kind: CommandKind, event: JobEvent, previous?: RunUpdate): RunUpdate | null {
  switch (event.type) {
    case "queued":
      return progressUpdate(kind, "queued", null);
    case "started":
      return progressUpdate(kind, "running", null);
    case "progress": {
      const update = progressUpdate(kind, "running", event.data, previous);
      const preview = event.data.preview;
      if (!preview) return update;
      return { ...update, preview: preview.startsWith("data:") ? preview : `data:image/png;base64,${preview}` };
    }
    case "retrying":
      return { status: "running", label: `${COMMANDS[kind].verb}… (retrying: ${event.data.reason})`, percent: 5 };
    case "succeeded":
    case "failed":
    case "cancelled":
      return progressUpdate(kind, event.type, null);
    default:
      return null;
  }
}
