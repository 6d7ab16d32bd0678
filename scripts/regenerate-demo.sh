#!/usr/bin/env bash
# Regenerate examples/demo-account.json: start moto, provision the demo account through the
# Rust SDK, collect it with cloudward-aws, write the snapshot. The JSON is exactly what the
# collector read (no post-processing); moto-assigned ids change on every run.
#
#   ./scripts/regenerate-demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CLOUDWARD_MOTO_SERVER="${CLOUDWARD_MOTO_SERVER:-$HOME/.cache/cloudward/venv/bin/moto_server}"
if [ ! -x "$CLOUDWARD_MOTO_SERVER" ]; then
  echo "moto_server not found at $CLOUDWARD_MOTO_SERVER: run ./scripts/test.sh once, or set CLOUDWARD_MOTO_SERVER" >&2
  exit 2
fi
cargo test -p cloudward-aws --test moto -- --ignored --exact demo::regenerate_demo_snapshot --nocapture
