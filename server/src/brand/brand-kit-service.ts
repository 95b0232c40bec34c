import type { BrandKit } from "@easel/shared/protocol";
import { and, asc, eq } from "drizzle-orm";
import type { Principal } from "../auth/principal.js";
import { hasRole } from "../auth/principal.js";
import { first, type MetaDb, type Q } from "../db/meta-db.js";
import type { RasterImage } from "../engines/types.js";
import { AppError } from "../errors/app-error.js";
import { readRasterBytes } from "../imaging/raster-io.js";
import type { BlobStore } from "../storage/blob-store.js";
import { newId } from "../util/ids.js";
import { summariseDrift } from "./drift.js";
import { fitGrade, type Grade } from "./grading.js";
import { readKitBundle } from "./kit-bundle.js";
import { diffKits } from "./kit-diff.js";
import { KitError } from "./kit-error.js";

/** A kit version pinned for a job: everything a worker needs to apply it. */
export interface ResolvedKit {
  kitId: string;
  slug: string;
  version: number;
  kit: BrandKit;
  grade: Grade;
  /** Blob ids of the version's reference images (recorded as `inputTo` ingredients of outputs). */
  referenceAssetIds: string[];
}

export interface KitSummary {
  slug: string;
  name: string;
  latestVersion: number;
  createdAt: string;
}

export interface KitVersionView {
  slug: string;
  version: number;
  kit: BrandKit;
  files: Record<string, { assetId: string; url: string }>;
  createdBy: string;
  createdAt: string;
}

const CONTENT_TYPES: Record<string, string> = {
  svg: "image/svg+xml",
  png: "image/png",
  jpeg: "image/jpeg",
  webp: "image/webp",
};

/** Brand kits of an org: immutable versions uploaded by brand admins, pinned by jobs, diffed, and watched for drift. */
export class BrandKitService {
  constructor(
    private readonly db: MetaDb,
    private readonly blobs: BlobStore,
    /** Refuses images that copy protected works (the safety registry); throws an AppError naming the file. */
    private readonly screen: (orgId: string, bytes: Uint8Array, field: string) => Promise<void> = async () => {},
  ) {}

  /**
   * Validates a kit bundle (files or a zip) and stores it as the next version of its slug (version 1 for a
   * new kit). Only brand admins write; `slug`, when given by the route, must match the kit's own.
   */
  async upload(
    principal: Principal,
    input: ReadonlyMap<string, Uint8Array> | Uint8Array,
    slug?: string,
  ): Promise<KitVersionView> {
    if (!hasRole(principal.role, "brand-admin")) {
      throw new AppError("forbidden", "only brand admins can upload brand kits; designers can use them", {
        field: "authorization",
      });
    }
    let bundle: Awaited<ReturnType<typeof readKitBundle>>;
    try {
      bundle = await readKitBundle(input);
    } catch (error) {
      // A file problem names the file, a JSON problem its path in brand-kit.json.
      if (error instanceof KitError && error.field === undefined && error.file) {
        throw new AppError(error.code, error.message, { field: error.file, status: error.status });
      }
      throw error;
    }
    const { kit, assets } = bundle;
    if (slug !== undefined && kit.slug !== slug) {
      throw new AppError("validation", `brand-kit.json is for "${kit.slug}", not "${slug}"`, { field: "slug" });
    }
    const files: Record<string, string> = {};
    const references: RasterImage[] = [];
    for (const asset of assets) {
      if (asset.format !== "svg") await this.screen(principal.orgId, asset.bytes, asset.file);
    }
    for (const asset of assets) {
      files[asset.file] = await this.blobs.put(asset.bytes);
      if (asset.kind === "reference") references.push(await readRasterBytes(asset.bytes));
    }
    const grade = fitGrade({ references, palette: kit.palette });
    const { brandKits, brandKitVersions } = this.db.t;
    // Made before the transaction, which PostgreSQL may run again.
    const now = Date.now();
    const newKitId = newId("kit");
    // Serializable: two uploads of the same slug (also on two API nodes) get consecutive versions.
    const version = await this.db.tx(async (q) => {
      const existing = first(
        await q
          .select()
          .from(brandKits)
          .where(and(eq(brandKits.orgId, principal.orgId), eq(brandKits.slug, kit.slug)))
          .limit(1),
      );
      const kitId = existing?.id ?? newKitId;
      const next = (existing?.latestVersion ?? 0) + 1;
      if (existing) {
        await q.update(brandKits).set({ latestVersion: next, name: kit.name }).where(eq(brandKits.id, kitId));
      } else {
        await q.insert(brandKits).values({
          id: kitId,
          orgId: principal.orgId,
          slug: kit.slug,
          name: kit.name,
          latestVersion: next,
          createdAt: now,
        });
      }
      await q
        .insert(brandKitVersions)
        .values({ kitId, version: next, kit, grade, files, createdBy: principal.userId, createdAt: now });
      return next;
    });
    return this.version(principal.orgId, kit.slug, version);
  }

