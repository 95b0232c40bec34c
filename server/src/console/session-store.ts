import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { eq, lt, or } from "drizzle-orm";
import type { Principal } from "../auth/principal.js";
import { first, type MetaDb } from "../db/meta-db.js";
import type { Session } from "./console-deps.js";

const IDLE_MS = 8 * 3_600_000; // a session unused for 8 h ends
const ABSOLUTE_MS = 24 * 3_600_000; // and every session ends after 24 h, used or not
/** `lastSeenAt` is written at most this often, so browsing a page is not a database write (ms). */
const TOUCH_MS = 60_000;

function token(): string {
  return randomBytes(32).toString("base64url"); // 256 bits
}

function hashOf(id: string): string {
  return createHash("sha256").update(id).digest("hex");
}

/**
 * Console sessions in the metadata database, so they survive restarts and every API node sees them.
 * The cookie's token is stored only as its sha256 (a database leak signs nobody in), with the id of
 * the key that signed in — never the key — and the principal is resolved from that key on every use,
 * so revoking the key ends its sessions at once.
 */
export class SessionStore {
  constructor(
    private readonly db: MetaDb,
    private readonly keys: { principalOf(keyId: string): Promise<Principal | null> },
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts a session for a principal (and clears expired ones); the caller puts `id` in the cookie. */
  async create(principal: Principal): Promise<Session> {
    const at = this.now();
    const session: Session = { id: token(), csrf: token(), principal, createdAt: at, lastSeenAt: at };
    const { consoleSessions: s } = this.db.t;
    await this.db.run(async (q) => {
      await q.delete(s).where(or(lt(s.lastSeenAt, at - IDLE_MS), lt(s.createdAt, at - ABSOLUTE_MS)));
      await q.insert(s).values({
        idHash: hashOf(session.id),
        csrf: session.csrf,
        keyId: principal.keyId,
        createdAt: at,
        lastSeenAt: at,
      });
    });
    return session;
  }

  /** The live session with this id (and marks it used), or undefined when unknown, expired or revoked. */
  async get(id: string | undefined): Promise<Session | undefined> {
    if (!id) return undefined;
    const { consoleSessions: s } = this.db.t;
    const idHash = hashOf(id);
    const row = first(await this.db.run((q) => q.select().from(s).where(eq(s.idHash, idHash)).limit(1)));
    if (!row) return undefined;
    const at = this.now();
    const expired = at - row.lastSeenAt > IDLE_MS || at - row.createdAt > ABSOLUTE_MS;
    const principal = expired ? null : await this.keys.principalOf(row.keyId);
    if (!principal) {
      await this.db.run((q) => q.delete(s).where(eq(s.idHash, idHash)));
      return undefined;
    }
    if (at - row.lastSeenAt > TOUCH_MS) {
      await this.db.run((q) => q.update(s).set({ lastSeenAt: at }).where(eq(s.idHash, idHash)));
    }
    return { id, csrf: row.csrf, principal, createdAt: row.createdAt, lastSeenAt: at };
  }

  /** Ends a session (sign out). */
  async delete(id: string): Promise<void> {
    const { consoleSessions: s } = this.db.t;
    await this.db.run((q) => q.delete(s).where(eq(s.idHash, hashOf(id))));
  }

  /** Whether a submitted form token is this session's, compared in constant time. */
  static csrfMatches(session: Session, submitted: unknown): boolean {
    if (typeof submitted !== "string") return false;
    const a = Buffer.from(session.csrf);
    const b = Buffer.from(submitted);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
