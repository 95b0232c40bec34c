import { ADJUST_SLIDERS, type AdjustSlider } from "@easel/plugin-core";

// Markup for the Select buttons and the Adjust / Recolor to brand fields. Sliders are UXP's `sp-slider`
// (UXP 4.1+: min/max/step/value, a `label` slot, `input` and `change` events, `value-label` for the unit).

type SliderSpec = Omit<AdjustSlider, "id"> & { id: string };

const slider = (s: SliderSpec, prefix: string) =>
  `<sp-slider id="${prefix}-${s.id}" data-slider="${s.id}" min="${s.min}" max="${s.max}" step="${s.step}" value="${s.neutral}" value-label=" ${s.unit}"><sp-label slot="label">${s.label}</sp-label></sp-slider>`;

/** A feather slider (px) for edits limited to the selection. */
const feather = (prefix: string) =>
  slider({ id: "feather", label: "Soft edge", min: 0, max: 64, step: 1, neutral: 4, unit: "px" }, prefix);

/** "Select subject / people / background": one click each, the result becomes the selection. */
export const SELECT_SECTION = `
  <section id="select-section">
    <sp-heading size="XS">Select</sp-heading>
    <div class="row">
      <sp-action-button id="select-subject" data-mode="subject">Subject</sp-action-button>
      <sp-action-button id="select-people" data-mode="people">People</sp-action-button>
      <sp-action-button id="select-background" data-mode="background">Background</sp-action-button>
    </div>
    <sp-detail class="muted">Draw a rough marquee first to tell Easel where the subject is.</sp-detail>
  </section>`;

/** The Adjust sliders and the Recolor palette, with one live preview they share. */
export const EDIT_FIELDS = `
    <div class="field hidden" id="adjust-field">
      <div class="sliders">${ADJUST_SLIDERS.map((s) => slider(s, "adjust")).join("")}${feather("adjust")}</div>
      <sp-action-button id="adjust-reset" quiet>Reset sliders</sp-action-button>
    </div>
    <div class="field hidden" id="recolor-field">
      <sp-detail class="muted">Brand colours (load the kit above):</sp-detail>
      <div class="row"><sp-action-button id="load-palette">Show palette</sp-action-button><sp-detail id="palette-status"></sp-detail></div>
      <div id="swatches" role="radiogroup" aria-label="Brand colours"></div>
      ${slider({ id: "strength", label: "Strength", min: 0, max: 100, step: 1, neutral: 100, unit: "%" }, "recolor")}
      ${feather("recolor")}
    </div>
    <div class="field hidden" id="edit-preview-field">
      <div class="header"><sp-detail>Live preview (on this panel, no upload)</sp-detail><sp-action-button id="refresh-preview" quiet>Read layer again</sp-action-button></div>
      <img id="edit-preview" alt="Live preview of the adjustment on a small copy of the layer">
    </div>`;

/** Styles for the fields above (flexbox only: UXP has no CSS grid). */
export const EDIT_STYLE = `
  .sliders { display: flex; flex-direction: column; }
  sp-slider { margin-bottom: 4px; }
  #swatches { display: flex; flex-direction: row; flex-wrap: wrap; margin: 4px 0 8px; }
  .swatch { width: 30px; height: 30px; margin: 0 6px 6px 0; border: 2px solid #555; border-radius: 4px; cursor: pointer; }
  .swatch[aria-checked="true"] { border-color: #fff; }
  #edit-preview { width: 100%; border: 1px solid #555; margin-top: 4px; }
`;
