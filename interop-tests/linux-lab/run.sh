#!/usr/bin/env bash
# jiet Linux lab: boots the guest once (QEMU, TCG) against a target on two host loopback portals and runs the
# initiator checks in guest/steps.sh. Prints one "PASS|FAIL|SKIP|INFO <step> <detail>" line per step, a timing
# line and "RESULT: PASS|FAIL"; exits 0 only when no step failed (2 for a usage or set-up problem).
#
#   run.sh --target IQN --portal1 127.0.0.1:PORT --portal2 127.0.0.2:PORT [options]
#
#   --lun N               the LUN to check (default 0)
#   --wwid WWID           what /lib/udev/scsi_id -g -u must print on both paths
#   --expect-tpgs N       INQUIRY TPGS both paths must report (default 0)
#   --alua                turn the ALUA checks on: target-port designators in VPD 0x83, sg_rtpg, path-group
#                         priorities, hwhandler '1 alua'; also names "prio alua" in the guest's multipath.conf
#   --expect-rtpg "G=S …" with --alua: the groups and state codes sg_rtpg must show, e.g. "1=0x00 2=0x01"
#   --expect-prios "P …"  with --alua: the path-group priorities multipath -ll must show, e.g. "50 10"
#   --rdac-lun N          also check that scsi_dh_rdac attached to LUN N and its map has hwhandler '1 rdac'
#   --fio-size SIZE       fio write+verify size (default 64M)
#   --fail-modes M,M      path failures injected on portal1 during fio: logout, drop (default logout,drop);
#                         alua: fio runs while the HOST changes group states (prints @@ALUA cues on the console)
#   --alua-size SIZE, --alua-rate RATE   the alua mode's fio job (default 96M at a write rate of 2m)
#   --fail-after SEC      seconds of fio before the failure (default 3)
#   --failover-rate RATE  fio --rate of the failover job (default 8m)
#   --initiator IQN       initiator name (default iqn.2026-11.io.jiet:lab-guest)
#   --chap USER:SECRET    log in to the target with CHAP (open-iscsi offers CHAP_A SHA-256, SHA-1, MD5)
#   --target-chap U:S     mutual CHAP: the target must answer as U with secret S
#   --digest crc32c       ask for CRC32C header and data digests (default none); checked in step "security"
#   --timeout SEC         hard limit for the guest (default 480)
#   --log FILE            console log (default: a new directory under CACHE/runs)
#   --cache DIR           image cache (default $JIET_LAB_CACHE or /var/cache/jiet-lab)
#   --mem MB, --smp N     guest size (default 1024, 2)
#   --shell               interactive: the guest starts a shell on this terminal instead of the checks
#
# Networking: QEMU user networking with restrict=on. The guest sees portal1 as 10.0.2.101:PORT1 and portal2 as
# 10.0.2.102:PORT2; slirp hands each connection to a socat that connects to the host loopback portal. Nothing
# else is reachable from the guest, and only 127.0.0.0/8 portals are accepted.
set -uo pipefail

LAB_DIR=$(cd "$(dirname "$0")" && pwd)
CACHE=${JIET_LAB_CACHE:-/var/cache/jiet-lab}
TARGET="" PORTAL1="" PORTAL2="" LUN=0 WWID="" TPGS=0 ALUA=no RTPG="" PRIOS="" RDAC_LUN=""
FIO_SIZE=64M FAIL_MODES=logout,drop FAIL_AFTER=3 FAIL_RATE=8m INITIATOR=iqn.2026-11.io.jiet:lab-guest
ALUA_SIZE=96M ALUA_RATE=2m TIMEOUT=480 LOG="" MEM=1024 SMP=2 SHELL_MODE=no CHAP="" TARGET_CHAP="" DIGEST=none

usage() { sed -n '2,34p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --target) TARGET=$2; shift ;;           --portal1) PORTAL1=$2; shift ;;
    --portal2) PORTAL2=$2; shift ;;         --lun) LUN=$2; shift ;;
    --wwid) WWID=$2; shift ;;               --expect-tpgs) TPGS=$2; shift ;;
    --alua) ALUA=yes ;;                     --expect-rtpg) RTPG=$2; shift ;;
    --expect-prios) PRIOS=$2; shift ;;      --rdac-lun) RDAC_LUN=$2; shift ;;
    --fio-size) FIO_SIZE=$2; shift ;;       --fail-modes) FAIL_MODES=$2; shift ;;
    --fail-after) FAIL_AFTER=$2; shift ;;   --failover-rate) FAIL_RATE=$2; shift ;;
    --initiator) INITIATOR=$2; shift ;;     --timeout) TIMEOUT=$2; shift ;;
    --log) LOG=$2; shift ;;                 --cache) CACHE=$2; shift ;;
    --mem) MEM=$2; shift ;;                 --smp) SMP=$2; shift ;;
    --shell) SHELL_MODE=yes ;;              -h|--help) usage ;;
    --chap) CHAP=$2; shift ;;               --target-chap) TARGET_CHAP=$2; shift ;;
    --digest) DIGEST=$2; shift ;;
    --alua-size) ALUA_SIZE=$2; shift ;;     --alua-rate) ALUA_RATE=$2; shift ;;
    *) echo "run.sh: unknown option $1" >&2; usage ;;
  esac
  shift
