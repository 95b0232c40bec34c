import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createEasel, type Easel } from "./app.js";
import { type Config, describeConfig } from "./config/config.js";
import { EASEL_VERSION } from "./version.js";

export interface RunningServer {
  easel: Easel;
  url: string;
  close(): Promise<void>;
}

/** Starts the service on the configured host and port; resolves once it accepts connections. */
export async function startServer(config: Config, options: { banner?: boolean } = {}): Promise<RunningServer> {
  const easel = await createEasel(config);
  await easel.start();
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve(
      {
        fetch: easel.app.fetch,
        hostname: config.host,
        port: config.port,
        serverOptions: {
          // A request (headers and body) not fully received in time is answered 408 and its socket closed,
          // so a client that promises more bytes than it sends cannot hold a connection (Node's default: 300 s).
          requestTimeout: config.requestTimeoutMs,
          headersTimeout: Math.min(66_000, config.requestTimeoutMs),
          // How often Node checks those deadlines (ms); its 30 s default would let short ones overrun.
          connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(config.requestTimeoutMs / 4))),
        },
      },
      () => resolve(s),
    );
  });
  // Keep idle connections longer than client pools do (undici: 4 s, browsers: up to 60 s), so a client
  // never reuses a socket the server is closing at that moment (Node's default is 5 s).
  const http = server as unknown as { keepAliveTimeout: number };
  http.keepAliveTimeout = 65_000;
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host}:${port}`;
  if (options.banner !== false) {
    process.stderr.write(`Easel ${EASEL_VERSION} listening on ${url}\n${describeConfig(config)}\n`);
  }
  let closing: Promise<void> | null = null;
  return {
    easel,
    url,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await easel.stop();
      })();
      return closing;
    },
  };
}
