import { EaselError } from "@easel/shared/client";
import type { Problem, ProblemCode } from "@easel/shared/protocol";
import { COMMANDS, type CommandKind } from "../commands/command.js";
import { CancelledError, HostError } from "./run-errors.js";

/** What the wording may mention: the server in use and where the host keeps its network settings. */
export interface WordingContext {
  serverUrl: string;
  /**
   * What to change when a request never reached the server, in the host's words, e.g. "Check the
   * Server URL in Settings; this build may reach only …". Defaults to a generic sentence.
   */
  networkHint?: string;
  /** The command that failed, so a missing engine is named in the user's terms ("Generating images…"). */
  command?: CommandKind;
}

const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);
const bare = (text: string) => text.trim().replace(/[.!?]$/, "");

// One sentence a designer can act on for each problem code the server emits (shared/src/protocol/problem.ts).
// Where the server's `detail` already says what to do (validation names the field), it is shown as written;
// capability_unavailable is worded by the command (unavailableWording below: its detail is for admins).
const WORDING: Record<ProblemCode, (p: Problem) => string> = {
  validation: (p) => (p.field ? `The server refused ${p.field}: ${sentence(p.detail)}` : sentence(p.detail)),
  unauthorized: (p) => `The API key was not accepted: ${bare(p.detail)}. Check it in Settings.`,
  forbidden: (p) => `Your key may not do this: ${sentence(p.detail)}`,
  not_found: (p) => `Not found on the server: ${sentence(p.detail)}`,
  conflict: (p) => `That changed on the server meanwhile: ${sentence(p.detail)} Try again.`,
  payload_too_large: (p) => `The image is too large for the server: ${sentence(p.detail)} Select a smaller area.`,
  unsupported_media_type: (p) => `The server cannot read this image: ${sentence(p.detail)}`,
  capability_unavailable: (p) => p.detail,
  storage_unavailable: (p) => `The server cannot store anything right now: ${sentence(p.detail)}`,
  rate_limited: () => "Too many requests right now; Easel retried and gave up. Wait a minute and try again.",
  quota_exceeded: (p) => `This month's images are used up: ${sentence(p.detail)}`,
  content_policy: (p) => `The content policy refused this: ${sentence(p.detail)} Change the prompt or the image.`,
  job_failed: (p) => p.detail,
  timeout: (p) => `The job took too long and was stopped: ${sentence(p.detail)} Try a smaller area or a faster tier.`,
  cancelled: () => "Cancelled.",
  internal: (p) => `The server failed: ${sentence(p.detail)}${p.requestId ? ` (request ${p.requestId})` : ""}`,
};

// What each command does, as the subject of "… is not set up on this server" (others use their menu label).
const CAPABILITY_NAME: Partial<Record<CommandKind, string>> = {
  generate: "Generating images from a prompt",
  variations: "Making variations",
  fill: "Generative fill",
  remove: "Removing objects",
  expand: "Expanding images",
  upscale: "Upscaling",
  "brand-style": "Applying a brand style",
};
// What an admin adds to enable it, where one sentence can say so (server/src/engines/engine-catalog.ts).
const ENABLE_WITH: Partial<Record<CommandKind, string>> = {
  generate: " by giving the server a diffusion model (a Stable Diffusion ONNX folder or a ComfyUI server)",
  variations: " by giving the server a diffusion model (a Stable Diffusion ONNX folder or a ComfyUI server)",
};

/**
 * A missing engine in a designer's words: what is not set up and that an admin can enable it. The
 * server's detail is written for the admin ("see README, Engines"), so it is not shown as is.
 */
function unavailableWording(problem: Problem, command: CommandKind | undefined): string {
  if (!command) return sentence(problem.detail.replace(/\s*\(see README[^)]*\)/i, ""));
  const what = CAPABILITY_NAME[command] ?? `“${COMMANDS[command].label}”`;
  return `${what} is not set up on this server yet. An admin can enable it${ENABLE_WITH[command] ?? ""}.`;
}

/** The wording for a server problem (`command`: what the user asked for, when known). */
export function problemWording(problem: Problem, command?: CommandKind): string {
  if (problem.code === "capability_unavailable") return unavailableWording(problem, command);
  return WORDING[problem.code](problem);
}

/** Where a host keeps the list of servers a plugin may reach, for `blockedRequestWording`. */
export interface HostNetworkSetting {
  /** The host in the user's words: "Figma", "Photoshop". */
  host: string;
  /** The setting that lists allowed servers, e.g. "networkAccess.allowedDomains in manifest.json". */
  setting: string;
  /** How to change it, e.g. "Rebuild the plugin with --server-url …". */
  fix: string;
}

/**
 * A request the host itself refused to send (Figma's Content-Security-Policy built from the manifest's
 * allowed domains, UXP's network.domains): says so, which setting decides it, and how to change it.
 */
export function blockedRequestWording(url: string, network: HostNetworkSetting): string {
  return `${network.host} blocked the request to ${url}: that server is not in this plugin's ${network.setting}. ${sentence(network.fix)}`;
}

/** Turns any failure a plugin meets into one sentence a designer can act on. */
export function describeError(error: unknown, context: WordingContext): string {
  if (error instanceof EaselError) return problemWording(error.problem, context.command);
  if (error instanceof HostError || error instanceof CancelledError) return error.message;
  if (error instanceof TypeError || isNetworkError(error)) {
    // fetch rejects with a TypeError when the server cannot be reached, CORS refuses the origin, or
    // (UXP) the manifest's network.domains does not allow the server.
    return `Cannot reach the Easel server at ${context.serverUrl}. ${
      context.networkHint ?? "Check the server URL in Settings and that the server is running."
    }`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** UXP reports a blocked or failed request as a plain Error whose message names the network. */
function isNetworkError(error: unknown): boolean {
  return error instanceof Error && /network|permission|not allowed|ECONNREFUSED|Failed to fetch/i.test(error.message);
}
