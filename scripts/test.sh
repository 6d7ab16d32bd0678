#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs the moto AWS emulator (PyPI) into a
# virtualenv, then runs formatting, lint and every test of the workspace.
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

if [ -z "${SKIP_LINT:-}" ]; then
  echo "== cargo fmt --check"
  cargo fmt --all -- --check
  echo "== cargo clippy"
  cargo clippy --workspace --all-targets --locked -- -D warnings
fi
echo "== cargo test"
cargo test --workspace --locked
