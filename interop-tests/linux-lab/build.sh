#!/usr/bin/env bash
# jiet Linux lab: builds the QEMU guest image, once, from Debian's own packages.
#
#   build.sh [--cache DIR] [--rebuild] [--refresh]
#
#   --cache DIR  where the image lives (default $JIET_LAB_CACHE or /var/cache/jiet-lab); never inside the repo
#   --rebuild    throw the cache away and build everything again
#   --refresh    resolve the kernel and packages from the mirror again (default: reuse what is cached)
#
# Produces in the cache:
#   vmlinuz            Debian bookworm's kernel (the package linux-image-amd64 points at)
#   rootfs.cpio.zst    the whole guest root file system as an initramfs (open-iscsi, multipath-tools,
#                      sg3-utils, fio, udev, ...) plus the few kernel modules the lab loads
#   manifest.txt       kernel and package versions baked into the image
# Needs root (mmdebstrap --mode=root, chroot). Installs its host tools with apt-get when they are missing.
# Idempotent: a second run with nothing changed takes about a second.
set -euo pipefail

LAB_DIR=$(cd "$(dirname "$0")" && pwd)
CACHE=${JIET_LAB_CACHE:-/var/cache/jiet-lab}
MIRROR=${JIET_LAB_MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm
REBUILD=no
REFRESH=no

while [ $# -gt 0 ]; do
  case "$1" in
    --cache) CACHE=$2; shift ;;
    --rebuild) REBUILD=yes ;;
    --refresh) REFRESH=yes ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

# Guest user space. mount is not essential in bookworm; udev and kmod for device nodes and modprobe; iproute2 for ss -K.
GUEST_PACKAGES=open-iscsi,multipath-tools,sg3-utils,sg3-utils-udev,fio,lsscsi,udev,kmod,mount,iproute2,procps,psmisc,busybox
# Kernel modules copied into the image (with their dependencies); everything else stays out.
GUEST_MODULES="virtio_pci virtio_net virtio_rng iscsi_tcp sd_mod sg dm_mod dm_multipath dm_round_robin
  dm_service_time dm_queue_length scsi_dh_alua scsi_dh_rdac scsi_dh_emc crc32c_generic libcrc32c
  inet_diag tcp_diag"

