import type { ApiRoute } from "./api-route.js";
import { ASSET_JOB_ROUTES } from "./asset-job-routes.js";
import { MODEL_ROUTES } from "./model-routes.js";
import { ORG_ROUTES } from "./org-routes.js";
import { MANIFEST_ROUTES, PUBLIC_ROUTES } from "./public-routes.js";
import { QUALITY_ROUTES } from "./quality-routes.js";

export * from "./api-route.js";
export { DefaultModel } from "./model-routes.js";

/** Every route of the API (the console's HTML pages under `/console` are not part of it). */
export const API = {
  ...PUBLIC_ROUTES,
  ...ASSET_JOB_ROUTES,
  ...MANIFEST_ROUTES,
  ...ORG_ROUTES,
  ...MODEL_ROUTES,
  ...QUALITY_ROUTES,
} as const;
export type Api = typeof API;
export type ApiRouteName = keyof Api;

/** The routes as a list, in declaration order. */
export const API_ROUTES: readonly (ApiRoute & { name: ApiRouteName })[] = Object.entries(API).map(([name, route]) => ({
  ...route,
  name: name as ApiRouteName,
}));
