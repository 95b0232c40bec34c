/**
 * A test host for the built UI: loads `ui.html` into a sandboxed iframe (origin "null", as Figma does) in
 * headless Chromium and lets the test play the main thread's side of the message contract.
 *
 * Like Figma with `themeColors: true`, it puts `figma-light` or `figma-dark` on the UI's <html> and defines
 * Figma's `--figma-color-*` tokens (https://www.figma.com/plugin-docs/css-variables/; a subset, with Figma's
 * values), and like Figma it can enforce the manifest's networkAccess as the iframe's Content-Security-Policy.
 */
import type { Browser, Page } from "playwright-core";
import { type MainToUi, type UiToMain, UiToMain as UiToMainSchema } from "../src/messages.js";

export type Theme = "light" | "dark";

const TOKENS: Record<Theme, Record<string, string>> = {
  light: {
    bg: "#ffffff",
    "bg-secondary": "#f5f5f5",
    "bg-tertiary": "#e6e6e6",
    "bg-hover": "#f5f5f5",
    "bg-brand": "#0d99ff",
    "bg-brand-hover": "#007be5",
    "bg-brand-tertiary": "#e5f4ff",
    "bg-danger-tertiary": "#ffe2e0",
    "bg-warning-tertiary": "#fff1e3",
    text: "rgba(0, 0, 0, 0.9)",
    "text-secondary": "rgba(0, 0, 0, 0.5)",
    "text-tertiary": "rgba(0, 0, 0, 0.3)",
    "text-onbrand": "#ffffff",
    "text-brand": "#007be5",
    "text-danger": "#dc3412",
    "text-warning": "#b86200",
    "text-success": "#009951",
    border: "#e6e6e6",
    "border-selected": "#0d99ff",
  },
  dark: {
    bg: "#2c2c2c",
    "bg-secondary": "#383838",
    "bg-tertiary": "#444444",
    "bg-hover": "#383838",
    "bg-brand": "#0c8ce9",
    "bg-brand-hover": "#0a6dc2",
    "bg-brand-tertiary": "#394360",
    "bg-danger-tertiary": "#4c2a27",
    "bg-warning-tertiary": "#4d3a20",
    text: "#ffffff",
    "text-secondary": "rgba(255, 255, 255, 0.7)",
    "text-tertiary": "rgba(255, 255, 255, 0.4)",
    "text-onbrand": "#ffffff",
    "text-brand": "#7cc4f8",
    "text-danger": "#fca397",
    "text-warning": "#f7d15f",
    "text-success": "#78d381",
    border: "#444444",
    "border-selected": "#0c8ce9",
  },
};

/** The UI's HTML as Figma hands it to the iframe: theme class and tokens, and the CSP when one is given. */
export function asFigmaServes(html: string, options: { theme?: Theme; csp?: string } = {}): string {
  const theme = options.theme ?? "light";
  const vars = Object.entries(TOKENS[theme])
    .map(([name, value]) => `--figma-color-${name}: ${value};`)
    .join(" ");
  const head = `${options.csp ? `<meta http-equiv="Content-Security-Policy" content="${options.csp}">` : ""}<style id="figma-style">:root { ${vars} }</style>`;
  return html.replace(/<html([^>]*)>/, `<html$1 class="figma-${theme}">`).replace("<head>", `<head>${head}`);
}

// Runs in the page: bytes cross the Node boundary as base64, like Figma's structured clone keeps them as bytes.
const HOST_SCRIPT = `
  const frame = document.getElementById("plugin");
  const toWire = (v) => v instanceof Uint8Array ? { __bytes: btoa(Array.from(v, (b) => String.fromCharCode(b)).join("")) }
    : Array.isArray(v) ? v.map(toWire) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toWire(x)])) : v;
  const fromWire = (v) => v && typeof v === "object" && "__bytes" in v ? Uint8Array.from(atob(v.__bytes), (c) => c.charCodeAt(0))
    : Array.isArray(v) ? v.map(fromWire) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromWire(x)])) : v;
  window.addEventListener("message", (event) => {
    if (event.source === frame.contentWindow && event.data && event.data.pluginMessage) window.__toMain(toWire(event.data.pluginMessage));
  });
  window.__toUi = (message) => frame.contentWindow.postMessage({ pluginMessage: fromWire(message) }, "*");
`;

