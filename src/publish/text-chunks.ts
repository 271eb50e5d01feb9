/** Text made in many small pieces (a line, a finding) is written in chunks: one write per chunk, not per piece. */

/** About this many characters a chunk: few system calls, and each chunk small enough to be short-lived young garbage. */
const CHUNK_CHARS = 64 * 1024;

/** The pieces gathered, in order, into chunks of about CHUNK_CHARS. */
export function* inChunks(pieces: Iterable<string>): Iterable<string> {
  let chunk = "";
  for (const piece of pieces) {
    chunk += piece;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}
