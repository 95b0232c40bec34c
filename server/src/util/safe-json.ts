/** Parses JSON from another process, or gives null for text that is not JSON (never throws). */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
