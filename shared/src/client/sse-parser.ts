import { Utf8Decoder } from "./utf8.js";

/** One message of a `text/event-stream` (https://html.spec.whatwg.org/multipage/server-sent-events.html). */
export interface SseMessage {
  id: string | null;
  event: string;
  data: string;
}

/** Splits SSE text into messages; keeps state across chunks (`push`), `end()` flushes nothing half-read. */
class SseLines {
  private buffer = "";
  private id: string | null = null;
  private event = "";
  private data: string[] = [];

  /** Adds decoded text and returns the messages it completed. */
  push(text: string): SseMessage[] {
    const out: SseMessage[] = [];
    this.buffer += text;
    let newline = this.buffer.search(/\r\n|\r|\n/);
    while (newline >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + (this.buffer.startsWith("\r\n", newline) ? 2 : 1));
      if (line === "") {
        if (this.data.length > 0) out.push({ id: this.id, event: this.event || "message", data: this.data.join("\n") });
        this.event = "";
        this.data = [];
      } else if (!line.startsWith(":")) {
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const raw = colon < 0 ? "" : line.slice(colon + 1);
        const value = raw.startsWith(" ") ? raw.slice(1) : raw;
        if (field === "data") this.data.push(value);
        else if (field === "event") this.event = value;
        else if (field === "id") this.id = value;
      }
      newline = this.buffer.search(/\r\n|\r|\n/);
    }
    return out;
  }
}

/** Parses a byte stream of server-sent events into messages; comments and retry lines are skipped. */
export async function* parseSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const reader = body.getReader();
  const decoder = new Utf8Decoder();
  const lines = new SseLines();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      yield* lines.push(decoder.decode(value, true));
    }
  } finally {
    reader.releaseLock();
  }
}

/** Parses a whole `text/event-stream` body read at once (hosts whose `fetch` cannot stream). */
export function parseSseText(text: string): SseMessage[] {
  return new SseLines().push(text.endsWith("\n") ? text : `${text}\n`);
}
