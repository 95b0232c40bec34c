import type { VerificationResult } from "@easel/shared/protocol";
import { describe, expect, it } from "vitest";
import { verifyReport } from "./verify-view.js";

const base: VerificationResult = {
  state: "matched",
  match: "pixels",
  summary: "Metadata was stripped and the file re-encoded, so no Content Credentials bind to these bytes.",
  failures: [],
  informational: [],
  validationResults: null,
  storedManifest: {
    state: "trusted",
    failures: [],
    validationResults: { activeManifest: { success: [], informational: [], failure: [] }, ingredientDeltas: [] },
  },
  manifest: null,
  log: null,
};

describe("verify report", () => {
  it("shows a pixel-matched copy as matched, not trusted, with how the stored manifest validates", async () => {
    const text = String(await verifyReport(base, "copy.png"));
    expect(text).toContain('data-state="matched"');
    expect(text).not.toContain('data-state="trusted"');
    expect(text).toMatch(/Matched, not verified/);
    expect(text).toMatch(/stored manifest on its own is <span class="badge state-trusted">trusted/);
  });

  it("lists informational codes apart from failures", async () => {
    const text = String(
      await verifyReport(
        {
          ...base,
          state: "trusted",
          match: "embedded",
          storedManifest: null,
          informational: [{ code: "signingCredential.ocsp.skipped", explanation: "OCSP fetching skipped" }],
        },
        "out.png",
      ),
    );
    expect(text).toContain("<h3>Notes</h3>");
    expect(text).toContain("signingCredential.ocsp.skipped");
    expect(text).not.toContain("<h3>Reasons</h3>");
  });
});
