import type { QualityFigures } from "@easel/shared/protocol";
import type { Context, Hono } from "hono";
import { html } from "hono/html";
import { hasRole } from "../auth/principal.js";
import { AppError } from "../errors/app-error.js";
import { RANK_FEATURES } from "../quality/rank-weights.js";
import type { ConsoleDeps, ConsoleEnv, Session } from "./console-deps.js";
import { page } from "./layout.js";
import { satisfactionChart } from "./quality-chart.js";

function sessionOf(c: Context<ConsoleEnv>): Session {
  const session = c.get("session");
  if (!session) throw new AppError("unauthorized", "sign in first");
  return session;
}

const rate = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)} %`);

function row(label: string, f: QualityFigures) {
  return html`<tr><th scope="row">${label}</th><td>${rate(f.firstTrySatisfaction)}</td><td>${f.firstTrySatisfied} / ${f.attempts}</td><td>${rate(f.top1KeptRate)}</td><td>${f.top1Kept} / ${f.kept}</td></tr>`;
}

function table(id: string, caption: string, rows: ReturnType<typeof row>[]) {
  return html`<div class="table-wrap"><table id="${id}"><caption>${caption}</caption><thead><tr><th scope="col"></th><th scope="col">First-try satisfaction</th><th scope="col">Satisfied / first attempts</th><th scope="col">Top-1 kept rate</th><th scope="col">Ranked first / kept</th></tr></thead>
    <tbody>${rows}</tbody></table></div>`;
}

/** Quality: first-try satisfaction and the top-1 kept rate over the last 30 days; the ranking weights (brand admins). */
export function registerQualityRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  app.get("/quality", async (c) => {
    const session = sessionOf(c);
    const report = await deps.quality.report(session.principal, {});
    const o = report.overall;
    const weights = hasRole(session.principal.role, "brand-admin")
      ? await deps.quality.weightsReport(session.principal)
      : null;
    const body = html`<section class="card" aria-labelledby="satisfaction-h"><h2 id="satisfaction-h">First-try satisfaction · ${report.from} to ${report.to}</h2>
      <p id="satisfaction-text">${o.attempts === 0 ? "No first attempt has an outcome yet: designers' Keep, discard and regenerate feed these figures." : `${rate(o.firstTrySatisfaction)} of first attempts were kept without regenerating (${o.firstTrySatisfied} of ${o.attempts}); target ${rate(report.target)}. Top-1 kept rate ${rate(o.top1KeptRate)} (${o.top1Kept} of ${o.kept} kept candidates were ranked first).`}</p>
      ${satisfactionChart("First-try satisfaction and top-1 kept rate per day, with the 90% target", report.daily, report.target)}
    </section>
    <section class="card" aria-labelledby="breakdown-h"><h2 id="breakdown-h">By kind and brand kit</h2>
      ${table(
        "by-kind",
        "By job kind",
        report.byKind.map((k) => row(k.kind, k)),
      )}
      ${table(
        "by-kit",
        "By brand kit",
        report.byKit.map((k) => row(k.kit ?? "(no kit)", k)),
      )}
    </section>
    ${
      weights
        ? html`<section class="card" aria-labelledby="weights-h"><h2 id="weights-h">Ranking weights in use</h2>
      <p class="muted">New jobs rank candidates by these weights: learned from the org's feedback once a scope has ${weights.minSamples} kept choices among two or more candidates, otherwise the default (0.6 palette adherence + 0.4 quality).</p>
      <div class="table-wrap"><table id="weights"><thead><tr><th scope="col">Scope</th><th scope="col">Source</th><th scope="col">Kept choices</th>${RANK_FEATURES.map((f) => html`<th scope="col">${f}</th>`)}</tr></thead>
      <tbody>${weights.scopes.map((s) => html`<tr><th scope="row">${s.kit === null ? "organisation" : `kit ${s.kit}`}</th><td>${s.source}</td><td>${s.samples}</td>${RANK_FEATURES.map((f) => html`<td>${s.weights[f].toFixed(2)}</td>`)}</tr>`)}</tbody></table></div>
    </section>`
        : ""
    }`;
    return c.html(page({ title: "Quality", section: "quality", session, body }));
  });
}
