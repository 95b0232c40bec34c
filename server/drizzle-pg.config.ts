import { defineConfig } from "drizzle-kit";

// PostgreSQL twin of drizzle.config.ts; migrations are applied by openPostgres (src/db/pg/database.ts).
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/pg/schema.ts",
  out: "./drizzle-pg",
});
