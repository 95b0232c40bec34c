import { AppError } from "../errors/app-error.js";

/**
 * Open long-lived streams (SSE) per API key on this API node, capped: a client that leaks
 * `EventSource`s (each reconnect a new one) cannot hold sockets and listeners without bound.
 */
export class StreamSlots {
  private readonly open = new Map<string, number>();

  constructor(private readonly maxPerKey: number) {}

  /** Takes a slot for `keyId` or throws a 429 problem; call the returned function once, when the stream ends. */
  acquire(keyId: string): () => void {
    const count = this.open.get(keyId) ?? 0;
    if (count >= this.maxPerKey) {
      throw new AppError(
        "rate_limited",
        `this API key already has ${count} event streams open (at most ${this.maxPerKey}); close one first`,
        { field: "authorization", retryable: true, headers: { "retry-after": "5" } },
      );
    }
    this.open.set(keyId, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(keyId) ?? 1) - 1;
      if (left <= 0) this.open.delete(keyId);
      else this.open.set(keyId, left);
    };
  }

  /** Streams open for `keyId` now. */
  count(keyId: string): number {
    return this.open.get(keyId) ?? 0;
  }
}
