import { stat } from "node:fs/promises";
import path from "node:path";
import { ModelName } from "@easel/shared/protocol";
import { eq, or } from "drizzle-orm";
import { loadConfig } from "../config/config.js";
import { type MetaDb, openMetaDb } from "../db/meta-db.js";
import { checkModel, type ModelCheck, ModelRegistry, modelEngineName, type RegisteredModel } from "../models/index.js";

export interface ModelsOptions {
  /** Name to register under (default: the directory's name). */
  name?: string;
  /** Org slug or id that alone may use the model (default: every org of this deployment). */
  org?: string;
}

const isDir = (p: string) =>
  stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );

/** `<dir|name>`: a directory, or the name of one under `<data dir>/models/`. */
async function resolveDir(given: string, dataDir: string): Promise<string> {
  if (await isDir(given)) return path.resolve(given);
  const inData = path.join(dataDir, "models", given);
  if (await isDir(inData)) return inData;
  throw new Error(
    `no directory "${given}" (nor ${inData}); export the model first, e.g. ` +
      `\`optimum-cli export onnx --model stabilityai/sd-turbo ${given}\`, then run \`easel models add ${given}\``,
  );
}

/** A model name from a directory's base name: lowercase, other characters as '-'. */
function nameFrom(dir: string): string {
  return path
    .basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .slice(0, 64);
}

async function orgIdOf(db: MetaDb, org: string): Promise<string> {
  const { orgs } = db.t;
  const rows = await db.run((q) =>
    q
      .select({ id: orgs.id })
      .from(orgs)
      .where(or(eq(orgs.id, org), eq(orgs.slug, org))),
  );
  const found = rows[0];
  if (!found) throw new Error(`--org: no organisation "${org}" (create it with \`easel orgs create ${org}\`)`);
  return found.id;
}

/** The human report of a check: each graph's contract, load time and speed on this machine. */
function report(check: ModelCheck): string {
  const { facts } = check;
  const g = facts.generation;
  const shape = facts.timestep.shape.length === 0 ? "rank 0" : `[${facts.timestep.shape.join(",")}]`;
  return [
    `  text_encoder, unet, vae_decoder${facts.modes.includes("vary") ? ", vae_encoder" : ""}: contracts ok`,
    `  unet: ${facts.unetChannels} channels, timestep ${facts.timestep.type} ${shape}` +
      (facts.timestepCondDim ? `, timestep_cond ${facts.timestepCondDim}` : "") +
      (facts.hidden ? `, text width ${facts.hidden}` : ""),
    `  sampler ${facts.scheduler}; modes ${facts.modes.join(", ")}`,
    `  limits: side ≤ ${g.maxSide} px, steps ${g.steps.min}–${g.steps.max} (default ${g.steps.default}), ` +
      `guidance ${g.guidance.min}–${g.guidance.max} (default ${g.guidance.default})`,
    ...facts.notes.map((n) => `  note: ${n}`),
    `  load ${(check.loadMs / 1000).toFixed(2)} s; 1 step at 256x256: ${check.stepS.toFixed(2)} s/step on this machine`,
  ].join("\n");
}

function scope(model: Pick<RegisteredModel, "orgId">): string {
  return model.orgId === null ? "every org" : `org ${model.orgId} only`;
}

/**
 * `easel models add <dir|name> [--name N] [--org slug] | list | remove <name> | test <name>`: the
 * text-to-image models of this deployment. `add` checks every graph of a diffusers ONNX export, runs one
 * step at 256², reports load time and speed, and registers it in the metadata database, where a running
 * service picks it up at its next job or listing. Models are platform-wide unless `--org` names the one
 * org that may use them: the operator owns the machine and its disk, an org admin picks among them.
 */
export async function runModels(
  env: NodeJS.ProcessEnv,
  action: string | undefined,
  args: string[],
  options: ModelsOptions,
): Promise<void> {
  const config = loadConfig(env);
  const db = await openMetaDb({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  const registry = new ModelRegistry(db);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    switch (action) {
      case "add": {
        const [given] = args;
        if (!given) throw new Error("models add needs a directory, e.g. `easel models add ./sd-turbo-onnx`");
        const dir = await resolveDir(given, config.dataDir);
        const name = options.name ?? nameFrom(dir);
        const parsed = ModelName.safeParse(name);
        if (!parsed.success) throw new Error(`--name: "${name}" ${parsed.error.issues[0]?.message ?? "is invalid"}`);
        const orgId = options.org === undefined ? null : await orgIdOf(db, options.org);
        out(`checking ${dir}`);
        const check = await checkModel(dir);
        out(report(check));
        const model = await registry.add(name, dir, orgId, check);
        out(
          `registered "${name}" as ${modelEngineName(name)} for ${scope(model)}; jobs use it with params.model "${name}"`,
        );
        return;
      }
      case "list": {
        for (const m of await registry.list()) {
          out(
            JSON.stringify({
              name: m.name,
              engine: modelEngineName(m.name),
              org: m.orgId,
              dir: m.dir,
              status: m.lastError === null ? "ready" : "failing",
              loadMs: m.loadMs === null ? null : Math.round(m.loadMs),
              stepS: m.stepS,
              generation: m.facts.generation,
              ...(m.lastError ? { error: m.lastError } : {}),
            }),
          );
        }
        return;
      }
      case "remove": {
        const [name] = args;
        if (!name) throw new Error("models remove needs a name, e.g. `easel models remove sd-turbo`");
        if (!(await registry.remove(name))) throw new Error(`no model named "${name}" (see \`easel models list\`)`);
        out(`removed "${name}"`);
        return;
      }
      case "test": {
        const [name] = args;
        if (!name) throw new Error("models test needs a name, e.g. `easel models test sd-turbo`");
        const model = await registry.get(name);
        if (!model) throw new Error(`no model named "${name}" (see \`easel models list\`)`);
        out(`testing "${name}" (${model.dir})`);
        let check: ModelCheck;
        try {
          check = await checkModel(model.dir);
        } catch (error) {
          const message = (error as Error).message;
          await registry.recordTest(name, { error: message });
          throw new Error(`"${name}" fails: ${message}`);
        }
        await registry.recordTest(name, { check });
        out(report(check));
        out(`"${name}" ready`);
        return;
      }
      default:
        throw new Error(`models: unknown action "${action ?? ""}" (add, list, remove or test)`);
    }
  } finally {
    await db.close();
  }
}
