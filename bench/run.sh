#!/usr/bin/env bash
# jiet vs tgtd vs istgt on loopback, over the same backing file, with the same libiscsi load (bench/iscsi-load.c).
#
#   bench/run.sh [--reps N] [--warmup S] [--secs S] [--ramp S] [--size-mib M] [--rows LIST] [--targets LIST]
#                [--out DIR] [--build] [--wait-quiet MINUTES] [--quick]
#
#   --reps N          repetitions per row and target (default 5; medians are reported)
#   --warmup S        before measuring, S s of 4K random read QD32 and S s of 1M sequential write QD8 against each
#                     target, not recorded (default 3; JIT and caches warm for everyone alike)
#   --secs S          measured seconds per run (default 10), after --ramp S seconds of warm-up (default 1)
#   --size-mib M      backing file size (default 1024), filled with random bytes and read into the page cache
#   --rows LIST       comma list of r4k-qd1,r4k-qd32,w4k-qd32,r1m-qd8,w1m-qd8 (default: all)
#   --targets LIST    comma list of jiet,tgtd,istgt (default: all)
#   --out DIR         where raw.txt, summary.md and the daemon logs go (default /tmp/jiet-bench-DATE)
#   --build           run `./mvnw -q -B -o -DskipTests package` first (else the existing jar is used)
#   --wait-quiet MIN  first wait up to MIN minutes for a quiet machine (1-min load < 0.7, no qemu/maven/iscsi-test-cu)
#   --quick           --reps 1 --secs 3 --ramp 0.5 (smoke test)
#
# Ports: jiet 127.0.0.1:3310, tgtd 127.0.0.1:3311 (control port 3311), istgt 127.0.0.1:3312 (its UnitControl 3313).
# Runs alternate between targets (the order rotates each repetition) so that machine noise spreads evenly.
# Target CPU is utime+stime of the target process (all its threads) from /proc/PID/stat over each run, as a
# percentage of one core. Every daemon is stopped and the work directory removed on exit.
# JIET_JAVA_OPTS is passed to the jiet JVM (e.g. for JFR).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
repo=$(cd "$here/.." && pwd)

REPS=5 SECS=10 RAMP=1 WARMUP=3 SIZE_MIB=1024 ROWS=r4k-qd1,r4k-qd32,w4k-qd32,r1m-qd8,w1m-qd8 TARGETS=jiet,tgtd,istgt
OUT="" BUILD=no WAIT_QUIET=0
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) REPS=$2; shift ;;        --warmup) WARMUP=$2; shift ;;    --secs) SECS=$2; shift ;;        --ramp) RAMP=$2; shift ;;
    --size-mib) SIZE_MIB=$2; shift ;; --rows) ROWS=$2; shift ;;        --targets) TARGETS=$2; shift ;;
    --out) OUT=$2; shift ;;           --build) BUILD=yes ;;            --wait-quiet) WAIT_QUIET=$2; shift ;;
    --quick) REPS=1 SECS=3 RAMP=0.5 WARMUP=1 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

JIET_PORT=3310 TGT_PORT=3311 ISTGT_PORT=3312 ISTGT_UC_PORT=3313
IQN_JIET=iqn.2026-11.io.jiet:bench
IQN_TGT=iqn.2026-11.io.jiet:bench-tgtd
IQN_ISTGT_BASE=iqn.2026-11.io.jiet.bench IQN_ISTGT=iqn.2026-11.io.jiet.bench:istgt
# The same negotiation limits for every target (libiscsi offers 262144 for its own MaxRecvDataSegmentLength).
SEG=262144 BURST=262144 FIRST=262144

