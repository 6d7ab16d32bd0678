#!/usr/bin/env bash
# Live-scan benchmark against the moto emulator.
#
# Provisions an emulated account (default: 2,000 security groups, 500 buckets, 500 users and
# 200 instances over us-east-1 and eu-west-1), then times, with a release build of cloudward:
#   1. `cloudward collect`  (collection alone, to a snapshot),
#   2. `cloudward scan`     (live: collection + rules + report),
#   3. `cloudward scan --inventory` (rules + report over the snapshot, no AWS calls),
# and reports our CPU time next to moto's (from /proc/<moto pid>/stat), to show which side
# bounds the wall time.
#
#   bench/live_scan.sh
#   CLOUDWARD_BENCH_SECURITY_GROUPS=200 bench/live_scan.sh     # a smaller account
#
# Needs moto_server (CLOUDWARD_MOTO_SERVER, or the venv scripts/test.sh creates) and /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."

moto="${CLOUDWARD_MOTO_SERVER:-$HOME/.cache/cloudward/venv/bin/moto_server}"
if [ ! -x "$moto" ]; then
  echo "moto_server not found at $moto: run ./scripts/test.sh once, or set CLOUDWARD_MOTO_SERVER" >&2
  exit 2
fi
target="${CARGO_TARGET_DIR:-target}"
concurrency="${CLOUDWARD_BENCH_CONCURRENCY:-32}"
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
endpoint="http://127.0.0.1:$port"

echo "== building cloudward (release)"
cargo build --release -p cloudward
bin="$target/release/cloudward"

echo "== starting moto on $endpoint (log: $work/moto.log)"
MOTO_EC2_LOAD_DEFAULT_AMIS=false "$moto" -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
trap 'kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do
  curl -fs -o /dev/null "$endpoint/moto-api/data.json" && break
  sleep 0.2
done

echo "== provisioning"
CLOUDWARD_BENCH_ENDPOINT="$endpoint" cargo test -q -p cloudward-aws --test moto -- \
  --ignored --exact bench::provision_large_account --nocapture 2>&1 | grep -E "provisioned|panicked|error" || true

tick="$(getconf CLK_TCK)"
moto_cpu() { awk -v t="$tick" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$moto_pid/stat"; }

export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
live=(--endpoint-url "$endpoint" --region us-east-1 --region eu-west-1 --concurrency "$concurrency")

run() { # name, then the command; records wall, user, sys, max RSS and moto's CPU
  local name="$1"; shift
  local before after
  before="$(moto_cpu)"
  /usr/bin/time -f "%e %U %S %M" -o "$work/$name.time" "$@" >/dev/null 2>"$work/$name.err" || {
    rc=$?; [ "$rc" -le 1 ] || { echo "$name failed ($rc):"; cat "$work/$name.err"; exit 1; }
  }
  after="$(moto_cpu)"
  # `time` writes "Command exited with non-zero status N" first when findings fail the run.
  read -r wall user sys rss < <(tail -n 1 "$work/$name.time")
  printf "%-28s wall %7.2f s   cloudward cpu %6.2f s (rss %4d MB)   moto cpu %6.2f s\n" \
    "$name" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))" "$(echo "$after - $before" | bc)"
}

echo "== timing (concurrency $concurrency)"
run "collect" "$bin" -q collect "${live[@]}" -o "$work/inventory.json"
run "scan (live)" "$bin" -q scan --no-store "${live[@]}" --format json -o "$work/findings.json"
run "scan --inventory (rules)" "$bin" -q scan --no-store --inventory "$work/inventory.json" --format json -o "$work/findings-snapshot.json"
python3 - "$work/inventory.json" "$work/findings.json" <<'PY'
import json, sys
inv = json.load(open(sys.argv[1]))
kinds = {}
for r in inv["resources"]:
    kinds[r["attributes"]["kind"]] = kinds.get(r["attributes"]["kind"], 0) + 1
print("resources:", len(inv["resources"]), dict(sorted(kinds.items())))
print("collection errors:", len(inv["errors"]))
PY
echo "(work files in $work)"
