import { rankCandidates } from "@easel/plugin-core";
import type { Layer } from "@easel/shared/protocol";
import { adherenceLabel, candidateWhy } from "./candidate-why.js";
import { byId, el } from "./dom.js";

/**
 * The results of a run as cards at their real aspect ratio, best first, one of them chosen: the chosen
 * one is what the canvas preview shows. Candidates are added as they arrive; ←/→ (keys or buttons)
 * move the choice, and `onChoose` fires for every change so the canvas follows.
 */
export class CandidatesView {
  private layers: Layer[] = [];
  private chosen: Layer | null = null;
  /** Until the designer picks one, the choice follows the best so far as candidates arrive. */
  private picked = false;

  constructor(
    private readonly imageUrl: (layer: Layer) => Promise<string>,
    private readonly onChoose: (layer: Layer) => void,
  ) {
    byId("prev").addEventListener("click", () => this.step(-1));
    byId("next").addEventListener("click", () => this.step(1));
    document.addEventListener("keydown", (event) => {
      if (byId("results").hidden || this.layers.length === 0) return;
      const target = event.target as HTMLElement | null;
      if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
        event.preventDefault();
        this.step(event.key === "ArrowLeft" ? -1 : 1);
      }
    });
  }

  /** The layer the canvas shows, if any. */
  get current(): Layer | null {
    return this.chosen;
  }

  get all(): readonly Layer[] {
    return this.layers;
  }

  /** Empties the results (a new run, a kept or discarded result). */
  clear(): void {
    this.layers = [];
    this.chosen = null;
    this.picked = false;
    byId("results").hidden = true;
    byId("gallery").replaceChildren();
  }

  /**
   * Adds candidates (as they arrive, or all at the end; a layer already shown is not added twice) and
   * re-ranks. The best is chosen until the designer picks one; their pick stays.
   */
  add(layers: readonly Layer[]): void {
    // A layer seen again (the finished job's list after its `candidate` events) replaces the early copy:
    // its index is final (feedback names the kept layer by it); the choice follows it by id.
    const incoming = new Map(layers.map((l) => [l.id, l]));
    const kept = this.layers.map((l) => incoming.get(l.id) ?? l);
    const fresh = layers.filter((l) => !this.layers.some((k) => k.id === l.id));
    if (fresh.length === 0 && kept.every((l, i) => l === this.layers[i])) return;
    this.layers = rankCandidates([...kept, ...fresh]);
    if (this.chosen) this.chosen = incoming.get(this.chosen.id) ?? this.chosen;
    byId("results").hidden = false;
    this.render();
    if (!this.picked) this.choose(this.layers[0] as Layer);
  }

  private step(delta: number): void {
    if (this.layers.length < 2 || !this.chosen) return;
    const at = this.layers.indexOf(this.chosen);
    this.picked = true;
    this.choose(this.layers[(at + delta + this.layers.length) % this.layers.length] as Layer);
  }

  private choose(layer: Layer): void {
    if (this.chosen?.id === layer.id) return;
    this.chosen = layer;
    this.render();
    this.onChoose(layer);
  }

  private render(): void {
    const many = this.layers.length > 1;
    byId("prev").hidden = !many;
    byId("next").hidden = !many;
    const at = this.chosen ? this.layers.indexOf(this.chosen) + 1 : 0;
    byId("results-count").textContent = many ? `${at} of ${this.layers.length}` : "";
    byId("gallery").replaceChildren(...this.layers.map((layer) => this.card(layer)));
  }

  private card(layer: Layer): HTMLElement {
    // width/height attributes give the image its real aspect ratio before its pixels arrive.
    const img = el("img", { alt: layer.label, width: String(layer.width), height: String(layer.height) });
    void this.imageUrl(layer).then((url) => {
      img.src = url;
    });
    const badge = adherenceLabel(layer);
    const why = candidateWhy(layer, this.layers);
    const card = el(
      "figure",
      {
        class: "card",
        role: "option",
        "aria-selected": String(layer === this.chosen),
        "data-testid": "candidate",
        // Which output this is (its content credentials), for a test to match it with the canvas preview.
        "data-manifest": layer.manifestId ?? "",
        title: `${layer.width}×${layer.height}`,
      },
      img,
      el(
        "figcaption",
        {},
        ...(badge ? [el("span", { class: "badge" }, badge), why ? " · " : ""] : []),
        ...(why ? [el("span", { class: "why" }, why)] : []),
        ...(badge || why ? [] : [el("span", { class: "why" }, `${layer.width}×${layer.height}`)]),
        ...(layer.commercialRights ? [] : [el("div", { class: "rights" }, "Personal use only")]),
      ),
    );
    card.addEventListener("click", () => {
      this.picked = true;
      this.choose(layer);
    });
    return card;
  }
}
