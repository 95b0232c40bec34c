import { Redis } from "ioredis";
import { safeJson } from "../../util/safe-json.js";
import { type SettleHooks, settleOutputs } from "../settle-outputs.js";
import type { DispatchJobStore } from "./dispatch-job-store.js";
import type { RedisKeys } from "./redis-keys.js";
import { WorkerReport } from "./worker-report.js";

const GROUP = "api";

export interface ReportConsumerOptions {
  url: string;
  /** This API node's name in the reports consumer group. */
  consumer: string;
  log: (level: "info" | "warn" | "error", message: string) => void;
}

/**
 * Applies the reports workers send on the Redis stream to the job records, in stream order (so one
 * API node at a time runs it: see the lease in RedisDispatcher). Claims become running attempts (or
 * a stop signal when the job ended meanwhile), outputs go through the safety review and metering,
 * failures may become retries.
 */
export class ReportConsumer {
  // Blocking reads get their own connection, so they never delay other commands.
  private readonly reader: Redis;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly store: DispatchJobStore,
    private readonly hooks: SettleHooks,
    private readonly callbacks: { signalStop: (jobId: string) => Promise<void>; wake: () => void },
    private readonly options: ReportConsumerOptions,
  ) {
    this.reader = new Redis(options.url, { maxRetriesPerRequest: null });
  }

  /** Ends a blocking read at once (shutdown). */
  close(): void {
    this.reader.disconnect();
  }

  /** Creates the API nodes' consumer group (and the stream) unless they exist. */
  async ensureGroup(): Promise<void> {
    try {
      await this.redis.xgroup("CREATE", this.keys.reports, GROUP, "0", "MKSTREAM");
    } catch (error) {
      if (!String(error).includes("BUSYGROUP")) throw error;
    }
  }

  /** Takes over reports another node left unacknowledged, then applies new ones while `active()` holds. */
  async run(active: () => boolean): Promise<void> {
    try {
      await this.takeOverPending();
      while ((await this.consumeBatch("0")) > 0) {}
    } catch (error) {
      if (active()) this.options.log("error", `worker reports: ${(error as Error).message}`);
    }
    while (active()) {
      try {
        await this.consumeBatch(">");
      } catch (error) {
        if (!active()) return;
        // A Redis that restarted without its data has no consumer group: make it again.
        if (String(error).includes("NOGROUP")) {
          await this.ensureGroup().catch(() => undefined);
          continue;
        }
        this.options.log("error", `worker reports: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  /** Moves every delivered-but-unacknowledged report (a previous holder's) to this consumer. */
  private async takeOverPending(): Promise<void> {
    let cursor = "0-0";
    do {
      const reply = (await this.redis.xautoclaim(
        this.keys.reports,
        GROUP,
        this.options.consumer,
        0,
        cursor,
        "COUNT",
        500,
      )) as [string, unknown[]];
      cursor = reply[0];
    } while (cursor !== "0-0");
  }

  /** Reads reports (`0` = this consumer's pending ones, `>` = new ones) and applies them in order. */
  private async consumeBatch(from: "0" | ">"): Promise<number> {
    const reply = (
      from === ">"
        ? await this.reader.xreadgroup(
            "GROUP",
            GROUP,
            this.options.consumer,
            "COUNT",
            200,
            "BLOCK",
            1000,
            "STREAMS",
            this.keys.reports,
            from,
          )
        : await this.reader.xreadgroup(
            "GROUP",
            GROUP,
            this.options.consumer,
            "COUNT",
            200,
            "STREAMS",
            this.keys.reports,
            from,
          )
    ) as [string, [string, string[]][]][] | null;
    let count = 0;
    for (const [, entries] of reply ?? []) {
      for (const [id, fields] of entries) {
        await this.apply(fields[1] ?? "");
        await this.redis.xack(this.keys.reports, GROUP, id);
      }
      if (entries.length > 0) await this.redis.xtrim(this.keys.reports, "MINID", entries.at(-1)?.[0] as string);
      count += entries.length;
    }
    return count;
  }

  private async apply(raw: string): Promise<void> {
    const parsed = WorkerReport.safeParse(safeJson(raw));
    if (!parsed.success) {
      this.options.log("error", `ignored a malformed worker report: ${parsed.error.message.slice(0, 200)}`);
      return;
    }
    const report = parsed.data;
    const { jobId, leaseToken } = report;
    switch (report.type) {
      case "claimed":
        if ((await this.store.adoptClaim(jobId, report.worker, leaseToken)) === "stop")
          await this.callbacks.signalStop(jobId);
        return;
      case "progress":
        await this.store.reportProgress(jobId, leaseToken, report.progress);
        return;
      case "candidate":
        await this.store.reportCandidate(jobId, leaseToken, report.output);
        return;
      case "succeeded": {
        const job = await this.store.claimedJob(jobId, leaseToken);
        if (job) await settleOutputs(this.store, this.hooks, job, report.outputs, report.computeMs);
        return;
      }
      case "failed": {
        const job = await this.store.claimedJob(jobId, leaseToken);
        if (!job) return;
        await this.hooks.meter?.({ job, computeMs: report.computeMs, images: 0 });
        const outcome = report.interrupted
          ? await this.store.interrupt(jobId, leaseToken, report.problem)
          : await this.store.fail(jobId, leaseToken, report.problem, report.retryable);
        if (outcome === "retrying") this.callbacks.wake();
        return;
      }
      case "cancelled":
        await this.store.confirmCancelled(jobId, leaseToken, report.reason);
        return;
      case "released":
        await this.store.release(jobId, leaseToken);
        return;
    }
  }
}
