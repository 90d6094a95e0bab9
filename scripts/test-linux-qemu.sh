#!/usr/bin/env bash
# scripts/test-linux-qemu.sh [OUTDIR]
#
# Boot the tiny guest kernel (OUTDIR/bzImage) with the test initramfs
# (OUTDIR/initramfs.cpio.gz) under QEMU TCG and check the serial console.
# OUTDIR defaults to build/linux; both images are (re)built through
# scripts/build-linux.sh and scripts/build-initramfs.sh, which are cached.
#
# Passes (exit 0) only if these lines appear, in this order:
#   hv-init: start
#   hv-init: hypervisor-flag <HV_EXPECT_HYPERVISOR_FLAG>     (qemu64 TCG reports 1)
#   hv-init: sha256 <guest/initramfs/hv-test.sha256>  /hv-test.txt
#   hv-init: uname <OUTDIR/bzImage.release>
#   hv-init: done
# and the guest then powers off through QEMU's ACPI ("reboot: Power down")
# when guest/linux-tiny.config enables CONFIG_ACPI; otherwise it halts
# ("reboot: System halted": without ACPI poweroff -f becomes a halt). With
# HV_KERNEL, either end (or QEMU exiting by itself) will do.
# On failure the tail of the serial log is printed.
#
# Environment knobs (defaults in brackets):
#   HV_QEMU_TIMEOUT [120]       seconds before giving up
#   HV_QEMU_MACHINE [pc]        e.g. isapc
#   HV_QEMU_CPU     [qemu64]    e.g. qemu64,-apic
#   HV_APPEND_EXTRA []          appended to the kernel command line, e.g. "noapic"
#   HV_EXPECT_HYPERVISOR_FLAG [1]
#   HV_KERNEL / HV_INITRD       boot these images instead (no build step);
#   HV_EXPECT_UNAME             expected uname -r (default: OUTDIR/bzImage.release,
#                               or "any non-error value" when HV_KERNEL is set)
#   HV_SERIAL_LOG               where to keep the serial log [OUTDIR/qemu-serial.log]
set -euo pipefail

die() { echo "test-linux-qemu: error: $*" >&2; exit 2; }
log() { echo "test-linux-qemu: $*"; }

SCRIPT=$(readlink -f "${BASH_SOURCE[0]}")
ROOT=$(cd "$(dirname "$SCRIPT")/.." && pwd)
OUTDIR=${1:-$ROOT/build/linux}
mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)

TIMEOUT=${HV_QEMU_TIMEOUT:-120}
MACHINE=${HV_QEMU_MACHINE:-pc}
CPU=${HV_QEMU_CPU:-qemu64}
EXPECT_HV=${HV_EXPECT_HYPERVISOR_FLAG:-1}
SERIAL=${HV_SERIAL_LOG:-$OUTDIR/qemu-serial.log}

"$ROOT/scripts/deps.sh" test || die "cannot install the packages it needs"

if [ -n "${HV_KERNEL:-}" ]; then
    KERNEL=$HV_KERNEL
    EXPECT_UNAME=${HV_EXPECT_UNAME:-}
else
    "$ROOT/scripts/build-linux.sh" "$OUTDIR"
    KERNEL=$OUTDIR/bzImage
    EXPECT_UNAME=${HV_EXPECT_UNAME:-$(cat "$OUTDIR/bzImage.release")}
fi
if [ -n "${HV_INITRD:-}" ]; then
    INITRD=$HV_INITRD
else
    "$ROOT/scripts/build-initramfs.sh" "$OUTDIR/initramfs.cpio.gz"
    INITRD=$OUTDIR/initramfs.cpio.gz
fi
[ -f "$KERNEL" ] || die "no kernel $KERNEL"
[ -f "$INITRD" ] || die "no initrd $INITRD"
DIGEST=$(tr -d ' \n\r\t' < "$ROOT/guest/initramfs/hv-test.sha256")

APPEND="console=ttyS0,115200 earlyprintk=serial,ttyS0,115200${HV_APPEND_EXTRA:+ $HV_APPEND_EXTRA}"
QEMU=(qemu-system-x86_64 -accel tcg -machine "$MACHINE" -cpu "$CPU" -m 256
      -nographic -monitor none -serial "file:$SERIAL" -no-reboot
      -kernel "$KERNEL" -initrd "$INITRD" -append "$APPEND")
