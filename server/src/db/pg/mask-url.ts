/**
 * The connection URL with its password replaced by `***`, for error messages and logs
 * (`postgres://easel:***@db:5432/easel`). A URL that does not parse is masked after its `//user:`.
 */
export function maskPostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    // Libpq also takes the password as a query parameter (`?password=…`).
    if (parsed.searchParams.has("password")) parsed.searchParams.set("password", "***");
    return parsed.toString().replace("password=%2A%2A%2A", "password=***");
  } catch {
    return url.replace(/(\/\/[^:/@]*:)[^@]*@/, "$1***@").replace(/(password=)[^&\s]*/gi, "$1***");
  }
}
