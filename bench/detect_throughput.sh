#!/usr/bin/env bash
# Detection throughput, honestly measured: events/s, MB/s and peak RSS of
#   - decompression alone and parsing alone (the `throughput` example, one thread),
#   - the whole pipeline with all built-in rules (the example, and `cloudward detect`
#     with --threads 1 and 2) on many small gzip files (the S3 layout), one large gzip file,
#     one plain file, and VPC flow logs.
# Every run is under /usr/bin/time -v: "wall" rates are what a user sees, "per CPU-s" rates
# divide by user+sys time (the per-core figure, less sensitive to other load). The load
# average is printed before and after; on a busy machine wall rates are lower bounds.
#
# usage: bench/detect_throughput.sh [DIR=/tmp/cwbench] [MB=300] [EVENTS_PER_FILE=500]
# Data is generated once into DIR (delete it to regenerate). CARGO_TARGET_DIR is honoured.
# Each run is repeated REPEAT times (environment, default 3) and the fastest (wall) is shown,
# with that run's CPU time and peak RSS.
set -euo pipefail

DIR=${1:-/tmp/cwbench}
MB=${2:-300}
PER_FILE=${3:-500}
REPEAT=${REPEAT:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
cd "$ROOT"

cargo build --release -q -p cloudward-detect --example gen_bench_data --example throughput
cargo build --release -q -p cloudward --bin cloudward
GEN=$TARGET/release/examples/gen_bench_data
TP=$TARGET/release/examples/throughput
CW=$TARGET/release/cloudward

if [ ! -f "$DIR/cloudtrail.json.gz" ] || [ ! -d "$DIR/trail" ]; then
    rm -rf "$DIR"
    "$GEN" "$DIR" "$MB" "$PER_FILE"
fi
SPLIT=$DIR/trail
PLAIN_MB=$(stat -c %s "$DIR/cloudtrail.json" | awk '{printf "%.1f", $1/1e6}')
GZ_MB=$(stat -c %s "$DIR/cloudtrail.json.gz" | awk '{printf "%.1f", $1/1e6}')
SPLIT_MB=$(find "$SPLIT" -type f -printf '%s\n' | awk '{s+=$1} END {printf "%.1f", s/1e6}')
SPLIT_FILES=$(find "$SPLIT" -type f | wc -l)
FLOW_MB=$(stat -c %s "$DIR/flow.log" | awk '{printf "%.1f", $1/1e6}')

echo "machine: $(nproc) CPUs, $(uname -sr); $(date -u +%FT%TZ)"
TIMEF=$(mktemp)
OUT=$(mktemp -d)
trap 'rm -rf "$TIMEF" "$OUT"' EXIT

# How much CPU two busy processes get right now (2.0 on an idle two-core machine): the
# ceiling for --threads 2, whatever else is running.
cores_free() {
    /usr/bin/time -f '%U %S %e' -o "$1" bash -c \
        'timeout 2 sh -c "while :; do :; done" & timeout 2 sh -c "while :; do :; done" & wait' || true
    awk '{printf "%.2f", ($1 + $2) / $3}' "$1"
}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); best of $REPEAT runs each"
echo "cores two busy processes get: $(cores_free "$TIMEF")"
echo "data: CloudTrail ${PLAIN_MB} MB plain / ${GZ_MB} MB as one gzip / ${SPLIT_MB} MB as ${SPLIT_FILES} gzip files; flow logs ${FLOW_MB} MB"
echo


