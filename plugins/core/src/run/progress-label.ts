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

/** The label and percentage for a job's state (shared by the streaming and the polling paths). */
export function progressUpdate(kind: CommandKind, status: JobStatus, progress: JobProgress | null): RunUpdate {
  const verb = COMMANDS[kind].verb;
  switch (status) {
    case "queued":
      return { status, label: "Waiting for the server…", percent: 2 };
    case "running":
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
export function eventUpdate(kind: CommandKind, event: JobEvent): RunUpdate | null {
  switch (event.type) {
    case "queued":
      return progressUpdate(kind, "queued", null);
    case "started":
      return progressUpdate(kind, "running", null);
    case "progress": {
      const update = progressUpdate(kind, "running", event.data);
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
