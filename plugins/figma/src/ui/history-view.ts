import type { EaselClient } from "@easel/shared/client";
import type { Job, Layer } from "@easel/shared/protocol";
import { type FileData, type SelectionInfo, SelectMode } from "../messages.js";
import { byId, el } from "./dom.js";
import { formFor } from "./forms.js";
import { jobTitle, renderHistory } from "./history.js";
import type { RunFlow } from "./run-flow.js";

export interface HistoryDeps {
  client(): EaselClient;
  documentId: string;
  apiKey: string;
  fileData: FileData;
  selection: SelectionInfo | null;
  flow: RunFlow;
  showView(view: "command"): void;
  fail(error: unknown): void;
}

/** Fills the history view: this file's presets and recent prompts, and its jobs as a tree. */
export async function loadHistory(deps: HistoryDeps): Promise<void> {
  const { fileData } = deps;
  byId("preset-list").replaceChildren(
    ...(fileData.presets.length
      ? fileData.presets.map((p) =>
          el(
            "div",
            { class: "list-row" },
            el("span", {}, `${p.name}`),
            el("span", { class: "hint" }, formFor(p.command).title),
          ),
        )
      : [el("p", { class: "hint" }, "None yet: write a prompt and choose “Save as preset”.")]),
  );
  byId("prompt-list").replaceChildren(
    ...(fileData.prompts.length
      ? fileData.prompts.slice(0, 8).map((p) => {
          const use = el("button", { type: "button", class: "quiet" }, "Use");
          use.addEventListener("click", () => {
            byId<HTMLTextAreaElement>("prompt").value = p;
            deps.showView("command");
          });
          return el("div", { class: "list-row", "data-testid": "recent-prompt" }, el("span", { title: p }, p), use);
        })
      : [el("p", { class: "hint" }, "Prompts you run in this file appear here.")]),
  );
  if (!deps.apiKey || !deps.documentId) return;
  const { jobs } = await deps.client().listJobs({ document: deps.documentId, limit: 100 });
  renderHistory(byId("history"), jobs, (job) => openJob(job, deps));
}

/** Shows a past job's results again, previewed over the selected image (or inside the selected frame). */
function openJob(job: Job, deps: HistoryDeps): void {
  const error = byId("error");
  error.textContent = "";
  if (job.layers.length === 0) {
    error.textContent = job.problem ? job.problem.detail : `“${jobTitle(job)}” has no results to show.`;
    return;
  }
  const node = job.kind === "generate" ? deps.selection?.frame : (deps.selection?.image ?? deps.selection?.frame);
  if (!node) {
    error.textContent = `Select the ${job.kind === "generate" ? "frame" : "image"} “${jobTitle(job)}” was made for, then open it again.`;
    return;
  }
  const first = job.layers[0] as Layer;
  const request = job.request as { prompt?: string; mode?: string };
  // A Select job's result is a mask: reopened, it is placed as a masked copy again, not as a grey picture.
  const maskOf = job.kind === "select" ? SelectMode.safeParse(request.mode).data : undefined;
  deps.showView("command");
  deps.flow.showResults(job.layers, {
    command: job.kind === "generate" ? "generate" : "upscale",
    source: {
      nodeId: node.nodeId,
      pixelWidth: first.placement.width,
      pixelHeight: first.placement.height,
      mode: job.kind === "generate" ? "inside" : "over",
    },
    label: request.prompt ?? "",
    ...(maskOf ? { maskOf } : {}),
  });
}
