import type { CommandInput } from "@easel/plugin-core";

/**
 * What the panel asks for: the core's vocabulary, except that generate's size comes from the
 * document (the canvas or the selection), not from the user.
 */
export type PanelInput =
  | Exclude<CommandInput, { kind: "generate" }>
  | Omit<Extract<CommandInput, { kind: "generate" }>, "width" | "height">;

export type { CommandKind } from "@easel/plugin-core";