function toWire(value: unknown): unknown {
  if (value instanceof Uint8Array) return { __bytes: Buffer.from(value).toString("base64") };
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
  return value;
}

function fromWire(value: unknown): unknown {
  if (value && typeof value === "object" && "__bytes" in value)
    return new Uint8Array(Buffer.from(String((value as { __bytes: string }).__bytes), "base64"));
  if (Array.isArray(value)) return value.map(fromWire);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromWire(v)]));
  return value;
}

export interface PluginHost {
  page: Page;
  /** The plugin UI's frame, for locators. */
  ui: ReturnType<Page["frameLocator"]>;
  /** Every message the UI sent, parsed with the contract's schema. */
  received: UiToMain[];
  send(message: MainToUi): Promise<void>;
  /** Resolves with the next message of this type (already received ones count). */
  next<T extends UiToMain["type"]>(type: T, after?: number): Promise<Extract<UiToMain, { type: T }>>;
  /** Every message of this type received so far. */
  all<T extends UiToMain["type"]>(type: T): Extract<UiToMain, { type: T }>[];
}

export interface OpenOptions {
  theme?: Theme;
  /** A Content-Security-Policy for the UI document, as Figma derives it from networkAccess. */
  csp?: string;
  /** Panel size (px); Figma's default for this plugin is 380×640 (src/main/code.ts). */
  viewport?: { width: number; height: number };
}

/** Opens the built UI in a new page; `onMessage` answers as the main thread would. */
export async function openPluginUi(
  browser: Browser,
  html: string,
  onMessage: (message: UiToMain, host: PluginHost) => void | Promise<void>,
  options: OpenOptions = {},
): Promise<PluginHost> {
  const { width, height } = options.viewport ?? { width: 380, height: 640 };
  const page = await browser.newPage({ viewport: { width, height } });
  const received: UiToMain[] = [];
  const waiters: { type: string; after: number; resolve: (m: UiToMain) => void }[] = [];
  const host: PluginHost = {
    page,
    ui: page.frameLocator("#plugin"),
    received,
    send: async (message) => {
      await page.evaluate((m) => (globalThis as unknown as { __toUi(m: unknown): void }).__toUi(m), toWire(message));
    },
    next: (type, after = 0) => {
      const found = received.slice(after).find((m) => m.type === type);
      if (found) return Promise.resolve(found as never);
      return new Promise((resolve) => waiters.push({ type, after, resolve: resolve as (m: UiToMain) => void }));
    },
    all: (type) => received.filter((m) => m.type === type) as never,
  };
  await page.exposeFunction("__toMain", (wire: unknown) => {
    const message = UiToMainSchema.parse(fromWire(wire));
    received.push(message);
    for (const w of waiters.filter((w) => w.type === message.type)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(message);
    }
    void onMessage(message, host);
  });
  await page.setContent(
    `<!doctype html><body style="margin:0"><iframe id="plugin" sandbox="allow-scripts allow-popups" style="width:${width}px;height:${height}px;border:0"></iframe><script>${HOST_SCRIPT}</script></body>`,
  );
  // Runs in the page (no DOM lib in this tsconfig, hence the structural type).
  await page.evaluate(
    (srcdoc) => {
      const doc = (globalThis as unknown as { document: { getElementById(id: string): { srcdoc: string } } }).document;
      doc.getElementById("plugin").srcdoc = srcdoc;
    },
    asFigmaServes(html, {
      ...(options.theme ? { theme: options.theme } : {}),
      ...(options.csp ? { csp: options.csp } : {}),
    }),
  );
  return host;
}
