import type { Context } from "hono";
import { AppError } from "../errors/app-error.js";

/**
 * The JSON body of a request. It is bounded like every body (`boundedBodies`): one over the limit is
 * a 413, one that does not parse a 400 naming the body.
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("validation", "the body must be a JSON object", { field: "body" });
  }
}
