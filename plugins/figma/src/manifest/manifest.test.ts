import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { buildFigmaPlugin } from "../../build.js";
import { createFigmaEmulator } from "../../tests/figma-emulator.js";
import { MainToUi } from "../messages.js";
import { createManifest, DEV_DOMAINS } from "./manifest.js";

const SERVER = "https://easel.acme.example";

describe("built Figma plugin", () => {
  let dir: string;
  let manifest: Record<string, unknown>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "easel-figma-manifest-"));
    await buildFigmaPlugin({ serverUrl: SERVER, outDir: dir });
    manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Record<string, unknown>;
  });

  it("has every field Figma requires, pointing at files that exist", () => {
    expect(manifest).toMatchObject({
      name: "Easel",
      api: "1.0.0",
      editorType: ["figma"],
      main: "main.js",
      ui: "ui.html",
    });
    expect(typeof manifest.id).toBe("string");
    expect(existsSync(join(dir, manifest.main as string))).toBe(true);
    const html = readFileSync(join(dir, manifest.ui as string), "utf8");
    // The UI is one self-contained HTML string: its script is inlined, nothing is fetched from elsewhere.
    expect(html).toMatch(/<script>[\s\S]{1000,}<\/script>/);
    expect(html).not.toMatch(/<script[^>]+src=/);
  });

  it("allows exactly the configured server, with a reason, and loopback for development", () => {
    expect(manifest.networkAccess).toEqual({
      allowedDomains: [SERVER],
      devAllowedDomains: ["http://localhost:8787", "http://127.0.0.1:8787"],
      reasoning: expect.stringContaining(SERVER),
    });
    // The server URL the main thread falls back to is the same one.
    expect(readFileSync(join(dir, "main.js"), "utf8")).toContain(JSON.stringify(SERVER));
  });

  it("offers Show provenance and Variations as relaunch buttons", () => {
    expect(manifest.relaunchButtons).toEqual([
      { command: "provenance", name: "Show provenance" },
      { command: "variations", name: "Variations" },
    ]);
  });

  it("runs its main bundle in a DOM-free sandbox and answers the UI's ready message", async () => {
    const emu = createFigmaEmulator({ fileKey: "F1", command: "upscale-4" });
    runInNewContext(readFileSync(join(dir, "main.js"), "utf8"), { figma: emu.api, __html__: "<html></html>", console });
    expect(emu.shown).toHaveLength(1);
    emu.api.ui.onmessage?.({ type: "ready" });
    await expect.poll(() => emu.posted.length).toBe(1);
    expect(MainToUi.parse(emu.posted[0])).toMatchObject({
      type: "init",
      command: "upscale-4",
      launch: { command: "upscale", scale: 4 },
      settings: { serverUrl: SERVER },
      network: { allowedDomains: [SERVER], devAllowedDomains: ["http://localhost:8787", "http://127.0.0.1:8787"] },
    });
    // Closing the plugin is handled (an unkept preview is removed).
    expect(() => emu.emit("close")).not.toThrow();
  });

  it("also allows the servers a designer may pick at run time, each checked as Figma would", () => {
    const manifest = createManifest({
      serverUrl: SERVER,
      allowedDomains: ["*.easel.cloud", "https://eu.acme.example"],
    });
    expect(manifest.networkAccess.allowedDomains).toEqual([SERVER, "*.easel.cloud", "https://eu.acme.example"]);
    expect(manifest.networkAccess.reasoning).toContain("*.easel.cloud");
    expect(createManifest({ serverUrl: SERVER, allowedDomains: ["*"] }).networkAccess.allowedDomains).toEqual([
      SERVER,
      "*",
    ]);
    expect(() => createManifest({ serverUrl: SERVER, allowedDomains: ["http://easel.acme.example"] })).toThrow(
      /must use https/,
    );
    expect(() => createManifest({ serverUrl: SERVER, allowedDomains: ["not a domain"] })).toThrow(/must look like/);
  });

  it("keeps a loopback server to development domains and refuses plain http elsewhere", () => {
    const local = createManifest({ serverUrl: "http://127.0.0.1:9000" });
    expect(local.networkAccess.allowedDomains).toEqual(["none"]);
    expect(local.networkAccess.devAllowedDomains).toEqual([...DEV_DOMAINS, "http://127.0.0.1:9000"]);
    expect(() => createManifest({ serverUrl: "http://easel.acme.example" })).toThrow(/must use https/);
    expect(() => createManifest({ serverUrl: "easel" })).toThrow(/absolute URL/);
  });
});
