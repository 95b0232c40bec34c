// Strip worker entry from TypeScript sources (bench runs under tsx): registers tsx's loader in this thread
// (hooks of the parent thread do not reach worker threads on Node 20), then runs the worker.
import { register } from "tsx/esm/api";

register();
await import("./strip-worker-main.ts");
