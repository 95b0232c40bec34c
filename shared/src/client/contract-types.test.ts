import { describe, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { Api, RouteInput, RouteOutput } from "../protocol/routes/index.js";
import type { EaselClient } from "./easel-client.js";

// Compile-time checks (tsc -b runs over this file): the client's types are the contract's, so a
// change to a route's schemas changes the client's types, and a call that no longer fits fails.
type Resolved<F> = F extends (...args: never[]) => Promise<infer T> ? T : never;

describe("EaselClient is typed from the route contract", () => {
  it("answers with the types of the routes' response schemas", () => {
    expectTypeOf<Resolved<EaselClient["getJob"]>>().toEqualTypeOf<RouteOutput<Api["getJob"]>>();
    expectTypeOf<Resolved<EaselClient["getBrandKit"]>>().toEqualTypeOf<RouteOutput<Api["getBrandKitVersion"]>>();
    expectTypeOf<Resolved<EaselClient["brandKitDrift"]>>().toEqualTypeOf<
      z.output<Api["brandKitDrift"]["response"]["schema"]>
    >();
    expectTypeOf<Resolved<EaselClient["usage"]>>().toEqualTypeOf<RouteOutput<Api["usage"]>>();
    expectTypeOf<Resolved<EaselClient["jobSafety"]>>().toEqualTypeOf<RouteOutput<Api["jobSafety"]>>();
    expectTypeOf<Resolved<EaselClient["transparencyKey"]>>().toEqualTypeOf<RouteOutput<Api["transparencyKey"]>>();
    expectTypeOf<Resolved<EaselClient["downloadAsset"]>>().toEqualTypeOf<RouteOutput<Api["assetContent"]>>();
  });

  it("takes what the routes' request schemas take", () => {
    expectTypeOf<Parameters<EaselClient["createJob"]>[0]>().toEqualTypeOf<RouteInput<Api["createJob"]>["body"]>();
    expectTypeOf<RouteInput<Api["getBrandKitVersion"]>["params"]>().toHaveProperty("version");
  });

  it("refuses a call that leaves out what a route requires", () => {
    // @ts-expect-error a path parameter of the route is missing
    const noId: RouteInput<Api["getJob"]> = {};
    // @ts-expect-error the diff route's query needs both versions
    const halfQuery: RouteInput<Api["brandKitDiff"]> = { params: { slug: "acme" }, query: { from: 1 } };
    // @ts-expect-error a job request's kind is one of the job kinds
    const badKind: RouteInput<Api["createJob"]> = { body: { kind: "paint" } };
    // Optional query: nothing needed.
    const listAll: RouteInput<Api["listJobs"]> = {};
    expectTypeOf([noId, halfQuery, badKind, listAll]).toBeArray();
  });
});
