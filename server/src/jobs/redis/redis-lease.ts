import type { Redis } from "ioredis";

// Renews only while this holder still owns the key (compare-and-extend, atomically in Redis).
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/**
 * A lease on one role among API nodes (here: applying worker reports, which must happen in order, so
 * by one node at a time). The holder renews it every third of `ttlMs`; when it dies the key expires
 * and another node takes over.
 */
export class RedisLease {
  private timer: NodeJS.Timeout | null = null;
  private held = false;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly holder: string,
    private readonly ttlMs: number,
  ) {}

  get isHeld(): boolean {
    return this.held;
  }

  /** Tries to take or keep the lease; resolves to whether this node holds it now. */
  async tryHold(): Promise<boolean> {
    if (this.held) {
      this.held = (await this.redis.eval(RENEW, 1, this.key, this.holder, String(this.ttlMs))) === 1;
    } else {
      this.held = (await this.redis.set(this.key, this.holder, "PX", this.ttlMs, "NX")) === "OK";
    }
    return this.held;
  }

  /** Keeps trying (while not held) or renewing (while held); `onChange` hears every change. */
  start(onChange: (held: boolean) => void): void {
    const tick = async () => {
      const before = this.held;
      try {
        await this.tryHold();
      } catch {
        this.held = false;
      }
      if (this.held !== before) onChange(this.held);
      this.timer = setTimeout(() => void tick(), Math.max(100, Math.floor(this.ttlMs / 3)));
      this.timer.unref();
    };
    void tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    if (this.held) await this.redis.eval(RELEASE, 1, this.key, this.holder).catch(() => undefined);
    this.held = false;
  }
}