log "running: ${QEMU[*]}"

: > "$SERIAL"
T0=$(date +%s.%N)
"${QEMU[@]}" </dev/null >"$SERIAL.qemu-stdout" 2>&1 &
QPID=$!
cleanup() { kill "$QPID" 2>/dev/null || true; wait "$QPID" 2>/dev/null || true; }
trap cleanup EXIT

t_done="" ; ended="" ; qemu_exited=0
deadline=$(awk "BEGIN{printf \"%.3f\", $T0 + $TIMEOUT}")
while :; do
    now=$(date +%s.%N)
    if [ -z "$t_done" ] && grep -q '^hv-init: done' "$SERIAL" 2>/dev/null; then
        t_done=$(awk "BEGIN{print $now - $T0}")
    fi
    if grep -qE 'reboot: (System halted|Power down)' "$SERIAL" 2>/dev/null; then
        ended=$(grep -oE 'reboot: (System halted|Power down)' "$SERIAL" | head -1)
        sleep 0.2   # let QEMU flush; a halted guest never exits by itself
        break
    fi
    if ! kill -0 "$QPID" 2>/dev/null; then
        qemu_exited=1; ended="QEMU exited"
        break
    fi
    if awk "BEGIN{exit !($now > $deadline)}"; then
        ended=""; break
    fi
    sleep 0.05
done
T1=$(date +%s.%N)
cleanup
trap - EXIT

# ------------------------------------------------------------------ verdict
# The markers in order, matched as whole lines by the shared helper the
# Bochs tests use. Without an expected release (a custom HV_KERNEL), any
# non-empty "hv-init: uname ..." line will do.
. "$ROOT/scripts/lib/expect.sh"
mapfile -t got < <(tr -d '\r' < "$SERIAL" | grep -a '^hv-init: ' || true)
fail=""
if [ -n "$EXPECT_UNAME" ]; then
    uname_line="hv-init: uname $EXPECT_UNAME"
else
    uname_line=$(tr -d '\r' < "$SERIAL" | grep -a '^hv-init: uname ' |
                 grep -av '^hv-init: uname \(error\)\?$' | head -1)
    [ -n "$uname_line" ] || uname_line="hv-init: uname <any>"
fi
if ! expect_in_order "$SERIAL" "hv-init: start" "hv-init: hypervisor-flag $EXPECT_HV" \
        "hv-init: sha256 $DIGEST  /hv-test.txt" "$uname_line" "hv-init: done"; then
    fail="missing or wrong marker (see above)"
elif [ -z "$ended" ]; then
    fail="guest did not halt/power off within ${TIMEOUT}s"
elif [ -z "${HV_KERNEL:-}" ]; then
    if grep -q '^CONFIG_ACPI=y' "$ROOT/guest/linux-tiny.config"; then
        want_end="reboot: Power down"
    else
        want_end="reboot: System halted"
    fi
    [ "$ended" = "$want_end" ] || fail="the guest ended with '$ended', not '$want_end'"
fi

log "serial markers:"
for line in "${got[@]}"; do echo "    $line"; done
tr -d '\r' < "$SERIAL" | grep -a 'hv-init: warning' | sed 's/^/    /' || true
if [ -n "$fail" ]; then
    log "FAIL: $fail"
    log "---- last 40 lines of serial log ($SERIAL) ----"
    tr -d '\r' < "$SERIAL" | tail -n 40
    if grep -qv 'terminating on signal' "$SERIAL.qemu-stdout" 2>/dev/null; then
        log "---- qemu stdout/stderr ----"; grep -v 'terminating on signal' "$SERIAL.qemu-stdout"
    fi
    echo "FAIL: qemu: Linux images boot without the hypervisor"
    exit 1
fi
printf 'test-linux-qemu: PASS: boot to "hv-init: done" in %.2f s (wall, from QEMU start); end: %s after %.2f s\n' \
    "$t_done" "$ended" "$(awk "BEGIN{print $T1 - $T0}")"
echo "PASS: qemu: Linux images boot without the hypervisor"
