#!/usr/bin/env bash
# Checks the CPU matrix's judgement of a row (scripts/lib/matrix_row.sh)
# and the guest complaint filter (scripts/lib/expect.sh) on made-up logs,
# without Bochs: a row passes only with one "pass" result, a serial log
# that powers off, and no complaint left unexcused; the RETBleed warning
# is excused, and named, only on the models whose excuse says so.
set -u
cd "$(dirname "$0")/.."
. scripts/lib/expect.sh
. scripts/lib/matrix_row.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
retbleed='[    0.412345] RETBleed: WARNING: Spectre v2 mitigation leaves CPU vulnerable to RETBleed attacks, data leaks possible!'
other='[    1.234567] WARNING: CPU: 0 PID: 0 at arch/x86/kernel/fpu/xstate.c:809 fpu__init_system_xstate+0x1a0/0x5e0'
printf 'hv: VMLAUNCH (guest RIP 0x1000000)\r\n%s\r\nhv-init: done\r\nhv: powering off\r\n' \
	"$retbleed" >"$tmp/retbleed.serial"
printf 'hv: VMLAUNCH (guest RIP 0x1000000)\n%s\nhv: powering off\n' \
	"$other" >"$tmp/other.serial"
printf 'hv: VMLAUNCH (guest RIP 0x1000000)\nhv-init: done\n' >"$tmp/no-poweroff.serial"
echo pass >"$tmp/pass.results"
: >"$tmp/empty.results"
echo fail >"$tmp/fail.results"
printf 'pass\nfail\n' >"$tmp/two.results"

bad=0
# expect_row WANT MODEL RESULTS SERIAL
expect_row() {
	local got
	got=$(matrix_row "$2" "$tmp/$3" "$tmp/$4")
	if [ "$got" = "$1" ]; then
		result "matrix row: $2, $3, $4: $got" 0
	else
		result "matrix row: $2, $3, $4: $got, expected $1" 1
		bad=1
	fi
}
expect_row "FAIL (no result recorded)" corei7_skylake_x empty.results retbleed.serial
expect_row "FAIL (results: fail )" corei7_skylake_x fail.results retbleed.serial
expect_row "FAIL (results: pass fail )" corei7_skylake_x two.results retbleed.serial
expect_row "FAIL (no serial log)" corei7_skylake_x pass.results missing.serial
expect_row "FAIL (no \"hv: powering off\")" corei7_skylake_x pass.results no-poweroff.serial
expect_row "PASS" corei7_skylake_x pass.results retbleed.serial
expect_row "PASS" corei7_icelake_u pass.results retbleed.serial
expect_row "FAIL (1 guest complaints)" corei7_haswell_4770 pass.results retbleed.serial
expect_row "FAIL (1 guest complaints)" corei7_skylake_x pass.results other.serial

# The excused line is named, with its reason, not dropped silently.
want="excused (Bochs' CPU model has no IBRS: Linux warns about RETBleed on it without a hypervisor): $retbleed"
got=$(guest_excused "$tmp/retbleed.serial" corei7_skylake_x)
[ "$got" = "$want" ]; r=$?
result "complaints: the RETBleed line is excused by name on corei7_skylake_x" $r
[ $r -eq 0 ] || { echo "  got: $got"; bad=1; }
got=$(guest_complaints "$tmp/other.serial" corei7_skylake_x)
[ "$got" = "$other" ]; r=$?
result "complaints: any other WARNING: line counts" $r
[ $r -eq 0 ] || { echo "  got: $got"; bad=1; }
exit $bad