done
fail_setup() { echo "run.sh: $*" >&2; echo "RESULT: FAIL (set-up: $*)"; exit 2; }
[ -n "$TARGET" ] && [ -n "$PORTAL1" ] && [ -n "$PORTAL2" ] || usage
for m in ${FAIL_MODES//,/ }; do case $m in logout|drop|alua) ;; *) fail_setup "unknown fail mode $m" ;; esac; done
case "$DIGEST" in none|crc32c) ;; *) fail_setup "--digest takes none or crc32c" ;; esac
for cred in "$CHAP" "$TARGET_CHAP"; do
  [ -z "$cred" ] || [[ $cred == ?*:?* ]] || fail_setup "credentials must be USER:SECRET"
done
[ -z "$TARGET_CHAP" ] || [ -n "$CHAP" ] || fail_setup "--target-chap needs --chap"

split_portal() { # HOST:PORT -> sets P_HOST P_PORT; loopback only
  P_HOST=${1%:*} P_PORT=${1##*:}
  [[ $1 == *:* && $P_PORT =~ ^[0-9]+$ ]] || fail_setup "portal $1: expected HOST:PORT"
  [[ $P_HOST =~ ^127\.[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail_setup "portal $1: only 127.0.0.0/8 portals are allowed"
}
split_portal "$PORTAL1"; HOST1=$P_HOST PORT1=$P_PORT
split_portal "$PORTAL2"; HOST2=$P_HOST PORT2=$P_PORT
[ "$PORTAL1" != "$PORTAL2" ] || fail_setup "portal1 and portal2 are the same"

if [ ! -f "$CACHE/vmlinuz" ] || [ ! -f "$CACHE/rootfs.cpio.zst" ]; then
  echo "run.sh: no guest image in $CACHE, building it" >&2
  "$LAB_DIR/build.sh" --cache "$CACHE" >&2 || fail_setup "build.sh failed"
fi
for tool in qemu-system-x86_64 socat cpio timeout; do
  command -v $tool >/dev/null || fail_setup "$tool missing (build.sh installs it)"
done

mkdir -p "$CACHE/runs"
RUN_DIR=$(mktemp -d "$CACHE/runs/$(date +%Y%m%d-%H%M%S).XXXX")
ls -1dt "$CACHE"/runs/*/ 2>/dev/null | tail -n +21 | xargs -r rm -rf   # keep the 20 newest runs
[ -n "$LOG" ] || LOG=$RUN_DIR/console.log
: > "$LOG"
QEMU_PID=""
finish() {
  [ -n "$QEMU_PID" ] && kill "$QEMU_PID" 2>/dev/null
  rm -rf "$RUN_DIR/overlay" "$RUN_DIR/initrd.img"
}
trap finish EXIT
trap 'echo "run.sh: interrupted" >&2; exit 130' INT TERM

# Per-run files: /lab/settings and /lab/steps.sh, appended to the image as an uncompressed cpio.
mkdir -p "$RUN_DIR/overlay/lab"
quote() { printf '%q' "$1"; }
{
  echo "LAB_TARGET=$(quote "$TARGET")";               echo "LAB_INITIATOR=$(quote "$INITIATOR")"
  echo "LAB_PORTAL1_HOST=$(quote "$PORTAL1")";         echo "LAB_PORTAL1_GUEST=10.0.2.101:$PORT1"
  echo "LAB_PORTAL2_HOST=$(quote "$PORTAL2")";         echo "LAB_PORTAL2_GUEST=10.0.2.102:$PORT2"
  echo "LAB_LUN=$(quote "$LUN")";                      echo "LAB_EXPECT_WWID=$(quote "$WWID")"
  echo "LAB_EXPECT_TPGS=$(quote "$TPGS")";             echo "LAB_EXPECT_ALUA=$ALUA"
  echo "LAB_EXPECT_RTPG=$(quote "$RTPG")";             echo "LAB_EXPECT_PRIOS=$(quote "$PRIOS")"
  echo "LAB_RDAC_LUN=$(quote "$RDAC_LUN")";            echo "LAB_FIO_SIZE=$(quote "$FIO_SIZE")"
  echo "LAB_FAIL_MODES=$(quote "${FAIL_MODES//,/ }")"; echo "LAB_FAIL_AFTER=$(quote "$FAIL_AFTER")"
  echo "LAB_FAILOVER_RATE=$(quote "$FAIL_RATE")"
  echo "LAB_ALUA_SIZE=$(quote "$ALUA_SIZE")";         echo "LAB_ALUA_RATE=$(quote "$ALUA_RATE")"
  echo "LAB_CHAP=$(quote "$CHAP")";                    echo "LAB_TARGET_CHAP=$(quote "$TARGET_CHAP")"
  echo "LAB_DIGEST=$(quote "$DIGEST")"
} > "$RUN_DIR/overlay/lab/settings"
install -m 0755 "$LAB_DIR/guest/steps.sh" "$RUN_DIR/overlay/lab/steps.sh"
(cd "$RUN_DIR/overlay" && find . -mindepth 1 | cpio --quiet -o -H newc -R 0:0) > "$RUN_DIR/overlay.cpio"
cat "$CACHE/rootfs.cpio.zst" "$RUN_DIR/overlay.cpio" > "$RUN_DIR/initrd.img"
rm -f "$RUN_DIR/overlay.cpio"

forward() { # guest-ip port host-ip: slirp runs socat per connection ("," is escaped as ",," inside -netdev)
  echo ",guestfwd=tcp:$1:$2-cmd:socat STDIO TCP4:$3:$2,,nodelay"
}
NETDEV="user,id=net0,ipv6=off,restrict=on,net=10.0.2.0/24,host=10.0.2.2,dns=10.0.2.3"
NETDEV+=$(forward 10.0.2.101 "$PORT1" "$HOST1")$(forward 10.0.2.102 "$PORT2" "$HOST2")
MODE=test; [ "$SHELL_MODE" = yes ] && MODE=shell
QEMU=(qemu-system-x86_64 -accel tcg,thread=multi -cpu max -smp "$SMP" -m "$MEM" -machine pc
      -nodefaults -no-user-config -display none -vga none -no-reboot
      -kernel "$CACHE/vmlinuz" -initrd "$RUN_DIR/initrd.img"
      -append "console=ttyS0,115200 loglevel=3 panic=-1 jietlab.mode=$MODE"
      -netdev "$NETDEV" -device virtio-net-pci,netdev=net0 -device virtio-rng-pci)

echo "lab: target $TARGET, portal1 $PORTAL1 = guest 10.0.2.101:$PORT1, portal2 $PORTAL2 = guest 10.0.2.102:$PORT2"
if [ "$SHELL_MODE" = yes ]; then
  "${QEMU[@]}" -serial mon:stdio
  exit $?
fi
echo "lab: TCG, ${SMP} vCPUs, ${MEM} MiB, limit ${TIMEOUT} s, console $LOG"

started=$(date +%s.%N)
timeout -k 10 "$TIMEOUT" "${QEMU[@]}" -serial "file:$LOG" -monitor none > "$RUN_DIR/qemu.out" 2>&1 &
QEMU_PID=$!
booted=""
while kill -0 "$QEMU_PID" 2>/dev/null; do
  if [ -z "$booted" ] && grep -aq '^@@LAB boot ' "$LOG" 2>/dev/null; then
    booted=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
  fi
  sleep 1
done
wait "$QEMU_PID"; qemu_status=$?
QEMU_PID=""
elapsed=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')

failures=0
while IFS= read -r line; do
  read -r _ step outcome detail <<< "$line"
  [ "$step" = RESULT ] && continue
  printf '%-4s %-16s %s\n' "$outcome" "$step" "$detail"
  [ "$outcome" = FAIL ] && failures=$((failures + 1))
done < <(tr -d '\r' < "$LOG" | grep -aE '^@@LAB ')
summary=$(tr -d '\r' < "$LOG" | grep -aE '^@@LAB RESULT ' | tail -1)
if [ -z "$summary" ]; then
  failures=$((failures + 1))
  echo "FAIL guest            did not finish (qemu exit $qemu_status$([ "$qemu_status" = 124 ] && echo ", hit --timeout ${TIMEOUT}s"))"
  sed 's/^/  qemu: /' "$RUN_DIR/qemu.out" | tail -5
fi
echo "timing: guest user space after ${booted:-?} s, whole run ${elapsed} s (TCG)"
if [ "$failures" = 0 ]; then
  echo "RESULT: PASS (${summary#@@LAB RESULT PASS }) console: $LOG"; exit 0
fi
echo "RESULT: FAIL ($failures failed step(s)) console: $LOG"; exit 1
