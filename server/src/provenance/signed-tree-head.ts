// Signed tree heads: the log's size and root at a moment, signed with the log's own ES256 key (transparency-key.ts,
// never the C2PA claim-signing key) so that anyone holding two heads can demand a consistency proof between them
// (RFC 9162 §4.10 in spirit; the signed bytes follow the C2SP tlog-checkpoint note layout, see
// shared/src/transparency/schemas.ts).
import { type SignedTreeHead, toBase64, treeHeadMessage } from "@easel/shared/transparency";
import type { MerkleLog } from "./merkle-log.js";
import type { TreeHeadSigner } from "./transparency-key.js";

/** Signs the log's current head (or the head at `treeSize`) as `origin`, stamped `now`. */
export async function signTreeHead(
  log: MerkleLog,
  logKey: TreeHeadSigner,
  options: { origin: string; treeSize?: number; now?: Date },
): Promise<SignedTreeHead> {
  const treeSize = options.treeSize ?? log.size();
  const head = {
    origin: options.origin,
    treeSize,
    rootHash: toBase64(log.root(treeSize)),
    timestamp: (options.now ?? new Date()).getTime(),
  };
  const signature = await logKey.sign(treeHeadMessage(head));
  return {
    ...head,
    algorithm: "ES256",
    signature: toBase64(signature),
    publicKey: toBase64(logKey.publicKeySpki),
    keyId: logKey.keyId,
  };
}
