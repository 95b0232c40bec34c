import type { MiddlewareHandler } from "hono";

/**
 * `X-Content-Type-Options: nosniff` on every response, problems and streams included: a browser must
 * take an image, a kit SVG or a JSON body as the type we declared, never sniff it into HTML or script.
 */
export function noSniff(): MiddlewareHandler {
  return async function noSniff(c, next) {
    await next();
    c.res.headers.set("x-content-type-options", "nosniff");
  };
}
