import { readFile } from "node:fs/promises";
import { loadConfig } from "../config/config.js";
import { openMetaDb } from "../db/meta-db.js";
import { AppError } from "../errors/app-error.js";
import { ProtectedRegistry } from "../safety/protected-registry.js";

export interface SafetyReferenceOptions {
  title?: string;
  /** Comma-separated org slugs or ids a platform entry does not bind. */
  exempt?: string;
}

/**
 * `easel safety references add <image> --title T [--exempt slug,…] | list | remove <id>`: the platform-wide
 * entries of the protected-work registry, which bind every org but the exempt ones. Only whoever runs the
 * service (with its database) manages them; no API key, not even an org admin's, reaches them.
 * A running service sees a change at its next review (it reads the registry's version before each).
 */
export async function runSafetyReferences(
  env: NodeJS.ProcessEnv,
  action: string | undefined,
  args: string[],
  options: SafetyReferenceOptions,
): Promise<void> {
  const config = loadConfig(env);
  const meta = await openMetaDb({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  const registry = new ProtectedRegistry(meta);
  try {
    switch (action) {
      case "add": {
        const [file] = args;
        if (!file || !options.title) {
          throw new Error("safety references add needs an image and --title, e.g. `… add work.png --title Dogs`");
        }
        const exempt = (options.exempt ?? "").split(",").filter((s) => s.trim());
        const added = await registry.register("platform", await readFile(file), options.title, exempt);
        process.stdout.write(`${JSON.stringify(added)}\n`);
        return;
      }
      case "list":
        for (const entry of await registry.listPlatform()) process.stdout.write(`${JSON.stringify(entry)}\n`);
        return;
      case "remove": {
        const [id] = args;
        if (!id) throw new Error("safety references remove needs an id, e.g. `… remove ref_…`");
        await registry.remove("platform", id);
        process.stdout.write(`removed ${id}\n`);
        return;
      }
      default:
        throw new Error(`safety references: unknown action "${action ?? ""}" (add, list or remove)`);
    }
  } catch (error) {
    // Domain errors name the option the operator got wrong.
    if (error instanceof AppError && error.field) {
      const option = error.field === "exempt" ? "--exempt" : error.field === "body" ? "<image>" : error.field;
      throw new Error(`${option}: ${error.message}`);
    }
    throw error;
  } finally {
    await meta.close();
  }
}