row_spec() {  # row -> "workload blocksize qd"
  case "$1" in
    r4k-qd1) echo "randread 4096 1" ;;   r4k-qd32) echo "randread 4096 32" ;;
    w4k-qd32) echo "randwrite 4096 32" ;; r1m-qd8) echo "seqread 1048576 8" ;;
    w1m-qd8) echo "seqwrite 1048576 8" ;;
    *) echo "run.sh: unknown row $1" >&2; exit 2 ;;
  esac
}
IFS=, read -r -a rows <<<"$ROWS"
IFS=, read -r -a targets <<<"$TARGETS"
for r in "${rows[@]}"; do row_spec "$r" >/dev/null; done
for t in "${targets[@]}"; do case "$t" in jiet|tgtd|istgt) ;; *) echo "run.sh: unknown target $t" >&2; exit 2 ;; esac; done

for tool in gcc tgtd tgtadm istgt ss; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool not found (apt-get install gcc tgt istgt iproute2)" >&2; exit 1; }
done
[ -f /usr/include/iscsi/iscsi.h ] || { echo "run.sh: libiscsi headers missing (apt-get install libiscsi-dev)" >&2; exit 1; }
for p in $JIET_PORT $TGT_PORT $ISTGT_PORT $ISTGT_UC_PORT; do
  if ss -Hltn "sport = :$p" | grep -q .; then echo "run.sh: port $p is already in use" >&2; exit 1; fi
done

quiet_check() {  # prints why the machine is busy, or nothing
  local load busy
  load=$(cut -d' ' -f1 /proc/loadavg)
  busy=$(pgrep -f 'qemu-system|iscsi-test-cu|org.codehaus.plexus.classworlds|maven' | grep -vx "$$" | head -3 | tr '\n' ' ' || true)
  awk -v l="$load" 'BEGIN { exit !(l >= 0.7) }' && echo "load $load"
  [ -n "$busy" ] && echo "busy pids: $busy"
  true
}
if [ "$WAIT_QUIET" != 0 ]; then
  deadline=$(( $(date +%s) + WAIT_QUIET * 60 ))
  while :; do
    why=$(quiet_check)
    [ -z "$why" ] && { echo "machine quiet: $(cat /proc/loadavg)"; break; }
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "run.sh: machine not quiet after $WAIT_QUIET min ($why); measuring anyway" >&2
      break
    fi
    echo "waiting for a quiet machine: $why"
    sleep 20
  done
fi

