import { PendingRun } from "../messages.js";

/**
 * The job running in a file when the plugin closed, in `figma.clientStorage` (per user and machine, so it
 * is keyed by document id: another file opened later must not pick it up). plugin-core's `PendingRunStore`
 * is synchronous (localStorage); Figma's storage is async and lives on the main thread, so the UI keeps the
 * core's store over messages and this file is where the value rests.
 */
const keyFor = (document: string) => `easel.pendingRun.${document}`;

export async function loadPendingRun(api: PluginAPI, document: string): Promise<PendingRun | null> {
  const parsed = PendingRun.safeParse(await api.clientStorage.getAsync(keyFor(document)));
  return parsed.success ? parsed.data : null;
}

export async function savePendingRun(api: PluginAPI, document: string, run: PendingRun | null): Promise<void> {
  if (run) await api.clientStorage.setAsync(keyFor(document), PendingRun.parse(run));
  else await api.clientStorage.deleteAsync(keyFor(document));
}
