import { hashFromHex, hashToHex, type ImageFingerprint } from "./perceptual-hash.js";

/** A fingerprint as plain JSON (for worker messages and the database). */
export interface FingerprintJson {
  hash: string;
  colour: number[];
}

export function fingerprintToJson(fingerprint: ImageFingerprint): FingerprintJson {
  return {
    hash: hashToHex(fingerprint.hash),
    colour: Array.from(fingerprint.colour, (v) => Math.round(v * 100) / 100),
  };
}

export function fingerprintFromJson(json: FingerprintJson): ImageFingerprint {
  return { hash: hashFromHex(json.hash), colour: Float32Array.from(json.colour) };
}

/** A protected work as a job carries it to the worker: its id and its fingerprints (see reference-fingerprints.ts). */
export interface ProtectedWorkJson {
  id: string;
  fingerprints: FingerprintJson[];
}
