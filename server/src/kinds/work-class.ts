/** The kinds of work a worker process can take, and the queue each plan is routed to. */
export const WORK_CLASSES = ["upscale", "inpaint", "generate", "stylize", "select", "noop"] as const;
export type WorkClass = (typeof WORK_CLASSES)[number];
