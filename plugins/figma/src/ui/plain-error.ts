import { describeError } from "@easel/plugin-core";

/** Turns any failure into a sentence a designer can act on (wording shared with Photoshop: plugin-core). */
export function plainError(error: unknown, serverUrl: string): string {
  return describeError(error, {
    serverUrl,
    networkHint:
      "Check the server URL in Settings and that the server is running; this build of the plugin may only reach the servers its manifest allows.",
  });
}
