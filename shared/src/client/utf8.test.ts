import { describe, expect, it } from "vitest";
import { parseSseText } from "./sse-parser.js";
import { Utf8Decoder, utf8Decode, utf8Encode } from "./utf8.js";

// The fallbacks run where the host has no TextEncoder/TextDecoder; here both exist, so each test
// hides them for its duration to exercise the fallback, and compares against the native codec.
function withoutTextCodec<T>(fn: () => T): T {
  const saved = { TextEncoder: globalThis.TextEncoder, TextDecoder: globalThis.TextDecoder };
  Object.assign(globalThis, { TextEncoder: undefined, TextDecoder: undefined });
  try {
    return fn();
  } finally {
    Object.assign(globalThis, saved);
  }
}

const SAMPLES = ["", "plain ascii", "Crème brûlée · 東京 · 🎨🖌️", 'data: {"detail":"größer als 4096 px"}\n\n'];

describe("UTF-8 without TextEncoder/TextDecoder", () => {
  it("encodes and decodes like the native codec", () => {
    for (const text of SAMPLES) {
      const native = new TextEncoder().encode(text);
      expect(withoutTextCodec(() => utf8Encode(text))).toEqual(native);
      expect(withoutTextCodec(() => utf8Decode(native))).toBe(text);
    }
  });

  it("decodes a character split across chunks", () => {
    const bytes = new TextEncoder().encode("a🎨b");
    const text = withoutTextCodec(() => {
      const decoder = new Utf8Decoder();
      return decoder.decode(bytes.subarray(0, 3), true) + decoder.decode(bytes.subarray(3), false);
    });
    expect(text).toBe("a🎨b");
  });

  it("parses an event stream read whole", () => {
    const messages = parseSseText('id: 1\nevent: progress\ndata: {"a":1}\n\n: ping\n\nid: 2\ndata: x\n\n');
    expect(messages).toEqual([
      { id: "1", event: "progress", data: '{"a":1}' },
      { id: "2", event: "message", data: "x" },
    ]);
  });
});
