// UTF-8 without `TextEncoder`/`TextDecoder`: UXP (Photoshop) and other plugin hosts may lack them
// (DESIGN.md §10). The native codec is used when the host has one; this is the fallback.

/** Encodes a string as UTF-8 bytes (WHATWG Encoding §9.1), lone surrogates as U+FFFD. */
export function utf8Encode(text: string): Uint8Array {
  if (typeof TextEncoder === "function") return new TextEncoder().encode(text);
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/** A streaming UTF-8 decoder: `decode(chunk)` keeps an incomplete trailing sequence for the next chunk. */
export class Utf8Decoder {
  private pending: number[] = [];
  private readonly native = typeof TextDecoder === "function" ? new TextDecoder() : null;

  /** Decodes a chunk; pass `stream: false` (the default) for the last one. */
  decode(bytes: Uint8Array, stream = false): string {
    if (this.native) return this.native.decode(bytes, { stream });
    const all = this.pending.length ? Uint8Array.from([...this.pending, ...bytes]) : bytes;
    this.pending = [];
    let out = "";
    let i = 0;
    while (i < all.length) {
      const b = all[i] as number;
      const need = b < 0x80 ? 0 : b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : -1;
      if (need < 0) {
        out += "\ufffd";
        i++;
        continue;
      }
      if (need > 0 && i + need >= all.length && stream) {
        // An incomplete sequence at the end of a chunk: finish it with the next one.
        this.pending = Array.from(all.subarray(i));
        break;
      }
      let code = need === 0 ? b : b & (0x3f >> need);
      let ok = i + need < all.length;
      for (let k = 1; ok && k <= need; k++) {
        const c = all[i + k] as number;
        if ((c & 0xc0) !== 0x80) ok = false;
        else code = (code << 6) | (c & 63);
      }
      if (!ok) {
        out += "\ufffd";
        i++;
        continue;
      }
      out += String.fromCodePoint(code);
      i += need + 1;
    }
    return out;
  }
}

/** Decodes UTF-8 bytes to a string in one go. */
export function utf8Decode(bytes: Uint8Array): string {
  return new Utf8Decoder().decode(bytes);
}
