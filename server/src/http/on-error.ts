import type { ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError } from "../errors/app-error.js";
import { internalProblem, toProblem } from "../errors/problem.js";
import { storageFault, storageUnavailable } from "../storage/storage-fault.js";
import type { AppEnv } from "./env.js";

const PROBLEM_JSON = "application/problem+json";

/** Maps every thrown error to `application/problem+json`; unexpected ones are logged, never leaked. */
export function onError(log: (message: string) => void): ErrorHandler<AppEnv> {
  return function onError(error, c) {
    const requestId = c.get("requestId");
    let appError: AppError | null = null;
    const fault = error instanceof AppError ? null : storageFault(error);
    if (error instanceof AppError) appError = error;
    else if (fault) {
      log(`request ${requestId} ${c.req.method} ${c.req.path}: storage fault: ${error.message}`);
      appError = storageUnavailable(fault);
    } else if (error instanceof HTTPException && error.status === 413) {
      appError = new AppError("payload_too_large", "the request body is larger than this server accepts", {
        field: "body",
      });
    } else if (error instanceof HTTPException && error.status < 500) {
      appError = new AppError(error.status === 401 ? "unauthorized" : "validation", error.message || "bad request", {
        status: error.status,
      });
    }
    if (!appError) {
      log(`request ${requestId} ${c.req.method} ${c.req.path} failed: ${error.stack ?? error}`);
      return c.body(JSON.stringify(internalProblem(requestId)), 500, { "content-type": PROBLEM_JSON });
    }
    return c.body(JSON.stringify(toProblem(appError, requestId)), appError.status as ContentfulStatusCode, {
      "content-type": PROBLEM_JSON,
      ...appError.headers,
    });
  };
}

/** Unknown routes answer 404 as a problem too. */
export const onNotFound: NotFoundHandler<AppEnv> = (c) => {
  const problem = toProblem(
    new AppError("not_found", `no route for ${c.req.method} ${c.req.path}`),
    c.get("requestId"),
  );
  return c.body(JSON.stringify(problem), 404, { "content-type": PROBLEM_JSON });
};
