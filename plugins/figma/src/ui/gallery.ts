import { rankCandidates } from "@easel/plugin-core";
import type { Layer } from "@easel/shared/protocol";
import { el } from "./dom.js";

function percent(value: number | undefined): string {
  return value === undefined ? "–" : `${Math.round(value * 100)}%`;
}

/** Renders the candidates with their scores and a Keep button each. */
export function renderGallery(
  root: HTMLElement,
  layers: readonly Layer[],
  imageUrl: (layer: Layer) => Promise<string>,
  onKeep: (layer: Layer, button: HTMLButtonElement) => void,
): void {
  root.replaceChildren();
  for (const [rank, layer] of rankCandidates(layers).entries()) {
    const img = el("img", { alt: layer.label, class: "thumb" });
    void imageUrl(layer).then((url) => {
      img.src = url;
    });
    const keep = el(
      "button",
      { type: "button", class: "primary", "data-testid": "keep" },
      rank === 0 ? "Keep (best)" : "Keep",
    );
    keep.addEventListener("click", () => onKeep(layer, keep));
    const scores = el(
      "div",
      { class: "scores" },
      layer.scores.adherence === undefined
        ? `Quality ${percent(layer.scores.quality)}`
        : `Brand adherence ${percent(layer.scores.adherence)} · Quality ${percent(layer.scores.quality)}`,
    );
    const meta = el(
      "div",
      { class: "meta" },
      `${layer.width}×${layer.height}${layer.seed === null ? "" : ` · seed ${layer.seed}`}`,
      layer.commercialRights ? "" : " · personal use only",
    );
    root.append(
      el(
        "figure",
        { class: "candidate", "data-testid": "candidate" },
        img,
        el("figcaption", {}, layer.label, scores, meta, keep),
      ),
    );
  }
}
