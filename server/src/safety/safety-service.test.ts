import { readFile } from "node:fs/promises";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { ApiKeys } from "../auth/api-keys.js";
import type { Principal, Role } from "../auth/principal.js";
import type { MetaDb } from "../db/meta-db.js";
import { DIALECTS, type Dialect, freshMetaDbs } from "../db/testing/fresh-meta-db.js";
import { type FingerprintJson, fingerprintFromJson, fingerprintToJson } from "./fingerprint-json.js";
import { fingerprintImage } from "./perceptual-hash.js";
import { protectedCopy } from "./protected-copy.js";
import { ProtectedRegistry } from "./protected-registry.js";
import { SafetyAudit } from "./safety-audit.js";
import { SafetyService } from "./safety-service.js";
import { NEAR_DUPLICATE_EDITS, PHOTO_DIR } from "./testing/photo-edits.js";

const dbs = freshMetaDbs();
const WORK = "fig-in-red-bowl.png"; // the protected work
const OTHER = "forest-stream.png"; // an unrelated photo

const OWNER = "org_owner";
const STRANGER = "org_stranger";

function principal(orgId: string, role: Role = "admin"): Principal {
  return {
    orgId,
    orgSlug: orgId,
    plan: "pro",
    settings: { diversifyPeople: false, protectedNames: "rewrite", promptInManifest: false },
    userId: `usr_${orgId}`,
    userName: "ana",
    role,
    keyId: "key_test",
  };
}

/** A delivered output whose pixels had `fingerprint`, as a worker reports it. */
type Output = {
  sha256: string;
  seed: number | null;
  fingerprint: FingerprintJson;
  safety?: { decision: "allow" | "block"; category: string | null; reason: string; scores: Record<string, number> };
};

/**
 * The job path's two halves: the worker's `similarity` stage against the works the job carries
 * (`protectedWorksFor` at creation), then the API node's audit of the decisions (`review`).
 */
async function review(safety: SafetyService, job: { id: string; orgId: string; userId: string }, outputs: Output[]) {
  const works = await safety.protectedWorksFor(job.orgId);
  const decided = outputs.map((o) => {
    const copy = o.safety?.decision === "block" ? null : protectedCopy(works, fingerprintFromJson(o.fingerprint));
    return copy ? { ...o, safety: copy } : o;
  });
  return safety.review(job, decided);
}

function output(sha256: string, fingerprint: FingerprintJson, safety?: Output["safety"]): Output {
  return {
    sha256,
    seed: 7,
    fingerprint,
    ...(safety ? { safety } : {}),
  };
}

/** Counts what a MetaDb is asked outside transactions: reads of rows (arrays) and of single values. */
function counting(meta: MetaDb): { meta: MetaDb; rowReads: () => number; valueReads: () => number } {
  let rowReads = 0;
  let valueReads = 0;
  return {
    meta: {
      ...meta,
      run: async (work) => {
        const result = await meta.run(work);
        if (Array.isArray(result)) rowReads++;
        else valueReads++;
        return result;
      },
    },
    rowReads: () => rowReads,
    valueReads: () => valueReads,
  };
}

let workBytes: Buffer;
let otherBytes: Buffer;
let copyPrint: FingerprintJson; // the work, resized, cropped, brightened and re-encoded as JPEG
let otherPrint: FingerprintJson;

