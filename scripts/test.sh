#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs the moto AWS emulator (PyPI) into a
# virtualenv and Debian's chromium (for the HTML report test) when missing, then runs
# formatting, lint and every test of the workspace.
#
#   ./scripts/test.sh            # everything
#   SKIP_LINT=1 ./scripts/test.sh  # tests only
set -euo pipefail
cd "$(dirname "$0")/.."

cache="${CLOUDWARD_CACHE:-$HOME/.cache/cloudward}"
venv="$cache/venv"
if [ ! -x "$venv/bin/moto_server" ]; then
  echo "== installing moto[server] into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==5.2.5"
fi
# The integration tests start moto_server themselves on a free 127.0.0.1 port.
export CLOUDWARD_MOTO_SERVER="$venv/bin/moto_server"

# The HTML report test opens the page in headless Chromium (Debian's `chromium`); the test
# fails, it does not skip, when the browser is missing.
if [ -z "${CLOUDWARD_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "== installing chromium (apt-get)"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium
fi
export CLOUDWARD_CHROMIUM="${CLOUDWARD_CHROMIUM:-$(command -v chromium)}"

if [ -z "${SKIP_LINT:-}" ]; then
  echo "== cargo fmt --check"
  cargo fmt --all -- --check
  echo "== cargo clippy"
  cargo clippy --workspace --all-targets --locked -- -D warnings
fi
echo "== cargo test"
cargo test --workspace --locked
