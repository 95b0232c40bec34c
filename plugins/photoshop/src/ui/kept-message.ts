import { SELECT_MODES } from "@easel/plugin-core";
import type { Kept } from "../commands/keep-candidate.js";
import type { Placement } from "../commands/placement.js";

/** What the panel says after a result was kept. */
export function keptMessage(placement: Placement | null, kept: Kept): string {
  const input = placement?.input;
  if (input?.kind !== "select" || !kept.selection) return `Added layer "${kept.name}".`;
  const done = SELECT_MODES[input.mode].done;
  return kept.selection === "selection"
    ? done
    : `${done} This Photoshop cannot take a selection from a plugin, so it is the layer mask of "${kept.name}": Ctrl/Cmd-click the mask thumbnail to load it as a selection.`;
}
