#!/usr/bin/env bash
# Runs a disk image under Bochs with emulated VT-x.
#   [HV_BOCHS_CPU=MODEL] scripts/bochs.sh IMAGE SERIAL LOG [MEGS]
# MODEL is a Bochs CPU model (bochs -help cpu): corei7_haswell_4770 by
# default; corei7_skylake_x, tigerlake and corei7_icelake_u are newer.
# SERIAL is a file that receives COM1's output; or "tty": COM1 is then this
# terminal, both ways (keys typed reach the guest); or socket:HOST:PORT:
# Bochs waits for one TCP client there and COM1 is that connection (tests
# use 127.0.0.1). Bochs' log goes to LOG. Bochs' debugger stops at the start and at every magic breakpoint
# (xchg bx,bx: the hypervisor places one before its first VMLAUNCH); this
# script continues it each time, so the debugger's "Next at t=N" lines on
# standard output give the exact instruction counts there.
set -euo pipefail

image=$1 serial=$2 log=$3 megs=${4:-512}
cpu=${HV_BOCHS_CPU:-corei7_haswell_4770}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Bochs locks the image; a copy per run keeps runs independent and
# immune to stale locks left by killed runs.
cp "$image" "$tmp/disk.img"
if [ "${serial#socket:}" != "$serial" ]; then
	# socket:HOST:PORT: Bochs listens there and waits for one client.
	com1="mode=socket-server, dev=${serial#socket:}" magic=1
elif [ "$serial" = tty ]; then
	# Interactive: no magic breakpoints, whose debugger output would
	# interleave with the console.
	com1="mode=term, dev=$(tty)" magic=0
else
	com1="mode=file, dev=$serial" magic=1
fi
sed -e "s|@MEGS@|$megs|" -e "s|@CPU@|$cpu|" -e "s|@IMAGE@|$tmp/disk.img|" \
    -e "s|@COM1@|$com1|" -e "s|@MAGIC@|$magic|" -e "s|@LOG@|$log|" \
    "$(dirname "$0")/bochsrc.template" >"$tmp/bochsrc"
# One "c" for the start and one per magic breakpoint; at end of input
# the debugger would quit Bochs, so give plenty. With BOCHS_STOP_AFTER=N,
# Bochs stops N instructions after the first magic breakpoint (a time
# breakpoint, "sb"), prints "Next at t=..." and quits: a run of a guest
# that never ends, cut at the same instruction every time.
if [ -n "${BOCHS_STOP_AFTER:-}" ]; then
	printf 'c\nsb %s\nc\n' "$BOCHS_STOP_AFTER"
else
	for _ in $(seq 64); do echo c; done
fi >"$tmp/cont"
export TZ=UTC
rc=0
bochs -q -f "$tmp/bochsrc" -rc "$tmp/cont" </dev/null || rc=$?
# Bochs reports the guest's ACPI power off as a "panic" with exit code 1:
# for us it is the normal end of a run.
if [ $rc -eq 1 ] && grep -q "ACPI control: soft power off" "$log" 2>/dev/null; then
	rc=0
fi
exit $rc
