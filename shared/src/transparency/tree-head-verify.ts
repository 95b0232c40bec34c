import { fromBase64 } from "./bytes.js";
import { type SignedTreeHead, treeHeadMessage } from "./schemas.js";

/**
 * Whether the head's ES256 signature verifies. With `pinnedPublicKey` (DER SPKI) the head must be signed by that
 * key; without it, by the key the head carries, which only proves integrity: trust comes from pinning the log key
 * `GET /v1/transparency/key` publishes (TransparencyKey, endorsed by the service's C2PA signing certificate).
 */
export async function verifyTreeHeadSignature(head: SignedTreeHead, pinnedPublicKey?: Uint8Array): Promise<boolean> {
  try {
    const spki = pinnedPublicKey ?? fromBase64(head.publicKey);
    const key = await crypto.subtle.importKey(
      "spki",
      spki as Uint8Array<ArrayBuffer>,
      { name: "ECDSA", namedCurve: "P-256" },
      false,
      ["verify"],
    );
    return await crypto.subtle.verify(
      { name: "ECDSA", hash: "SHA-256" },
      key,
      fromBase64(head.signature) as Uint8Array<ArrayBuffer>,
      treeHeadMessage(head) as Uint8Array<ArrayBuffer>,
    );
  } catch {
    return false;
  }
}
