import type { Principal } from "../auth/principal.js";
import type { ClientInfo } from "./client-context.js";

/** The one Hono environment threaded through the app and every middleware. */
export interface AppEnv {
  Variables: {
    requestId: string;
    principal: Principal;
    /** The client's address and scheme (`clientContext`), X-Forwarded-* only from trusted proxies. */
    client: ClientInfo;
  };
}