OUT=${OUT:-/tmp/jiet-bench-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
W=$(mktemp -d /tmp/jiet-bench-work.XXXXXX)
JIET_PID="" TGT_PID="" ISTGT_PID=""

stop_pid() {  # pid name: TERM, up to 15 s, then KILL
  local pid=$1 i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for i in $(seq 150); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  echo "run.sh: $2 (pid $pid) ignored SIGTERM, killing it" >&2
  kill -9 "$pid" 2>/dev/null || true
}
stop_tgtd() {
  [ -n "$TGT_PID" ] && kill -0 "$TGT_PID" 2>/dev/null || return 0
  # tgtd ignores SIGTERM while it has targets: delete them first
  tgtadm -C $TGT_PORT --op update --mode sys --name State -v offline >/dev/null 2>&1 || true
  tgtadm -C $TGT_PORT --lld iscsi --op delete --mode target --tid 1 --force >/dev/null 2>&1 || true
  tgtadm -C $TGT_PORT --op delete --mode system >/dev/null 2>&1 || true
  stop_pid "$TGT_PID" tgtd
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -n "${LOAD_PID:-}" ] && kill "$LOAD_PID" 2>/dev/null || true
  stop_pid "$JIET_PID" jietd
  stop_tgtd
  stop_pid "$ISTGT_PID" istgt
  cp "$W"/*.log "$OUT"/ 2>/dev/null || true
  rm -rf "$W"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# --- load generator ------------------------------------------------------------------------------------------
gcc -O2 -Wall -o "$W/iscsi-load" "$here/iscsi-load.c" -liscsi

# --- jiet: a private copy of the jar, so a rebuild in the work tree cannot change it mid-run -----------------
if [ $BUILD = yes ]; then (cd "$repo" && ./mvnw -q -B -o -DskipTests package); fi
jar_dir="$repo/target-server/target"
[ -f "$jar_dir/jiet-target-server.jar" ] || { echo "run.sh: build jiet first (./mvnw -q -B -DskipTests package)" >&2; exit 1; }
mkdir -p "$W/jiet"
cp -r "$jar_dir/jiet-target-server.jar" "$jar_dir/lib" "$W/jiet/"
. "$repo/bin/jiet-java"
JAVA=$(find_java)

# --- the shared backing file, random data, in the page cache -------------------------------------------------
LUN=$W/lun.img
log "writing $SIZE_MIB MiB of random data to $LUN"
head -c "$((SIZE_MIB * 1048576))" /dev/urandom > "$LUN"
cat "$LUN" > /dev/null

describe_machine() {
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu: $(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  echo "memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "kernel: $(uname -sr)"
  echo "jdk: $("$JAVA" -version 2>&1 | head -1) ($JAVA)"
  echo "jiet: work tree $(cd "$repo" && git describe --always --dirty 2>/dev/null || echo unknown), jar built $(date -u -r "$W/jiet/jiet-target-server.jar" +%Y-%m-%dT%H:%M:%SZ)${JIET_JAVA_OPTS:+, JIET_JAVA_OPTS=$JIET_JAVA_OPTS}"
  echo "tgt: $(dpkg-query -W -f '${Version}' tgt 2>/dev/null); istgt: $(dpkg-query -W -f '${Version}' istgt 2>/dev/null); libiscsi: $(dpkg-query -W -f '${Version}' libiscsi7 2>/dev/null)"
  echo "backing file: $SIZE_MIB MiB on $(df --output=source,fstype "$W" | tail -1 | tr -s ' ')"
  echo "runs: $REPS x ${SECS}s (+${RAMP}s ramp) per row and target; load before start: $(cat /proc/loadavg)"
}

wait_port() {  # port pid name
  local i
  for i in $(seq 200); do
    ss -Hltn "sport = :$1" | grep -q . && return 0
    kill -0 "$2" 2>/dev/null || { echo "run.sh: $3 exited during start-up; log:" >&2; cat "$W/$3.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "run.sh: $3 does not listen on $1 after 20 s" >&2; exit 1
}

start_jiet() {
  cat > "$W/ietd.conf" <<EOF
Target $IQN_JIET
    MaxRecvDataSegmentLength $SEG
    MaxXmitDataSegmentLength $SEG
    MaxBurstLength $BURST
    FirstBurstLength $FIRST
    InitialR2T Yes
    ImmediateData Yes
    QueuedCommands 128
    Lun 0 Path=$LUN,Type=fileio,IOMode=wb
EOF
  JIET_JAR=$W/jiet/jiet-target-server.jar JIET_JAVA=$JAVA setsid "$repo/bin/jietd" -f -c "$W/ietd.conf" \
    -a 127.0.0.1 -p $JIET_PORT > "$W/jiet.log" 2>&1 < /dev/null &
  JIET_PID=$!
  wait_port $JIET_PORT "$JIET_PID" jiet
}

start_tgtd() {
  setsid tgtd -f -C $TGT_PORT --iscsi "portal=127.0.0.1:$TGT_PORT" > "$W/tgtd.log" 2>&1 < /dev/null &
  TGT_PID=$!
  wait_port $TGT_PORT "$TGT_PID" tgtd
  local adm="tgtadm -C $TGT_PORT --lld iscsi"
  $adm --op new --mode target --tid 1 -T "$IQN_TGT"
  $adm --op new --mode logicalunit --tid 1 --lun 1 -b "$LUN"   # tgtd's LUN 0 is its controller
  $adm --op bind --mode target --tid 1 -I ALL
  local kv
  for kv in MaxRecvDataSegmentLength=$SEG MaxXmitDataSegmentLength=$SEG MaxBurstLength=$BURST \
            FirstBurstLength=$FIRST InitialR2T=Yes ImmediateData=Yes; do
    $adm --op update --mode target --tid 1 -n "${kv%%=*}" -v "${kv#*=}"
  done
}

start_istgt() {
  : > "$W/auth.conf"
  cat > "$W/istgt.conf" <<EOF
[Global]
  NodeBase "$IQN_ISTGT_BASE"
  PidFile $W/istgt.pid
  AuthFile $W/auth.conf
  MediaDirectory $W
  LogFacility "local7"
  Timeout 30
  NopInInterval 0
  DiscoveryAuthMethod None
  MaxSessions 16
  MaxConnections 4
  MaxR2T 32
  MaxOutstandingR2T 16
  DefaultTime2Wait 2
  DefaultTime2Retain 60
  FirstBurstLength $FIRST
  MaxBurstLength $BURST
  MaxRecvDataSegmentLength $SEG
  # istgt supports only InitialR2T Yes; with FirstBurstLength = MaxRecvDataSegmentLength the immediate data
  # already fills the first burst, so No would not change what libiscsi sends.
  InitialR2T Yes
  ImmediateData Yes
  DataPDUInOrder Yes
  DataSequenceInOrder Yes
  ErrorRecoveryLevel 0
[UnitControl]
  AuthMethod None
  Portal UC1 127.0.0.1:$ISTGT_UC_PORT
  Netmask 127.0.0.1
[PortalGroup1]
  Portal DA1 127.0.0.1:$ISTGT_PORT
[InitiatorGroup1]
  InitiatorName "ALL"
  Netmask 127.0.0.0/8
[LogicalUnit1]
  TargetName istgt
  Mapping PortalGroup1 InitiatorGroup1
  AuthMethod None
  UseDigest Auto
  UnitType Disk
  QueueDepth 128
  LUN0 Storage $LUN Auto
  LUN0 Option WriteCache Enable
  LUN0 Option ReadCache Enable
EOF
  setsid istgt -D -c "$W/istgt.conf" -p "$W/istgt.pid" > "$W/istgt.log" 2>&1 < /dev/null &
  ISTGT_PID=$!
  wait_port $ISTGT_PORT "$ISTGT_PID" istgt
}

target_pid() { case "$1" in jiet) echo "$JIET_PID" ;; tgtd) echo "$TGT_PID" ;; istgt) echo "$ISTGT_PID" ;; esac; }
target_url() {
  case "$1" in
    jiet) echo "iscsi://127.0.0.1:$JIET_PORT/$IQN_JIET/0" ;;
    tgtd) echo "iscsi://127.0.0.1:$TGT_PORT/$IQN_TGT/1" ;;
    istgt) echo "iscsi://127.0.0.1:$ISTGT_PORT/$IQN_ISTGT/0" ;;
  esac
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

describe_machine | tee "$OUT/machine.txt"
for t in "${targets[@]}"; do
  log "starting $t"
  "start_$t"
done
log "targets up: jiet ${JIET_PID:--} tgtd ${TGT_PID:--} istgt ${ISTGT_PID:--}"

RAW=$OUT/raw.txt
: > "$RAW"
HZ=$(getconf CLK_TCK)
run_one() {  # row target rep
  local spec workload bs qd pid url c0 c1 t0 t1 line
  spec=$(row_spec "$1"); read -r workload bs qd <<<"$spec"
  pid=$(target_pid "$2"); url=$(target_url "$2")
  kill -0 "$pid" 2>/dev/null || { echo "run.sh: $2 (pid $pid) died; see $OUT/$2.log" >&2; exit 1; }
  c0=$(cpu_ticks "$pid"); t0=$(date +%s%N)
  timeout -k 5 "$(awk -v s="$SECS" -v r="$RAMP" 'BEGIN { print int(s + r + 60) }')" \
    "$W/iscsi-load" -u "$url" -w "$workload" -b "$bs" -q "$qd" -t "$SECS" -r "$RAMP" \
      -s "$((0x5eed + $3))" > "$W/load.out" 2> "$W/load.err" &
  LOAD_PID=$!
  if ! wait "$LOAD_PID"; then
    LOAD_PID=""
    echo "run.sh: load against $2 failed:" >&2; cat "$W/load.err" "$W/load.out" >&2; exit 1
  fi
  LOAD_PID=""
  c1=$(cpu_ticks "$pid"); t1=$(date +%s%N)
  line=$(grep '^RESULT ' "$W/load.out")
  # cpu_pct: target CPU over the run (ramp and login included) as a percentage of one core
  echo "row=$1 target=$2 rep=$3 ${line#RESULT } load1=$(cut -d' ' -f1 /proc/loadavg) cpu_pct=$(awk -v d=$((c1 - c0)) -v hz="$HZ" -v ns=$((t1 - t0)) \
    'BEGIN { printf "%.0f", 100 * d / hz / (ns / 1e9) }')" | tee -a "$RAW" >&2
}

if [ "$WARMUP" != 0 ]; then
  for t in "${targets[@]}"; do
    log "warming $t up"
    for w in "randread 4096 32" "seqwrite 1048576 8"; do
      read -r workload bs qd <<<"$w"
      timeout -k 5 "$(awk -v s="$WARMUP" 'BEGIN { print int(s + 60) }')" "$W/iscsi-load" -u "$(target_url "$t")" \
        -w "$workload" -b "$bs" -q "$qd" -t "$WARMUP" -r 0 > /dev/null 2> "$W/load.err" \
        || { echo "run.sh: warm-up against $t failed:" >&2; cat "$W/load.err" >&2; exit 1; }
    done
  done
fi

for row in "${rows[@]}"; do
  for rep in $(seq "$REPS"); do
    n=${#targets[@]}
    for i in $(seq 0 $((n - 1))); do
      run_one "$row" "${targets[$(( (i + rep - 1) % n ))]}" "$rep"
      sleep 0.5
    done
  done
done

# --- medians per row and target, jiet's ratio to the better peer ---------------------------------------------
median() {  # field row target
  sed -n "s/.*row=$2 target=$3 .*\b$1=\([0-9.]*\).*/\1/p" "$RAW" | sort -g | awk '{ v[NR] = $1 }
    END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
{
  cat "$OUT/machine.txt" | sed 's/^/    /'
  echo
  echo "| row | target | IOPS | MB/s | p50 µs | p99 µs | target CPU % | jiet / best peer |"
  echo "|---|---|---:|---:|---:|---:|---:|---|"
  for row in "${rows[@]}"; do
    best_iops=0 best_p99=0 jiet_iops="" jiet_p99=""
    for t in "${targets[@]}"; do
      iops=$(median iops "$row" "$t"); mbps=$(median mbps "$row" "$t")
      p50=$(median p50_us "$row" "$t"); p99=$(median p99_us "$row" "$t"); cpu=$(median cpu_pct "$row" "$t")
      printf '| %s | %s | %.0f | %.1f | %.0f | %.0f | %.0f | |\n' "$row" "$t" "$iops" "$mbps" "$p50" "$p99" "$cpu"
      if [ "$t" = jiet ]; then jiet_iops=$iops jiet_p99=$p99
      elif awk -v a="$iops" -v b="$best_iops" 'BEGIN { exit !(a > b) }'; then best_iops=$iops best_p99=$p99; fi
    done
    if [ -n "$jiet_iops" ] && [ "$best_iops" != 0 ]; then
      awk -v r="$row" -v j="$jiet_iops" -v b="$best_iops" -v jp="$jiet_p99" -v bp="$best_p99" 'BEGIN {
        printf "| %s | **ratio** | | | | | | **%.2f×** throughput, p99 %.2f× |\n", r, j / b, jp / bp }'
    fi
  done
} > "$OUT/summary.md"
echo
cat "$OUT/summary.md"
log "raw results: $RAW; summary: $OUT/summary.md"
