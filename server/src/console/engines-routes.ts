import type { Hono } from "hono";
import { html } from "hono/html";
import type { EngineCatalog } from "../engines/engine-catalog.js";
import { AppError } from "../errors/app-error.js";
import type { ConsoleEnv } from "./console-deps.js";
import { page } from "./layout.js";

const range = (r: { min: number; max: number; default: number }) => `${r.min}–${r.max} (default ${r.default})`;

/**
 * Engines: what this server runs for the signed-in org (registered models with their status, speed on this
 * deployment and limits; the org's default marked), what is not configured, and how an operator adds a model.
 */
export function registerEngineRoutes(app: Hono<ConsoleEnv>, catalog: EngineCatalog): void {
  app.get("/engines", async (c) => {
    const session = c.get("session");
    if (!session) throw new AppError("unauthorized", "sign in first");
    await catalog.refresh();
    const { engines, unavailable } = catalog.list(session.principal.orgId);
    const rows = engines.map(
      (e) => html`<tr>
        <td>${e.name}${e.default ? html` <strong>(default)</strong>` : ""}</td>
        <td>${e.capability}</td>
        <td>${e.status ?? "built in"}</td>
        <td>${e.speed ? `${e.speed.stepS.toFixed(2)} s/step at 256², loads in ${(e.speed.loadMs / 1000).toFixed(1)} s` : "—"}</td>
        <td>${e.generation ? `side ≤ ${e.generation.maxSide} px; steps ${range(e.generation.steps)}; guidance ${range(e.generation.guidance)}` : "—"}</td>
      </tr>`,
    );
    const body = html`<section class="card" aria-labelledby="engines-h"><h2 id="engines-h">Engines</h2>
      <div class="table-wrap"><table id="engines"><thead><tr><th scope="col">Engine</th><th scope="col">Capability</th><th scope="col">Status</th><th scope="col">Speed here</th><th scope="col">Limits</th></tr></thead>
      <tbody>${rows}</tbody></table></div>
      ${unavailable.length === 0 ? "" : html`<h3>Not configured</h3><ul>${unavailable.map((u) => html`<li><strong>${u.capability}</strong>: ${u.howToConfigure}</li>`)}</ul>`}
    </section>
    <section class="card" aria-labelledby="add-h"><h2 id="add-h">Add a text-to-image model</h2>
      <ol id="add-model">
        <li>Export it to ONNX on any machine with Python: <code>optimum-cli export onnx --model stabilityai/sd-turbo sd-turbo-onnx</code> (float32; SD 1.x/2.x, SD-Turbo or LCM).</li>
        <li>Copy the folder to the server (to every worker machine, at the same path) and run <code>easel models add ./sd-turbo-onnx --name sd-turbo</code>: it checks every graph, runs one step at 256×256 and prints the load time and seconds per step. Add <code>--org &lt;slug&gt;</code> to offer it to one organisation only.</li>
        <li>It appears here and in <code>GET /v1/engines</code> at once; jobs use it with <code>params.model: "sd-turbo"</code>, or by default once an org admin sets <code>POST /v1/models/default</code>.</li>
      </ol>
      <p class="muted"><code>easel models list</code>, <code>easel models test &lt;name&gt;</code> and <code>easel models remove &lt;name&gt;</code> manage them.</p>
    </section>`;
    return c.html(page({ title: "Engines", section: "engines", session, body }));
  });
}
