/**
 * The plugin manifest Figma reads on "Import plugin from manifest".
 * https://www.figma.com/plugin-docs/manifest/
 */

/** Loopback addresses the plugin may reach while in development (`devAllowedDomains`). */
export const DEV_DOMAINS = ["http://localhost:8787", "http://127.0.0.1:8787"] as const;

export interface ManifestOptions {
  /** The Easel server the plugin talks to, e.g. `https://easel.example.com`. */
  serverUrl: string;
  /**
   * More servers designers may set at run time (Settings → Server URL), as Figma's `allowedDomains` entries:
   * an origin (`https://easel.acme.example`), a wildcard host (`*.easel.acme.example`) or `*` for any.
   */
  allowedDomains?: readonly string[];
  /** Figma assigns ids when publishing; any stable string works for a development import. */
  id?: string;
}

export interface FigmaManifest {
  name: string;
  id: string;
  api: "1.0.0";
  editorType: ["figma"];
  documentAccess: "dynamic-page";
  main: string;
  ui: string;
  menu: (
    | { name: string; command: string }
    | { separator: true }
    | { name: string; menu: { name: string; command: string }[] }
  )[];
  relaunchButtons: { command: string; name: string; multipleSelection?: boolean }[];
  networkAccess: { allowedDomains: string[]; devAllowedDomains: string[]; reasoning: string };
}

function isLoopback(url: URL): boolean {
  return url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]";
}

/** Checks one extra `allowedDomains` entry; plain http is refused outside loopback, as for the server URL. */
function checkDomain(entry: string): string {
  const trimmed = entry.trim();
  if (trimmed === "*") return trimmed;
  if (!/^(?:https?:\/\/|wss?:\/\/)?(?:\*\.)?[a-z0-9.-]+(?::\d+)?(?:\/\S*)?$/i.test(trimmed)) {
    throw new Error(`allowed domain must look like https://easel.example.com or *.example.com, got "${entry}"`);
  }
  if (/^(http|ws):\/\//i.test(trimmed)) {
    const host = trimmed.replace(/^\w+:\/\//, "").split(/[:/]/)[0];
    if (host !== "localhost" && host !== "127.0.0.1") {
      throw new Error(`allowed domain must use https (Figma blocks plain http outside localhost), got ${trimmed}`);
    }
  }
  return trimmed;
}

/** The network access a manifest grants, as the plugin sends it to its UI. */
export function networkAccessOf(manifest: FigmaManifest): { allowedDomains: string[]; devAllowedDomains: string[] } {
  return {
    allowedDomains: [...manifest.networkAccess.allowedDomains],
    devAllowedDomains: [...manifest.networkAccess.devAllowedDomains],
  };
}

/** Builds the manifest for a server URL; throws with the reason when Figma would refuse the URL. */
export function createManifest(options: ManifestOptions): FigmaManifest {
  let url: URL;
  try {
    url = new URL(options.serverUrl);
  } catch {
    throw new Error(`server URL must be an absolute URL such as https://easel.example.com, got "${options.serverUrl}"`);
  }
  const loopback = isLoopback(url);
  if (!loopback && url.protocol !== "https:") {
    throw new Error(`server URL must use https (Figma blocks plain http outside localhost), got ${url.origin}`);
  }
  const devAllowedDomains: string[] = [...DEV_DOMAINS];
  if (loopback && !devAllowedDomains.includes(url.origin)) devAllowedDomains.push(url.origin);
  // A loopback server is reachable only in development; published plugins list their real servers.
  const allowedDomains = [
    ...new Set([...(loopback ? [] : [url.origin]), ...(options.allowedDomains ?? []).map(checkDomain)]),
  ];
  return {
    name: "Easel",
    id: options.id ?? "easel-brand-safe-images",
    api: "1.0.0",
    editorType: ["figma"],
    documentAccess: "dynamic-page",
    main: "main.js",
    ui: "ui.html",
    menu: [
      { name: "Generate…", command: "generate" },
      { name: "Fill selection…", command: "fill" },
      { name: "Expand to frame…", command: "expand" },
      {
        name: "Upscale",
        menu: [
          { name: "2x", command: "upscale-2" },
          { name: "4x", command: "upscale-4" },
        ],
      },
      { name: "Apply brand style…", command: "stylize" },
      { name: "Variations…", command: "vary" },
      { separator: true },
      {
        name: "Select",
        menu: [
          { name: "Subject", command: "select-subject" },
          { name: "People", command: "select-people" },
          { name: "Background", command: "select-background" },
        ],
      },
      { name: "Adjust…", command: "adjust" },
      { name: "Recolor to brand…", command: "recolor" },
      { separator: true },
      { name: "History and settings", command: "open" },
    ],
    relaunchButtons: [
      { command: "provenance", name: "Show provenance" },
      { command: "variations", name: "Variations" },
    ],
    networkAccess: {
      allowedDomains: allowedDomains.length > 0 ? allowedDomains : ["none"],
      devAllowedDomains,
      reasoning: `Easel generates and edits images on your organisation's Easel server (${url.origin} by default; ${
        allowedDomains.length > 1 ? `also ${allowedDomains.filter((d) => d !== url.origin).join(", ")}` : "no other"
      } when set in Settings); the plugin uploads the selected image there and downloads the results.`,
    },
  };
}
