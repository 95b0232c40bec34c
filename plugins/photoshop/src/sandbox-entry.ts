import { createPluginClient } from "@easel/plugin-core";
import { keepCandidate } from "./commands/keep-candidate.js";
import { readPreviewSource } from "./commands/preview-source.js";
import { runCommand } from "./commands/run-command.js";
import type { PhotoshopApi } from "./host/photoshop-api.js";
import { ProvenanceStore } from "./host/provenance-store.js";

// The entry the sandbox test bundles (uxp-bundle.test.ts): the panel's own command path, without
// the DOM, so it can run where only UXP's documented globals exist.

declare const localStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void };

/** Runs Remove on the active selection and keeps the best candidate; returns the placed layer. */
export async function removeAndKeep(ps: PhotoshopApi, serverUrl: string, apiKey: string) {
  const client = createPluginClient({ serverUrl, apiKey });
  const run = await runCommand({ ps, client }, { kind: "remove", seed: 3 });
  const best = run.candidates[0];
  if (!best) throw new Error("no candidate");
  return keepCandidate({ ps, client, provenance: new ProvenanceStore(localStorage) }, run, best);
}

/**
 * The Adjust path: the live preview of the selection (shared adjust maths, zod, JPEG data URL) and then the
 * full-size `adjust` job kept as a masked layer. Returns the preview URL's head and the placed layer.
 */
export async function previewAndAdjust(ps: PhotoshopApi, serverUrl: string, apiKey: string) {
  const client = createPluginClient({ serverUrl, apiKey });
  const preview = (await readPreviewSource(ps)).dataUrl({ exposure: 1, vibrance: 30 });
  const run = await runCommand({ ps, client }, { kind: "adjust", adjustments: { exposure: 1, vibrance: 30 } });
  const best = run.candidates[0];
  if (!best) throw new Error("no candidate");
  const placed = await keepCandidate({ ps, client, provenance: new ProvenanceStore(localStorage) }, run, best);
  return { preview: preview.slice(0, 40), placed };
}
