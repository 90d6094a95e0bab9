#!/usr/bin/env bash
# Runs each libFuzzer target given for SECONDS seconds, one after another,
# and prints one PASS/FAIL line per target with its executions.
#   scripts/fuzz.sh SECONDS build/fuzz/fuzz_NAME...
# The seed corpus is tests/fuzz/corpus/NAME (read only); what a run finds
# goes to $FUZZ_OUT/corpus/NAME, crashes to $FUZZ_OUT/artifacts/NAME/, the
# log to $FUZZ_OUT/NAME.log (FUZZ_OUT defaults to build/fuzz).
# tests/fuzz/NAME.dict, if present, is the target's dictionary.
set -u
cd "$(dirname "$0")/.."
. scripts/lib/expect.sh

secs=$1
shift
out=${FUZZ_OUT:-build/fuzz}
fails=0
for bin in "$@"; do
	name=$(basename "$bin")
	work=$out/corpus/$name art=$out/artifacts/$name/
	log=$out/$name.log
	mkdir -p "$work" "$art" "tests/fuzz/corpus/$name"
	dict=()
	[ -f "tests/fuzz/$name.dict" ] && dict=(-dict="tests/fuzz/$name.dict")
	nice -n 19 "$bin" -max_total_time="$secs" -print_final_stats=1 \
		-timeout=60 -rss_limit_mb=2048 -artifact_prefix="$art" \
		"${dict[@]}" "$work" "tests/fuzz/corpus/$name" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	cov=$(grep -a -o 'cov: [0-9]*' "$log" | tail -1)
	if [ $rc -eq 0 ] && [ -n "$execs" ]; then
		result "fuzz: $name ($secs s, ${execs} executions, ${cov:-cov: ?})" 0
	else
		tail -n 40 "$log" | sed 's/^/  | /'
		result "fuzz: $name (exit $rc; crash input in $art)" 1
		fails=$((fails + 1))
	fi
done
exit $((fails > 0))
