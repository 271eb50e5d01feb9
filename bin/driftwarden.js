#!/usr/bin/env node
// The CLI is bundled to dist/cli/ by `npm run build` (run on install by the prepare script).
import "../dist/cli/main.js";
