import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error.js";
import { StreamSlots } from "./stream-slots.js";

describe("StreamSlots", () => {
  it("refuses a key's stream over the cap with a 429 and Retry-After, and frees slots on release", () => {
    const slots = new StreamSlots(2);
    const a = slots.acquire("key_a");
    slots.acquire("key_a");
    let refused: unknown;
    try {
      slots.acquire("key_a");
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(429);
    expect((refused as AppError).headers["retry-after"]).toBeTruthy();
    // Another key is not affected.
    expect(() => slots.acquire("key_b")).not.toThrow();
    a();
    a(); // releasing twice frees one slot only
    expect(slots.count("key_a")).toBe(1);
    expect(() => slots.acquire("key_a")).not.toThrow();
    expect(() => slots.acquire("key_a")).toThrow(AppError);
  });
});
