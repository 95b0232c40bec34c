/**
 * What the API side needs from whatever runs jobs: the embedded `JobRunner` (worker threads in this
 * process) or the `RedisDispatcher` (stateless worker processes elsewhere).
 */
export interface JobScheduler {
  /** Something became runnable (a new job, a due retry): look for work now. */
  wake(): void;
  /** Stops a running job whose cancel was requested; resolves once the job reached a terminal state. */
  cancel(jobId: string): Promise<void>;
}
