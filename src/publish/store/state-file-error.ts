/** A state file that cannot be read as what the store wrote: named, with what to do about it. */
export class StateFileError extends Error {
  override name = "StateFileError";
}
