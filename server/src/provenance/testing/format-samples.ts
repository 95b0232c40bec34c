// Test-only: real images in every format the verifier reads, and Content Credentials signed into them by c2pa-rs
// itself (Easel's signer only writes PNG and JPEG outputs; verification must read what other tools write). The
// signature, certificate and claim are real; options let a test make the manifest point elsewhere (remote) or
// declare a COSE algorithm no validator supports, as files met in the wild do.
import { encode } from "cborg";
import sharp from "sharp";
import { BytesBlob, loadC2pa } from "../c2pa-runtime.js";
import { builderSettings } from "../c2pa-settings.js";
import { coseSignerFor, padToSize } from "../cose-signer.js";
import type { SigningIdentity } from "../signing-identity.js";
import type { VerifiableFormat } from "../verify-format.js";

/** Replaces the major brand of an ISO BMFF `ftyp` box (bytes 8..12) and its first compatible brand. */
function rebrand(bytes: Buffer, brand: string): Uint8Array {
  const out = Buffer.from(bytes);
  if (out.toString("latin1", 4, 8) !== "ftyp") throw new Error("not an ISO BMFF file");
  out.write(brand, 8, "latin1");
  out.write(brand, 16, "latin1");
  return new Uint8Array(out);
}

/**
 * A 48×32 image in `format`. sharp's prebuilt libheif encodes AV1 only, so the HEIC and HEIF samples are its
 * HEIF container with the `heic` / `mif1` brands: what the C2PA reader reads (ISO BMFF boxes) is the same.
 */
export async function sampleImage(format: VerifiableFormat): Promise<Uint8Array> {
  const base = () => sharp({ create: { width: 48, height: 32, channels: 3, background: { r: 200, g: 60, b: 30 } } });
  switch (format) {
    case "image/png":
      return new Uint8Array(await base().png().toBuffer());
    case "image/jpeg":
      return new Uint8Array(await base().jpeg().toBuffer());
    case "image/webp":
      return new Uint8Array(await base().webp().toBuffer());
    case "image/gif":
      return new Uint8Array(await base().gif().toBuffer());
    case "image/tiff":
      return new Uint8Array(await base().tiff().toBuffer());
    case "image/avif":
      return new Uint8Array(await base().avif().toBuffer());
    case "image/heic":
      return rebrand(await base().avif().toBuffer(), "heic");
    case "image/heif":
      return rebrand(await base().avif().toBuffer(), "mif1");
    default:
      return format satisfies never;
  }
}

/** How the test manifest departs from a plain, embedded one. */
export interface SampleSigning {
  /** Store the manifest at this URL instead of embedding it (the file only points to it). */
  remoteUrl?: string;
  /** COSE `alg` to declare in the protected header (default -7, ES256). */
  coseAlg?: number;
}

/** Signs `bytes` (of `format`) with a `c2pa.created` manifest through c2pa-rs's Builder; returns the signed file. */
export async function signSample(
  bytes: Uint8Array,
  format: string,
  identity: SigningIdentity,
  options: SampleSigning = {},
): Promise<Uint8Array> {
  const c2pa = await loadC2pa();
  const definition = {
    claim_generator_info: [{ name: "format-sample", version: "1" }],
    title: `sample.${format.split("/")[1]}`,
    format,
    assertions: [
      {
        label: "c2pa.actions.v2",
        data: {
          actions: [
            {
              action: "c2pa.created",
              digitalSourceType: "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture",
            },
          ],
        },
        created: true,
      },
    ],
  };
  const builder = c2pa.WasmBuilder.fromJson(JSON.stringify(definition), builderSettings());
  try {
    if (options.remoteUrl) {
      builder.setRemoteUrl(options.remoteUrl);
      builder.setNoEmbed(true);
    }
    const es256 = coseSignerFor(identity);
    const signer =
      options.coseAlg === undefined
        ? es256
        : {
            ...es256,
            async sign(claim: Uint8Array) {
              const header = encode(
                new Map<number, unknown>([
                  [1, options.coseAlg],
                  [33, [...identity.certificateChainDer]],
                ]),
              );
              const signature = await identity.sign(encode(["Signature1", header, new Uint8Array(0), claim]));
              return padToSize(header, signature, es256.reserveSize);
            },
          };
    const source = new BytesBlob(bytes, format).asBlob();
    const result = (await builder.signAndGetManifestBytes(
      signer as unknown as Parameters<typeof builder.signAndGetManifestBytes>[0],
      [],
      format,
      source,
    )) as { asset: Uint8Array };
    return new Uint8Array(result.asset);
  } finally {
    builder.free();
  }
}
