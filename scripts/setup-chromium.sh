#!/usr/bin/env bash
# Installs Debian's Chromium at /usr/bin/chromium for the browser test of the
# HTML report (test/publish/report/html-browser.test.ts); playwright-core drives
# it but ships no browser. Run by .ci/run; developers run it once. Does nothing
# when Chromium is already there.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "setup-chromium: no apt-get here; install Chromium so that $CHROMIUM exists" >&2
  exit 1
fi
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null; then
    echo "setup-chromium: run as root (apt-get install chromium)" >&2
    exit 1
  fi
  as_root=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null
if [ ! -x "$CHROMIUM" ]; then
  echo "setup-chromium: apt-get installed chromium but $CHROMIUM is missing" >&2
  exit 1
fi
echo "setup-chromium: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM installed")"
