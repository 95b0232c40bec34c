import { parseArgs } from "node:util";

// Each command loads its own modules when it runs: `keys create` does not load the HTTP app, and
// `serve` does not load the Redis worker (a process start costs less CPU and memory).
const commands = {
  blobs: () => import("./blobs-command.js"),
  demo: () => import("./demo-command.js"),
  keys: () => import("./key-commands.js"),
  kits: () => import("./kits-command.js"),
  migrate: () => import("./migrate-command.js"),
  models: () => import("./models-command.js"),
  safety: () => import("./safety-command.js"),
  serve: () => import("./serve-command.js"),
  worker: () => import("./worker-command.js"),
};

const USAGE = `Usage: easel <command> [options]

Commands:
  serve                          start the service (EASEL_* variables configure it; see README)
      --port N --host H --data-dir D
  worker                         run jobs from Redis (EASEL_QUEUE=redis://…) on this machine's cores
      --engines upscale,inpaint,generate,stylize   the work it takes (default: all)
  demo                           start an embedded service, run real jobs on the sample image, write ./out/
      --out DIR
  orgs create <slug> [--plan free|pro|enterprise] [--name NAME]
  orgs settings <slug> [--diversify on|off] [--protected-names block|rewrite] [--prompt-in-manifest on|off]
  kits import <dir…> --org <slug>  upload brand-kit folders (e.g. brand-kits/*) as new versions
  keys create --org <slug> --user <name> [--role designer|brand-admin|admin]
  keys list [--org <slug>]         every key (or one org's): id, user, role, created, revoked; never a secret
  keys revoke <key-id>           the key gets 401 from its next request; its console sessions end
  safety references add <image> --title T [--exempt <org>,…]
                                 a platform-wide protected work: binds every org but the exempt ones
  safety references list         the platform-wide protected works
  safety references remove <id>  withdraws a platform-wide protected work
  models add <dir|name> [--name N] [--org <slug>]
                                 check a diffusers ONNX export, run 1 step at 256x256, register it (all orgs, or one)
  models list | remove <name> | test <name>
                                 registered text-to-image models; a running service sees changes at once
  migrate                        create or upgrade the database in the data dir
  blobs gc [--grace-s N]         delete blobs no record refers to, older than N s (default 3600); safe while serving
`;

/** Parses the command line and runs one command; exits non-zero with a plain message on failure. */
async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "data-dir": { type: "string" },
      out: { type: "string" },
      engines: { type: "string" },
      plan: { type: "string" },
      name: { type: "string" },
      org: { type: "string" },
      user: { type: "string" },
      role: { type: "string" },
      diversify: { type: "string" },
      "protected-names": { type: "string" },
      "prompt-in-manifest": { type: "string" },
      title: { type: "string" },
      exempt: { type: "string" },
      "grace-s": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, sub, arg, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return;
  }
  const env = { ...process.env };
  if (values.port) env.EASEL_PORT = values.port;
  if (values.host) env.EASEL_HOST = values.host;
  if (values["data-dir"]) env.EASEL_DATA_DIR = values["data-dir"];
  switch (
    `${command}${sub && command !== "serve" && command !== "worker" && command !== "demo" && command !== "migrate" ? ` ${sub}` : ""}`
  ) {
    case "serve":
      return (await commands.serve()).runServe(env);
    case "worker":
      return (await commands.worker()).runWorker(env, values.engines);
    case "demo":
      return (await commands.demo()).runDemo(env, values.out ?? "./out");
    case "migrate":
      return (await commands.migrate()).runMigrate(env);
    case "orgs create":
      return (await commands.keys()).runOrgsCreate(env, arg, values.plan, values.name);
    case "kits import":
      return (await commands.kits()).runKitsImport(
        env,
        [arg, ...rest].filter((d): d is string => Boolean(d)),
        values.org,
      );
    case "orgs settings":
      return (await commands.keys()).runOrgsSettings(env, arg, {
        ...(values.diversify === undefined ? {} : { diversify: values.diversify }),
        ...(values["protected-names"] === undefined ? {} : { protectedNames: values["protected-names"] }),
        ...(values["prompt-in-manifest"] === undefined ? {} : { promptInManifest: values["prompt-in-manifest"] }),
      });
    case "keys create":
      return (await commands.keys()).runKeysCreate(env, values.org, values.user, values.role);
    case "keys list":
      return (await commands.keys()).runKeysList(env, values.org);
    case "keys revoke":
      return (await commands.keys()).runKeysRevoke(env, arg);
    case "blobs gc":
      return (await commands.blobs()).runBlobsGc(env, values["grace-s"]);
    case "safety references":
      return (await commands.safety()).runSafetyReferences(
        env,
        arg,
        rest.filter((a): a is string => Boolean(a)),
        {
          ...(values.title === undefined ? {} : { title: values.title }),
          ...(values.exempt === undefined ? {} : { exempt: values.exempt }),
        },
      );
    case "models add":
    case "models list":
    case "models remove":
    case "models test":
      return (await commands.models()).runModels(
        env,
        sub,
        [arg, ...rest].filter((a): a is string => Boolean(a)),
        {
          ...(values.name === undefined ? {} : { name: values.name }),
          ...(values.org === undefined ? {} : { org: values.org }),
        },
      );
    default:
      throw new UsageError(`unknown command "${positionals.join(" ")}"`);
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`easel: ${message}\n`);
  if (error instanceof UsageError) process.stderr.write(`\n${USAGE}`);
  process.exitCode = 1;
});
