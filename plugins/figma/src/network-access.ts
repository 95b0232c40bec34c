/**
 * Which servers Figma lets this build reach, and the words for when it does not. Pure (no DOM, no figma
 * global): the main thread checks a saved Server URL with it, the UI words a blocked request with it.
 *
 * Figma enforces the manifest's `networkAccess` as the UI iframe's Content-Security-Policy (connect-src):
 * a request to any other origin never leaves the iframe and `fetch` rejects with a bare TypeError, as for a
 * server that is down. https://www.figma.com/plugin-docs/manifest/#networkaccess
 * URLs are parsed by hand: Figma's main-thread sandbox has no `URL`.
 */
import type { NetworkAccess } from "./messages.js";

interface DomainPattern {
  scheme: string | null;
  /** Lower-case host; `*.example.com` matches every subdomain of example.com. */
  host: string;
  port: string | null;
  /** `/api/` matches paths under it; `/content` only itself; null any path. */
  path: string | null;
}

function parsePattern(entry: string): DomainPattern | null {
  const match = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/:]+)(?::(\d+|\*))?(\/.*)?$/i.exec(entry.trim());
  if (!match) return null;
  const [, scheme, host, port, path] = match;
  return {
    scheme: scheme ? scheme.toLowerCase() : null,
    host: (host as string).toLowerCase(),
    port: port ?? null,
    path: path ?? null,
  };
}

interface ParsedUrl {
  protocol: string;
  hostname: string;
  port: string;
  pathname: string;
  origin: string;
}

/** Absolute http(s)/ws(s) URLs only (what a server URL is); null for anything else. */
function parseUrl(url: string): ParsedUrl | null {
  const match = /^([a-z][a-z0-9+.-]*:)\/\/(?:[^@/?#]*@)?(\[[^\]]+\]|[^/:?#]+)(?::(\d*))?([^?#]*)/i.exec(url.trim());
  if (!match) return null;
  const protocol = (match[1] as string).toLowerCase();
  const hostname = (match[2] as string).toLowerCase();
  const port = match[3] && match[3] !== DEFAULT_PORT[protocol] ? match[3] : "";
  return {
    protocol,
    hostname,
    port,
    pathname: match[4] || "/",
    origin: `${protocol}//${hostname}${port ? `:${port}` : ""}`,
  };
}

const DEFAULT_PORT: Record<string, string> = { "http:": "80", "https:": "443", "ws:": "80", "wss:": "443" };

/** True when the URL matches one manifest entry (CSP source-expression rules, as Figma applies them). */
export function domainMatches(entry: string, url: string): boolean {
  if (entry.trim() === "*") return true;
  const pattern = parsePattern(entry);
  const target = parseUrl(url);
  if (!target || !pattern || pattern.host === "none") return false;
  // A scheme-less entry allows https (and http only upgraded to https, CSP3 §6.7.2.8); be strict: https.
  if (pattern.scheme ? `${pattern.scheme}:` !== target.protocol : target.protocol !== "https:") return false;
  const host = target.hostname.toLowerCase();
  if (pattern.host.startsWith("*.")) {
    if (!host.endsWith(pattern.host.slice(1))) return false;
  } else if (pattern.host !== host) return false;
  const port = target.port || DEFAULT_PORT[target.protocol] || "";
  if (pattern.port !== "*" && (pattern.port ?? DEFAULT_PORT[target.protocol] ?? "") !== port) return false;
  if (pattern.path === null) return true;
  const path = target.pathname;
  return pattern.path.endsWith("/") ? path.startsWith(pattern.path) : path === pattern.path;
}

/**
 * Where Figma lets the plugin reach `serverUrl`: `published` (allowedDomains, always), `development`
 * (devAllowedDomains, only while the plugin runs from a development import) or `blocked`.
 */
export function serverReach(serverUrl: string, access: NetworkAccess): "published" | "development" | "blocked" {
  if (access.allowedDomains.some((d) => domainMatches(d, serverUrl))) return "published";
  if (access.devAllowedDomains.some((d) => domainMatches(d, serverUrl))) return "development";
  return "blocked";
}

function listed(access: NetworkAccess): string {
  const domains = [...access.allowedDomains.filter((d) => d !== "none"), ...access.devAllowedDomains];
  return domains.length ? domains.join(", ") : "no server";
}

/**
 * The sentence for a Server URL Figma will block, or null when the manifest allows it: says it is Figma
 * (the manifest's networkAccess) and what to change — the Server URL in Settings, or the build.
 */
export function blockedServerWarning(serverUrl: string, access: NetworkAccess): string | null {
  const reach = serverReach(serverUrl, access);
  if (reach === "published") return null;
  const origin = safeOrigin(serverUrl);
  if (reach === "development") {
    return (
      `Figma lets this plugin reach ${origin} only while it runs from a development import ` +
      "(Plugins → Development); a published copy will be blocked."
    );
  }
  return (
    `Figma blocks requests to ${origin}: this build of the plugin may reach only ${listed(access)} ` +
    "(its manifest's networkAccess). Set the Server URL in Settings to one of those, or rebuild the plugin " +
    `with --server-url ${origin}.`
  );
}

/**
 * The `networkHint` for plugin-core's `describeError` when a request did not reach the server: names
 * Figma's block when the manifest does not allow the server, else the usual checks.
 */
export function networkHint(serverUrl: string, access: NetworkAccess): string {
  const blocked = serverReach(serverUrl, access) === "blocked" ? blockedServerWarning(serverUrl, access) : null;
  return (
    blocked ??
    "Check the Server URL in Settings and that the server is running and allows Figma's origin (null) — CORS."
  );
}

/**
 * The sentence for a request the UI saw Figma block (a `securitypolicyviolation` event for connect-src
 * naming `blockedUrl`), whatever the Server URL says.
 */
export function blockedRequestWording(blockedUrl: string, access: NetworkAccess): string {
  const origin = safeOrigin(blockedUrl);
  return (
    `Figma blocked the request to ${origin}: this build of the plugin may reach only ${listed(access)} ` +
    "(its manifest's networkAccess). Set the Server URL in Settings to one of those, or rebuild the plugin " +
    `with --server-url ${origin}.`
  );
}

function safeOrigin(url: string): string {
  return parseUrl(url)?.origin ?? url;
}
