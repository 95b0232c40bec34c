import { describe, expect, it } from "vitest";
import type { NetworkAccess } from "./messages.js";
import {
  blockedRequestWording,
  blockedServerWarning,
  domainMatches,
  networkHint,
  serverReach,
} from "./network-access.js";

const ACCESS: NetworkAccess = {
  allowedDomains: ["https://easel.acme.example", "*.easel.cloud", "https://api.example.com/easel/"],
  devAllowedDomains: ["http://localhost:8787", "http://127.0.0.1:8787"],
};

describe("which servers Figma lets this build reach", () => {
  it("matches manifest entries as Figma's CSP does: origin, wildcard host, path prefix, port", () => {
    expect(domainMatches("https://easel.acme.example", "https://easel.acme.example/v1/jobs")).toBe(true);
    expect(domainMatches("https://easel.acme.example", "http://easel.acme.example")).toBe(false);
    expect(domainMatches("https://easel.acme.example", "https://easel.acme.example:8443")).toBe(false);
    expect(domainMatches("*.easel.cloud", "https://eu.easel.cloud")).toBe(true);
    expect(domainMatches("*.easel.cloud", "https://easel.cloud.evil.example")).toBe(false);
    expect(domainMatches("https://api.example.com/easel/", "https://api.example.com/easel/v1/jobs")).toBe(true);
    expect(domainMatches("https://api.example.com/easel/", "https://api.example.com/other")).toBe(false);
    expect(domainMatches("*", "https://anything.example")).toBe(true);
    expect(domainMatches("none", "https://anything.example")).toBe(false);
    expect(domainMatches("http://localhost:8787", "http://localhost:8787/health")).toBe(true);
  });

  it("tells published, development-only and blocked servers apart", () => {
    expect(serverReach("https://eu.easel.cloud", ACCESS)).toBe("published");
    expect(serverReach("http://127.0.0.1:8787", ACCESS)).toBe("development");
    expect(serverReach("http://127.0.0.1:9999", ACCESS)).toBe("blocked");
    expect(serverReach("not a url", ACCESS)).toBe("blocked");
  });

  it("says Figma blocks the request and which setting to change", () => {
    expect(blockedServerWarning("https://eu.easel.cloud", ACCESS)).toBeNull();
    expect(blockedServerWarning("http://localhost:8787", ACCESS)).toMatch(
      /only while it runs from a development import/,
    );
    const blocked = blockedServerWarning("https://images.other.example/", ACCESS);
    expect(blocked).toBe(
      "Figma blocks requests to https://images.other.example: this build of the plugin may reach only " +
        "https://easel.acme.example, *.easel.cloud, https://api.example.com/easel/, http://localhost:8787, " +
        "http://127.0.0.1:8787 (its manifest's networkAccess). Set the Server URL in Settings to one of those, " +
        "or rebuild the plugin with --server-url https://images.other.example.",
    );
    expect(blockedRequestWording("https://images.other.example/v1/assets", ACCESS)).toMatch(
      /^Figma blocked the request to https:\/\/images\.other\.example: .*Server URL in Settings/,
    );
    expect(networkHint("https://images.other.example", ACCESS)).toBe(blocked);
    expect(networkHint("https://easel.acme.example", ACCESS)).toMatch(/server is running/);
  });
});
