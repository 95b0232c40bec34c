import { describe, expect, it } from "vitest";
import { setup } from "../../tests/controller-harness.js";
import { createManifest } from "../manifest/manifest.js";
import type { MainToUi, PendingRun } from "../messages.js";
import { parseLaunch } from "./launch.js";

type Init = Extract<MainToUi, { type: "init" }>;
const init = async (s: ReturnType<typeof setup>) => (await s.send({ type: "ready" })) as Init;

const RUN: PendingRun = {
  jobId: "job_running",
  kind: "fill",
  serverUrl: "https://easel.example.com",
  startedAt: "2026-12-07T19:00:00.000Z",
  placement: {
    command: "fill",
    source: { nodeId: "1:5", pixelWidth: 512, pixelHeight: 340, mode: "over" },
    label: "a red door",
  },
};

describe("what the plugin keeps per file and per user (emulator)", () => {
  it("gives a file without a file key its own document id, kept in the file and sent as `document`", async () => {
    const s = setup(); // a public plugin: figma.fileKey is undefined
    const first = await init(s);
    expect(first.fileKey).toBeNull();
    expect(first.document).toMatch(/^fig_[a-z0-9]{8,}$/);
    expect(s.emu.api.root.getPluginData("easel.documentId")).toBe(first.document);
    // Reopened: the same id; another file: another id.
    expect((await init(s)).document).toBe(first.document);
    expect((await init(setup())).document).not.toBe(first.document);
  });

  it("remembers prompts, presets and the brand kit per file", async () => {
    const s = setup();
    expect((await init(s)).fileData).toEqual({ prompts: [], presets: [], brandKit: null });
    const data = {
      prompts: ["a red door", "a blue sky"],
      presets: [{ name: "Hero", command: "generate" as const, prompt: "studio light, soft shadow" }],
      brandKit: "acme@3",
    };
    expect(await s.send({ type: "save-file-data", requestId: 1, data })).toEqual({
      type: "file-data",
      requestId: 1,
      data,
    });
    expect((await init(s)).fileData).toEqual(data);
    expect((await init(setup())).fileData.brandKit).toBeNull();
  });

  it("refuses, in words, prompts and presets larger than Figma keeps per plugin, and keeps the old ones", async () => {
    const s = setup();
    const presets = Array.from({ length: 30 }, (_, i) => ({
      name: `Preset ${i}`,
      command: "fill" as const,
      prompt: "é".repeat(1900),
    }));
    const answer = await s.send({
      type: "save-file-data",
      requestId: 2,
      data: { prompts: [], presets, brandKit: null },
    });
    expect(answer).toMatchObject({ type: "refused", message: expect.stringMatching(/more than Figma keeps.*100 kB/) });
    expect((await init(s)).fileData.presets).toEqual([]);
  });

  it("keeps the running job across closing the plugin, for this file only", async () => {
    const storage = new Map<string, unknown>(); // clientStorage is per user and machine, shared by files
    const a = setup({ storage });
    await init(a);
    await a.controller.handle({ type: "save-pending-run", run: RUN });
    const reopened = setup({ storage });
    reopened.emu.api.root.setPluginData("easel.documentId", a.emu.api.root.getPluginData("easel.documentId"));
    expect((await init(reopened)).pendingRun).toEqual(RUN);
    expect((await init(setup({ storage }))).pendingRun).toBeNull();
    await reopened.controller.handle({ type: "save-pending-run", run: null });
    expect((await init(a)).pendingRun).toBeNull();
  });

  it("warns when the saved server is one Figma will block for this build, naming the setting", async () => {
    const s = setup();
    const saved = await s.send({
      type: "save-settings",
      settings: { serverUrl: "https://images.other.example", apiKey: "k" },
    });
    expect(saved).toMatchObject({
      type: "settings-saved",
      warning: expect.stringMatching(
        /^Figma blocks requests to https:\/\/images\.other\.example: .*https:\/\/easel\.example\.com.*Server URL in Settings/,
      ),
    });
    const ok = await s.send({
      type: "save-settings",
      settings: { serverUrl: "https://easel.example.com/", apiKey: "k" },
    });
    expect(ok).toMatchObject({ warning: null });
    expect((await init(s)).network).toEqual({
      allowedDomains: ["https://easel.example.com"],
      devAllowedDomains: ["http://localhost:8787", "http://127.0.0.1:8787"],
    });
  });

  it("opens each menu command's own form", async () => {
    expect(parseLaunch("upscale-4")).toEqual({ command: "upscale", scale: 4, view: "command" });
    expect(parseLaunch("fill")).toEqual({ command: "fill", view: "command" });
    expect(parseLaunch("variations")).toEqual({ command: "vary", view: "command" });
    expect(parseLaunch("provenance")).toEqual({ command: null, view: "provenance" });
    expect(parseLaunch("open")).toEqual({ command: null, view: "history" });
    expect(parseLaunch("select-people")).toEqual({ command: "select", selectMode: "people", view: "command" });
    expect(parseLaunch("recolor")).toEqual({ command: "recolor", view: "command" });
    // Every menu item but "History and settings" opens its command's form.
    const items = createManifest({ serverUrl: "https://easel.example.com" }).menu.flatMap((m) =>
      "menu" in m ? m.menu : "command" in m ? [m] : [],
    );
    for (const item of items.filter((i) => i.command !== "open"))
      expect(parseLaunch(item.command).command, item.command).not.toBeNull();
    expect(items.map((i) => i.command)).toEqual(
      expect.arrayContaining(["select-subject", "select-people", "select-background", "adjust", "recolor"]),
    );
    expect((await init(setup({ command: "expand" }))).launch).toEqual({ command: "expand", view: "command" });
  });
});
