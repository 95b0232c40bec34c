import type { Hono } from "hono";
import { html } from "hono/html";
import { AppError } from "../errors/app-error.js";
import { uploadLimit } from "../http/upload-body.js";
import { VERIFIABLE_FORMATS } from "../provenance/verify-format.js";
import type { ConsoleDeps, ConsoleEnv } from "./console-deps.js";
import { CONSOLE_PATH } from "./console-security.js";
import { readForm } from "./form-body.js";
import { type Html, page, problemBox } from "./layout.js";
import { verifyReport } from "./verify-view.js";

function verifyForm(): Html {
  return html`<div class="card">
    <p>Check the Content Credentials (C2PA) of a PNG, JPEG, WebP, GIF, TIFF, AVIF or HEIC/HEIF image: who signed
    it, how it was made and edited, and whether anything changed since. Nothing you upload here is stored.</p>
    <form method="post" action="${CONSOLE_PATH}/verify" enctype="multipart/form-data">
      <label for="file">Image to verify (drop it on the box or choose a file)</label>
      <input id="file" name="file" type="file" accept="${VERIFIABLE_FORMATS.join(",")}" required />
      <button type="submit">Verify</button>
    </form>
  </div>`;
}

/** Public `GET/POST /verify`: no sign-in; calls the same ProvenanceService as `POST /v1/provenance/verify`. */
export function registerVerifyRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  const render = (session: ConsoleEnv["Variables"]["session"], extra: Html) =>
    page({ title: "Verify an image", section: "verify", session, body: html`${verifyForm()}${extra}` });

  app.get("/verify", (c) => c.html(render(c.get("session"), html``)));

  app.post("/verify", uploadLimit(deps.config.maxUploadBytes, "images", "file"), async (c) => {
    const form = await readForm(c);
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) {
      const box = problemBox({ title: "Nothing to verify", detail: "choose an image first", field: "file" });
      return c.html(render(c.get("session"), box));
    }
    try {
      const result = await deps.provenance.verify(new Uint8Array(await file.arrayBuffer()));
      return c.html(render(c.get("session"), verifyReport(result, file.name)));
    } catch (error) {
      const detail =
        error instanceof AppError ? error.message : "the file is not an image whose Content Credentials can be read";
      return c.html(render(c.get("session"), problemBox({ title: "Cannot verify", detail, field: "file" })));
    }
  });
}
