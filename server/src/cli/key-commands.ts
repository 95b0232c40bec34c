import { ApiKeys } from "../auth/api-keys.js";
import type { OrgSettings } from "../auth/org-settings.js";
import type { Plan, Role } from "../auth/principal.js";
import { loadConfig } from "../config/config.js";
import { openMetaDb } from "../db/meta-db.js";

const PLANS: Plan[] = ["free", "pro", "enterprise"];
const ROLES: Role[] = ["designer", "brand-admin", "admin"];

/** Runs `work` on the metadata database the configuration names (SQLite in the data dir, or PostgreSQL). */
async function withKeys<T>(env: NodeJS.ProcessEnv, work: (keys: ApiKeys) => Promise<T>): Promise<T> {
  const config = loadConfig(env);
  const meta = await openMetaDb({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    return await work(new ApiKeys(meta));
  } finally {
    await meta.close();
  }
}

/** `easel orgs create <slug>`: creates an organisation (idempotent). */
export async function runOrgsCreate(
  env: NodeJS.ProcessEnv,
  slug?: string,
  plan = "free",
  name?: string,
): Promise<void> {
  if (!slug) throw new Error("orgs create needs a slug, e.g. `easel orgs create acme --plan pro`");
  if (!PLANS.includes(plan as Plan)) throw new Error(`--plan must be one of ${PLANS.join(", ")}`);
  const org = await withKeys(env, (keys) => keys.ensureOrg(slug, plan as Plan, name ?? slug));
  process.stdout.write(`org ${org.slug} (${org.id}, plan ${org.plan})\n`);
}

const ON_OFF: Record<string, boolean> = { on: true, off: false, true: true, false: false, yes: true, no: false };

/** `easel orgs settings <slug> [--diversify on|off] [--protected-names block|rewrite] [--prompt-in-manifest on|off]`. */
export async function runOrgsSettings(
  env: NodeJS.ProcessEnv,
  slug: string | undefined,
  options: { diversify?: string; protectedNames?: string; promptInManifest?: string },
): Promise<void> {
  if (!slug) throw new Error("orgs settings needs a slug, e.g. `easel orgs settings acme --diversify on`");
  const changes: Partial<OrgSettings> = {};
  const flag = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const parsed = ON_OFF[value.toLowerCase()];
    if (parsed === undefined) throw new Error(`--${name} must be on or off`);
    return parsed;
  };
  const diversify = flag("diversify", options.diversify);
  if (diversify !== undefined) changes.diversifyPeople = diversify;
  const prompt = flag("prompt-in-manifest", options.promptInManifest);
  if (prompt !== undefined) changes.promptInManifest = prompt;
  if (options.protectedNames !== undefined) {
    if (options.protectedNames !== "block" && options.protectedNames !== "rewrite") {
      throw new Error("--protected-names must be block or rewrite");
    }
    changes.protectedNames = options.protectedNames;
  }
  const settings = await withKeys(env, (keys) => keys.updateSettings(slug, changes));
  process.stdout.write(`${slug}: ${JSON.stringify(settings)}\n`);
}

/** `easel keys create`: creates a user's API key and prints it once. */
export async function runKeysCreate(
  env: NodeJS.ProcessEnv,
  org?: string,
  user?: string,
  role = "designer",
): Promise<void> {
  if (!org || !user)
    throw new Error("keys create needs --org and --user, e.g. `easel keys create --org acme --user ana`");
  if (!ROLES.includes(role as Role)) throw new Error(`--role must be one of ${ROLES.join(", ")}`);
  const created = await withKeys(env, (keys) => keys.createKey(org, user, role as Role));
  process.stderr.write(`key ${created.keyId} for ${user} (${role}) in ${org}; it is shown only once:\n`);
  process.stdout.write(`${created.key}\n`);
}

/** `easel keys list [--org <slug>]`: one JSON line per key, newest first; never a secret. */
export async function runKeysList(env: NodeJS.ProcessEnv, org?: string): Promise<void> {
  const listed = await withKeys(env, (keys) => keys.listKeys("all"));
  const shown = org === undefined ? listed : listed.filter((k) => k.orgSlug === org);
  if (org !== undefined && shown.length === 0 && !listed.some((k) => k.orgSlug === org)) {
    process.stderr.write(`no keys in org "${org}"\n`);
  }
  for (const key of shown) process.stdout.write(`${JSON.stringify(key)}\n`);
}

/** `easel keys revoke <key-id>`: from its next request the key gets 401, and its console sessions end. */
export async function runKeysRevoke(env: NodeJS.ProcessEnv, keyId?: string): Promise<void> {
  if (!keyId) throw new Error("keys revoke needs a key id, e.g. `easel keys revoke key_…` (see `easel keys list`)");
  if (!(await withKeys(env, (keys) => keys.revoke(keyId)))) throw new Error(`no key ${keyId}`);
  process.stdout.write(`revoked ${keyId}\n`);
}
