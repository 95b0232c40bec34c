import { z } from "zod";
import { ModelName } from "../engine.js";
import { apiRoute } from "./api-route.js";

/** An org's default text-to-image model: what its generate and vary jobs use when they name none. */
export const DefaultModel = z.object({
  /** A registered model's name (`GET /v1/engines` lists them with `model`), or null for the server's default. */
  model: ModelName.nullable(),
});
export type DefaultModel = z.infer<typeof DefaultModel>;

/** The org's default model (registered models themselves are added by the operator: `easel models add`). */
export const MODEL_ROUTES = {
  defaultModel: apiRoute({
    method: "get",
    path: "/v1/models/default",
    summary: "The registered model the org's generate and vary jobs use when they name no params.model",
    tag: "engines",
    response: { kind: "json", status: 200, schema: DefaultModel },
  }),
  setDefaultModel: apiRoute({
    method: "post",
    path: "/v1/models/default",
    summary:
      "Set (or with null clear) the org's default model (org admins); 422 naming `model` when it is not one the org can use",
    tag: "engines",
    body: { kind: "json", schema: DefaultModel },
    response: { kind: "json", status: 200, schema: DefaultModel },
  }),
} as const;
