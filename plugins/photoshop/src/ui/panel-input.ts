import type { CommandKind } from "@easel/plugin-core";
import type { PanelInput } from "../commands/command-input.js";
import type { PhotoshopApi } from "../host/photoshop-api.js";
import type { ProvenanceStore } from "../host/provenance-store.js";
import type { EditControls } from "./edit-controls.js";
import type { PanelView } from "./panel-view.js";

/** What the form's command reads besides its fields. */
export interface InputSources {
  view: PanelView;
  edits: EditControls;
  ps: PhotoshopApi | null;
  provenance: ProvenanceStore;
}

/** The command input from the form for `kind`; throws a plain message for a bad field. */
export function readPanelInput(kind: CommandKind, sources: InputSources): PanelInput {
  const v = sources.view;
  const prompt = v.el("prompt").value.trim();
  const candidates = Number(v.el("candidates-count").value || 1);
  const withPrompt = prompt ? { prompt } : {};
  // "Keep faces out of the fill": the server keeps the faces it detects out of the fill mask.
  const faces = v.el<HTMLElement & { checked: boolean }>("protect-faces").checked ? { protectFaces: true } : {};
  switch (kind) {
    case "fill":
      return { kind, candidates, ...withPrompt, ...faces };
    case "remove":
      return { kind, candidates, ...faces };
    case "expand": {
      const px = Number(v.el("expand-px").value);
      if (!Number.isInteger(px) || px < 1 || px > 4096)
        throw new Error("Expand each side by must be a whole number of pixels, 1 to 4096.");
      return { kind, candidates, extend: { left: px, top: px, right: px, bottom: px }, ...withPrompt };
    }
    case "upscale":
      return { kind, scale: v.el("scale").value === "4" ? 4 : 2 };
    case "brand-style": {
      const brandKit = v.el("brand-kit").value.trim();
      if (!brandKit) throw new Error("Type the brand kit to match, e.g. acme.");
      return { kind, brandKit };
    }
    case "generate":
      if (!prompt) throw new Error("Generate needs a prompt.");
      return { kind, prompt, candidates };
    case "variations":
      return { kind, candidates, ...withPrompt, ...parentOfSelectedLayer(sources) };
    case "adjust":
    case "recolor":
      return sources.edits.applyInput(kind);
    case "select":
      throw new Error("Use the Select buttons above the command.");
    default: {
      const never: never = kind;
      throw new Error(`unknown command ${String(never)}`);
    }
  }
}

/** Variations of an Easel layer name that layer's job as their parent. */
function parentOfSelectedLayer({ ps, provenance }: InputSources): { parent?: string } {
  if (!ps?.app.documents.length) return {};
  const doc = ps.app.activeDocument;
  const layer = [...doc.activeLayers][0];
  const record = layer ? provenance.lookup(doc.title, layer.id) : null;
  return record ? { parent: record.jobId } : {};
}
