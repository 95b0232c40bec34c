import { request } from "node:http";
import { connect } from "node:net";

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const NO_ANSWER_MS = 30_000; // a guard so a server that never answers fails the test instead of hanging it

/**
 * Sends a request whose body never ends: `declaredLength` (a `Content-Length` larger than what is sent)
 * or chunked when absent, writing up to `sendBytes` and then waiting. Resolves with the server's answer,
 * which must therefore come before the body is complete; rejects if none comes.
 */
export function sendUnfinishedBody(
  url: string,
  options: { method?: string; headers?: Record<string, string>; declaredLength?: number; sendBytes: number },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.declaredLength !== undefined) headers["content-length"] = String(options.declaredLength);
    const req = request(url, { method: options.method ?? "POST", headers });
    let answered = false;
    const guard = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer after sending ${options.sendBytes} bytes of an unfinished body`));
    }, NO_ANSWER_MS);
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => {
        clearTimeout(guard);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on("error", (error) => {
      if (!answered) {
        clearTimeout(guard);
        reject(error);
      }
    });
    // Write with backpressure until the budget is spent or the server has answered; never end the body.
    const chunk = Buffer.alloc(64 * 1024, 0x20); // JSON whitespace: valid as far as it goes
    void (async () => {
      let sent = 0;
      while (sent < options.sendBytes && !answered && !req.destroyed) {
        const piece = chunk.subarray(0, Math.min(chunk.length, options.sendBytes - sent));
        sent += piece.length;
        if (!req.write(piece)) {
          await new Promise<void>((done) => {
            const tick = setInterval(() => {
              if (answered || req.destroyed) {
                clearInterval(tick);
                done();
              }
            }, 50);
            req.once("drain", () => {
              clearInterval(tick);
              done();
            });
          });
        }
      }
    })();
  });
}

/**
 * Writes `text` on a raw TCP connection and never sends more; resolves with whatever the server wrote
 * once it closes the connection, and rejects if it holds it open past the guard.
 */
export function sendAndWaitForClose(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(text));
    let received = "";
    const guard = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server still held the connection open after ${NO_ANSWER_MS} ms`));
    }, NO_ANSWER_MS);
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      received += chunk;
    });
    socket.on("error", () => {
      // a reset is a close too
    });
    socket.on("close", () => {
      clearTimeout(guard);
      resolve(received);
    });
  });
}
