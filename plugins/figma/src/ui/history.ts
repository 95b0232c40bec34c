import type { Job } from "@easel/shared/protocol";
import { el } from "./dom.js";

/** Orders jobs as a tree via `parent`: each root, then its descendants indented (depth in px steps). */
export function jobTree(jobs: readonly Job[]): { job: Job; depth: number }[] {
  const ids = new Set(jobs.map((j) => j.id));
  const children = new Map<string, Job[]>();
  for (const job of jobs) {
    const parent = job.parent && ids.has(job.parent) ? job.parent : "";
    children.set(parent, [...(children.get(parent) ?? []), job]);
  }
  const out: { job: Job; depth: number }[] = [];
  const walk = (parent: string, depth: number) => {
    for (const job of children.get(parent) ?? []) {
      out.push({ job, depth });
      walk(job.id, depth + 1);
    }
  };
  walk("", 0);
  return out;
}

const KIND_NAME: Record<string, string> = {
  generate: "Generate",
  vary: "Variations",
  inpaint: "Fill",
  outpaint: "Expand",
  upscale: "Upscale",
  stylize: "Brand style",
  select: "Select",
  adjust: "Adjust",
};

/** "Upscale 2x", "Generate · a lighthouse at dusk": what a job was, in the menu's words. */
export function jobTitle(job: Job): string {
  const request = job.request as { prompt?: string; params?: { scale?: number } };
  const name = KIND_NAME[job.kind] ?? job.kind;
  if (job.kind === "upscale" && request.params?.scale) return `${name} ${request.params.scale}x`;
  return request.prompt ? `${name} · ${request.prompt}` : name;
}

/** "3 results · 5 min ago", "Failed · yesterday": how a job ended, and when. */
export function jobOutcome(job: Job, now: Date = new Date()): string {
  const n = job.layers.length;
  const what =
    job.status === "succeeded"
      ? `${n} result${n === 1 ? "" : "s"}`
      : job.status === "running" || job.status === "queued"
        ? "Running"
        : job.status === "failed"
          ? "Failed"
          : "Cancelled";
  return `${what} · ${ago(new Date(job.createdAt), now)}`;
}

function ago(then: Date, now: Date): string {
  const minutes = Math.round((now.getTime() - then.getTime()) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return then.toLocaleDateString();
}

/** Renders the file's history; clicking a finished job shows its results again. */
export function renderHistory(root: HTMLElement, jobs: readonly Job[], onOpen: (job: Job) => void): void {
  root.replaceChildren();
  if (jobs.length === 0) {
    root.append(el("p", { class: "hint" }, "No Easel jobs in this file yet."));
    return;
  }
  for (const { job, depth } of jobTree(jobs)) {
    const row = el(
      "button",
      {
        type: "button",
        class: `history-row ${job.status}`,
        style: `padding-left:${8 + depth * 14}px`,
        "data-testid": "history-row",
      },
      el("div", { class: "what" }, `${depth > 0 ? "↳ " : ""}${jobTitle(job)}`),
      el("div", { class: "when" }, jobOutcome(job)),
    );
    row.addEventListener("click", () => onOpen(job));
    root.append(row);
  }
}
