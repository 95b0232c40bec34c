import { EDIT_FIELDS, EDIT_STYLE, SELECT_SECTION } from "./edit-html.js";

// The panel's markup: Spectrum web components (`sp-*`), which UXP provides as built-in custom
// elements, and only layout UXP renders: flexbox (no CSS grid), no <title> (UXP may show it as
// text), images as base64 data URLs. Every control has a visible label.

const STYLE = `
  body { font: 12px system-ui, sans-serif; color: #e8e8e8; background: #323232; margin: 0; padding: 8px 10px; }
  section { display: flex; flex-direction: column; margin-bottom: 12px; }
  .field { display: flex; flex-direction: column; margin-bottom: 8px; }
  .row { display: flex; flex-direction: row; align-items: center; }
  .row > * { margin-right: 6px; }
  .hidden { display: none; }
  .muted { color: #a8a8a8; }
  .header { display: flex; flex-direction: row; align-items: center; justify-content: space-between; margin-bottom: 8px; }
  #error { color: #ff8a80; }
  #candidates { display: flex; flex-direction: row; flex-wrap: wrap; }
  .candidate { display: flex; flex-direction: column; width: 124px; margin: 0 6px 8px 0; }
  .candidate img { width: 124px; border: 1px solid #555; border-radius: 2px; }
  .candidate .scores { color: #b8b8b8; margin: 3px 0; }
  #preview { width: 100%; border: 1px solid #555; margin-top: 6px; }
  .history-row { display: flex; flex-direction: row; justify-content: space-between; padding: 5px 6px; border-bottom: 1px solid #444; cursor: pointer; }
  .history-row:hover { background: #3d3d3d; }
  .history-row .muted { margin-left: 8px; white-space: nowrap; }
`;

const label = (forId: string, text: string) => `<sp-label for="${forId}">${text}</sp-label>`;

/** The full index.html of the panel; `script` is the bundle's file name. */
export function panelHtml(script: string): string {
  return `<!doctype html>
<html>
<head><meta charset="utf-8"><style>${STYLE}${EDIT_STYLE}</style></head>
<body>
  <div class="header">
    <sp-heading size="S">Easel</sp-heading>
    <sp-action-button id="toggle-settings" quiet aria-expanded="false" aria-controls="settings-body">Settings ▸</sp-action-button>
  </div>
  <section id="settings">
    <div id="settings-body" class="hidden">
      <div class="field">${label("server-url", "Server URL")}<sp-textfield id="server-url" placeholder="https://easel.example.com"></sp-textfield></div>
      <div class="field">${label("api-key", "API key")}<sp-textfield id="api-key" type="password" placeholder="ek_…"></sp-textfield></div>
      <div class="row"><sp-button id="save-settings" variant="secondary">Save</sp-button><sp-detail id="settings-status"></sp-detail></div>
    </div>
    <sp-detail id="connection" class="muted"></sp-detail>
  </section>
${SELECT_SECTION}
  <section id="command-form">
    <div class="field">${label("command", "Command")}
      <sp-picker id="command" label="Command">
        <sp-menu slot="options">
          <sp-menu-item value="fill" selected>Generative fill</sp-menu-item>
          <sp-menu-item value="remove">Remove</sp-menu-item>
          <sp-menu-item value="expand">Expand canvas</sp-menu-item>
          <sp-menu-item value="upscale">Upscale</sp-menu-item>
          <sp-menu-item value="brand-style">Apply brand style</sp-menu-item>
          <sp-menu-item value="generate">Generate</sp-menu-item>
          <sp-menu-item value="variations">Variations of an Easel layer</sp-menu-item>
          <sp-menu-item value="adjust">Adjust (light and colour)</sp-menu-item>
          <sp-menu-item value="recolor">Recolor to brand</sp-menu-item>
        </sp-menu>
      </sp-picker>
    </div>
    <div class="field" id="prompt-field">${label("prompt", "Prompt")}<sp-textfield id="prompt" placeholder="What to paint (optional for fill)"></sp-textfield></div>
    <div class="field" id="faces-field"><sp-checkbox id="protect-faces">Keep faces out of the fill</sp-checkbox></div>
    <div class="field hidden" id="expand-field">${label("expand-px", "Expand each side by (px)")}<sp-textfield id="expand-px" value="128"></sp-textfield></div>
    <div class="field hidden" id="scale-field">${label("scale", "Scale")}
      <sp-picker id="scale" label="Scale"><sp-menu slot="options"><sp-menu-item value="2" selected>2×</sp-menu-item><sp-menu-item value="4">4×</sp-menu-item></sp-menu></sp-picker>
    </div>
    <div class="field hidden" id="brand-field">${label("brand-kit", "Brand kit")}<sp-textfield id="brand-kit" placeholder="acme or acme@2"></sp-textfield></div>${EDIT_FIELDS}
    <div class="field" id="candidates-field">${label("candidates-count", "Candidates")}
      <sp-picker id="candidates-count" label="Candidates">
        <sp-menu slot="options"><sp-menu-item value="1">1</sp-menu-item><sp-menu-item value="2" selected>2</sp-menu-item><sp-menu-item value="4">4</sp-menu-item></sp-menu>
      </sp-picker>
    </div>
    <div class="row"><sp-button id="run" variant="cta">Run</sp-button><sp-button id="cancel" variant="secondary" disabled>Cancel</sp-button></div>
  </section>
  <section id="progress-section">
    <sp-progressbar id="progress" max="100" value="0" label="Progress"></sp-progressbar>
    <sp-detail id="stage">Ready.</sp-detail>
    <img id="preview" class="hidden" alt="Preview of the running job">
    <sp-body id="error" role="alert"></sp-body>
  </section>
  <section>
    <sp-heading size="XS">Candidates, best first</sp-heading>
    <div id="candidates"></div>
  </section>
  <section>
    <div class="header"><sp-heading size="XS">History</sp-heading><sp-action-button id="refresh-history" quiet>Refresh</sp-action-button></div>
    <div id="history"></div>
  </section>
  <section>
    <sp-action-button id="show-provenance">Provenance of selected layer</sp-action-button>
    <sp-body id="provenance"></sp-body>
  </section>
  <script src="${script}"></script>
</body>
</html>
`;
}
