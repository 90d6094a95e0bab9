#!/usr/bin/env bash
# Everything `make test` runs: host unit tests, QEMU end-to-end tests,
# Bochs end-to-end tests. Each prints PASS/FAIL lines; the last line sums
# them. Exits non-zero if anything failed.
set -u
cd "$(dirname "$0")/.."
export RESULTS
RESULTS=$(mktemp)
trap 'rm -f "$RESULTS"' EXIT
start=$(date +%s)

step() {
	echo "== $1"
	shift
	if ! "$@"; then
		echo "   ($1 failed)"
	fi
}

if ! make -s all unit-bins >/dev/null; then
	echo "FAIL: build"
	echo fail >>"$RESULTS"
else
	step "host unit tests" make -s unit-test
	step "QEMU (TCG, no VT-x)" scripts/test-qemu.sh
	step "Bochs (emulated VT-x)" scripts/test-bochs.sh
fi

pass=$(grep -c pass "$RESULTS")
fail=$(grep -c fail "$RESULTS")
echo "== $(( $(date +%s) - start )) s"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
