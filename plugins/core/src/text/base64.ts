// Base64 without `btoa`/`atob` (not UXP globals before 7.x; absent in Figma's main thread). RFC 4648 §4.

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Encodes bytes as standard base64 with padding. */
export function base64Encode(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    chunk +=
      ALPHABET.charAt(n >> 18) +
      ALPHABET.charAt((n >> 12) & 63) +
      (b === undefined ? "=" : ALPHABET.charAt((n >> 6) & 63)) +
      (c === undefined ? "=" : ALPHABET.charAt(n & 63));
    // Join in pieces: one huge string concatenation is slow in some engines.
    if (chunk.length >= 16_384) {
      parts.push(chunk);
      chunk = "";
    }
  }
  parts.push(chunk);
  return parts.join("");
}

/** Decodes standard base64 (padding optional, whitespace ignored). */
export function base64Decode(text: string): Uint8Array {
  const clean = text.replace(/[\s=]/g, "");
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    const v = [0, 1, 2, 3].map((k) => (i + k < clean.length ? ALPHABET.indexOf(clean.charAt(i + k)) : 0));
    if (v.some((x) => x < 0)) throw new Error(`not base64 at character ${i}`);
    const n = ((v[0] as number) << 18) | ((v[1] as number) << 12) | ((v[2] as number) << 6) | (v[3] as number);
    out[o++] = n >> 16;
    if (i + 2 < clean.length) out[o++] = (n >> 8) & 255;
    if (i + 3 < clean.length) out[o++] = n & 255;
  }
  return out.subarray(0, o);
}

/** A `data:` URL for image bytes; UXP `<img>` takes base64 data URLs, not blob URLs. */
export function dataUrl(bytes: Uint8Array, mime: "image/png" | "image/jpeg"): string {
  return `data:${mime};base64,${base64Encode(bytes)}`;
}
