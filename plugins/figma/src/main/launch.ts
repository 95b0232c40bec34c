import type { Launch } from "../messages.js";

/**
 * The short form a menu command or relaunch button opens (`figma.command`; the manifest's menu and
 * relaunchButtons). Unknown or empty commands (the plugin run from the quick-actions bar) open history.
 */
export function parseLaunch(command: string): Launch {
  switch (command) {
    case "generate":
    case "fill":
    case "expand":
    case "stylize":
    case "vary":
      return { command, view: "command" };
    case "adjust":
    case "recolor":
      return { command, view: "command" };
    case "select-subject":
      return { command: "select", selectMode: "subject", view: "command" };
    case "select-people":
      return { command: "select", selectMode: "people", view: "command" };
    case "select-background":
      return { command: "select", selectMode: "background", view: "command" };
    case "variations":
      return { command: "vary", view: "command" };
    case "upscale-2":
      return { command: "upscale", scale: 2, view: "command" };
    case "upscale-4":
      return { command: "upscale", scale: 4, view: "command" };
    case "provenance":
      return { command: null, view: "provenance" };
    default:
      return { command: null, view: "history" };
  }
}
