import { z } from "zod";
import { ConsistencyProof, InclusionProof, SignedTreeHead, TransparencyKey } from "../../transparency/schemas.js";
import { Health, Readiness } from "../health.js";
import { ConsistencyQuery, InclusionQuery, StoredManifest, VerificationResult } from "../provenance.js";
import { apiRoute } from "./api-route.js";

const IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;

/** Routes anyone may call: liveness, readiness, the document itself, verification and the log. */
export const PUBLIC_ROUTES = {
  health: apiRoute({
    method: "get",
    path: "/health",
    summary: "Liveness: the process answers",
    tag: "system",
    public: true,
    response: { kind: "json", status: 200, schema: Health },
  }),
  ready: apiRoute({
    method: "get",
    path: "/ready",
    summary: "Readiness of the database, storage and workers (503 with the failing checks when not ready)",
    tag: "system",
    public: true,
    response: { kind: "json", status: 200, schema: Readiness },
  }),
  openApi: apiRoute({
    method: "get",
    path: "/v1/openapi.json",
    summary: "This document",
    tag: "system",
    public: true,
    response: { kind: "json", status: 200, schema: z.record(z.string(), z.unknown()) },
  }),
  verifyProvenance: apiRoute({
    method: "post",
    path: "/v1/provenance/verify",
    summary: "What an image's Content Credentials (C2PA) say and whether they hold; stripped copies match by pixels",
    tag: "provenance",
    public: true,
    body: { kind: "upload", contentTypes: IMAGE_TYPES, multipart: "file", description: "the image to verify" },
    response: { kind: "json", status: 200, schema: VerificationResult },
  }),
  treeHead: apiRoute({
    method: "get",
    path: "/v1/transparency/tree-head",
    summary: "The transparency log's current signed tree head",
    tag: "provenance",
    public: true,
    response: { kind: "json", status: 200, schema: SignedTreeHead },
  }),
  transparencyKey: apiRoute({
    method: "get",
    path: "/v1/transparency/key",
    summary: "The log's public key, endorsed by the C2PA signing certificate, for clients to pin",
    tag: "provenance",
    public: true,
    response: { kind: "json", status: 200, schema: TransparencyKey },
  }),
  inclusionProof: apiRoute({
    method: "get",
    path: "/v1/transparency/inclusion",
    summary: "Proof that the manifest at `index` is in the log of `size` (default: the current size)",
    tag: "provenance",
    public: true,
    query: InclusionQuery,
    response: { kind: "json", status: 200, schema: InclusionProof },
  }),
  consistencyProof: apiRoute({
    method: "get",
    path: "/v1/transparency/consistency",
    summary: "Proof that the log of size `second` (default: current) extends the log of size `first`",
    tag: "provenance",
    public: true,
    query: ConsistencyQuery,
    response: { kind: "json", status: 200, schema: ConsistencyProof },
  }),
} as const;

/** Org-scoped provenance: an output's stored manifest (other orgs' answer 404). */
export const MANIFEST_ROUTES = {
  getManifest: apiRoute({
    method: "get",
    path: "/v1/provenance/manifests/:id",
    summary: "A stored manifest of one of the org's outputs, with its place in the transparency log",
    tag: "provenance",
    params: z.object({ id: z.string() }),
    response: { kind: "json", status: 200, schema: StoredManifest },
  }),
} as const;
