import { z } from "zod";
import { ApiKeyInfo, ApiKeyList } from "../api-key.js";
import { BrandKitDiff, BrandKitDrift, BrandKitList, BrandKitVersion, KitVersionNumber } from "../brand-kit-views.js";
import { JobSafety, ProtectedReference, ProtectedReferenceList, ProtectedReferenceQuery } from "../safety.js";
import { UsageQuery, UsageReport } from "../usage.js";
import { apiRoute } from "./api-route.js";

const Id = z.object({ id: z.string() });
const Slug = z.object({ slug: z.string() });
const SlugVersion = z.object({ slug: z.string(), version: KitVersionNumber });
const KIT_BUNDLE = {
  kind: "upload",
  contentTypes: ["application/zip"],
  multipart: "one part per bundle file, named by its path (`brand-kit.json`, `logos/mark.svg`, …)",
  description: "the kit bundle: a zip, or multipart with one part per file",
} as const;

/** An org's usage and keys, brand kits, and protected-work safety. */
export const ORG_ROUTES = {
  usage: apiRoute({
    method: "get",
    path: "/v1/usage",
    summary: "The org's generations, quota, compute and (admins) cost in one month (`period=YYYY-MM`)",
    tag: "usage",
    query: UsageQuery,
    response: { kind: "json", status: 200, schema: UsageReport },
  }),
  listKeys: apiRoute({
    method: "get",
    path: "/v1/keys",
    summary: "The org's API keys, newest first (admins; never a secret)",
    tag: "keys",
    response: { kind: "json", status: 200, schema: ApiKeyList },
  }),
  revokeKey: apiRoute({
    method: "post",
    path: "/v1/keys/:id/revoke",
    summary: "Revoke one of the org's API keys (admins): 401 from its next request, its console sessions end",
    tag: "keys",
    params: Id,
    response: { kind: "json", status: 200, schema: ApiKeyInfo },
  }),
  listBrandKits: apiRoute({
    method: "get",
    path: "/v1/brand-kits",
    summary: "The org's brand kits with their latest version",
    tag: "brand-kits",
    response: { kind: "json", status: 200, schema: BrandKitList },
  }),
  createBrandKit: apiRoute({
    method: "post",
    path: "/v1/brand-kits",
    summary: "Upload a kit bundle (brand admins): a new kit, or a new version of the kit its slug names",
    tag: "brand-kits",
    body: KIT_BUNDLE,
    response: { kind: "json", status: 201, schema: BrandKitVersion },
  }),
  uploadBrandKitVersion: apiRoute({
    method: "post",
    path: "/v1/brand-kits/:slug/versions",
    summary: "Upload a new version of a kit (brand admins); the bundle's slug must match",
    tag: "brand-kits",
    params: Slug,
    body: KIT_BUNDLE,
    response: { kind: "json", status: 201, schema: BrandKitVersion },
  }),
  getBrandKit: apiRoute({
    method: "get",
    path: "/v1/brand-kits/:slug",
    summary: "A kit's latest version",
    tag: "brand-kits",
    params: Slug,
    response: { kind: "json", status: 200, schema: BrandKitVersion },
  }),
  getBrandKitVersion: apiRoute({
    method: "get",
    path: "/v1/brand-kits/:slug/versions/:version",
    summary: "One version of a kit",
    tag: "brand-kits",
    params: SlugVersion,
    response: { kind: "json", status: 200, schema: BrandKitVersion },
  }),
  brandKitFile: apiRoute({
    method: "get",
    path: "/v1/brand-kits/:slug/versions/:version/files/:file{.+}",
    summary: "A file of a kit version's bundle (logos, fonts, references), by its path in the bundle",
    tag: "brand-kits",
    params: SlugVersion.extend({ file: z.string() }),
    response: {
      kind: "bytes",
      status: 200,
      contentTypes: ["image/svg+xml", "image/png", "image/jpeg", "image/webp", "application/octet-stream"],
      description: "the file's bytes (served as an attachment)",
    },
  }),
  brandKitDiff: apiRoute({
    method: "get",
    path: "/v1/brand-kits/:slug/diff",
    summary: "What changed between two versions of a kit",
    tag: "brand-kits",
    params: Slug,
    query: z.object({ from: KitVersionNumber, to: KitVersionNumber }),
    response: { kind: "json", status: 200, schema: BrandKitDiff },
  }),
  brandKitDrift: apiRoute({
    method: "get",
    path: "/v1/brand-kits/:slug/drift",
    summary: "Palette adherence of the kit's outputs over time and per version, flagged below the kit's minimum",
    tag: "brand-kits",
    params: Slug,
    response: { kind: "json", status: 200, schema: BrandKitDrift },
  }),
  listSafetyReferences: apiRoute({
    method: "get",
    path: "/v1/safety/references",
    summary: "The org's protected works (admins manage them) and a count of the platform-wide ones",
    tag: "safety",
    response: { kind: "json", status: 200, schema: ProtectedReferenceList },
  }),
  addSafetyReference: apiRoute({
    method: "post",
    path: "/v1/safety/references",
    summary: "Register a protected work (org admins): outputs and uploads too similar to it are withheld",
    tag: "safety",
    query: ProtectedReferenceQuery,
    body: {
      kind: "upload",
      contentTypes: ["image/png", "image/jpeg", "image/webp"],
      description: "the protected image",
    },
    response: { kind: "json", status: 201, schema: ProtectedReference },
  }),
  removeSafetyReference: apiRoute({
    method: "delete",
    path: "/v1/safety/references/:id",
    summary: "Remove one of the org's protected works (org admins)",
    tag: "safety",
    params: Id,
    response: { kind: "empty", status: 204, description: "removed" },
  }),
  jobSafety: apiRoute({
    method: "get",
    path: "/v1/safety/jobs/:id",
    summary: "The safety decisions made about a job (prompt, outputs, similarity)",
    tag: "safety",
    params: Id,
    response: { kind: "json", status: 200, schema: JobSafety },
  }),
} as const;
