import type { QualityReport } from "@easel/shared/protocol";
import { html } from "hono/html";
import type { Html } from "./layout.js";

// Inline SVG, no script; colours are presentation attributes (CSP-safe), as in svg-charts.ts.
const W = 640; // px, viewBox width
const H = 260; // px, viewBox height
const PAD = { left: 48, right: 16, top: 20, bottom: 48 }; // px
const SATISFACTION = "#1f4fd1";
const TOP1 = "#7a4cc2";
const TARGET = "#b42318";
const AXIS = "#4a5060";

type Day = QualityReport["daily"][number];

const pct = (v: number) => `${Math.round(v * 100)}%`;

/**
 * First-try satisfaction per day (dots joined where there were attempts), the top-1 kept rate, and the
 * target as a dashed line. Days without attempts have no dot: a missing figure is not 0%.
 */
export function satisfactionChart(title: string, days: readonly Day[], target: number): Html {
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (days.length === 1 ? plotW / 2 : (i / (days.length - 1)) * plotW);
  const y = (v: number) => PAD.top + (1 - Math.max(0, Math.min(1, v))) * plotH;
  const series = (key: "firstTrySatisfaction" | "top1KeptRate", colour: string, label: string) => {
    const points = days.flatMap((d, i) => (d[key] === null ? [] : [{ i, v: d[key] as number, d }]));
    const line = points.map((p) => `${x(p.i).toFixed(1)},${y(p.v).toFixed(1)}`).join(" ");
    return html`${points.length > 1 ? html`<polyline points="${line}" fill="none" stroke="${colour}" stroke-width="2" />` : ""}
      ${points.map(
        (p) =>
          html`<circle cx="${x(p.i).toFixed(1)}" cy="${y(p.v).toFixed(1)}" r="4" fill="${colour}"><title>${p.d.day}: ${label} ${pct(p.v)} (${key === "firstTrySatisfaction" ? `${p.d.firstTrySatisfied} of ${p.d.attempts} first attempts` : `${p.d.top1Kept} of ${p.d.kept} kept`})</title></circle>`,
      )}`;
  };
  // Label the first, last and about six days between, so 30 dates never overlap.
  const every = Math.max(1, Math.ceil(days.length / 6));
  const labels = days.map((d, i) =>
    i % every === 0 || i === days.length - 1
      ? html`<text x="${x(i).toFixed(1)}" y="${H - PAD.bottom + 18}" font-size="11" text-anchor="middle" fill="${AXIS}">${d.day.slice(5)}</text>`
      : "",
  );
  return html`<figure class="chart">
    <svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${title}" xmlns="http://www.w3.org/2000/svg">
      <line x1="${PAD.left}" y1="${y(0)}" x2="${W - PAD.right}" y2="${y(0)}" stroke="${AXIS}" />
      <text x="${PAD.left - 6}" y="${y(1) + 4}" font-size="12" text-anchor="end" fill="${AXIS}">100%</text>
      <text x="${PAD.left - 6}" y="${y(0)}" font-size="12" text-anchor="end" fill="${AXIS}">0</text>
      <line id="target-line" x1="${PAD.left}" y1="${y(target).toFixed(1)}" x2="${W - PAD.right}" y2="${y(target).toFixed(1)}" stroke="${TARGET}" stroke-dasharray="6 4" />
      <text x="${W - PAD.right}" y="${(y(target) - 4).toFixed(1)}" font-size="12" text-anchor="end" fill="${TARGET}">target ${pct(target)}</text>
      ${series("top1KeptRate", TOP1, "top-1 kept")}
      ${series("firstTrySatisfaction", SATISFACTION, "first-try satisfaction")}
      ${labels}
      <text x="${PAD.left}" y="${H - 8}" font-size="12" fill="${SATISFACTION}">● first-try satisfaction</text>
      <text x="${PAD.left + 200}" y="${H - 8}" font-size="12" fill="${TOP1}">● top-1 kept rate</text>
    </svg>
    <figcaption>${title}</figcaption>
  </figure>`;
}
