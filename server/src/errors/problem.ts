import { type Problem, problemType } from "@easel/shared/protocol";
import { AppError } from "./app-error.js";

/** Problem details for an AppError (RFC 9457). */
export function toProblem(error: AppError, requestId?: string): Problem {
  return {
    type: problemType(error.code),
    title: error.title,
    status: error.status,
    detail: error.message,
    code: error.code,
    ...(error.field === undefined ? {} : { field: error.field }),
    ...(requestId === undefined ? {} : { requestId }),
  };
}

/** Problem details for a failure we did not expect: no internals leak, only the request id. */
export function internalProblem(requestId?: string): Problem {
  return toProblem(
    new AppError("internal", "Something went wrong on our side. Quote the request id if you contact support."),
    requestId,
  );
}
