import type { EaselClient } from "@easel/shared/client";
import type { LayerProvenance } from "../messages.js";
import { byId, el } from "./dom.js";

/** Opens the provenance panel for a selected Easel layer: who made it, when, and its content credentials. */
export async function showProvenance(
  client: EaselClient,
  provenance: LayerProvenance,
  serverUrl: string,
): Promise<void> {
  const panel = byId<HTMLDetailsElement>("provenance-panel");
  panel.hidden = false;
  panel.open = true;
  const job = await client.getJob(provenance.jobId);
  const rows = [
    `Made with Easel (${job.kind}) by ${job.createdBy}, ${new Date(job.createdAt).toLocaleString()}.`,
    provenance.manifestId ? `Content credentials: ${provenance.manifestId}` : "No content credentials recorded.",
  ];
  byId("provenance").replaceChildren(
    ...rows.map((r) => el("p", {}, r)),
    ...(provenance.manifestUrl
      ? [el("a", { href: new URL(provenance.manifestUrl, serverUrl).href, target: "_blank" }, "Open the manifest")]
      : []),
  );
}
