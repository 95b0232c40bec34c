import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleKitFiles, kitForm } from "../support/brand-kits.js";
import { type EaselProcess, startEasel } from "../support/easel-process.js";
import { call, expectProblem } from "../support/http.js";
import { readPhoto } from "../support/images.js";
import { sendAndWaitForClose, sendUnfinishedBody } from "../support/raw-http.js";

const MiB = 1024 * 1024;
const UPLOAD_LIMIT = 2 * MiB; // EASEL_MAX_UPLOAD_BYTES below, small so the tests send little

/** A problem answer from a raw response, checked like `expectProblem`. */
function expectRawProblem(answer: { status: number; headers: Record<string, unknown>; body: string }, status: number) {
  const headers = new Headers(Object.entries(answer.headers).map(([k, v]) => [k, String(v)]));
  return expectProblem({ status: answer.status, headers, body: JSON.parse(answer.body) }, status, "body");
}

describe("bad input at the HTTP edge: a 4xx naming the field, never a 500 or a hang", () => {
  let easel: EaselProcess;
  let key: string;
  let admin: string;

  beforeAll(async () => {
    easel = await startEasel({ EASEL_MAX_UPLOAD_BYTES: String(UPLOAD_LIMIT) });
    key = await easel.createKey("edge", "ana");
    admin = await easel.createKey("edge", "bea", "brand-admin");
    const kit = await call(`${easel.url}/v1/brand-kits`, {
      method: "POST",
      body: kitForm(exampleKitFiles("harvest-table")),
      key: admin,
    });
    expect(kit.status).toBe(201);
  });
  afterAll(async () => easel?.stop());

  describe("bounded bodies", () => {
    it("answers 413 to a JSON body declared larger than 1 MiB before the body is sent", async () => {
      const answer = await sendUnfinishedBody(`${easel.url}/v1/jobs`, {
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        declaredLength: 150 * MiB,
        sendBytes: 64 * 1024,
      });
      const problem = expectRawProblem(answer, 413);
      expect(problem.detail).toContain(String(MiB));
    });

    it("answers 413 to a chunked JSON body once it passes 1 MiB, without waiting for its end", async () => {
      const answer = await sendUnfinishedBody(`${easel.url}/v1/jobs`, {
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        sendBytes: 3 * MiB,
      });
      expectRawProblem(answer, 413);
    });

    it("bounds console forms the same way", async () => {
      const answer = await sendUnfinishedBody(`${easel.url}/console/sign-in`, {
        headers: { origin: easel.url, "content-type": "application/x-www-form-urlencoded" },
        declaredLength: 150 * MiB,
        sendBytes: 64 * 1024,
      });
      expect(answer.status).toBe(413);
    });

    it.each([
      ["an asset upload", "/v1/assets", "image/png", true],
      ["a kit upload", "/v1/brand-kits", "application/zip", true],
      ["a public verify", "/v1/provenance/verify", "image/png", false],
    ])("stops reading %s at its own limit, declared or chunked", async (_what, path, type, authed) => {
      const headers: Record<string, string> = { "content-type": type };
      if (authed) headers.authorization = `Bearer ${admin}`;
      const declared = await sendUnfinishedBody(`${easel.url}${path}`, {
        headers,
        declaredLength: UPLOAD_LIMIT + 1,
        sendBytes: 64 * 1024,
      });
      expectRawProblem(declared, 413);
      const chunked = await sendUnfinishedBody(`${easel.url}${path}`, { headers, sendBytes: UPLOAD_LIMIT + MiB });
      expectRawProblem(chunked, 413);
    });

    it("still takes uploads between the JSON limit and the upload limit", async () => {
      // Random pixels, stored uncompressed: a real PNG of about 1.4 MiB.
      const side = 700;
      const noise = Buffer.alloc(side * side * 3);
      for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
      const png = await sharp(noise, { raw: { width: side, height: side, channels: 3 } })
        .png({ compressionLevel: 0 })
        .toBuffer();
      expect(png.length).toBeGreaterThan(MiB);
      expect(png.length).toBeLessThan(UPLOAD_LIMIT);
      const res = await call(`${easel.url}/v1/assets`, {
        method: "POST",
        headers: { "content-type": "image/png" },
        body: png,
        key,
      });
      expect(res.status).toBe(201);
    });
  });

  describe("malformed multipart bodies", () => {
    const photo = readPhoto("cat-chelsea.png");
    const withBoundary = (boundary: string, terminated: boolean) =>
      Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cat.png"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        photo,
        Buffer.from(terminated ? `\r\n--${boundary}--\r\n` : "\r\n"),
      ]);
    const bodies: [string, string, Buffer][] = [
      ["no boundary", "multipart/form-data", withBoundary("xyz", true)],
      ["another boundary than the header's", "multipart/form-data; boundary=abc", withBoundary("xyz", true)],
      ["no closing boundary", "multipart/form-data; boundary=xyz", withBoundary("xyz", false)],
    ];
    const routes: [string, string, boolean][] = [
      ["POST /v1/assets", "/v1/assets", true],
      ["POST /v1/brand-kits", "/v1/brand-kits", true],
      ["POST /v1/provenance/verify", "/v1/provenance/verify", false],
    ];
    for (const [route, path, authed] of routes) {
      it.each(bodies)(`${route}: a body with %s is a 400 naming the body`, async (_what, type, body) => {
        const res = await call(`${easel.url}${path}`, {
          method: "POST",
          headers: { "content-type": type },
          body,
          ...(authed ? { key: admin } : {}),
        });
        expectProblem(res, 400, "body");
      });
    }

    it("refuses a kit upload that sends two parts for one path, as a zip with a repeated entry is", async () => {
      const files = exampleKitFiles("harvest-table");
      const form = kitForm(files);
      const [path, bytes] = [...files].find(([p]) => p.startsWith("logos/")) as [string, Uint8Array];
      form.append(path, new Blob([bytes as Uint8Array<ArrayBuffer>]), path.split("/").pop());
      const res = await call(`${easel.url}/v1/brand-kits`, { method: "POST", body: form, key: admin });
      const problem = expectProblem(res, 400, path);
      expect(problem.detail).toContain("twice");
      // Nothing was stored: the kit is still at version 1.
      expect(
        ((await call(`${easel.url}/v1/brand-kits/harvest-table`, { key: admin })).body as { version: number }).version,
      ).toBe(1);
    });
  });

  describe("kit file paths", () => {
    const files = "/v1/brand-kits/harvest-table/versions/1/files";

    it("answers 400 naming `file` for malformed percent-encoding", async () => {
      for (const bad of ["%zz", "logos%2", "%", "%ff.png"]) {
        expectProblem(await call(`${easel.url}${files}/${bad}`, { key }), 400, "file");
      }
    });

    it("answers 404 for names that are members of every JavaScript object", async () => {
      for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]) {
        expectProblem(await call(`${easel.url}${files}/${name}`, { key }), 404, "file");
      }
    });

    it("serves a file as a download with a safe name, nosniff and no script", async () => {
      const version = (await call(`${easel.url}/v1/brand-kits/harvest-table`, { key })).body as {
        files: Record<string, { url: string }>;
      };
      const [path, { url }] = Object.entries(version.files).find(([p]) => p.startsWith("logos/")) as [
        string,
        { url: string },
      ];
      const res = await fetch(`${easel.url}${url}`, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
      const base = path.split("/").pop() as string;
      expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${base}"; filename*=UTF-8''${base}`);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
    });
  });

  it("answers every API response with X-Content-Type-Options: nosniff, problems included", async () => {
    const responses = await Promise.all([
      fetch(`${easel.url}/health`),
      fetch(`${easel.url}/v1/engines`, { headers: { authorization: `Bearer ${key}` } }),
      fetch(`${easel.url}/v1/engines`), // 401 problem
      fetch(`${easel.url}/v1/no-such-route`, { headers: { authorization: `Bearer ${key}` } }), // 404 problem
      fetch(`${easel.url}/v1/openapi.json`),
    ]);
    for (const res of responses) {
      expect(res.headers.get("x-content-type-options"), res.url).toBe("nosniff");
      await res.arrayBuffer();
    }
  });

  /** A console session cookie for `key`. */
  async function signIn(): Promise<string> {
    const res = await fetch(`${easel.url}/console/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { origin: easel.url, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ key }).toString(),
    });
    expect(res.status).toBe(303);
    return (res.headers.get("set-cookie") ?? "").split(";")[0] as string;
  }

  it("answers odd ids, escapes and prototype names anywhere in the API and console without a 500", async () => {
    const api = [
      "/v1/assets/%zz",
      "/v1/assets/__proto__/content",
      "/v1/assets?cursor=%zz",
      "/v1/jobs/%zz/events",
      "/v1/jobs/constructor",
      "/v1/jobs?cursor=__proto__&status=constructor",
      "/v1/provenance/manifests/__proto__",
      "/v1/brand-kits/constructor/versions/1",
      "/v1/brand-kits/harvest-table/diff?from=1&to=constructor",
      "/v1/brand-kits/harvest-table/versions/1/files/logos%2F%zz",
      "/v1/brand-kits/harvest-table/versions/1/files/logos/constructor",
      "/v1/safety/jobs/__proto__",
      "/v1/usage?period=%zz",
      "/v1/transparency/inclusion?index=1e400&size=-1",
    ];
    for (const path of api) {
      const res = await call(`${easel.url}${path}`, { key });
      expect(res.status, path).toBeLessThan(500);
    }
    const cookie = await signIn();
    const console = [
      "/console/kits/harvest-table/v/1/files/%zz",
      "/console/kits/harvest-table/v/1/files/__proto__",
      "/console/kits/constructor/v/1",
      "/console/history/%zz",
      "/console/documents/%zz",
      "/console/assets/__proto__",
    ];
    for (const path of console) {
      const res = await fetch(`${easel.url}${path}`, { headers: { cookie } });
      expect(res.status, path).toBeLessThan(500);
      await res.arrayBuffer();
    }
  });

  it("answers a console document id over 200 characters with a 400 naming `document`", async () => {
    const cookie = await signIn();
    const res = await fetch(`${easel.url}/console/documents/${"d".repeat(201)}`, { headers: { cookie } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("document");
    const fine = await fetch(`${easel.url}/console/documents/${"d".repeat(200)}`, { headers: { cookie } });
    expect(fine.status).toBe(200);
    await fine.arrayBuffer();
  });
});

describe("requests that stall", () => {
  // A server of its own with a short request timeout, so the other tests' uploads never race it.
  let easel: EaselProcess;
  let key: string;

  beforeAll(async () => {
    easel = await startEasel({ EASEL_REQUEST_TIMEOUT_MS: "2000" });
    key = await easel.createKey("stall", "ana");
  });
  afterAll(async () => easel?.stop());

  it("drops a request whose body promises more bytes than it sends", async () => {
    const head = [
      "POST /v1/jobs HTTP/1.1",
      `Host: 127.0.0.1`,
      `Authorization: Bearer ${key}`,
      "Content-Type: application/json",
      "Content-Length: 1000",
      "",
      "",
    ].join("\r\n");
    // Answered 408 and closed by the server (EASEL_REQUEST_TIMEOUT_MS), not held until the client gives up.
    const received = await sendAndWaitForClose(easel.url, `${head}{"kind":"noop"`);
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect((await fetch(`${easel.url}/health`)).status).toBe(200);
  });

  it("drops a request whose headers never finish", async () => {
    const received = await sendAndWaitForClose(easel.url, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });
});
