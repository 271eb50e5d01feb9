/**
 * The errors that are the user's input, not a bug. Imported once a command
 * has failed: these modules load the AWS SDK, which --version and --help skip.
 */
import { EventsFileError } from "../attribute/events.js";
import { AccountSelectionError, CredentialsError } from "../collect/account.js";
import { ConfigError } from "../config/errors.js";
import { StateFileError, StoreLockedError } from "../publish/store/file-store.js";
import { BaselineMissingError } from "../run-audit.js";
import { SnapshotError } from "../snapshot/snapshot-file.js";
import { UsageError } from "./usage-error.js";

export function isInputError(error: unknown): error is Error {
  return [UsageError, ConfigError, SnapshotError, CredentialsError, AccountSelectionError, BaselineMissingError, StoreLockedError, StateFileError, EventsFileError].some((type) => error instanceof type);
}
