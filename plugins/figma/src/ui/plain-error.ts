import { type CommandKind, describeError } from "@easel/plugin-core";
import type { NetworkAccess } from "../messages.js";
import { blockedRequestWording, networkHint } from "../network-access.js";

/** The last request Figma's Content-Security-Policy refused (connect-src), seen in this iframe. */
let blocked: { url: string; at: number } | null = null;

/**
 * Figma enforces the manifest's networkAccess as this iframe's CSP: a refused request rejects with a bare
 * TypeError, but the document also fires `securitypolicyviolation` naming the URL, so the UI can say it
 * was Figma, not the server. https://developer.mozilla.org/docs/Web/API/SecurityPolicyViolationEvent
 */
export function watchBlockedRequests(): void {
  document.addEventListener("securitypolicyviolation", (event) => {
    if (/^connect-src|^default-src/.test(event.effectiveDirective || event.violatedDirective)) {
      blocked = { url: event.blockedURI, at: Date.now() };
    }
  });
}

/** Turns any failure into a sentence a designer can act on (wording shared with Photoshop: plugin-core). */
export function plainError(
  error: unknown,
  context: { serverUrl: string; network: NetworkAccess; command?: CommandKind; since?: number },
): string {
  // A blocked request during this attempt: the TypeError is Figma's refusal, so say so and what to change.
  if (error instanceof TypeError && blocked && blocked.at >= (context.since ?? 0)) {
    return blockedRequestWording(blocked.url, context.network);
  }
  return describeError(error, {
    serverUrl: context.serverUrl,
    networkHint: networkHint(context.serverUrl, context.network),
    ...(context.command ? { command: context.command } : {}),
  });
}
