/** A blob that no store holds (or a name that cannot be a blob: anything but 64 lowercase hex digits). */
export class BlobNotFoundError extends Error {
  override readonly name = "BlobNotFoundError";

  constructor(
    readonly sha256: string,
    options?: ErrorOptions,
  ) {
    super(`blob ${sha256} was not found`, options);
  }
}

/** Bytes came back from a store whose sha256 is not the name they were fetched by (corruption or tampering). */
export class BlobIntegrityError extends Error {
  override readonly name = "BlobIntegrityError";

  constructor(
    readonly sha256: string,
    readonly actualSha256: string,
    where: string,
  ) {
    super(`blob ${sha256} from ${where} is corrupt: its bytes hash to ${actualSha256}`);
  }
}
