/** The user cancelled the run (the server was asked to stop the job, or it had not started). */
export class CancelledError extends Error {
  override readonly name = "CancelledError";
  constructor(message = "Cancelled.") {
    super(message);
  }
}

/** A problem in the document the user can fix (no selection, wrong layer kind…), in plain words. */
export class HostError extends Error {
  override readonly name = "HostError";
}
