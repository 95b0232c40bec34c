import { type CommandKind, type RunUpdate, scoreLabel } from "@easel/plugin-core";
import type { Job, Layer } from "@easel/shared/protocol";

type Field = HTMLElement & { value: string };

/** The panel's elements and how they show state; no network, no Photoshop. */
export class PanelView {
  constructor(readonly root: Document) {}

  el<T extends HTMLElement = Field>(id: string): T {
    const found = this.root.getElementById(id);
    if (!found) throw new Error(`panel markup has no #${id}`);
    return found as T;
  }

  show(id: string, visible: boolean): void {
    this.el(id).classList.toggle("hidden", !visible);
  }

  /** Shows only the fields the chosen command uses. */
  fieldsFor(kind: CommandKind): void {
    const edit = kind === "adjust" || kind === "recolor";
    this.show("prompt-field", kind === "fill" || kind === "expand" || kind === "generate" || kind === "variations");
    this.show("expand-field", kind === "expand");
    this.show("faces-field", kind === "fill" || kind === "remove");
    this.show("scale-field", kind === "upscale");
    this.show("brand-field", kind === "brand-style" || kind === "recolor");
    this.show("candidates-field", kind !== "upscale" && kind !== "brand-style" && !edit);
    this.show("adjust-field", kind === "adjust");
    this.show("recolor-field", kind === "recolor");
    this.show("edit-preview-field", edit);
    // Adjustments are exact: one result, applied as a new layer, so the button says what it does.
    this.el("run").textContent = edit ? "Apply" : "Run";
  }

  /** The kit's palette as swatches (a radio group); `onPick` gets the chosen colour's hex. */
  swatches(colours: readonly { name: string; hex: string }[], onPick: (hex: string) => void): void {
    const list = this.el("swatches");
    const items = colours.map((colour) => {
      const swatch = this.root.createElement("div");
      swatch.className = "swatch";
      swatch.setAttribute("role", "radio");
      swatch.setAttribute("aria-checked", "false");
      swatch.setAttribute("aria-label", `${colour.name} ${colour.hex}`);
      swatch.setAttribute("title", `${colour.name} ${colour.hex}`);
      swatch.setAttribute("data-testid", "swatch");
      swatch.tabIndex = 0;
      swatch.style.backgroundColor = colour.hex;
      const pick = () => {
        for (const other of items) other.setAttribute("aria-checked", String(other === swatch));
        onPick(colour.hex);
      };
      swatch.addEventListener("click", pick);
      swatch.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") pick();
      });
      return swatch;
    });
    list.replaceChildren(...items);
  }

  toggleSettings(open?: boolean): void {
    const body = this.el("settings-body");
    const next = open ?? body.classList.contains("hidden");
    body.classList.toggle("hidden", !next);
    const toggle = this.el("toggle-settings");
    toggle.setAttribute("aria-expanded", String(next));
    toggle.textContent = next ? "Settings ▾" : "Settings ▸";
  }

  progress(update: RunUpdate): void {
    this.el("stage").textContent = update.label;
    this.el("progress").setAttribute("value", String(Math.round(update.percent)));
    if (update.preview) {
      const img = this.el<HTMLImageElement>("preview");
      img.src = update.preview;
      img.classList.remove("hidden");
    }
  }

  stage(text: string, percent?: number): void {
    this.el("stage").textContent = text;
    if (percent !== undefined) this.el("progress").setAttribute("value", String(Math.round(percent)));
  }

  error(text: string): void {
    this.el("error").textContent = text;
  }

  running(yes: boolean): void {
    // One job at a time: the Select buttons start jobs too.
    for (const id of ["select-subject", "select-people", "select-background"])
      this.el(id).toggleAttribute("disabled", yes);
    if (yes) {
      this.el("run").setAttribute("disabled", "");
      this.el("cancel").removeAttribute("disabled");
      this.el("preview").classList.add("hidden");
    } else {
      this.el("run").removeAttribute("disabled");
      this.el("cancel").setAttribute("disabled", "");
    }
  }

  /** Thumbnails (JPEG data URLs), scores and a Keep button per candidate, best first. */
  candidates(items: { layer: Layer; thumbnail: string }[], onKeep: (layer: Layer) => void): void {
    const list = this.el("candidates");
    list.replaceChildren(
      ...items.map(({ layer, thumbnail }, rank) => {
        const figure = this.root.createElement("div");
        figure.className = "candidate";
        figure.setAttribute("data-testid", "candidate");
        const img = this.root.createElement("img");
        img.src = thumbnail;
        img.alt = layer.label;
        const scores = this.root.createElement("sp-detail");
        scores.className = "scores";
        scores.textContent = scoreLabel(layer);
        const keep = this.root.createElement("sp-button");
        keep.setAttribute("variant", rank === 0 ? "cta" : "secondary");
        keep.textContent = rank === 0 ? "Keep (best)" : `Keep (seed ${layer.seed ?? "–"})`;
        keep.addEventListener("click", () => onKeep(layer));
        figure.append(img, scores, keep);
        return figure;
      }),
    );
  }

  /** One clickable row per job; clicking reopens its results. */
  history(jobs: readonly Job[], onOpen: (job: Job) => void): void {
    const rows = jobs.map((job) => {
      const row = this.root.createElement("div");
      row.className = "history-row";
      row.setAttribute("role", "button");
      row.setAttribute("data-testid", "history-row");
      const prompt = (job.request as { prompt?: string }).prompt;
      const left = this.root.createElement("span");
      left.textContent = `${job.createdAt.slice(5, 16).replace("T", " ")} · ${job.kind}${prompt ? ` · ${prompt}` : ""}`;
      const right = this.root.createElement("span");
      right.className = "muted";
      right.textContent = job.status === "succeeded" ? `${job.layers.length} result(s)` : job.status;
      row.append(left, right);
      row.addEventListener("click", () => onOpen(job));
      return row;
    });
    this.el("history").replaceChildren(...rows);
  }

  say(text: string): void {
    this.el("stage").textContent = text;
  }
}
