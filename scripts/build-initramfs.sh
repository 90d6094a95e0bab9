#!/usr/bin/env bash
# scripts/build-initramfs.sh OUTFILE
#
# Build the guest test initramfs: a gzip-compressed newc cpio containing
#   /init              guest/initramfs/init (busybox sh script)
#   /hv-test.txt       guest/initramfs/hv-test.txt (its sha256 must equal
#                      guest/initramfs/hv-test.sha256, checked here)
#   /bin/busybox       from Debian's busybox-static, plus applet symlinks
#   /bin/hv-mark, /bin/hv-bench, /bench.sh   markers and the benchmark
#   /lib/modules/msr.ko  Debian's msr module, if scripts/fetch-debian-kernel.sh
#                      left one beside OUTFILE (make bench's RDMSR figure)
#   /dev/console, /dev/null (device nodes), /proc /sys /tmp (mount points)
# Reproducible: mtimes forced to SOURCE_DATE_EPOCH (default 0), sorted list,
# owner root:root, `cpio --reproducible -H newc`, `gzip -n -9`.
# Cached: nothing is done if OUTFILE is newer than all inputs and this script
# (HV_FORCE=1 overrides).
set -euo pipefail

die() { echo "build-initramfs: error: $*" >&2; exit 1; }
log() { echo "build-initramfs: $*" >&2; }

[ $# -eq 1 ] || die "usage: $0 OUTFILE"
OUT=$1

SCRIPT=$(readlink -f "${BASH_SOURCE[0]}")
ROOT=$(cd "$(dirname "$SCRIPT")/.." && pwd)
SRCDIR=$ROOT/guest/initramfs
INIT=$SRCDIR/init
TXT=$SRCDIR/hv-test.txt
SUM=$SRCDIR/hv-test.sha256
BUSYBOX=/bin/busybox
APPLETS="sh mount umount grep sha256sum uname poweroff halt reboot sleep cat echo \
ls mkdir dmesg setsid cttyhack ps free uptime clear vi head tail wc \
dd cp rm true insmod"

for f in "$INIT" "$TXT" "$SUM"; do [ -f "$f" ] || die "missing $f"; done

# The test file must still match the digest the tests expect.
want=$(tr -d ' \n\r\t' < "$SUM")
got=$(sha256sum "$TXT" | cut -d' ' -f1)
[ "$want" = "$got" ] || die "$TXT sha256 is $got but $SUM says $want (update both together)"

mkdir -p "$(dirname "$OUT")"
OUT=$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")

# ---------------------------------------------------------------- packages
"$ROOT/scripts/deps.sh" linux || die "cannot install the packages it needs"
# Debian's busybox-static installs /bin/busybox; make sure it really is static.
[ -x "$BUSYBOX" ] || die "$BUSYBOX missing"
if ! file_out=$(LC_ALL=C readelf -l "$BUSYBOX" 2>/dev/null) || grep -q 'INTERP' <<<"$file_out"; then
    # readelf missing (binutils) or a dynamic busybox: fall back to a check via ldd
    ldd "$BUSYBOX" 2>&1 | grep -qE 'not a dynamic|statically linked' \
        || die "$BUSYBOX is not statically linked (install busybox-static, not busybox)"
fi

# ---------------------------------------------------------------- cache
if [ "${HV_FORCE:-0}" != 1 ] && [ -f "$OUT" ]; then
    fresh=1
    for f in "$INIT" "$TXT" "$SUM" "$SCRIPT" "$BUSYBOX" "$SRCDIR/hv-mark.c" "$SRCDIR/hv-cmos.c" \
             "$SRCDIR/hv-bench.c" "$SRCDIR/bench.sh"; do
        [ "$OUT" -nt "$f" ] || fresh=0
    done
    MSR_KO=$(dirname "$OUT")/msr-debian.ko
    [ -f "$MSR_KO" ] && ! [ "$OUT" -nt "$MSR_KO" ] && fresh=0
    if [ $fresh = 1 ]; then log "up to date: $OUT"; exit 0; fi
fi

T0=$(date +%s.%N)
EPOCH=${SOURCE_DATE_EPOCH:-0}
STAGE=$(mktemp -d /tmp/hv-initramfs.XXXXXX)
trap 'rm -rf "$STAGE"' EXIT

umask 022
mkdir -p "$STAGE"/{bin,dev,proc,sys,tmp}
install -m 0755 "$INIT" "$STAGE/init"
install -m 0644 "$TXT" "$STAGE/hv-test.txt"
install -m 0755 "$BUSYBOX" "$STAGE/bin/busybox"
# hv-mark: writes a marker byte to the hypervisor's debug port.
gcc -std=c11 -static -nostdlib -ffreestanding -fno-pie -no-pie -O2 -s \
    -Wall -Wextra -Werror -Wl,--build-id=none \
    -o "$STAGE/bin/hv-mark" "$SRCDIR/hv-mark.c" || die "cannot build hv-mark"
# hv-cmos: reads or writes a CMOS RAM byte (survives a reset).
gcc -std=c11 -static -nostdlib -ffreestanding -fno-pie -no-pie -O2 -s \
    -Wall -Wextra -Werror -Wl,--build-id=none \
    -o "$STAGE/bin/hv-cmos" "$SRCDIR/hv-cmos.c" || die "cannot build hv-cmos"
# hv-bench: the benchmark's guest-side timing (static, glibc).
gcc -std=gnu11 -static -O2 -s -Wall -Wextra -Werror -Wl,--build-id=none \
    -o "$STAGE/bin/hv-bench" "$SRCDIR/hv-bench.c" || die "cannot build hv-bench"
install -m 0644 "$SRCDIR/bench.sh" "$STAGE/bench.sh"
if [ -f "$(dirname "$OUT")/msr-debian.ko" ]; then
    mkdir -p "$STAGE/lib/modules"
    install -m 0644 "$(dirname "$OUT")/msr-debian.ko" "$STAGE/lib/modules/msr.ko"
fi
for a in $APPLETS; do
    ln -s busybox "$STAGE/bin/$a"
done
# The kernel opens /dev/console for init before anything can mount devtmpfs.
mknod -m 0600 "$STAGE/dev/console" c 5 1 || die "mknod failed (needs root)"
mknod -m 0666 "$STAGE/dev/null" c 1 3
chmod 1777 "$STAGE/tmp"

# Fixed timestamps on everything (symlinks too), then a sorted, root-owned,
# device-independent newc archive.
find "$STAGE" -exec touch -h -d "@$EPOCH" {} +
(
    cd "$STAGE"
    find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort \
        | cpio --quiet --reproducible -o -H newc -R 0:0
) | gzip -n -9 > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"

T1=$(date +%s.%N)
log "wrote $OUT ($(stat -c %s "$OUT") bytes, sha256 $(sha256sum "$OUT" | cut -d' ' -f1))"
printf 'build-initramfs: time: %.2f s\n' "$(awk "BEGIN{print $T1 - $T0}")" >&2
