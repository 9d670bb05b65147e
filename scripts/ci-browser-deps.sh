#!/usr/bin/env bash
# Installs Debian's chromium for the /admin browser test (test/browser/admin-page.test.mjs), which drives it
# with playwright-core at /usr/bin/chromium. Idempotent: does nothing when chromium is already there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  /usr/bin/chromium --version
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
/usr/bin/chromium --version