beforeAll(async () => {
  workBytes = await readFile(`${PHOTO_DIR}${WORK}`);
  otherBytes = await readFile(`${PHOTO_DIR}${OTHER}`);
  const edit = NEAR_DUPLICATE_EDITS["all at once"];
  if (!edit) throw new Error("the near-duplicate edits lost 'all at once'");
  const { width = 0, height = 0 } = await sharp(workBytes).metadata();
  copyPrint = fingerprintToJson(await fingerprintImage(await edit(`${PHOTO_DIR}${WORK}`, width, height)));
  const { data, info } = await sharp(otherBytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  otherPrint = fingerprintToJson(await fingerprintImage({ data, width: info.width, height: info.height, channels: 3 }));
});

async function setup(dialect: Dialect) {
  const meta = await dbs.fresh(dialect);
  const audit = new SafetyAudit(meta);
  return { meta, audit, safety: new SafetyService(meta, audit) };
}

describe.each(DIALECTS)("SafetyService on %s", (dialect) => {
  it("withholds an org's own output that copies its own entry, lets other orgs' through, and audits both", async () => {
    const { audit, safety } = await setup(dialect);
    const ref = await safety.protect(principal(OWNER), workBytes, "Fig in a red bowl");
    expect(ref).toMatchObject({ scope: "org", orgId: OWNER, exemptOrgIds: [] });

    const own = { id: "job_o", orgId: OWNER, userId: "usr_o" };
    const [blocked, fine] = await review(safety, own, [output("sha_copy", copyPrint), output("sha_other", otherPrint)]);
    expect(blocked?.safety).toMatchObject({ decision: "block", category: "copyright" });
    expect(blocked?.safety?.reason).toContain(`too close to protected reference ${ref.id}`);
    expect(fine?.safety).toBeUndefined();
    expect(await audit.forJob(OWNER, "job_o")).toMatchObject([
      { stage: "similarity", decision: "block", category: "copyright", quarantinedSha256: "sha_copy" },
    ]);
    // Another org cannot read the decisions about a job that is not its own.
    expect(await audit.forJob(STRANGER, "job_o")).toEqual([]);

    // One org's entry never binds another org: its outputs and kit uploads go through.
    const [theirs] = await review(safety, { id: "job_s", orgId: STRANGER, userId: "usr_s" }, [
      output("sha_s", copyPrint),
    ]);
    expect(theirs?.safety).toBeUndefined();
    await expect(safety.screenUpload(STRANGER, workBytes, "logo")).resolves.toBeUndefined();
  });

  it("withholds every org's copy of a platform entry except the exempt orgs'", async () => {
    const { meta, safety } = await setup(dialect);
    const keys = new ApiKeys(meta);
    const partner = await keys.ensureOrg("partner");
    const ref = await safety.registry.register("platform", workBytes, "Fig in a red bowl", ["partner"]);
    expect(ref).toMatchObject({ scope: "platform", orgId: null, exemptOrgIds: [partner.id] });
    for (const orgId of [OWNER, STRANGER]) {
      const [reviewed] = await review(safety, { id: `job_${orgId}`, orgId, userId: "usr" }, [output("sha", copyPrint)]);
      expect(reviewed?.safety?.decision).toBe("block");
      await expect(safety.screenUpload(orgId, workBytes, "logo")).rejects.toMatchObject({ code: "content_policy" });
    }
    const [exempt] = await review(safety, { id: "job_p", orgId: partner.id, userId: "usr" }, [
      output("sha", copyPrint),
    ]);
    expect(exempt?.safety).toBeUndefined();
    await expect(safety.screenUpload(partner.id, workBytes, "logo")).resolves.toBeUndefined();
  });

  it("refuses exempt orgs that do not exist, and exempt lists on an org's own entries, naming `exempt`", async () => {
    const { safety } = await setup(dialect);
    await expect(
      safety.registry.register("platform", workBytes, "Fig", ["org_nobody", "no-such-org"]),
    ).rejects.toMatchObject({ code: "validation", status: 422, field: "exempt" });
    await expect(safety.protect(principal(OWNER), workBytes, "Fig", [STRANGER])).rejects.toMatchObject({
      status: 422,
      field: "exempt",
    });
    expect((await safety.list(principal(OWNER))).references).toEqual([]);
  });

  it("lists only the caller's org's entries, with a count of the platform entries", async () => {
    const { safety } = await setup(dialect);
    const mine = await safety.protect(principal(OWNER), workBytes, "Fig in a red bowl");
    await safety.protect(principal(STRANGER), otherBytes, "Forest stream");
    await safety.registry.register("platform", otherBytes, "Someone's stream");
    const listed = await safety.list(principal(OWNER, "designer"));
    expect(listed).toEqual({ references: [mine], platform: { count: 1 } });
    expect(JSON.stringify(listed)).not.toContain("stream");
    expect((await safety.registry.listPlatform()).map((r) => r.title)).toEqual(["Someone's stream"]);
  });

  it("keeps an entry registered before entries were per org (exempting its own org) bound to no one, and counts it", async () => {
    const { meta, safety } = await setup(dialect);
    const fresh = await safety.protect(principal(OWNER), workBytes, "Fig in a red bowl");
    // The old registration: the org's own row, exempting the org itself (it blocked everyone else).
    const { protectedReferences: refs } = meta.t;
    const [row] = await meta.run((q) => q.select().from(refs));
    if (!row) throw new Error("the registered work is not in the registry");
    await meta.run((q) => q.insert(refs).values({ ...row, id: "ref_legacy", exemptOrgIds: [OWNER], createdAt: 1 }));
    await safety.remove(principal(OWNER), fresh.id);
    expect(await safety.registry.inertCount()).toBe(1);
    for (const orgId of [OWNER, STRANGER]) {
      const [reviewed] = await review(safety, { id: `job_${orgId}`, orgId, userId: "usr" }, [output("sha", copyPrint)]);
      expect(reviewed?.safety).toBeUndefined();
    }
    expect((await safety.list(principal(OWNER))).references).toMatchObject([
      { id: "ref_legacy", exemptOrgIds: [OWNER] },
    ]);
  });

  it("audits the classifier's verdicts, quarantining what it blocked", async () => {
    const { audit, safety } = await setup(dialect);
    const job = { id: "job_c", orgId: STRANGER, userId: "usr_s" };
    const nsfw = { decision: "block" as const, category: "sexual", reason: "explicit (0.97)", scores: { porn: 0.97 } };
    const ok = { decision: "allow" as const, category: null, reason: "below every threshold", scores: { porn: 0.01 } };
    const reviewed = await review(safety, job, [output("sha_bad", otherPrint, nsfw), output("sha_ok", otherPrint, ok)]);
    expect(reviewed.map((o) => o.safety?.decision)).toEqual(["block", "allow"]);
    const entries = await audit.forJob(STRANGER, "job_c");
    expect(entries).toHaveLength(2);
    expect(entries.find((e) => e.decision === "block")).toMatchObject({
      stage: "output",
      category: "sexual",
      reason: "explicit (0.97)",
      quarantinedSha256: "sha_bad",
      details: { scores: { porn: 0.97 }, seed: 7 },
    });
    expect(entries.find((e) => e.decision === "allow")).toMatchObject({ quarantinedSha256: null });
  });

  it("stops withholding a work once its org withdraws it", async () => {
    const { safety } = await setup(dialect);
    const job = { id: "job_w", orgId: OWNER, userId: "usr_o" };
    expect(await safety.preload()).toBe(0);
    const ref = await safety.protect(principal(OWNER), workBytes, "Fig in a red bowl");
    expect((await review(safety, job, [output("sha_1", copyPrint)]))[0]?.safety?.decision).toBe("block");
    await safety.remove(principal(OWNER), ref.id);
    expect((await review(safety, job, [output("sha_2", copyPrint)]))[0]?.safety).toBeUndefined();
    await expect(safety.screenUpload(OWNER, workBytes, "logo")).resolves.toBeUndefined();
  });

  it("applies a platform entry the operator's CLI adds while the service runs, without a restart", async () => {
    const { meta, safety } = await setup(dialect);
    const job = { id: "job_cli", orgId: STRANGER, userId: "usr_s" };
    expect(await safety.preload()).toBe(0);
    // `easel safety references add` opens the database on its own: another registry, same rows.
    const cli = new ProtectedRegistry(dialect === "sqlite" ? meta : await dbs.another(meta));
    const ref = await cli.register("platform", workBytes, "Fig in a red bowl");
    expect((await review(safety, job, [output("sha_1", copyPrint)]))[0]?.safety?.reason).toContain(ref.id);
    await cli.remove("platform", ref.id);
    expect((await review(safety, job, [output("sha_2", copyPrint)]))[0]?.safety).toBeUndefined();
  });

  // Several API nodes share a registry only on PostgreSQL (the embedded SQLite mode is one process).
  it.runIf(dialect === "pg")("applies a work registered or withdrawn through one API node on another", async () => {
    const { meta, safety } = await setup(dialect);
    const other = await dbs.another(meta);
    const elsewhere = new SafetyService(other, new SafetyAudit(other));
    const job = { id: "job_x", orgId: OWNER, userId: "usr_o" };
    expect((await review(elsewhere, job, [output("sha_1", copyPrint)]))[0]?.safety).toBeUndefined();

    const ref = await safety.protect(principal(OWNER), workBytes, "Fig in a red bowl");
    expect((await review(elsewhere, job, [output("sha_2", copyPrint)]))[0]?.safety?.decision).toBe("block");
    expect((await elsewhere.list(principal(OWNER))).references).toMatchObject([
      { id: ref.id, title: "Fig in a red bowl" },
    ]);

    await safety.remove(principal(OWNER), ref.id);
    expect((await review(elsewhere, job, [output("sha_3", copyPrint)]))[0]?.safety).toBeUndefined();
    expect((await elsewhere.list(principal(OWNER))).references).toEqual([]);
  });

  it("reads only the registry's version per screened upload while it is unchanged", async () => {
    const { meta } = await setup(dialect);
    const counted = counting(meta);
    const safety = new SafetyService(counted.meta, new SafetyAudit(meta));
    await safety.protect(principal(OWNER), workBytes, "Fig in a red bowl");
    const job = { id: "job_r", orgId: STRANGER, userId: "usr_s" };
    await safety.screenUpload(job.orgId, otherBytes, "logo"); // loads the index
    const [rows, values] = [counted.rowReads(), counted.valueReads()];
    for (let i = 0; i < 3; i++) await safety.screenUpload(job.orgId, otherBytes, "logo");
    // No reload; one version query per upload (other nodes and the operator's CLI write the registry too).
    expect(counted.rowReads() - rows).toBe(0);
    expect(counted.valueReads() - values).toBe(3);
    expect(await safety.preload()).toBe(1);
  });

  it("refuses an org's upload that copies one of its own entries, and no other org's", async () => {
    const { safety } = await setup(dialect);
    await expect(safety.screenUpload(OWNER, workBytes, "logo")).resolves.toBeUndefined(); // empty registry
    const ref = await safety.protect(principal(OWNER), workBytes, "Fig in a red bowl");
    const refused = safety.screenUpload(OWNER, workBytes, "references[0]");
    await expect(refused).rejects.toMatchObject({ code: "content_policy", field: "references[0]" });
    await expect(refused).rejects.toThrow(`too close to protected reference ${ref.id}`);
    await expect(safety.screenUpload(STRANGER, workBytes, "logo")).resolves.toBeUndefined();
    await expect(safety.screenUpload(OWNER, otherBytes, "logo")).resolves.toBeUndefined();
  });

  it("lets only admins manage the registry, and only the owning org withdraw a work", async () => {
    const { safety } = await setup(dialect);
    await expect(safety.protect(principal(OWNER, "brand-admin"), workBytes, "Fig")).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(safety.protect(principal(OWNER), Buffer.from("not an image"), "Fig")).rejects.toMatchObject({
      code: "unsupported_media_type",
      field: "body",
    });
    const ref = await safety.protect(principal(OWNER), workBytes, "Fig");
    await expect(safety.remove(principal(STRANGER), ref.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(safety.remove(principal(OWNER, "designer"), ref.id)).rejects.toMatchObject({ code: "forbidden" });
    // A platform entry is the operator's: no org admin withdraws it.
    const platform = await safety.registry.register("platform", otherBytes, "Stream");
    await expect(safety.remove(principal(OWNER), platform.id)).rejects.toMatchObject({ code: "not_found" });
    expect((await safety.list(principal(OWNER))).references).toHaveLength(1);
    await safety.remove(principal(OWNER), ref.id);
    await expect(safety.remove(principal(OWNER), ref.id)).rejects.toMatchObject({ code: "not_found" });
  });
});
