import { loadConfig } from "../config/config.js";
import { openMetaDb } from "../db/meta-db.js";

/** `easel migrate`: brings the metadata database (SQLite in the data dir, or PostgreSQL) to the latest schema. */
export async function runMigrate(env: NodeJS.ProcessEnv): Promise<void> {
  const config = loadConfig(env);
  const db = await openMetaDb({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  await db.close();
  process.stdout.write(`database ready: ${db.description}\n`);
}
