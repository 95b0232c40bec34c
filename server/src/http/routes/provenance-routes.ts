import { API } from "@easel/shared/protocol";
import { AppError } from "../../errors/app-error.js";
import type { ProvenanceService } from "../../provenance/provenance-service.js";
import { ContractRouter } from "../contract.js";
import { readImageBody, uploadLimit } from "../upload-body.js";

/** Public routes: anyone may verify an image and audit the transparency log. */
export function publicProvenanceRoutes(provenance: ProvenanceService, maxUploadBytes: number) {
  return new ContractRouter("/v1")
    .on(
      API.verifyProvenance,
      async (c) => {
        const bytes = await readImageBody(c);
        if (bytes.length === 0)
          throw new AppError("validation", "send the image to verify as the body", { field: "body" });
        try {
          return await provenance.verify(bytes);
        } catch (error) {
          if (error instanceof AppError) throw error;
          throw new AppError(
            "unsupported_media_type",
            "the body is not an image whose Content Credentials can be read",
            { field: "body" },
          );
        }
      },
      uploadLimit(maxUploadBytes, "images"),
    )
    .on(API.treeHead, () => provenance.treeHead())
    .on(API.transparencyKey, () => provenance.transparencyKey())
    .on(API.inclusionProof, (_c, { query }) => provenance.inclusionProof(query.index, query.size))
    .on(API.consistencyProof, (_c, { query }) => provenance.consistencyProof(query.first, query.second)).app;
}

/** Org-scoped: the stored manifest of an output (other orgs' manifests answer 404). */
export function manifestRoutes(provenance: ProvenanceService) {
  return new ContractRouter("/v1/provenance/manifests").on(API.getManifest, (c, { params }) =>
    provenance.manifest(c.get("principal").orgId, params.id),
  ).app;
}
