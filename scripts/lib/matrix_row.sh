# One row of the CPU matrix (scripts/test-cpu-matrix.sh), judged from its
# files alone so that it can be checked on saved or made-up logs
# (scripts/test-matrix-eval.sh). Source it after scripts/lib/expect.sh.

# matrix_row MODEL RESULTS SERIAL: prints "PASS" or "FAIL (why)", returns
# 0 or 1. A row passes only on positive evidence: RESULTS holds exactly
# one line, "pass" (scripts/test-linux-bochs.sh appends one per run: none
# means the run never finished), SERIAL exists and has the hypervisor's
# "hv: powering off", and the guest kernel's complaints are all excused on
# MODEL (scripts/lib/expect.sh, excused_complaints).
matrix_row() {
	local model=$1 results=$2 serial=$3 n
	if [ ! -s "$results" ]; then
		echo "FAIL (no result recorded)"
		return 1
	fi
	if [ "$(grep -c . "$results")" -ne 1 ] ||
	   [ "$(tr -d '[:space:]' <"$results")" != pass ]; then
		echo "FAIL (results: $(tr '\n' ' ' <"$results"))"
		return 1
	fi
	if [ ! -s "$serial" ]; then
		echo "FAIL (no serial log)"
		return 1
	fi
	if [ "$(count_lines "$serial" "hv: powering off")" -eq 0 ]; then
		echo "FAIL (no \"hv: powering off\")"
		return 1
	fi
	n=$(guest_complaints "$serial" "$model" | grep -c .)
	if [ "$n" -ne 0 ]; then
		echo "FAIL ($n guest complaints)"
		return 1
	fi
	echo PASS
}
