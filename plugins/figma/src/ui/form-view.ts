import type { UpscaleTier } from "@easel/shared/protocol";
import type { SelectionInfo } from "../messages.js";
import { byId, el } from "./dom.js";
import { ALL_FIELDS, aspectLabel, type Field, type FormSpec } from "./forms.js";
import type { Controls } from "./job-input.js";

/** Sizes Generate offers for a new frame (px; multiples of 8, as the diffusion engines need). */
export const NEW_FRAME_SIZES = [
  { label: "Square", width: 1024, height: 1024 },
  { label: "Landscape", width: 1024, height: 768 },
  { label: "Wide", width: 1280, height: 720 },
  { label: "Portrait", width: 768, height: 960 },
  { label: "Story", width: 720, height: 1280 },
] as const;

const fieldNode = (field: Field) => {
  const node = document.querySelector<HTMLElement>(`.field[data-field="${field}"]`);
  if (!node) throw new Error(`missing field ${field} in ui.html`);
  return node;
};

/**
 * Shows exactly the controls `spec` lists, in its order (the rest go back to a hidden bank), and
 * fills the read-only ones (size of the selected frame, aspect ratio of an expansion) from the selection.
 */
export function showForm(spec: FormSpec, selection: SelectionInfo | null): void {
  const bank = byId("field-bank");
  for (const field of ALL_FIELDS) bank.append(fieldNode(field));
  byId("fields").append(...spec.fields.map(fieldNode));
  byId("more-fields").append(...spec.more.map(fieldNode));
  byId("more").hidden = spec.more.length === 0;
  byId<HTMLButtonElement>("run").textContent = spec.action;
  byId("save-preset").hidden = !spec.fields.includes("prompt");
  byId<HTMLTextAreaElement>("prompt").placeholder = spec.promptHint ?? "";
  fillSize(selection);
  fillAspect(selection);
}

function fillSize(selection: SelectionInfo | null): void {
  const size = byId<HTMLSelectElement>("size");
  const frame = selection?.frame;
  const chosen = size.value;
  if (frame) {
    // Generate paints into the selected frame at the frame's own size.
    size.replaceChildren(
      el("option", { value: "frame" }, `${frame.name} · ${Math.round(frame.width)}×${Math.round(frame.height)}`),
    );
    size.disabled = true;
    return;
  }
  size.disabled = false;
  size.replaceChildren(
    ...NEW_FRAME_SIZES.map((s) =>
      el(
        "option",
        { value: `${s.width}x${s.height}` },
        `${s.label} · ${s.width}×${s.height} (${aspectLabel(s.width, s.height)})`,
      ),
    ),
  );
  if (chosen && [...size.options].some((o) => o.value === chosen)) size.value = chosen;
}

function fillAspect(selection: SelectionInfo | null): void {
  const readout = byId("aspect");
  const { image, frame } = selection ?? { image: null, frame: null };
  if (!image || !frame) {
    readout.textContent = "Select an image inside a frame: it grows to the frame's edges.";
    return;
  }
  const from = aspectLabel(image.width, image.height);
  const to = aspectLabel(frame.width, frame.height);
  readout.replaceChildren(
    `${from} → `,
    el("b", {}, to),
    ` · ${Math.round(frame.width)}×${Math.round(frame.height)}, the frame “${frame.name}”`,
  );
}

/** The size Generate asks for: the chosen new-frame size, or undefined when a frame decides it. */
export function chosenSize(): { width: number; height: number } | undefined {
  const size = byId<HTMLSelectElement>("size");
  const match = /^(\d+)x(\d+)$/.exec(size.value);
  return match ? { width: Number(match[1]), height: Number(match[2]) } : undefined;
}

/** What the controls hold now. */
export function readControls(scale: 2 | 4): Controls {
  const seed = byId<HTMLInputElement>("seed").value.trim();
  return {
    prompt: byId<HTMLTextAreaElement>("prompt").value,
    negativePrompt: byId<HTMLTextAreaElement>("negative-prompt").value,
    brandKit: byId<HTMLSelectElement>("brand-kit").value,
    seed: seed === "" ? undefined : Number.parseInt(seed, 10),
    steps: undefined,
    strength: Number(byId<HTMLInputElement>("strength").value),
    candidates: Number(byId<HTMLSelectElement>("candidates").value) || 1,
    scale,
    tier: byId<HTMLSelectElement>("tier").value as "" | UpscaleTier,
  };
}
