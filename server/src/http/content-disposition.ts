/**
 * A `Content-Disposition` header for a file named `name` (RFC 6266): the base name only, an ASCII
 * fallback with quotes, backslashes and control characters replaced, and the exact name as UTF-8 in
 * `filename*` (RFC 8187), so no name can break out of the header or pick a directory.
 */
export function contentDisposition(type: "attachment" | "inline", name: string): string {
  const base = name.slice(name.lastIndexOf("/") + 1) || "file";
  const ascii = base.replace(/[^\x20-\x7e]|["\\]/g, "_");
  const encoded = encodeURIComponent(base).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
