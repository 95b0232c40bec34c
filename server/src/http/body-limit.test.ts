import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { allowBody, boundedBodies } from "./body-limit.js";
import type { AppEnv } from "./env.js";
import { readJsonBody } from "./json-body.js";
import { onError } from "./on-error.js";

function app() {
  const app = new Hono<AppEnv>();
  app.use(boundedBodies(100));
  app.onError(onError(() => {}));
  app.post("/json", async (c) => c.json({ got: await readJsonBody(c) }));
  app.post(
    "/upload",
    async (c, next) => {
      allowBody(c, { maxBytes: 1000, what: "uploads", field: "file" });
      await next();
    },
    async (c) => c.json({ bytes: (await c.req.arrayBuffer()).byteLength }),
  );
  return app;
}

/** A body with no length: streamed in `chunks` pieces of `size` bytes. */
function chunked(chunks: number, size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ === chunks) return controller.close();
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
}

const post = (path: string, body: RequestInit["body"], headers: Record<string, string> = {}) =>
  app().request(path, { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("boundedBodies", () => {
  it("reads a body within the default allowance", async () => {
    const res = await post("/json", '{"a":1}', { "content-type": "application/json" });
    expect(await res.json()).toEqual({ got: { a: 1 } });
  });

  it("refuses a declared length over the allowance with a 413 naming the body", async () => {
    const res = await post("/json", "{}", { "content-length": "5000" });
    expect(res.status).toBe(413);
    expect(res.headers.get("connection")).toBe("close");
    expect(await res.json()).toMatchObject({ code: "payload_too_large", field: "body" });
  });

  it("stops a chunked body at the allowance, having read no more than that", async () => {
    let pulled = 0;
    const body = chunked(1000, 10).pipeThrough(
      new TransformStream({
        transform(chunk, controller) {
          pulled += chunk.byteLength;
          controller.enqueue(chunk);
        },
      }),
    );
    const res = await post("/json", body);
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(200); // of 10 000 bytes offered
  });

  it("lets a route raise its allowance, and bounds it there too", async () => {
    expect(await (await post("/upload", chunked(50, 10))).json()).toEqual({ bytes: 500 });
    const declared = await post("/upload", new Uint8Array(500), { "content-length": "500" });
    expect(await declared.json()).toEqual({ bytes: 500 });
    const over = await post("/upload", chunked(200, 10));
    expect(over.status).toBe(413);
    expect(await over.json()).toMatchObject({ field: "file", detail: "uploads are limited to 1000 bytes" });
  });
});
