#!/bin/bash
# The jiet lab's test sequence, run inside the guest by /init. run.sh copies it (with /lab/settings) into every
# run, so changing it needs no image rebuild. Every step ends in exactly one line
#     @@LAB <step> PASS|FAIL|SKIP|INFO <detail>
# and the run ends with
#     @@LAB RESULT PASS|FAIL passed=N failed=N skipped=N
# Everything else on the console is evidence (commands are echoed with "+ ").
. /lab/settings
exec 2>&1
export PATH=/usr/sbin:/usr/bin:/sbin:/bin

# ------------------------------------------------------------------------------------------------ bookkeeping
declare -A OUTCOME
passed=0 failed=0 skipped=0
uptime_s() { cut -d' ' -f1 /proc/uptime; }
step()   { STEP=$1; echo; echo "@@STEP $STEP t=$(uptime_s)"; }
report() { # report OUTCOME DETAIL...
  local outcome=$1; shift
  OUTCOME[$STEP]=$outcome
  case $outcome in PASS) passed=$((passed + 1)) ;; FAIL) failed=$((failed + 1)) ;; SKIP) skipped=$((skipped + 1)) ;; esac
  echo "@@LAB $STEP $outcome $* (t=$(uptime_s))"
}
skip_step() { STEP=$1; shift; report SKIP "$@"; }
passed_step() { [ "${OUTCOME[$1]:-}" = PASS ]; }
# run: echo a command, run it, keep its output in $OUT (also printed) and return its status
run() { echo "+ $*"; OUT=$("$@" 2>&1); local rc=$?; [ -n "$OUT" ] && printf '%s\n' "$OUT"; [ $rc = 0 ] || echo "[exit $rc]"; return $rc; }
poll() { # poll SECONDS COMMAND...: retry every half second until COMMAND succeeds
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@" >/dev/null 2>&1; do [ "$(date +%s)" -ge "$deadline" ] && return 1; sleep 0.5; done
}
wanted() { [ "${1:-no}" = yes ]; }