# run NAME EVENTS_SOURCE MB_IN MB_RAW CMD...   (EVENTS_SOURCE: "tp" = from throughput output,
# "json:FILE" = summary.events of a cloudward JSON report, or a number)
printf '%-34s %10s %7s %7s %11s %11s %9s %9s %8s\n' run events wall_s cpu_s ev/s ev/CPU-s in_MB/s raw_MB/s RSS_MB
run() {
    local name=$1 events_src=$2 mb_in=$3 mb_raw=$4
    shift 4
    local wall="" cpu rss events i w
    for ((i = 0; i < REPEAT; i++)); do
        /usr/bin/time -v -o "$TIMEF" "$@" > "$OUT/stdout" 2> "$OUT/stderr" || {
            echo "$name: failed"; cat "$OUT/stderr"; return 1; }
        w=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$TIMEF")
        if [ -z "$wall" ] || awk -v a="$w" -v b="$wall" 'BEGIN {exit !(a < b)}'; then
            wall=$w
            cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' "$TIMEF")
            rss=$(awk -F': ' '/Maximum resident/ {printf "%.1f", $2/1024}' "$TIMEF")
        fi
    done
    case $events_src in
        tp) events=$(grep -o 'events=[0-9]*' "$OUT/stdout" | head -1 | cut -d= -f2) ;;
        json:*) events=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["events"])' "${events_src#json:}") ;;
        *) events=$events_src ;;
    esac
    awk -v n="$name" -v e="$events" -v w="$wall" -v c="$cpu" -v mi="$mb_in" -v mr="$mb_raw" -v r="$rss" 'BEGIN {
        evs = (e > 0) ? sprintf("%.0f", e / w) : "-";
        evc = (e > 0) ? sprintf("%.0f", e / c) : "-";
        printf "%-34s %10s %7.2f %7.2f %11s %11s %9.0f %9.0f %8s\n", n, (e > 0 ? e : "-"), w, c, evs, evc, mi / w, mr / w, r }'
}

echo "# stages alone, one thread (throughput example)"
run "inflate only (1 gzip file)" 0 "$GZ_MB" "$PLAIN_MB" "$TP" "$DIR/cloudtrail.json.gz" inflate
run "parse only (plain file)" tp "$PLAIN_MB" "$PLAIN_MB" "$TP" "$DIR/cloudtrail.json" read
run "inflate+parse (1 gzip file)" tp "$GZ_MB" "$PLAIN_MB" "$TP" "$DIR/cloudtrail.json.gz" read
echo "# full pipeline, all built-in rules"
run "example detect plain" tp "$PLAIN_MB" "$PLAIN_MB" "$TP" "$DIR/cloudtrail.json" detect
run "example detect gzip" tp "$GZ_MB" "$PLAIN_MB" "$TP" "$DIR/cloudtrail.json.gz" detect
run "example detect flow" tp "$FLOW_MB" "$FLOW_MB" "$TP" "$DIR/flow.log" detect
for t in 1 2; do
    run "cloudward --threads $t ${SPLIT_FILES} gz files" "json:$OUT/split$t.json" "$SPLIT_MB" "$PLAIN_MB" \
        "$CW" detect -q --format json -o "$OUT/split$t.json" --threads "$t" "$SPLIT"
done
for t in 1 2; do
    run "cloudward --threads $t 1 gzip file" "json:$OUT/gz$t.json" "$GZ_MB" "$PLAIN_MB" \
        "$CW" detect -q --format json -o "$OUT/gz$t.json" --threads "$t" "$DIR/cloudtrail.json.gz"
done
run "cloudward --threads 1 plain file" "json:$OUT/plain.json" "$PLAIN_MB" "$PLAIN_MB" \
    "$CW" detect -q --format json -o "$OUT/plain.json" --threads 1 "$DIR/cloudtrail.json"
run "cloudward --threads 1 flow log" "json:$OUT/flow.json" "$FLOW_MB" "$FLOW_MB" \
    "$CW" detect -q --format json -o "$OUT/flow.json" --threads 1 "$DIR/flow.log"
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); cores two busy processes get: $(cores_free "$TIMEF")"
same() { if cmp -s "$1" "$2"; then echo identical; else echo DIFFERENT; fi; }
echo "alerts --threads 1 vs 2: split files $(same "$OUT/split1.json" "$OUT/split2.json"), one gzip file $(same "$OUT/gz1.json" "$OUT/gz2.json")"
