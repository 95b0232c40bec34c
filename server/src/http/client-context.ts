import { isIP } from "node:net";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./env.js";

/** Who sent a request and how: the address throttles count by, and whether cookies get `Secure`. */
export interface ClientInfo {
  /** The client's IP address, or "unknown" for in-process requests (tests' `app.request`). */
  address: string;
  /** The client reached us over https: directly, or through a trusted proxy that says so. */
  https: boolean;
}

/** One year: https://www.rfc-editor.org/rfc/rfc6797#section-6.1.1 (no includeSubDomains: we do not own the domain's other hosts). */
export const HSTS = "max-age=31536000";

/** Comma-separated header values, trimmed, empty ones dropped. */
function list(header: string | undefined): string[] {
  return (header ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
}

/** `::ffff:203.0.113.7` → `203.0.113.7`, so one client has one address whichever socket family it used. */
function plain(address: string): string {
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * The client of a request that came through `trusted` proxies (the socket's peer is the first). Each
 * proxy appends the address it was connected from to `X-Forwarded-For`, so the client is the `trusted`-th
 * entry from the right: the rightmost one no trusted proxy could have been. Anything left of it is
 * whatever the client wrote, and is ignored. With no trusted proxy the headers are never read.
 */
export function resolveClient(
  socketAddress: string | undefined,
  socketHttps: boolean,
  headers: { forwardedFor?: string | undefined; forwardedProto?: string | undefined },
  trusted: number,
): ClientInfo {
  const socket = socketAddress ? plain(socketAddress) : "unknown";
  if (trusted <= 0) return { address: socket, https: socketHttps };
  const hops = list(headers.forwardedFor);
  const hop = hops[Math.max(0, hops.length - trusted)];
  const address = hop && isIP(plain(hop)) ? plain(hop) : socket;
  // The proto the outermost trusted proxy was reached with, picked the same way.
  const protos = list(headers.forwardedProto);
  const proto = protos[Math.max(0, protos.length - trusted)]?.toLowerCase();
  return { address, https: proto === undefined ? socketHttps : proto === "https" };
}

/** The socket's peer address, when the request came from a Node server (not from `app.request`). */
function socketAddressOf(c: Context): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

/**
 * Puts the request's `ClientInfo` on the context (`c.get("client")`), honouring `X-Forwarded-For` and
 * `X-Forwarded-Proto` only with `trustProxy` proxies configured, and sends HSTS on every https answer.
 */
export function clientContext(trustProxy: number) {
  return createMiddleware<AppEnv>(async function clientContext(c, next) {
    const client = resolveClient(
      socketAddressOf(c),
      new URL(c.req.url).protocol === "https:",
      { forwardedFor: c.req.header("x-forwarded-for"), forwardedProto: c.req.header("x-forwarded-proto") },
      trustProxy,
    );
    c.set("client", client);
    await next();
    if (client.https) c.header("strict-transport-security", HSTS);
  });
}
