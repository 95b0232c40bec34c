import { kindOf } from "../kinds/index.js";
import type { Plan } from "../pipeline/plan-types.js";
import { ProvenanceError } from "../provenance/provenance-error.js";
import type { TaskFailure } from "./worker-messages.js";

/**
 * The failure of a task that an engine or a library (sharp, OpenCV, ONNX Runtime, c2pa) ended with an
 * error the pipeline did not name: a `job_failed` problem in the product's words, naming the engine. The
 * library's own text is the failure's `cause`, which the runner logs with the job id and which never
 * reaches the job record: it can quote file paths, model internals or memory addresses.
 */
export function engineFailure(error: unknown, plan: Plan): TaskFailure {
  const cause = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const engine = plan.kind === "noop" ? "diagnostic" : plan.engine;
  // Signing runs after the engine: its failure is not the engine's.
  const what =
    error instanceof ProvenanceError
      ? "signing the result with Content Credentials failed"
      : `the ${engine} engine failed while ${kindOf(plan).doing}`;
  return {
    code: "job_failed",
    message: `${what}; the cause is in the service log under this job's id`,
    cause,
    retryable: false,
    aborted: false,
  };
}
