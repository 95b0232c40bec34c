import { BLAZEFACE_DESCRIPTOR } from "../blazeface/blazeface-descriptor.js";
import { GRABCUT_DESCRIPTOR } from "../grabcut/grabcut-descriptor.js";
import { SELFIE_DESCRIPTOR } from "../selfie/selfie-descriptor.js";
import type { EngineDescriptor } from "../types.js";
import type { FaceDetector, PersonSegmenter, SubjectSegmenter } from "./select-types.js";

/** The selection engines: all built in (their weights are vendored), loaded lazily in the threads that select. */
export const SELECT_DESCRIPTORS: readonly EngineDescriptor[] = [
  SELFIE_DESCRIPTOR,
  BLAZEFACE_DESCRIPTOR,
  GRABCUT_DESCRIPTOR,
];

/** Loads each selection engine once per worker thread. */
export class SelectEngines {
  private faces?: Promise<FaceDetector>;
  private people?: Promise<PersonSegmenter>;
  private subject?: Promise<SubjectSegmenter>;

  faceDetector(): Promise<FaceDetector> {
    this.faces ??= import("../blazeface/blazeface-detector.js").then((m) => new m.BlazeFaceDetector());
    return this.faces;
  }

  personSegmenter(): Promise<PersonSegmenter> {
    this.people ??= import("../selfie/selfie-segmenter.js").then((m) => new m.SelfieSegmenter());
    return this.people;
  }

  subjectSegmenter(): Promise<SubjectSegmenter> {
    this.subject ??= import("../grabcut/grabcut-segmenter.js").then((m) => new m.GrabCutSegmenter());
    return this.subject;
  }
}
