import type { Context } from "hono";
import { AppError } from "../errors/app-error.js";
import type { ConsoleEnv, Session } from "./console-deps.js";
import { SessionStore } from "./session-store.js";

/** Parses a POSTed form; when `session` is given, its `_csrf` token must match or nothing is done (403). */
export async function readForm(c: Context<ConsoleEnv>, session?: Session): Promise<FormData> {
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch (error) {
    if (error instanceof AppError) throw error; // a body over its limit stays a 413
    throw new AppError("validation", "the form could not be read; send it again", { field: "body" });
  }
  if (session && !SessionStore.csrfMatches(session, form.get("_csrf"))) {
    throw new AppError("forbidden", "the form's security token is missing or stale; reload the page and try again", {
      field: "_csrf",
    });
  }
  return form;
}
