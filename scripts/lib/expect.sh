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

# What a guest kernel line must not say: a warning, a call trace, or an
# MSR access it did not expect to fail mean the virtual CPU is not what its
# CPUID claims.
complaint_pattern='WARNING:|Call Trace:|unchecked MSR access'

# The complaints excused, each "MODELS|TEXT|WHY": a line holding TEXT (a
# fixed string) on one of Bochs' CPU MODELS (space-separated, as
# HV_BOCHS_CPU names them) is reported as excused, with WHY, and not
# counted. Nothing else is excused: add an entry only with the reason.
excused_complaints=(
	# Linux 6.1 (arch/x86/kernel/cpu/bugs.c, RETBLEED_INTEL_MSG): the
	# CPU is of a model RETBleed affects (Skylake-X, Ice Lake) and its
	# Spectre v2 mitigation is not IBRS. Bochs' corei7_skylake_x and
	# corei7_icelake_u models report no IBRS (CPUID.7:EDX[26]) and no
	# IA32_ARCH_CAPABILITIES, so Linux prints this there without a
	# hypervisor too. (The hypervisor offers no IBRS either,
	# vmx/cpuid_policy.c leaf 7 EDX: on hardware with IBRS the line
	# would be its doing.)
	"corei7_skylake_x corei7_icelake_u|RETBleed: WARNING: Spectre v2 mitigation leaves CPU vulnerable to RETBleed attacks|Bochs' CPU model has no IBRS: Linux warns about RETBleed on it without a hypervisor"
)

# excused_reason LINE MODEL: the reason LINE is excused on MODEL, or
# nothing (and status 1).
excused_reason() {
	local line=$1 model=$2 e models text why
	for e in "${excused_complaints[@]}"; do
		IFS='|' read -r models text why <<<"$e"
		case " $models " in *" $model "*) ;; *) continue ;; esac
		if [[ $line == *"$text"* ]]; then
			echo "$why"
			return 0
		fi
	done
	return 1
}

# guest_complaints FILE [MODEL]: the guest kernel's complaint lines that
# are not excused on MODEL (default: HV_BOCHS_CPU, else Bochs' default
# corei7_haswell_4770, as scripts/bochs.sh).
guest_complaints() {
	local model=${2:-${HV_BOCHS_CPU:-corei7_haswell_4770}} line
	tr -d '\r' <"$1" | grep -aE "$complaint_pattern" |
		while IFS= read -r line; do
			excused_reason "$line" "$model" >/dev/null || printf '%s\n' "$line"
		done
}

# guest_excused FILE [MODEL]: the complaint lines excused on MODEL, each
# as "excused (WHY): LINE".
guest_excused() {
	local model=${2:-${HV_BOCHS_CPU:-corei7_haswell_4770}} line why
	tr -d '\r' <"$1" | grep -aE "$complaint_pattern" |
		while IFS= read -r line; do
			why=$(excused_reason "$line" "$model") &&
				printf 'excused (%s): %s\n' "$why" "$line"
		done
}