# ------------------------------------------------------------------------------------------------ facts
HOST_PORTAL=([1]=$LAB_PORTAL1_HOST [2]=$LAB_PORTAL2_HOST)
GUEST_PORTAL=([1]=$LAB_PORTAL1_GUEST [2]=$LAB_PORTAL2_GUEST)
declare -A TPGT DISK
session_of_portal() { # guest ip:port -> session number
  local dir
  for dir in /sys/class/iscsi_session/session*; do
    [ -e "$dir" ] || continue
    local n=${dir##*session} conn
    conn=/sys/class/iscsi_connection/connection$n:0
    [ "$(cat "$dir/targetname" 2>/dev/null)" = "$LAB_TARGET" ] || continue
    [ "$(cat "$conn/persistent_address" 2>/dev/null):$(cat "$conn/persistent_port" 2>/dev/null)" = "$1" ] \
      && { echo "$n"; return 0; }
  done
  return 1
}
disk_of_session() { # session number -> sdX of LAB_LUN
  local d
  for d in /sys/class/iscsi_session/session$1/device/target*/*:*:*:"$LAB_LUN"; do
    [ -d "$d/block" ] && { ls "$d/block" | head -1; return 0; }
  done
  return 1
}
disk_of_portal() { local s; s=$(session_of_portal "$1") && disk_of_session "$s"; }
both_disks_present() { disk_of_portal "${GUEST_PORTAL[1]}" && disk_of_portal "${GUEST_PORTAL[2]}"; }
map_of() { ls "/sys/block/$1/holders" 2>/dev/null | grep '^dm-' | head -1; }
one_map_over_both() { local a b; a=$(map_of "${DISK[1]}"); b=$(map_of "${DISK[2]}"); [ -n "$a" ] && [ "$a" = "$b" ]; }
ready_paths() { multipath -ll "$MAP" 2>/dev/null | grep -cE 'sd[a-z]+ +[0-9]+:[0-9]+ +active ready running'; }
at_least_ready() { [ "$(ready_paths)" -ge "$1" ]; }
lu_designators() { sg_vpd -p di "/dev/$1" 2>/dev/null | awk '/^  Addressed logical unit:/ {on=1; next} /^  [A-Z]/ {on=0} on'; }

# ------------------------------------------------------------------------------------------------ boot
step boot
echo "kernel $(uname -r), target $LAB_TARGET, portals ${HOST_PORTAL[1]} (guest ${GUEST_PORTAL[1]}) and ${HOST_PORTAL[2]} (guest ${GUEST_PORTAL[2]}), LUN $LAB_LUN"
echo "expectations: tpgs=$LAB_EXPECT_TPGS alua=$LAB_EXPECT_ALUA rtpg='$LAB_EXPECT_RTPG' prios='$LAB_EXPECT_PRIOS' rdac_lun='$LAB_RDAC_LUN' wwid=$LAB_EXPECT_WWID"
report PASS "user space after $(uptime_s) s"

# ------------------------------------------------------------------------------------------------ modules
step modules
missing=""
for m in iscsi_tcp sd_mod sg dm_multipath dm_round_robin dm_service_time scsi_dh_alua scsi_dh_rdac scsi_dh_emc \
         crc32c_generic inet_diag tcp_diag; do
  modprobe "$m" || missing+=" $m"
done
[ -z "$missing" ] && report PASS "iSCSI, dm-multipath and the ALUA/RDAC device handlers loaded" \
                  || report FAIL "cannot load:$missing"

# ------------------------------------------------------------------------------------------------ daemons
step daemons
echo "InitiatorName=$LAB_INITIATOR" > /etc/iscsi/initiatorname.iscsi
[ "${LAB_DIGEST:-none}" = crc32c ] && DIGEST_SETTING=CRC32C || DIGEST_SETTING=None
cat > /etc/iscsi/iscsid.conf <<EOF
iscsid.startup = /bin/true
node.startup = manual
node.session.timeo.replacement_timeout = 15
node.conn[0].timeo.login_timeout = 10
node.conn[0].timeo.logout_timeout = 10
node.conn[0].timeo.noop_out_interval = 5
node.conn[0].timeo.noop_out_timeout = 10
node.session.err_timeo.abort_timeout = 15
node.session.err_timeo.lu_reset_timeout = 20
node.session.initial_login_retry_max = 2
node.session.cmds_max = 128
node.session.queue_depth = 32
node.session.iscsi.InitialR2T = No
node.session.iscsi.ImmediateData = Yes
node.session.iscsi.FirstBurstLength = 262144
node.session.iscsi.MaxBurstLength = 16776192
node.conn[0].iscsi.MaxRecvDataSegmentLength = 262144
discovery.sendtargets.iscsi.MaxRecvDataSegmentLength = 32768
node.conn[0].iscsi.HeaderDigest = $DIGEST_SETTING
node.conn[0].iscsi.DataDigest = $DIGEST_SETTING
EOF
if [ -n "$LAB_CHAP" ]; then
  # open-iscsi offers these as CHAP_A=7,6,5: the registry's SHA-256, SHA-1, MD5.
  cat >> /etc/iscsi/iscsid.conf <<EOF
node.session.auth.authmethod = CHAP
node.session.auth.chap_algs = SHA256,SHA1,MD5
node.session.auth.username = ${LAB_CHAP%%:*}
node.session.auth.password = ${LAB_CHAP#*:}
EOF
fi
if [ -n "$LAB_TARGET_CHAP" ]; then
  cat >> /etc/iscsi/iscsid.conf <<EOF
node.session.auth.username_in = ${LAB_TARGET_CHAP%%:*}
node.session.auth.password_in = ${LAB_TARGET_CHAP#*:}
EOF
fi
# Close to a distribution's defaults. group_by_prio + failback immediate is what the ALUA deployments use; with
# LAB_EXPECT_ALUA=yes the prioritizer is named explicitly (as issue 5's acceptance asks), otherwise detect_prio
# picks alua for TPGS != 0 and the hardware table picks rdac for RDAC identities.
cat > /etc/multipath.conf <<EOF
defaults {
    user_friendly_names  yes
    find_multipaths      yes
    polling_interval     2
    path_grouping_policy group_by_prio
    failback             immediate
    no_path_retry        fail
    detect_prio          yes
$(wanted "$LAB_EXPECT_ALUA" && echo '    prio                 alua')
}
blacklist {
    devnode "^(ram|loop|fd|md|sr|scd|st|vd|nbd)[a-z0-9]*"
}
EOF
echo "--- /etc/multipath.conf"; cat /etc/multipath.conf
/lib/systemd/systemd-udevd --daemon --resolve-names=never
udevadm trigger --type=subsystems --action=add
udevadm trigger --type=devices --action=add
udevadm settle --timeout=30
iscsid -f > /run/iscsid.log 2>&1 &
ISCSID=$!
multipathd -d -s > /run/multipathd.log 2>&1 &
MULTIPATHD=$!
poll 20 multipathd show daemon
sleep 0.5
if kill -0 $ISCSID 2>/dev/null && kill -0 $MULTIPATHD 2>/dev/null; then
  report PASS "udevd, iscsid, multipathd running"
else
  cat /run/iscsid.log /run/multipathd.log; report FAIL "a daemon exited"
fi

# ------------------------------------------------------------------------------------------------ discovery
# SendTargets through each portal must name the target and advertise both portals (single-IQN shape). The answer
# holds the target's host-side addresses; the guest reaches them through run.sh's forwards, so map them back.
step discovery
problems=""
for i in 1 2; do
  run timeout 30 iscsiadm -m discovery -t sendtargets -p "${GUEST_PORTAL[$i]}" -o nonpersistent \
    || { problems+="portal$i: discovery failed; "; continue; }
  answer=$OUT
  for j in 1 2; do
    line=$(printf '%s\n' "$answer" | awk -v t="$LAB_TARGET" -v a="${HOST_PORTAL[$j]}" \
           '$2 == t { split($1, p, ","); if (p[1] == a) { print p[2]; exit } }')
    if [ -z "$line" ]; then problems+="portal$i does not advertise ${HOST_PORTAL[$j]}; "; else TPGT[$j]=$line; fi
  done
done
for j in 1 2; do echo "portal$j ${HOST_PORTAL[$j]}: TPGT ${TPGT[$j]:-?}"; done
[ -z "$problems" ] && report PASS "both portals answer SendTargets and advertise both portals (TPGT ${TPGT[1]}, ${TPGT[2]})" \
                   || report FAIL "$problems"

# ------------------------------------------------------------------------------------------------ login
step login
problems=""
for i in 1 2; do
  run iscsiadm -m node -o new -T "$LAB_TARGET" -p "${GUEST_PORTAL[$i]},${TPGT[$i]:-1}"
  run timeout 60 iscsiadm -m node -T "$LAB_TARGET" -p "${GUEST_PORTAL[$i]}" --login || problems+="portal$i; "
done
run iscsiadm -m session
if [ -z "$problems" ] && poll 40 both_disks_present; then
  udevadm settle --timeout=30
  for i in 1 2; do DISK[$i]=$(disk_of_portal "${GUEST_PORTAL[$i]}"); done
  run lsscsi -t
  report PASS "one session per portal; LUN $LAB_LUN is ${DISK[1]} (portal1) and ${DISK[2]} (portal2)"
else
  run lsscsi -t
  report FAIL "login failed: ${problems:-no disk for LUN $LAB_LUN on both sessions within 40 s}"
fi

# ------------------------------------------------------------------------------------------------ security
# What the kernel negotiated on each session: the digests asked for, and CHAP (with the target's name when mutual).
step security
if ! passed_step login; then
  report SKIP "no sessions"
elif [ -z "$LAB_CHAP" ] && [ "${LAB_DIGEST:-none}" = none ]; then
  report SKIP "neither CHAP nor digests asked for"
else
  run iscsiadm -m session -P 2
  details=$OUT problems=""
  if [ "${LAB_DIGEST:-none}" = crc32c ]; then
    [ "$(grep -c 'HeaderDigest: CRC32C' <<<"$details")" = 2 ] || problems+="HeaderDigest not CRC32C on both; "
    [ "$(grep -c 'DataDigest: CRC32C' <<<"$details")" = 2 ] || problems+="DataDigest not CRC32C on both; "
  fi
  if [ -n "$LAB_CHAP" ]; then
    [ "$(grep -c "username: ${LAB_CHAP%%:*}\$" <<<"$details")" = 2 ] || problems+="CHAP user not on both; "
  fi
  if [ -n "$LAB_TARGET_CHAP" ]; then
    [ "$(grep -c "username_in: ${LAB_TARGET_CHAP%%:*}\$" <<<"$details")" = 2 ] || problems+="mutual CHAP not on both; "
  fi
  [ -z "$problems" ] && report PASS "both sessions: digest ${LAB_DIGEST:-none}${LAB_CHAP:+, CHAP as ${LAB_CHAP%%:*}}${LAB_TARGET_CHAP:+, target proved itself as ${LAB_TARGET_CHAP%%:*}}" \
                     || report FAIL "$problems"
fi

if ! passed_step login; then
  for s in inquiry vpd83 wwid rtpg multipath alua-prio rdac fio; do skip_step $s "no logged-in paths"; done
  for m in $LAB_FAIL_MODES; do skip_step "failover:$m" "no paths"; skip_step "restore:$m" "no paths"; done
else
# ------------------------------------------------------------------------------------------------ inquiry
step inquiry
problems=""
for i in 1 2; do
  run timeout 20 sg_inq "/dev/${DISK[$i]}" || { problems+="sg_inq failed on ${DISK[$i]}; "; continue; }
  tpgs=$(printf '%s\n' "$OUT" | sed -n 's/.*TPGS=\([0-9]\).*/\1/p' | head -1)
  [ "$tpgs" = "$LAB_EXPECT_TPGS" ] || problems+="${DISK[$i]} TPGS=$tpgs, expected $LAB_EXPECT_TPGS; "
done
[ -z "$problems" ] && report PASS "standard INQUIRY on both paths, TPGS=$LAB_EXPECT_TPGS" || report FAIL "$problems"

# ------------------------------------------------------------------------------------------------ vpd83
# The logical-unit designators must be byte-identical on both paths (that is how dm-multipath pairs them); with
# ALUA each path must also carry its own relative target port and target port group designators.
step vpd83
problems=""
for i in 1 2; do
  run timeout 20 sg_vpd -p di "/dev/${DISK[$i]}" || problems+="sg_vpd failed on ${DISK[$i]}; "
  VPD[$i]=$OUT
done
lu1=$(lu_designators "${DISK[1]}"); lu2=$(lu_designators "${DISK[2]}")
[ -n "$lu1" ] || problems+="no logical-unit designator; "
[ "$lu1" = "$lu2" ] || problems+="logical-unit designators differ between the paths; "
if wanted "$LAB_EXPECT_ALUA"; then
  for i in 1 2; do
    rel=$(printf '%s\n' "${VPD[$i]}" | sed -n 's/.*Relative target port: *\(0x[0-9a-f]*\).*/\1/p' | head -1)
    grp=$(printf '%s\n' "${VPD[$i]}" | sed -n 's/.*Target port group: *\(0x[0-9a-f]*\).*/\1/p' | head -1)
    echo "${DISK[$i]}: relative target port ${rel:-none}, target port group ${grp:-none}"
    [ -n "$rel" ] && [ -n "$grp" ] || problems+="${DISK[$i]} lacks the target-port designators; "
    REL[$i]=$rel
  done
  [ "${REL[1]}" != "${REL[2]}" ] || problems+="both paths report the same relative target port; "
fi
[ -z "$problems" ] && report PASS "identical logical-unit designators on both paths$(wanted "$LAB_EXPECT_ALUA" && echo ", target ports ${REL[1]} and ${REL[2]}")" \
                   || report FAIL "$problems"

# ------------------------------------------------------------------------------------------------ wwid
step wwid
problems=""
for i in 1 2; do
  id=$(/lib/udev/scsi_id -g -u -d "/dev/${DISK[$i]}")
  echo "${DISK[$i]}: scsi_id $id"
  if [ -n "$LAB_EXPECT_WWID" ] && [ "$id" != "$LAB_EXPECT_WWID" ]; then problems+="${DISK[$i]}: $id; "; fi
  [ -n "$id" ] || problems+="${DISK[$i]}: no WWID; "
done
[ -z "$problems" ] && report PASS "scsi_id prints ${LAB_EXPECT_WWID:-the same WWID} on both paths" \
                   || report FAIL "expected $LAB_EXPECT_WWID, got $problems"

# ------------------------------------------------------------------------------------------------ rtpg
# LAB_EXPECT_RTPG lists GROUP=STATECODE pairs, e.g. "1=0x00 2=0x01"; both paths must report exactly those.
step rtpg
if wanted "$LAB_EXPECT_ALUA"; then
  problems=""
  for i in 1 2; do
    run timeout 20 sg_rtpg -d "/dev/${DISK[$i]}" || { problems+="sg_rtpg failed on ${DISK[$i]}; "; continue; }
    seen=""
    while read -r group state; do seen+="$((group))=$state "; done < <(printf '%s\n' "$OUT" \
        | awk '/target port group id :/ {g = $6} /asymmetric access state :/ {print g, $8}')
    seen=${seen% }
    echo "${DISK[$i]}: $seen"
    [ "$seen" = "$LAB_EXPECT_RTPG" ] || problems+="${DISK[$i]} reports '$seen'; "
  done
  [ -z "$problems" ] && report PASS "both paths report $LAB_EXPECT_RTPG" || report FAIL "expected '$LAB_EXPECT_RTPG': $problems"
else
  run timeout 20 sg_rtpg -d "/dev/${DISK[1]}"
  report SKIP "ALUA checks off (sg_rtpg exit $?)"
fi

# ------------------------------------------------------------------------------------------------ multipath
step multipath
if ! poll 30 one_map_over_both; then
  echo "multipathd made no map within 30 s; asking multipath -v2"
  run multipath -v2
  poll 10 one_map_over_both
fi
dm=$(map_of "${DISK[1]}")
if [ -n "$dm" ] && one_map_over_both; then
  MAP=$(cat "/sys/block/$dm/dm/name"); DMDEV=/dev/$dm
  poll 30 at_least_ready 2
  run multipath -ll "$MAP"; MPLL=$OUT
  run multipathd show paths format "%d %t %T %p %s"
  # One map for this LU (an Rdac=yes LU has its own map, with its own WWID).
  maps=$(multipath -ll 2>/dev/null | grep 'dm-[0-9]' | grep -c "(${LAB_EXPECT_WWID:-$(cat /sys/block/$dm/dm/uuid | sed 's/^mpath-//')})")
  n=$(ready_paths)
  [ "$n" -ge 2 ] && [ "$maps" = 1 ] && report PASS "one map $MAP ($DMDEV) with $n active ready paths" \
                                     || report FAIL "map $MAP: $n ready paths, $maps maps"
else
  run multipath -ll; run sh -c 'multipath -v3 -d 2>&1 | tail -60'
  report FAIL "no single map over ${DISK[1]} and ${DISK[2]}"
fi

# ------------------------------------------------------------------------------------------------ alua-prio
# LAB_EXPECT_PRIOS lists the path-group priorities multipath -ll must show, highest first, e.g. "50 10".
step alua-prio
if wanted "$LAB_EXPECT_ALUA" && passed_step multipath; then
  # highest first: multipath -ll lists the groups in table order, which need not be priority order
  prios=$(printf '%s\n' "$MPLL" | sed -n "s/.*policy='[^']*' prio=\([0-9]*\) status=.*/\1/p" | sort -rn | tr '\n' ' ')
  prios=${prios% }
  hw=$(printf '%s\n' "$MPLL" | sed -n "s/.*hwhandler='\([^']*\)'.*/\1/p" | head -1)
  [ "$prios" = "$LAB_EXPECT_PRIOS" ] && [ "$hw" = "1 alua" ] \
    && report PASS "path groups prio $prios, hwhandler '$hw'" \
    || report FAIL "path groups prio '$prios' (expected '$LAB_EXPECT_PRIOS'), hwhandler '$hw'"
else
  report SKIP "ALUA checks off"
fi

# ------------------------------------------------------------------------------------------------ rdac
step rdac
if [ -n "$LAB_RDAC_LUN" ]; then
  problems=""
  run sh -c "dmesg | grep -i rdac"
  printf '%s\n' "$OUT" | grep -q 'rdac: LUN' || problems+="scsi_dh_rdac did not attach; "
  rdac_disk=""
  for d in /sys/class/iscsi_session/session*/device/target*/*:*:*:"$LAB_RDAC_LUN"; do
    [ -d "$d/block" ] && { rdac_disk=$(ls "$d/block" | head -1); break; }
  done
  [ -n "$rdac_disk" ] && run timeout 20 sg_vpd -p 0xc9 --hex "/dev/$rdac_disk"
  rmap=$(map_of "$rdac_disk")
  [ -n "$rmap" ] && run multipath -ll "$(cat "/sys/block/$rmap/dm/name")"
  printf '%s\n' "$OUT" | grep -q "hwhandler='1 rdac'" || problems+="no map with hwhandler '1 rdac'; "
  [ -z "$problems" ] && report PASS "scsi_dh_rdac attached, map with hwhandler '1 rdac'" || report FAIL "$problems"
else
  report SKIP "no RDAC LUN configured"
fi

# ------------------------------------------------------------------------------------------------ fio
FIO_COMMON=(--filename="$DMDEV" --direct=1 --ioengine=libaio --verify=crc32c --do_verify=1 --verify_fatal=1
            --eta=never --group_reporting --size="$LAB_FIO_SIZE")
fio_clean() { [ "$1" = 0 ] && grep -q 'err= 0' "$2" && ! grep -qiE 'verify: bad|verify failed|io_u error' "$2"; }
step fio
if passed_step multipath; then
  echo "+ fio --name=write-verify --rw=write --bs=64k --iodepth=16 ${FIO_COMMON[*]}"
  timeout 240 fio --name=write-verify --rw=write --bs=64k --iodepth=16 "${FIO_COMMON[@]}" > /tmp/fio.out 2>&1
  rc=$?; cat /tmp/fio.out
  bw=$(grep -oE 'WRITE: bw=[^ ]+' /tmp/fio.out | head -1)
  fio_clean $rc /tmp/fio.out && report PASS "$LAB_FIO_SIZE written and verified on $DMDEV ($bw)" || report FAIL "fio exit $rc"
else
  report SKIP "no multipath map"
fi

# ------------------------------------------------------------------------------------------------ failover
# For each mode: random writes with verification run on the map; after LAB_FAIL_AFTER s the path through portal 1
# fails (logout: clean iSCSI logout; drop: its TCP connection is killed and iscsid recovers the session). fio
# must end without an error; then the path must come back and both paths be ready again.
# ALUA mode: the host changes the states (jietadm), the guest only writes and watches. It prints "@@ALUA fio-start"
# when the fio job starts (the host's cue), a per-path "@@ALUA io" line every 3 s (sectors written through each
# path since the last line, and multipathd's path states), "@@ALUA fio-end" when fio is done. Then "@@ALUA
# prio-check": the host puts group 2 in standby and the map must show path groups "50 1" (step alua-standby-prio);
# "@@ALUA prio-done" tells the host to restore it.
sectors_written() { awk '{print $7}' "/sys/block/$1/stat"; }
path_states() { multipathd show paths format "%d %t %T %p" 2>/dev/null | awk 'NR > 1 {printf "%s:%s/%s/p%s ", $1, $2, $3, $4}'; }
alua_failover() {
  poll 30 at_least_ready 2
  echo "+ fio --name=alua --rw=randwrite --bs=16k --iodepth=8 --rate=,$LAB_ALUA_RATE ${FIO_COMMON[*]} --size=$LAB_ALUA_SIZE"
  timeout 300 fio --name=alua --rw=randwrite --bs=16k --iodepth=8 --rate=",$LAB_ALUA_RATE" \
      "${FIO_COMMON[@]}" --size="$LAB_ALUA_SIZE" > /tmp/fio-alua.out 2>&1 &
  FIO=$!
  echo "@@ALUA fio-start t=$(uptime_s)"
  local w1 w2 n1 n2 t0; t0=$(date +%s)
  w1=$(sectors_written "${DISK[1]}"); w2=$(sectors_written "${DISK[2]}")
  while kill -0 $FIO 2>/dev/null; do
    sleep 3
    n1=$(sectors_written "${DISK[1]}"); n2=$(sectors_written "${DISK[2]}")
    echo "@@ALUA io t=$(( $(date +%s) - t0 ))s ${DISK[1]}(portal1)=+$(( (n1 - w1) / 2 ))KiB ${DISK[2]}(portal2)=+$(( (n2 - w2) / 2 ))KiB paths: $(path_states)"
    w1=$n1 w2=$n2
  done
  wait $FIO; rc=$?
  echo "@@ALUA fio-end t=$(uptime_s) rc=$rc"
  cat /tmp/fio-alua.out
  run multipath -ll "$MAP"
  if fio_clean $rc /tmp/fio-alua.out; then
    report PASS "fio randwrite+verify clean while the host moved group 1 through standby, unavailable, active-optimized ($(grep -oE 'WRITE: bw=[^ ]+' /tmp/fio-alua.out | head -1))"
  else
    report FAIL "fio exit $rc across the ALUA state changes"
  fi
  step "restore:alua"
  t0=$(date +%s)
  if poll 60 at_least_ready 2; then run multipath -ll "$MAP"; report PASS "both paths ready again after $(( $(date +%s) - t0 )) s"
  else run multipath -ll "$MAP"; report FAIL "not both paths ready within 60 s"; fi
  step alua-standby-prio
  echo "@@ALUA prio-check t=$(uptime_s)"
  map_prios() { multipath -ll "$MAP" 2>/dev/null | sed -n "s/.*policy='[^']*' prio=\([0-9]*\) status=.*/\1/p" | sort -rn | tr '\n' ' ' | sed 's/ $//'; }
  prios_are() { [ "$(map_prios)" = "$1" ]; }
  if poll 40 prios_are "50 1"; then run multipath -ll "$MAP"; report PASS "group 2 standby: path groups prio $(map_prios)"
  else run multipath -ll "$MAP"; report FAIL "group 2 standby: path groups prio '$(map_prios)', expected '50 1'"; fi
  echo "@@ALUA prio-done t=$(uptime_s)"
  poll 40 prios_are "50 10"; run multipath -ll "$MAP"
}
for mode in $LAB_FAIL_MODES; do
  if ! passed_step multipath; then skip_step "failover:$mode" "no multipath map"; skip_step "restore:$mode" "no map"; continue; fi
  if [ "$mode" = alua ]; then step "failover:alua"; alua_failover; continue; fi
  step "failover:$mode"
  poll 30 at_least_ready 2
  victim=$(session_of_portal "${GUEST_PORTAL[1]}")
  echo "failing portal1 ${GUEST_PORTAL[1]} (session $victim) by $mode"
  echo "+ fio --name=failover --rw=randwrite --bs=16k --iodepth=8 --rate=$LAB_FAILOVER_RATE ${FIO_COMMON[*]}"
  timeout 300 fio --name=failover --rw=randwrite --bs=16k --iodepth=8 --rate="$LAB_FAILOVER_RATE" \
      "${FIO_COMMON[@]}" > /tmp/fio-failover.out 2>&1 &
  FIO=$!
  sleep "$LAB_FAIL_AFTER"
  still_running=yes; kill -0 $FIO 2>/dev/null || still_running=no
  ip=${GUEST_PORTAL[1]%:*}; port=${GUEST_PORTAL[1]##*:}
  case $mode in
    logout) run timeout 60 iscsiadm -m session -r "$victim" --logout ;;
    drop)   run ss -K -tn dst "$ip" dport = ":$port" ;;
  esac
  sleep 2; run multipath -ll "$MAP"
  wait $FIO; rc=$?
  cat /tmp/fio-failover.out
  n=$(ready_paths)
  if [ $still_running = no ]; then report FAIL "fio ended before the path failed (raise the fio size)"
  elif fio_clean $rc /tmp/fio-failover.out && [ "$n" -ge 1 ]; then report PASS "fio clean across $mode of portal1, $n path(s) ready after"
  else report FAIL "fio exit $rc, $n ready path(s) after $mode"; fi

  step "restore:$mode"
  [ "$mode" = logout ] && run timeout 60 iscsiadm -m node -T "$LAB_TARGET" -p "${GUEST_PORTAL[1]}" --login
  t0=$(date +%s)
  if poll 60 at_least_ready 2; then run multipath -ll "$MAP"; report PASS "both paths ready again after $(( $(date +%s) - t0 )) s"
  else run multipath -ll "$MAP"; run iscsiadm -m session; report FAIL "portal1 path not back within 60 s"; fi
done
fi

# ------------------------------------------------------------------------------------------------ logout
step logout
[ -n "${MAP:-}" ] && { run multipath -f "$MAP" || { sleep 2; run multipath -f "$MAP"; }; }
run timeout 60 iscsiadm -m node -T "$LAB_TARGET" --logout
if [ -z "$(iscsiadm -m session 2>/dev/null)" ]; then report PASS "all sessions logged out"; else report FAIL "sessions remain"; fi

echo
echo "@@SECTION dmesg"; dmesg | tail -n 100
echo "@@SECTION iscsid"; tail -n 40 /run/iscsid.log
echo "@@SECTION multipathd"; tail -n 60 /run/multipathd.log
result=PASS; [ $failed -gt 0 ] && result=FAIL
echo "@@LAB RESULT $result passed=$passed failed=$failed skipped=$skipped"
kill $MULTIPATHD $ISCSID 2>/dev/null
sync
