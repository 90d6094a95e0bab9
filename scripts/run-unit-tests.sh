#!/usr/bin/env bash
# Runs every host unit-test binary given and sums cmocka's counts.
set -u
results=${RESULTS:-/dev/null}
total_pass=0 total_fail=0 bad=0
for t in "$@"; do
	log=$(mktemp)
	"$t" >"$log" 2>&1
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\./\1/p' "$log" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:/\1/p' "$log" | tail -1)
	p=${p:-0} f=${f:-0}
	if [ $rc -ne 0 ] || [ "$f" -ne 0 ] || [ "$p" -eq 0 ]; then
		cat "$log"
		echo "FAIL: unit: $(basename "$t") ($p passed, $f failed, exit $rc)"
		echo fail >>"$results"
		bad=1
	else
		echo "PASS: unit: $(basename "$t") ($p tests)"
		echo pass >>"$results"
	fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	rm -f "$log"
done
echo "unit tests: $total_pass passed, $total_fail failed in $# programs"
exit $bad