  /** The org's kits, by slug. */
  async list(orgId: string): Promise<KitSummary[]> {
    const { brandKits } = this.db.t;
    const rows = await this.db.run((q) =>
      q.select().from(brandKits).where(eq(brandKits.orgId, orgId)).orderBy(asc(brandKits.slug)),
    );
    return rows.map((k) => ({
      slug: k.slug,
      name: k.name,
      latestVersion: k.latestVersion,
      createdAt: new Date(k.createdAt).toISOString(),
    }));
  }

  /** A version of a kit (the latest when `version` is absent); 404 naming `brandKit` otherwise. */
  async version(orgId: string, slug: string, version?: number): Promise<KitVersionView> {
    const { kitRow, row } = await this.find(orgId, slug, version);
    const files = Object.fromEntries(
      Object.entries(row.files as Record<string, string>).map(([file, assetId]) => [
        file,
        { assetId, url: `/v1/brand-kits/${slug}/versions/${row.version}/files/${encodeURIComponent(file)}` },
      ]),
    );
    return {
      slug: kitRow.slug,
      version: row.version,
      kit: row.kit as BrandKit,
      files,
      createdBy: row.createdBy,
      createdAt: new Date(row.createdAt).toISOString(),
    };
  }

  /** The bytes of one logo or reference of a version. */
  async file(
    orgId: string,
    slug: string,
    version: number,
    file: string,
  ): Promise<{ bytes: Buffer; contentType: string }> {
    const { row } = await this.find(orgId, slug, version);
    const files = row.files as Record<string, string>;
    // Own keys only: `constructor` or `__proto__` must be missing files, not Object's members.
    const assetId = Object.hasOwn(files, file) ? files[file] : undefined;
    if (!assetId) throw new AppError("not_found", `${slug}@${version} has no file "${file}"`, { field: "file" });
    const ext = file
      .slice(file.lastIndexOf(".") + 1)
      .toLowerCase()
      .replace("jpg", "jpeg");
    const contentType = Object.hasOwn(CONTENT_TYPES, ext) ? CONTENT_TYPES[ext] : undefined;
    return { bytes: await this.blobs.get(assetId), contentType: contentType ?? "application/octet-stream" };
  }

  /** Resolves `slug` (latest now) or `slug@N` for a job; the job records the exact version. */
  async resolve(orgId: string, ref: string): Promise<ResolvedKit> {
    const [slug, pinned] = ref.split("@") as [string, string | undefined];
    const { kitRow, row } = await this.find(orgId, slug, pinned === undefined ? undefined : Number(pinned));
    const kit = row.kit as BrandKit;
    const files = row.files as Record<string, string>;
    const referenceAssetIds = kit.references.flatMap((r) => (files[r.file] ? [files[r.file] as string] : []));
    return { kitId: kitRow.id, slug, version: row.version, kit, grade: row.grade as Grade, referenceAssetIds };
  }

  /** What changed between two versions of a kit. */
  async diff(orgId: string, slug: string, from: number, to: number) {
    const a = (await this.find(orgId, slug, from)).row;
    const b = (await this.find(orgId, slug, to)).row;
    const hashes = {
      before: new Map(Object.entries(a.files as Record<string, string>)),
      after: new Map(Object.entries(b.files as Record<string, string>)),
    };
    return { slug, from, to, changes: diffKits(a.kit as BrandKit, b.kit as BrandKit, hashes) };
  }

