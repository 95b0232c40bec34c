import type { ProblemCode } from "@easel/shared/protocol";
import { AppError } from "../errors/app-error.js";

export type KitErrorReason =
  | "bad_zip"
  | "unsafe_path"
  | "too_many_files"
  | "too_large"
  | "duplicate_file"
  | "missing_file"
  | "unreferenced_file"
  | "invalid_json"
  | "invalid_kit"
  | "bad_image"
  | "unsafe_svg";

const CODE: Record<KitErrorReason, ProblemCode> = {
  bad_zip: "validation",
  unsafe_path: "validation",
  too_many_files: "payload_too_large",
  too_large: "payload_too_large",
  duplicate_file: "validation",
  missing_file: "validation",
  unreferenced_file: "validation",
  invalid_json: "validation",
  invalid_kit: "validation",
  bad_image: "validation",
  unsafe_svg: "validation",
};

/**
 * A brand-kit bundle that cannot be accepted. `field` (inherited, the problem's `field`) is the JSON
 * path in brand-kit.json when the problem is in the document (`palette[2].hex`, `logos[0].file`);
 * `file` names the bundle file when the problem is a file. Some errors have both.
 */
export class KitError extends AppError {
  readonly reason: KitErrorReason;
  readonly file: string | undefined;

  constructor(
    reason: KitErrorReason,
    detail: string,
    where: { field?: string; file?: string } = {},
    code?: ProblemCode,
  ) {
    super(code ?? CODE[reason], detail, where.field === undefined ? {} : { field: where.field });
    this.name = "KitError";
    this.reason = reason;
    this.file = where.file;
  }
}
