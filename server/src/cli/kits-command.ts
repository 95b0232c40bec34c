import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { ApiKeys } from "../auth/api-keys.js";
import { readOrgSettings } from "../auth/org-settings.js";
import type { Principal } from "../auth/principal.js";
import { BrandKitService } from "../brand/brand-kit-service.js";
import { loadConfig } from "../config/config.js";
import { openMetaDb } from "../db/meta-db.js";
import { createBlobStore } from "../storage/create-blob-store.js";

/** Every file under a kit folder, keyed by its path in the bundle. */
export function readKitFolder(dir: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      if (name === "node_modules" || name.startsWith(".")) continue;
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), new Uint8Array(readFileSync(path)));
    }
  };
  walk(dir);
  return files;
}

/** `easel kits import <dir…> --org <slug>`: uploads kit folders as new versions, as a brand admin would. */
export async function runKitsImport(env: NodeJS.ProcessEnv, dirs: string[], org?: string): Promise<void> {
  if (!org) throw new Error("kits import needs --org, e.g. `easel kits import brand-kits/* --org acme`");
  const kitDirs = dirs.filter((d) => statSync(d).isDirectory() && readdirSync(d).includes("brand-kit.json"));
  if (kitDirs.length === 0) throw new Error(`no kit folders (with a brand-kit.json) among: ${dirs.join(" ")}`);
  const config = loadConfig(env);
  const meta = await openMetaDb({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    const keys = new ApiKeys(meta);
    const orgRow = await keys.ensureOrg(org);
    const importer: Principal = {
      orgId: orgRow.id,
      orgSlug: orgRow.slug,
      plan: orgRow.plan,
      settings: readOrgSettings({}),
      userId: "cli",
      userName: "cli",
      role: "brand-admin",
      keyId: "cli",
    };
    const kits = new BrandKitService(meta, createBlobStore(config.blobs));
    for (const dir of kitDirs) {
      const version = await kits.upload(importer, readKitFolder(dir));
      process.stdout.write(
        `${basename(dir)} → ${version.slug}@${version.version} (${Object.keys(version.files).length} files)\n`,
      );
    }
  } finally {
    await meta.close();
  }
}
