export { bytesEqual, fromBase64, fromHex, toBase64, toHex } from "./bytes.js";
export { emptyRoot, HASH_LENGTH, hashChildren, hashLeaf } from "./merkle-hash.js";
export { verifyConsistency, verifyInclusion } from "./merkle-verify.js";
export { checkConsistencyProof, checkInclusionProof } from "./proof-check.js";
export {
  Base64Hash,
  ConsistencyProof,
  InclusionProof,
  SignedTreeHead,
  TransparencyKey,
  transparencyKeyMessage,
  treeHeadMessage,
} from "./schemas.js";
export { verifyTreeHeadSignature } from "./tree-head-verify.js";