say() { printf '[lab-build %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
started=$(date +%s)

case "$CACHE" in
  "$(cd "$LAB_DIR/../.." && pwd)"/*) echo "build.sh: the cache must be outside the repository" >&2; exit 2 ;;
esac
[ "$(id -u)" = 0 ] || { echo "build.sh: must run as root (mmdebstrap --mode=root)" >&2; exit 1; }
mkdir -p "$CACHE"
exec 8>"$CACHE/.lock"
flock -w 1800 8 || { echo "build.sh: another build holds $CACHE/.lock" >&2; exit 1; }
if [ "$REBUILD" = yes ]; then
  rm -rf "$CACHE/kernel" "$CACHE/rootfs" "$CACHE/vmlinuz" "$CACHE/rootfs.cpio.zst" "$CACHE/image.key"
fi
[ "$REFRESH" = yes ] && rm -rf "$CACHE/kernel" "$CACHE/rootfs"

host_tools() {
  local missing=() pair
  for pair in qemu-system-x86_64=qemu-system-x86 mmdebstrap=mmdebstrap socat=socat cpio=cpio \
              zstd=zstd depmod=kmod flock=util-linux timeout=coreutils; do
    command -v "${pair%%=*}" >/dev/null 2>&1 || missing+=("${pair#*=}")
  done
  [ ${#missing[@]} -eq 0 ] && return
  say "installing host tools: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq -o DPkg::Lock::Timeout=600
  apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}"
}

# The kernel comes from Debian's archive as a .deb, unpacked (not installed) into $CACHE/kernel/<version>.
kernel() {
  local version
  version=$(cat "$CACHE/kernel/version" 2>/dev/null || true)
  if [ -n "$version" ] && [ -f "$CACHE/kernel/$version/.unpacked" ]; then
    KVERSION=$version; return
  fi
  local package
  package=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
  if [ -z "$package" ]; then
    apt-get update -qq -o DPkg::Lock::Timeout=600
    package=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
  fi
  [ -n "$package" ] || { echo "build.sh: cannot resolve linux-image-amd64" >&2; exit 1; }
  KVERSION=${package#linux-image-}
  say "kernel $package"
  rm -rf "$CACHE/kernel"
  mkdir -p "$CACHE/kernel/$KVERSION" "$CACHE/kernel/deb"
  (cd "$CACHE/kernel/deb" && apt-get download -q "$package" 2>&1 | grep -v 'unsandboxed' || true)
  local deb
  deb=$(ls "$CACHE"/kernel/deb/"$package"_*.deb)
  dpkg-deb -x "$deb" "$CACHE/kernel/$KVERSION"
  dpkg-deb -f "$deb" Version > "$CACHE/kernel/$KVERSION/.package-version"
  depmod -b "$CACHE/kernel/$KVERSION" "$KVERSION"
  rm -rf "$CACHE/kernel/deb"
  touch "$CACHE/kernel/$KVERSION/.unpacked"
  echo "$KVERSION" > "$CACHE/kernel/version"
}

rootfs() {
  if [ -f "$CACHE/rootfs/.packages-requested" ] && \
     [ "$(cat "$CACHE/rootfs/.packages-requested")" = "$GUEST_PACKAGES" ]; then
    return
  fi
  say "mmdebstrap $SUITE: $GUEST_PACKAGES"
  rm -rf "$CACHE/rootfs" "$CACHE/rootfs.partial"
  if ! mmdebstrap --variant=essential --mode=root --include="$GUEST_PACKAGES" \
      --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
      --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*' \
      --dpkgopt='path-exclude=/usr/share/info/*' \
      "$SUITE" "$CACHE/rootfs.partial" \
      "deb $MIRROR $SUITE main" "deb $MIRROR $SUITE-updates main" \
      "deb ${MIRROR%/debian}/debian-security $SUITE-security main" > "$CACHE/mmdebstrap.log" 2>&1; then
    tail -40 "$CACHE/mmdebstrap.log" >&2
    exit 1
  fi
  chroot "$CACHE/rootfs.partial" dpkg-query -W -f '${Package} ${Version}\n' > "$CACHE/rootfs.partial/.packages"
  # A RAM-only guest that runs one script needs no interpreters, package lists or hardware database.
  (cd "$CACHE/rootfs.partial" && rm -rf usr/lib/python3* usr/bin/python3* usr/share/perl* \
      usr/lib/x86_64-linux-gnu/perl* var/cache/apt/* var/lib/apt/lists/* var/log/* \
      usr/lib/udev/hwdb.d usr/lib/udev/hwdb.bin etc/udev/hwdb.bin usr/share/zsh usr/share/bash-completion \
      usr/share/lintian usr/share/common-licenses etc/iscsi/nodes/* etc/iscsi/send_targets/*)
  echo "$GUEST_PACKAGES" > "$CACHE/rootfs.partial/.packages-requested"
  mv "$CACHE/rootfs.partial" "$CACHE/rootfs"
}

image() {
  local key
  key=$( { echo "$KVERSION $GUEST_MODULES"; cat "$CACHE/rootfs/.packages-requested" "$LAB_DIR/guest/init"; } \
         | sha256sum | cut -c1-16)
  if [ -f "$CACHE/rootfs.cpio.zst" ] && [ "$(cat "$CACHE/image.key" 2>/dev/null)" = "$key" ]; then
    return
  fi
  say "assembling the guest image"
  local kroot=$CACHE/kernel/$KVERSION stage=$CACHE/stage
  rm -rf "$stage"
  mkdir -p "$stage"
  cp -a "$CACHE/rootfs/." "$stage/"
  local module files=()
  for module in $GUEST_MODULES; do
    while read -r verb path _; do
      [ "$verb" = insmod ] && files+=("$path")
    done < <(modprobe -d "$kroot" -S "$KVERSION" --show-depends "$module" 2>/dev/null \
             || echo "build.sh: module $module not in $KVERSION" >&2)
  done
  local file rel
  for file in $(printf '%s\n' "${files[@]}" | sort -u); do
    rel=${file#"$kroot"/}
    mkdir -p "$stage/$(dirname "$rel")"
    cp "$file" "$stage/$rel"
  done
  cp "$kroot/lib/modules/$KVERSION"/modules.{order,builtin,builtin.modinfo} "$stage/lib/modules/$KVERSION/"
  depmod -b "$stage" "$KVERSION"
  install -m 0755 "$LAB_DIR/guest/init" "$stage/init"
  mkdir -p "$stage/lab" "$stage/etc/multipath"
  echo jiet-lab-guest > "$stage/etc/hostname"
  { echo "kernel linux-image-$KVERSION $(cat "$kroot/.package-version")"; cat "$CACHE/rootfs/.packages"; } \
      > "$CACHE/manifest.txt"
  (cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) \
      | zstd -q -3 -T0 > "$CACHE/rootfs.cpio.zst.partial"
  # run.sh appends an uncompressed cpio with the per-run files; the kernel finds it only at a 4-byte boundary.
  local size
  size=$(stat -c %s "$CACHE/rootfs.cpio.zst.partial")
  head -c $(( (4 - size % 4) % 4 )) /dev/zero >> "$CACHE/rootfs.cpio.zst.partial"
  mv "$CACHE/rootfs.cpio.zst.partial" "$CACHE/rootfs.cpio.zst"
  cp "$kroot/boot/vmlinuz-$KVERSION" "$CACHE/vmlinuz"
  echo "$key" > "$CACHE/image.key"
  rm -rf "$stage"
}

host_tools
kernel
rootfs
image
say "ready in $(( $(date +%s) - started )) s: kernel $KVERSION, image $(du -h "$CACHE/rootfs.cpio.zst" | cut -f1) in $CACHE"
