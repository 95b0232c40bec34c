import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { clientContext, resolveClient } from "./client-context.js";
import type { AppEnv } from "./env.js";

describe("resolveClient", () => {
  const headers = { forwardedFor: "192.0.2.1, 198.51.100.7", forwardedProto: "https" };

  it("ignores X-Forwarded-* without a trusted proxy", () => {
    expect(resolveClient("::ffff:127.0.0.1", false, headers, 0)).toEqual({ address: "127.0.0.1", https: false });
  });

  it("takes the rightmost hop no trusted proxy could be, and the proto that proxy saw", () => {
    expect(resolveClient("10.0.0.2", false, headers, 1)).toEqual({ address: "198.51.100.7", https: true });
    expect(resolveClient("10.0.0.2", false, headers, 2)).toEqual({ address: "192.0.2.1", https: true });
    // More trusted proxies than hops: the leftmost hop; no headers at all: the socket.
    expect(resolveClient("10.0.0.2", false, headers, 5).address).toBe("192.0.2.1");
    expect(resolveClient("10.0.0.2", true, {}, 1)).toEqual({ address: "10.0.0.2", https: true });
  });

  it("falls back to the socket when the hop is not an IP address", () => {
    expect(resolveClient("10.0.0.2", false, { forwardedFor: "<script>" }, 1).address).toBe("10.0.0.2");
  });
});

describe("clientContext", () => {
  const app = (trust: number) => new Hono<AppEnv>().use(clientContext(trust)).get("/", (c) => c.json(c.get("client")));

  it("sends HSTS on https only, and believes X-Forwarded-Proto only from a trusted proxy", async () => {
    const direct = await app(0).request("https://easel.example/");
    expect(direct.headers.get("strict-transport-security")).toBe("max-age=31536000");
    const spoofed = await app(0).request("http://easel.example/", { headers: { "x-forwarded-proto": "https" } });
    expect(spoofed.headers.get("strict-transport-security")).toBeNull();
    expect(await spoofed.json()).toEqual({ address: "unknown", https: false });
    const proxied = await app(1).request("http://easel.example/", { headers: { "x-forwarded-proto": "https" } });
    expect(proxied.headers.get("strict-transport-security")).toBe("max-age=31536000");
  });
});
