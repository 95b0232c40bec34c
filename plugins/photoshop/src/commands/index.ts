export { type Capture, captureFor, generateSize } from "./capture.js";
export type { CommandKind, PanelInput } from "./command-input.js";
export { type KeepOptions, keepCandidate } from "./keep-candidate.js";
export { easelLayerName } from "./layer-name.js";
export { type Placement, PlacementStore } from "./placement.js";
export { type CommandRun, type RunOptions, runCommand } from "./run-command.js";
