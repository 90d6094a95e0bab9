#!/usr/bin/env bash
# scripts/fetch-debian-kernel.sh OUTDIR
#
# Fetch Debian's stock x86-64 kernel without installing it: find the
# linux-image-6.1*-amd64 package that the (candidate) linux-image-amd64
# metapackage depends on, `apt-get download` it, unpack it with dpkg-deb -x
# into a temporary directory and copy /boot/vmlinuz-* to
#   OUTDIR/vmlinuz-debian           the bzImage
#   OUTDIR/vmlinuz-debian.release   its `uname -r` (e.g. 6.1.0-56-amd64)
#   OUTDIR/vmlinuz-debian.package   package=version that was downloaded
#   OUTDIR/msr-debian.ko            its msr module (/dev/cpu/N/msr), which
#                                   make bench's initramfs loads
# Cached: nothing is done if OUTDIR/vmlinuz-debian exists and is newer than
# this script (HV_FORCE=1 overrides).
set -euo pipefail

die() { echo "fetch-debian-kernel: error: $*" >&2; exit 1; }
log() { echo "fetch-debian-kernel: $*" >&2; }

[ $# -eq 1 ] || die "usage: $0 OUTDIR"
SCRIPT=$(readlink -f "${BASH_SOURCE[0]}")
mkdir -p "$1"
OUTDIR=$(cd "$1" && pwd)
OUT=$OUTDIR/vmlinuz-debian

if [ "${HV_FORCE:-0}" != 1 ] && [ -f "$OUT" ] && [ "$OUT" -nt "$SCRIPT" ]; then
    log "up to date: $OUT ($(cat "$OUT.package" 2>/dev/null || echo '?'))"
    exit 0
fi

T0=$(date +%s.%N)
# Depends line of the candidate metapackage, e.g.
#   Depends: linux-image-6.1.0-56-amd64 (= 6.1.192-2)
dep=$(apt-cache show --no-all-versions linux-image-amd64 2>/dev/null | sed -n 's/^Depends: //p' | head -1)
if [ -z "$dep" ]; then
    log "apt lists look empty; running apt-get update"
    apt-get update >&2 || die "apt-get update failed"
    dep=$(apt-cache show --no-all-versions linux-image-amd64 | sed -n 's/^Depends: //p' | head -1)
fi
pkg=$(tr ',' '\n' <<<"$dep" | grep -oE 'linux-image-6\.1[^ ]*-amd64' | head -1)
[ -n "$pkg" ] || die "cannot find a linux-image-6.1*-amd64 dependency in: '$dep'"
ver=$(tr ',' '\n' <<<"$dep" | grep -F "$pkg" | sed -n 's/.*(= *\([^)]*\)).*/\1/p' | head -1)
spec=$pkg${ver:+=$ver}
log "linux-image-amd64 depends on $spec"

TMP=$(mktemp -d /tmp/hv-debian-kernel.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
# let apt's unprivileged _apt user write there (avoids the "unsandboxed" warning)
if id _apt >/dev/null 2>&1; then chown _apt "$TMP" 2>/dev/null || true; fi
(cd "$TMP" && apt-get download "$spec" >&2) || die "apt-get download $spec failed"
deb=$(ls "$TMP"/*.deb | head -1)
mkdir "$TMP/x"
dpkg-deb -x "$deb" "$TMP/x"
vmlinuz=$(ls "$TMP"/x/boot/vmlinuz-* 2>/dev/null | head -1)
[ -n "$vmlinuz" ] || die "no /boot/vmlinuz-* in $deb"

cp "$vmlinuz" "$OUT.tmp"
msr=$(find "$TMP/x/lib/modules" -name msr.ko 2>/dev/null | head -1)
if [ -n "$msr" ]; then cp "$msr" "$OUTDIR/msr-debian.ko"; else rm -f "$OUTDIR/msr-debian.ko"; fi
basename "$vmlinuz" | sed 's/^vmlinuz-//' > "$OUT.release"
echo "$pkg=$(dpkg-deb -f "$deb" Version)" > "$OUT.package"
mv "$OUT.tmp" "$OUT"
T1=$(date +%s.%N)
log "wrote $OUT ($(stat -c %s "$OUT") bytes, $(cat "$OUT.release"), from $(cat "$OUT.package"))"
printf 'fetch-debian-kernel: time: %.1f s\n' "$(awk "BEGIN{print $T1 - $T0}")" >&2
