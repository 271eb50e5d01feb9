/**
 * Paged responses for aws-sdk-client-mock fakes. SDK paginators reuse one
 * input object for every page, so recorded inputs are copied when the call
 * is made.
 */
export interface RecordedPages<I, O> {
  inputs: I[];
  respond: (input: I) => O;
}

/** Serves `pages` in request order; a page that is an Error is thrown (as the SDK throws an AWS error response). */
export function recordedPages<I extends object, O>(pages: (O | Error)[]): RecordedPages<I, O> {
  const inputs: I[] = [];
  return {
    inputs,
    respond(input) {
      inputs.push({ ...input });
      const page = pages[inputs.length - 1];
      if (page === undefined) throw new Error(`unexpected request ${inputs.length} for ${pages.length} pages`);
      if (page instanceof Error) throw page;
      return page;
    },
  };
}

/** The page of `pages` a Marker asks for (markers are page numbers, as opaque to the collector as AWS's). */
export function pageAt<T>(pages: T[][], marker: string | undefined): { items: T[]; NextMarker?: string } {
  const index = Number(marker ?? 0);
  return { items: pages[index] ?? [], ...(index + 1 < pages.length && { NextMarker: String(index + 1) }) };
}
