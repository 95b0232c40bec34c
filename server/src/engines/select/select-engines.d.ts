import type { EngineDescriptor } from "../types.js";
import type { FaceDetector, PersonSegmenter, SubjectSegmenter } from "./select-types.js";
/** The selection engines: all built in (their weights are vendored), loaded lazily in the threads that select. */
export declare const SELECT_DESCRIPTORS: readonly EngineDescriptor[];
/** Loads each selection engine once per worker thread. */
export declare class SelectEngines {
  private faces?;
  private people?;
  private subject?;
  faceDetector(): Promise<FaceDetector>;
  personSegmenter(): Promise<PersonSegmenter>;
  subjectSegmenter(): Promise<SubjectSegmenter>;
}
