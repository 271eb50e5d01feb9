import { main } from "./main.js";

// A reader that stops early (`driftwarden audit | head`) closes the pipe: the rest of the output has nowhere to go,
// but the run still ends as it would have, its state recorded and its exit code set. Any other error stays fatal.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});

process.exitCode = await main(process.argv);