  /** Records the adherence of a finished job's layers when it followed a kit (for drift). */
  async recordJob(jobId: string, layers: { index: number; scores: Record<string, number> }[]): Promise<void> {
    const { jobs, brandKits } = this.db.t;
    const scored = layers.flatMap((l) =>
      l.scores.adherence === undefined ? [] : [{ index: l.index, adherence: l.scores.adherence }],
    );
    const now = Date.now();
    await this.db.run(async (q) => {
      const job = first(
        await q.select({ orgId: jobs.orgId, plan: jobs.plan }).from(jobs).where(eq(jobs.id, jobId)).limit(1),
      );
      const brand = (job?.plan as { brand?: { slug: string; version: number } } | undefined)?.brand;
      if (!job || !brand) return;
      const kitRow = first(
        await q
          .select({ id: brandKits.id })
          .from(brandKits)
          .where(and(eq(brandKits.orgId, job.orgId), eq(brandKits.slug, brand.slug)))
          .limit(1),
      );
      if (!kitRow) return;
      await this.insertAdherence(q, jobId, kitRow.id, brand.version, scored, now);
    });
  }

  /** Records the adherence of delivered outputs made with a kit version (a layer already recorded is kept). */
  async recordAdherence(
    jobId: string,
    kitId: string,
    kitVersion: number,
    layers: { index: number; adherence: number }[],
  ): Promise<void> {
    const now = Date.now();
    await this.db.run((q) => this.insertAdherence(q, jobId, kitId, kitVersion, layers, now));
  }

  /** Adherence over time and per version, flagged when the recent mean falls below the kit's minimum. */
  async drift(orgId: string, slug: string) {
    const { adherenceRecords } = this.db.t;
    const { kitRow, row } = await this.find(orgId, slug);
    const records = await this.db.run((q) =>
      q.select().from(adherenceRecords).where(eq(adherenceRecords.kitId, kitRow.id)).orderBy(asc(adherenceRecords.at)),
    );
    return { slug, ...summariseDrift(records, row.kit as BrandKit, { now: Date.now() }) };
  }

  private async insertAdherence(
    q: Q,
    jobId: string,
    kitId: string,
    kitVersion: number,
    layers: { index: number; adherence: number }[],
    at: number,
  ): Promise<void> {
    if (layers.length === 0) return;
    const { adherenceRecords } = this.db.t;
    await q
      .insert(adherenceRecords)
      .values(layers.map((l) => ({ jobId, layerIdx: l.index, kitId, kitVersion, adherence: l.adherence, at })))
      .onConflictDoNothing();
  }

  /** A kit and one of its versions (the latest when `version` is absent); 404 or 400 naming `brandKit`. */
  private async find(orgId: string, slug: string, version?: number) {
    const { brandKits, brandKitVersions } = this.db.t;
    const { kitRow, row, wanted } = await this.db.run(async (q) => {
      const kitRow = first(
        await q
          .select()
          .from(brandKits)
          .where(and(eq(brandKits.orgId, orgId), eq(brandKits.slug, slug)))
          .limit(1),
      );
      if (!kitRow) throw new AppError("not_found", `brand kit "${slug}" was not found`, { field: "brandKit" });
      const wanted = version ?? kitRow.latestVersion;
      if (!Number.isInteger(wanted) || wanted < 1) {
        throw new AppError("validation", `brand kit version must be a positive integer`, { field: "brandKit" });
      }
      // Versions are 1…latest; asking the database for one past int4 would fail on PostgreSQL.
      const row =
        wanted > kitRow.latestVersion
          ? undefined
          : first(
              await q
                .select()
                .from(brandKitVersions)
                .where(and(eq(brandKitVersions.kitId, kitRow.id), eq(brandKitVersions.version, wanted)))
                .limit(1),
            );
      return { kitRow, row, wanted };
    });
    if (!row) {
      throw new AppError(
        "not_found",
        `brand kit "${slug}" has no version ${wanted} (latest is ${kitRow.latestVersion})`,
        {
          field: "brandKit",
        },
      );
    }
    return { kitRow, row };
  }
}
