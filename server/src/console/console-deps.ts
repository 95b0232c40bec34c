import type { AssetService } from "../assets/asset-service.js";
import type { ApiKeys } from "../auth/api-keys.js";
import type { AuthThrottle } from "../auth/auth-throttle.js";
import type { Principal } from "../auth/principal.js";
import type { UsageService } from "../billing/usage-service.js";
import type { BrandKitService } from "../brand/brand-kit-service.js";
import type { EngineCatalog } from "../engines/engine-catalog.js";
import type { ClientInfo } from "../http/client-context.js";
import type { JobService } from "../jobs/job-service.js";
import type { ProvenanceService } from "../provenance/provenance-service.js";
import type { QualityService } from "../quality/quality-service.js";
import type { SafetyAudit } from "../safety/safety-audit.js";
import type { SessionStore } from "./session-store.js";

/** The services the console pages call directly (server-rendered; the browser never holds the API key). */
export interface ConsoleDeps {
  keys: Pick<ApiKeys, "authenticate" | "verify">;
  /** Failed sign-ins per client address, shared with the API's bearer-key checks. */
  throttle: AuthThrottle;
  assets: AssetService;
  jobs: JobService;
  brandKits: BrandKitService;
  usage: UsageService;
  provenance: ProvenanceService;
  audit: SafetyAudit;
  /** Engines and registered models, for the Engines page. */
  catalog: EngineCatalog;
  /** First-try satisfaction figures and the ranking weights in use. */
  quality: QualityService;
  /** `maxUploadBytes`: largest body the console accepts for kit uploads and verification (bytes). */
  config: { maxUploadBytes: number };
  /** Sign-ins, in the metadata database (shared by API nodes, kept across restarts). */
  sessions: SessionStore;
}

/** One signed-in browser: a random id in an HttpOnly cookie, mapped here to the key's principal. */
export interface Session {
  id: string;
  /** Per-session token every POST form carries (`_csrf`), checked in constant time. */
  csrf: string;
  principal: Principal;
  createdAt: number; // ms since epoch
  lastSeenAt: number; // ms since epoch
}

/** Hono environment of the console routes. */
export interface ConsoleEnv {
  Variables: {
    requestId: string;
    session: Session | undefined;
    /** Set by the app's `clientContext` before the console is reached. */
    client: ClientInfo;
  };
}
