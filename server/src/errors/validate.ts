import type { z } from "zod";
import { AppError } from "./app-error.js";

/** Parses untrusted input with a schema; the first issue becomes a 400 problem naming its field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, root = "body"): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join(".") : root;
  const message = issue?.message ?? "is invalid";
  throw new AppError("validation", `\`${field}\`: ${message}`, { field });
}
