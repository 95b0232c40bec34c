import type { ApiKeyInfo, ApiKeyList } from "../protocol/api-key.js";
import type { BrandKitDiff, BrandKitDrift, BrandKitList, BrandKitVersion } from "../protocol/brand-kit-views.js";
import type { Health, Readiness } from "../protocol/health.js";
import type { StoredManifest, VerificationResult } from "../protocol/provenance.js";
import type { QualityQuery, QualityReport, RankWeightsReport } from "../protocol/quality.js";
import type { DefaultModel } from "../protocol/routes/model-routes.js";
import type { JobSafety, ProtectedReference, ProtectedReferenceList } from "../protocol/safety.js";
import type { UsageReport } from "../protocol/usage.js";
import type { ConsistencyProof, InclusionProof, SignedTreeHead, TransparencyKey } from "../transparency/schemas.js";
import { ContractClient, type Upload } from "./contract-client.js";

/** A kit bundle: zip bytes, or a host `FormData` with one part per bundle file named by its path. */
export type KitBundle = Uint8Array | FormData;

const bundle = (kit: KitBundle): Upload =>
  kit instanceof Uint8Array ? { body: kit, contentType: "application/zip" } : { body: kit };

/**
 * The routes beyond assets and jobs: the service itself, the org (usage, keys), brand kits, safety
 * and provenance. Each method is one contract route; `EaselClient` adds assets, jobs and events.
 */
export class OrgClient extends ContractClient {
  /** `GET /health`. */
  async health(): Promise<Health> {
    return this.call("health", {});
  }

  /** `GET /ready`; a server that is not ready answers 503, thrown as an `EaselError`. */
  async ready(): Promise<Readiness> {
    return this.call("ready", {});
  }

  /** `GET /v1/openapi.json`: the API's OpenAPI 3.1 document. */
  async openApi(): Promise<Record<string, unknown>> {
    return this.call("openApi", {});
  }

  /** `GET /v1/usage`: generations, quota, compute and (admins) cost of a month (`YYYY-MM`; default now). */
  async usage(period?: string): Promise<UsageReport> {
    return this.call("usage", { query: period ? { period } : {} });
  }

  /** `GET /v1/quality`: first-try satisfaction and top-1 kept rate, per kind, kit and day (last 30 days by default). */
  async quality(query: QualityQuery = {}): Promise<QualityReport> {
    return this.call("quality", { query });
  }

  /** `GET /v1/quality/weights` (org admins): the ranking weights new jobs use, learned or default. */
  async rankWeights(): Promise<RankWeightsReport> {
    return this.call("rankWeights", {});
  }

  /** `GET /v1/models/default`: the registered model the org's jobs use when they name no `params.model`. */
  async defaultModel(): Promise<DefaultModel> {
    return this.call("defaultModel", {});
  }

  /** `POST /v1/models/default` (org admins): choose the org's default model, or `null` for the server's. */
  async setDefaultModel(model: string | null): Promise<DefaultModel> {
    return this.call("setDefaultModel", { body: { model } });
  }

  /** `GET /v1/keys` (org admins): the org's keys, never a secret. */
  async listKeys(): Promise<ApiKeyList> {
    return this.call("listKeys", {});
  }

  /** `POST /v1/keys/:id/revoke` (org admins). */
  async revokeKey(id: string): Promise<ApiKeyInfo> {
    return this.call("revokeKey", { params: { id } });
  }

  async listBrandKits(): Promise<BrandKitList> {
    return this.call("listBrandKits", {});
  }

  /** A kit's latest version, or the one named. */
  async getBrandKit(slug: string, version?: number): Promise<BrandKitVersion> {
    return version === undefined
      ? this.call("getBrandKit", { params: { slug } })
      : this.call("getBrandKitVersion", { params: { slug, version } });
  }

  /** Uploads a kit bundle (brand admins): a new kit, or a new version of the kit its slug names. */
  async createBrandKit(kit: KitBundle): Promise<BrandKitVersion> {
    return this.call("createBrandKit", {}, { upload: bundle(kit) });
  }

  /** Uploads a new version of `slug` (brand admins). */
  async uploadBrandKitVersion(slug: string, kit: KitBundle): Promise<BrandKitVersion> {
    return this.call("uploadBrandKitVersion", { params: { slug } }, { upload: bundle(kit) });
  }

  /** A file of a kit version's bundle, by its path in the bundle (`logos/mark.svg`). */
  async brandKitFile(slug: string, version: number, file: string): Promise<Uint8Array> {
    return this.call("brandKitFile", { params: { slug, version, file } });
  }

  async brandKitDiff(slug: string, from: number, to: number): Promise<BrandKitDiff> {
    return this.call("brandKitDiff", { params: { slug }, query: { from, to } });
  }

  async brandKitDrift(slug: string): Promise<BrandKitDrift> {
    return this.call("brandKitDrift", { params: { slug } });
  }

  async listSafetyReferences(): Promise<ProtectedReferenceList> {
    return this.call("listSafetyReferences", {});
  }

  /** Registers a protected work (org admins); `exempt`: org ids a platform entry does not bind. */
  async addSafetyReference(
    image: Uint8Array,
    title: string,
    options: { contentType?: string; exempt?: string[] } = {},
  ): Promise<ProtectedReference> {
    const query = { title, ...(options.exempt?.length ? { exempt: options.exempt.join(",") } : {}) };
    const upload = { body: image, contentType: options.contentType ?? "application/octet-stream" };
    return this.call("addSafetyReference", { query }, { upload });
  }

  async removeSafetyReference(id: string): Promise<void> {
    await this.call("removeSafetyReference", { params: { id } });
  }

  /** The safety decisions made about a job. */
  async jobSafety(jobId: string): Promise<JobSafety> {
    return this.call("jobSafety", { params: { id: jobId } });
  }

  /** What an image's Content Credentials say and whether they hold (public: no key needed). */
  async verifyProvenance(image: Uint8Array, contentType = "application/octet-stream"): Promise<VerificationResult> {
    return this.call("verifyProvenance", {}, { upload: { body: image, contentType } });
  }

  /** The stored manifest of one of the org's outputs (`layer.manifestId`). */
  async getManifest(id: string): Promise<StoredManifest> {
    return this.call("getManifest", { params: { id } });
  }

  async treeHead(): Promise<SignedTreeHead> {
    return this.call("treeHead", {});
  }

  /** The transparency log's key, endorsed by the signing certificate, to pin. */
  async transparencyKey(): Promise<TransparencyKey> {
    return this.call("transparencyKey", {});
  }

  async inclusionProof(index: number, size?: number): Promise<InclusionProof> {
    return this.call("inclusionProof", { query: size === undefined ? { index } : { index, size } });
  }

  async consistencyProof(first: number, second?: number): Promise<ConsistencyProof> {
    return this.call("consistencyProof", { query: second === undefined ? { first } : { first, second } });
  }
}
