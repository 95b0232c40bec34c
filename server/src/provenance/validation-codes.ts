// Plain-language meanings of the C2PA validation status codes a user is most likely to meet (C2PA 2.1 §15.2.1,
// "Standard Status Codes"), shown beside c2pa-rs's own technical explanation, and the standard code for each
// error the reader throws instead of reporting a status (it throws when it cannot get as far as validating).

const MEANINGS: Record<string, string> = {
  "assertion.dataHash.mismatch":
    "The image bytes changed after signing: their hash no longer matches the one the manifest signed (edited, re-encoded or corrupted).",
  "assertion.boxesHash.mismatch":
    "Parts of the file changed after signing: their hash no longer matches the signed one.",
  "assertion.hashedURI.mismatch": "An assertion was changed after signing: its hash no longer matches the claim.",
  "assertion.missing": "The claim refers to an assertion the manifest no longer contains.",
  "claimSignature.mismatch": "The claim's signature does not verify: the manifest was altered or signed incorrectly.",
  "claimSignature.outsideValidity": "The claim was signed outside the signing certificate's validity period.",
  "signingCredential.untrusted":
    "The signature is intact, but the signing certificate does not chain to a trust anchor this verifier accepts.",
  "signingCredential.invalid": "The signing certificate does not meet the C2PA certificate profile.",
  "signingCredential.expired":
    "The signing certificate had expired when checked and the signature has no trusted time-stamp.",
  "signingCredential.revoked": "The signing certificate has been revoked.",
  "timeStamp.mismatch": "The time-stamp does not match the signature.",
  "timeStamp.untrusted": "The time-stamp authority is not trusted.",
  "manifest.missing": "The manifest an ingredient or the file points at is missing.",
  "manifest.inaccessible":
    "The file points to a manifest stored elsewhere (a remote manifest), which this service does not fetch, so it could not be checked.",
  "claim.missing": "The manifest store has no claim where the file says it should be.",
  "claim.malformed": "The manifest store or its claim is not well-formed C2PA data and could not be read.",
  "claim.cbor.invalid": "The claim is not valid CBOR.",
  "assertion.cbor.invalid": "An assertion is not valid CBOR.",
  "claimSignature.missing": "The manifest has no claim signature.",
  "timeStamp.malformed": "The signature's time-stamp is malformed.",
  "general.error": "The Content Credentials could not be validated (an error the C2PA specification has no code for).",
  "ingredient.manifest.mismatch": "An ingredient's manifest differs from the one recorded when it was used.",
  "ingredient.hashedURI.mismatch": "An ingredient's data changed after it was recorded.",
  "algorithm.unsupported": "The manifest uses a hash or signature algorithm this verifier does not support.",
};

/** A plain-language meaning for `code`, or undefined for codes without one. */
export function meaningOf(code: string): string | undefined {
  return MEANINGS[code];
}

/**
 * The standard failure code for an error c2pa-rs throws while reading (its `Error` variant leads the message,
 * e.g. `C2pa(RemoteManifestUrl("https://…"))`); `general.error` where the specification has no closer code.
 */
export function codeForReaderError(message: string): string {
  const rules: [RegExp, string][] = [
    [/RemoteManifest(Url|Fetch)/, "manifest.inaccessible"],
    [
      /CoseSignatureAlgorithmNotSupported|UnsupportedAlgorithm|UnknownAlgorithm|UnsupportedHash/,
      "algorithm.unsupported",
    ],
    [/CoseSignature\b|CoseSignatureMismatch|ClaimSignatureMismatch/, "claimSignature.mismatch"],
    [
      /CoseMissingKey|CoseX5ChainMissing|CoseInvalidCert|CoseCertUntrusted|InvalidCertificate/,
      "signingCredential.invalid",
    ],
    [/CoseTimeStamp|TimeStamp/, "timeStamp.malformed"],
    [/ClaimMissing/, "claim.missing"],
    [/ClaimDecoding|ClaimEncoding|InvalidClaim/, "claim.cbor.invalid"],
    [/AssertionMissing/, "assertion.missing"],
    [/AssertionDecoding|AssertionEncoding/, "assertion.cbor.invalid"],
    [/HashMismatch/, "assertion.dataHash.mismatch"],
    [/Jumbf(ParseError|BoxNotFound)|InvalidAsset|JumbfCreationError/, "claim.malformed"],
  ];
  return rules.find(([pattern]) => pattern.test(message))?.[1] ?? "general.error";
}
