import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";

/** s3rver's fixed credentials: it checks SigV4 signatures against them. */
const CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export interface RecordedRequest {
  method: string;
  /** The request path without its query (`/bucket/key`). */
  path: string;
  headers: IncomingHttpHeaders;
}

/** A loopback S3-compatible server for tests, with the requests it answered. */
export interface TestS3Server {
  endpoint: string;
  bucket: string;
  credentials: typeof CREDENTIALS;
  requests: RecordedRequest[];
  /** A plain SDK client for poking at objects behind the store's back. */
  rawClient: S3Client;
  stop(): Promise<void>;
}

/**
 * Starts s3rver (objects in a temp directory) behind our own HTTP server on a free 127.0.0.1 port, so
 * tests can see which requests a store sends, then creates `bucket` through the S3 API.
 */
export async function startTestS3Server(bucket = "easel-blobs-test"): Promise<TestS3Server> {
  const directory = await mkdtemp(join(tmpdir(), "easel-s3rver-"));
  const s3rver = new S3rver({ silent: true, directory });
  const handle = s3rver.getMiddleware();
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? "", path: (req.url ?? "").split("?")[0] ?? "", headers: req.headers });
    handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const rawClient = new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: CREDENTIALS,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  await rawClient.send(new CreateBucketCommand({ Bucket: bucket }));
  requests.length = 0;
  let stopped = false;
  return {
    endpoint,
    bucket,
    credentials: CREDENTIALS,
    requests,
    rawClient,
    async stop() {
      if (stopped) return;
      stopped = true;
      rawClient.destroy();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // the SDK keeps sockets alive; close() alone would wait for them
      await closed;
      await rm(directory, { recursive: true, force: true });
    },
  };
}
