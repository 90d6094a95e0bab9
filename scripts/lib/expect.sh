# Shared by the end-to-end tests. Source it.

# expect_in_order FILE LINE...: every LINE must appear in FILE as a whole
# line (carriage returns ignored), in the given order. Prints what is
# missing and returns 1 otherwise.
expect_in_order() {
	local file=$1
	shift
	local pos=0 line n
	for line in "$@"; do
		# Through the environment: awk -v would expand backslashes.
		n=$(tr -d '\r' <"$file" | WANT=$line FROM=$pos awk \
			'NR > ENVIRON["FROM"] && $0 == ENVIRON["WANT"] { print NR; exit }')
		if [ -z "$n" ]; then
			echo "  missing (in this order): $line"
			return 1
		fi
		pos=$n
	done
	return 0
}

# count_lines FILE LINE: how many times LINE appears as a whole line.
count_lines() {
	tr -d '\r' <"$1" | WANT=$2 awk '$0 == ENVIRON["WANT"] { n++ } END { print n + 0 }'
}

# wait_for_line FILE LINE SECONDS PID: waits until LINE appears in FILE,
# PID exits, or SECONDS pass. Returns 0 only if the line appeared.
wait_for_line() {
	local file=$1 line=$2 secs=$3 pid=$4 i
	for ((i = 0; i < secs * 4; i++)); do
		[ -f "$file" ] && [ "$(count_lines "$file" "$line")" -gt 0 ] && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.25
	done
	[ -f "$file" ] && [ "$(count_lines "$file" "$line")" -gt 0 ]
}

# show_tail FILE: the end of a serial log, for a failing test.
show_tail() {
	echo "  --- last 30 lines of $1 ---"
	tail -n 30 "$1" | tr -d '\r' | sed 's/^/  | /'
}

# result NAME OK: prints one PASS/FAIL line and counts it.
result() {
	if [ "$2" -eq 0 ]; then
		echo "PASS: $1"
		echo pass >>"${RESULTS:-/dev/null}"
	else
		echo "FAIL: $1"
		echo fail >>"${RESULTS:-/dev/null}"
	fi
}

# guest_complaints FILE: the guest kernel's lines that say the virtual CPU
# is not what its CPUID claims: WARNING:, Call Trace:, unchecked MSR
# access. Not counted: "RETBleed: WARNING: Spectre v2 mitigation leaves
# CPU vulnerable", Linux's note that the CPU model (Bochs' Skylake-X and
# Ice Lake have no IBRS or ARCH_CAPABILITIES) is vulnerable: it prints the
# same on that CPU without a hypervisor.
guest_complaints() {
	tr -d '\r' <"$1" | grep -aE 'WARNING:|Call Trace:|unchecked MSR access' |
		grep -avF 'RETBleed: WARNING: Spectre v2 mitigation leaves CPU vulnerable to RETBleed attacks' || true
}
