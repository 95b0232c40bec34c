import { describeError } from "@easel/plugin-core";

/**
 * One sentence a retoucher can act on, for any error the panel meets. A request that never
 * reached the server names the setting to change: the Server URL, and (a build whose manifest
 * lists fixed domains) the manifest's `network.domains`, which UXP enforces.
 */
export function plainError(error: unknown, serverUrl: string): string {
  return describeError(error, {
    serverUrl,
    networkHint:
      'Check Settings → Server URL (and that the server is running). If Photoshop blocked the request, this build\'s manifest does not allow that server: see the plugin README, "Server URL and network access".',
  });
}
