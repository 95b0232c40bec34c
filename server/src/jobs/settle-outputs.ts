import type { JobEventData, Problem, ProblemCode } from "@easel/shared/protocol";
import { AppError } from "../errors/app-error.js";
import { toProblem } from "../errors/problem.js";
import type { PlanOutput } from "../pipeline/plan-types.js";
import type { ClaimedJob, JobLeases } from "./job-leases.js";

/** What happens to an attempt's outputs before delivery, wherever the attempt ran. */
export interface SettleHooks {
  /** Records the compute an attempt used (metering), whatever its outcome. */
  meter?: (usage: { job: ClaimedJob; computeMs: number; images: number }) => void | Promise<void>;
  /** Reviews outputs before delivery (safety); blocked ones are marked and never become layers. */
  review?: (job: ClaimedJob, outputs: PlanOutput[]) => PlanOutput[] | Promise<PlanOutput[]>;
}

/** Where an attempt settles: the job records (the API node's queue: db-job-queue.ts). */
export interface SettleQueue extends Pick<JobLeases, "succeed" | "fail"> {
  /** Announces a safety decision on the job's event stream (`safety`). */
  reportSafety(id: string, leaseToken: string, decision: JobEventData<"safety">): Promise<boolean>;
}

/**
 * Reviews an attempt's outputs, then delivers the allowed ones (`succeed`) or fails the job when the
 * review withheld every one, and meters the compute either way. Embedded runners call this right
 * after the worker thread returns; in the distributed mode the API node calls it on a worker's report.
 */
export async function settleOutputs(
  queue: SettleQueue,
  hooks: SettleHooks,
  job: ClaimedJob,
  outputs: PlanOutput[],
  computeMs: number,
): Promise<void> {
  const reviewed = hooks.review ? await hooks.review(job, outputs) : outputs;
  // Each withheld output is announced as it is settled (the protocol's \`safety\` event), delivered or not.
  for (const output of reviewed) {
    if (output.safety?.decision !== "block") continue;
    await queue.reportSafety(job.id, job.leaseToken, { decision: "block", reason: output.safety.reason });
  }
  const deliverable = reviewed.filter((o) => o.safety?.decision !== "block");
  if (reviewed.length > 0 && deliverable.length === 0) {
    const reasons = [...new Set(reviewed.map((o) => o.safety?.reason ?? "blocked"))].join("; ");
    await queue.fail(
      job.id,
      job.leaseToken,
      problem("content_policy", `every output was withheld by the safety checks: ${reasons}`),
      false,
    );
    await hooks.meter?.({ job, computeMs, images: 0 });
    return;
  }
  const delivered = await queue.succeed(job.id, job.leaseToken, deliverable);
  await hooks.meter?.({ job, computeMs, images: delivered ? deliverable.length : 0 });
}

/** A problem document from a code and a detail, as the queue stores it. */
export function problem(code: ProblemCode, detail: string, field?: string): Problem {
  return toProblem(new AppError(code, detail, field === undefined ? {} : { field }));
}
