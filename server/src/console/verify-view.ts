import type { VerificationResult } from "@easel/shared/protocol";
import { html } from "hono/html";
import type { IngredientReport, ManifestReport, ValidationCode } from "../provenance/manifest-report.js";
import type { Html } from "./layout.js";

const STATE_TEXT: Record<VerificationResult["state"], string> = {
  trusted: "Trusted: intact and signed by a certificate this service trusts",
  valid: "Valid: intact, but the signer is not on this service's trust list",
  invalid: "Invalid: the image or its credentials were changed after signing, or could not be checked",
  matched:
    "Matched, not verified: the credentials were stripped and the file re-encoded; its pixels match an Easel output, but nothing binds that output's manifest to this file",
  absent: "No Content Credentials found",
};

function failures(list: ValidationCode[]): Html {
  if (list.length === 0) return html``;
  return html`<ul>${list.map(
    (f) =>
      html`<li><code>${f.code}</code>${f.meaning ? html` — ${f.meaning}` : ""}${f.explanation ? html` <span class="muted">(${f.explanation})</span>` : ""}</li>`,
  )}</ul>`;
}

function value(v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  return typeof v === "string" ? v : JSON.stringify(v);
}

function ingredientChain(ingredients: IngredientReport[], depth = 0): Html {
  if (ingredients.length === 0) return html`<p class="muted">No ingredients: this image was not made from another.</p>`;
  return html`<ol class="chain">${ingredients.map(
    (
      i,
    ) => html`<li><strong>${i.title}</strong> <span class="muted">(${i.relationship}${i.format ? `, ${i.format}` : ""})</span>
      <span class="badge state-${i.state === "unsigned" ? "absent" : i.state}">${i.state}</span>
      ${failures(i.failures)}
      ${i.manifest && depth < 8 ? html`<div>signed by ${i.manifest.signer.commonName ?? "unknown"}; ${actions(i.manifest)}${ingredientChain(i.manifest.ingredients, depth + 1)}</div>` : ""}
    </li>`,
  )}</ol>`;
}

function actions(m: ManifestReport): Html {
  if (m.actions.length === 0) return html``;
  return html`<ul>${m.actions.map(
    (a) =>
      html`<li><code>${a.action}</code>${a.digitalSourceType ? html` · ${a.digitalSourceType.split("/").pop()}` : ""}${a.softwareAgent ? html` · ${a.softwareAgent}` : ""}${a.description ? html` — ${a.description}` : ""}</li>`,
  )}</ul>`;
}

/** The verification report: state with reasons, signer, actions, edit chain, Easel's record, log proof. */
export function verifyReport(result: VerificationResult, fileName: string): Html {
  const m = result.manifest as ManifestReport | null;
  const log = result.log;
  return html`<section class="card" aria-labelledby="result-heading" id="result">
    <h2 id="result-heading">Result for <span class="mono">${fileName}</span></h2>
    <p><span class="badge state-${result.state}" data-state="${result.state}">${result.state}</span> ${STATE_TEXT[result.state]}</p>
    <p>${result.summary}</p>
    ${result.match === "pixels" ? html`<p class="muted">The embedded credentials were stripped; the stored manifest matched the image's pixels.</p>` : ""}
    ${result.storedManifest ? html`<p>The stored manifest on its own is <span class="badge state-${result.storedManifest.state}">${result.storedManifest.state}</span>.</p>${failures(result.storedManifest.failures as ValidationCode[])}` : ""}
    ${result.failures.length > 0 ? html`<h3>Reasons</h3>${failures(result.failures as ValidationCode[])}` : ""}
    ${result.informational.length > 0 ? html`<h3>Notes</h3>${failures(result.informational as ValidationCode[])}` : ""}
  </section>
  ${
    m
      ? html`<section class="card" aria-labelledby="signer-heading">
    <h2 id="signer-heading">Signer</h2>
    <dl class="kv">
      <dt>Signed by</dt><dd>${m.signer.commonName ?? "unknown"}${m.signer.organization ? ` (${m.signer.organization})` : ""}</dd>
      <dt>Issuer</dt><dd>${m.signer.issuer ?? "unknown"}</dd>
      <dt>Algorithm</dt><dd>${m.signer.algorithm ?? "unknown"}</dd>
      <dt>Certificate valid</dt><dd>${m.signer.notBefore ?? "?"} – ${m.signer.notAfter ?? "?"}</dd>
      <dt>Made with</dt><dd>${m.claimGenerator}</dd>
    </dl>
    <h3>Actions</h3>${actions(m)}
    <h3>Edit chain (ingredients)</h3>${ingredientChain(m.ingredients)}
    ${
      m.easel
        ? html`<h3>Easel record</h3><dl class="kv">${Object.entries(m.easel).map(([k, v]) => html`<dt>${k}</dt><dd><code>${value(v)}</code></dd>`)}</dl>`
        : ""
    }
  </section>`
      : ""
  }
  ${
    log
      ? html`<section class="card" aria-labelledby="log-heading">
    <h2 id="log-heading">Transparency log</h2>
    <p>Manifest <code>${log.manifestId}</code> is entry ${log.index} of the log's ${log.treeHead.treeSize} entries (RFC 9162 inclusion proof).</p>
    <dl class="kv">
      <dt>Log</dt><dd>${log.treeHead.origin}</dd>
      <dt>Root hash</dt><dd><code>${log.treeHead.rootHash}</code></dd>
      <dt>Signed at</dt><dd>${new Date(log.treeHead.timestamp).toISOString()}</dd>
      <dt>Leaf hash</dt><dd><code>${log.inclusion.leafHash}</code></dd>
      <dt>Audit path</dt><dd>${log.inclusion.hashes.length} hash(es)<ol>${log.inclusion.hashes.map((h) => html`<li><code>${h}</code></li>`)}</ol></dd>
    </dl>
  </section>`
      : ""
  }`;
}
