#!/usr/bin/env bash
# Runs a disk image under Bochs with emulated VT-x.
#   scripts/bochs.sh IMAGE SERIAL_OUT LOG [MEGS]
# Serial output goes to SERIAL_OUT (a file, or /dev/stdout), Bochs' log to
# LOG. Bochs' debugger stops at the start and at every magic breakpoint
# (xchg bx,bx: the hypervisor places one before its first VMLAUNCH); this
# script continues it each time, so the debugger's "Next at t=N" lines on
# standard output give the exact instruction counts there.
set -euo pipefail

image=$1 serial=$2 log=$3 megs=${4:-512}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Bochs locks the image; a copy per run keeps runs independent and
# immune to stale locks left by killed runs.
cp "$image" "$tmp/disk.img"
sed -e "s|@MEGS@|$megs|" -e "s|@IMAGE@|$tmp/disk.img|" \
    -e "s|@SERIAL@|$serial|" -e "s|@LOG@|$log|" \
    "$(dirname "$0")/bochsrc.template" >"$tmp/bochsrc"
# One "c" for the start and one per magic breakpoint; at end of input
# the debugger would quit Bochs, so give plenty.
for _ in $(seq 64); do echo c; done >"$tmp/cont"
export TZ=UTC
rc=0
bochs -q -f "$tmp/bochsrc" -rc "$tmp/cont" </dev/null || rc=$?
# Bochs reports the guest's ACPI power off as a "panic" with exit code 1:
# for us it is the normal end of a run.
if [ $rc -eq 1 ] && grep -q "ACPI control: soft power off" "$log" 2>/dev/null; then
	rc=0
fi
exit $rc
