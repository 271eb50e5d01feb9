/**
 * A validator for the SARIF 2.1.0 schema as OASIS published it (rtm.5, from
 * @microsoft/jest-sarif 1.0.0-beta.0), kept in test/fixtures. It is written in
 * JSON Schema draft-04, which differs from the draft-07 ajv validates by
 * default only in the spelling of the schema's own id.
 */
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import type { ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

export function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(new URL("../fixtures/sarif-2.1.0.schema.json", import.meta.url), "utf8"));
  const { $schema: _draft, id, ...rest } = schema;
  // unicodeRegExp off: the schema's "language" pattern has a stray "]" that only non-unicode regular expressions accept.
  const ajv = new Ajv({ allErrors: true, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile({ ...rest, $id: id });
}
