#!/usr/bin/env bash
# The CPU matrix: Debian's stock kernel boots under the hypervisor to /init
# on several of Bochs' CPU models, each a row run by
# scripts/test-linux-bochs.sh (which fails on any hypervisor error and any
# WARNING:, Call Trace: or "unchecked MSR access" from the guest that
# scripts/lib/expect.sh does not excuse by name). Then a table: model,
# result (scripts/lib/matrix_row.sh: a pass needs the run's own "pass" and
# its serial log), guest-kernel complaints (+ those excused, each named
# with its reason), and the CPUID features the hypervisor offered the
# guest (decoded from its "hv: guest CPUID:" line).
#   scripts/test-cpu-matrix.sh [IMAGE [RELEASE_FILE]]
# HV_MATRIX_MODELS overrides the models; HV_MATRIX_JOBS (default 2) how
# many Bochs run at once.
set -u
cd "$(dirname "$0")/.."
. scripts/lib/expect.sh
. scripts/lib/matrix_row.sh

image=${1:-build/linux-debian.img}
release_file=${2:-build/linux/vmlinuz-debian.release}
models=(${HV_MATRIX_MODELS:-corei7_haswell_4770 corei7_skylake_x tigerlake corei7_icelake_u})
jobs=${HV_MATRIX_JOBS:-2}
out=build/test/matrix
mkdir -p "$out"
start=$(date +%s)

run_row() {
	local m=$1
	: >"$out/$m.results"
	HV_BOCHS_CPU=$m RESULTS="$out/$m.results" \
		scripts/test-linux-bochs.sh "$image" "debian-$m" "$release_file" yes \
		>"$out/$m.out" 2>&1
}

# At most $jobs rows at once.
pids=()
for m in "${models[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
		wait -n
	done
	run_row "$m" &
	pids+=($!)
done
wait

# Feature names for the bits of the guest's CPUID line (SDM Vol. 2A,
# CPUID, Tables 3-8 to 3-11): "register:bit:name".
features=(
	1ecx:0:sse3 1ecx:1:pclmulqdq 1ecx:9:ssse3 1ecx:12:fma 1ecx:13:cx16
	1ecx:17:pcid 1ecx:19:sse4_1 1ecx:20:sse4_2 1ecx:22:movbe
	1ecx:23:popcnt 1ecx:25:aes 1ecx:26:xsave 1ecx:28:avx 1ecx:29:f16c
	1ecx:30:rdrand 1ecx:5:vmx 1ecx:21:x2apic
	7ebx:0:fsgsbase 7ebx:3:bmi1 7ebx:5:avx2 7ebx:7:smep 7ebx:8:bmi2
	7ebx:10:invpcid 7ebx:11:rtm 7ebx:14:mpx 7ebx:16:avx512f
	7ebx:18:rdseed 7ebx:19:adx 7ebx:20:smap 7ebx:23:clflushopt
	7ebx:24:clwb 7ebx:29:sha_ni 7ebx:30:avx512bw 7ebx:31:avx512vl
	7ecx:1:avx512vbmi 7ecx:2:umip 7ecx:3:pku 7ecx:5:waitpkg 7ecx:7:cet_ss
	7ecx:8:gfni 7ecx:9:vaes 7ecx:10:vpclmulqdq 7ecx:16:la57
	7ecx:22:rdpid 7ecx:31:pks
	7edx:4:fsrm 7edx:14:serialize 7edx:20:cet_ibt 7edx:24:amx_tile
	d1eax:0:xsaveopt d1eax:1:xsavec d1eax:3:xsaves d1eax:4:xfd
	e1edx:27:rdtscp e1edx:26:pdpe1gb
)

decode() {
	local line=$1 f reg bit name val names=""
	declare -A v
	v[1ecx]=$(sed -n 's/.*CPUID: 1 ecx \(0x[0-9a-f]*\).*/\1/p' <<<"$line")
	v[7ebx]=$(sed -n 's/.*7 ebx \(0x[0-9a-f]*\).*/\1/p' <<<"$line")
	v[7ecx]=$(sed -n 's/.*7 ebx 0x[0-9a-f]* ecx \(0x[0-9a-f]*\).*/\1/p' <<<"$line")
	v[7edx]=$(sed -n 's/.*7 ebx 0x[0-9a-f]* ecx 0x[0-9a-f]* edx \(0x[0-9a-f]*\).*/\1/p' <<<"$line")
	v[d1eax]=$(sed -n 's/.*0xd\.1 eax \(0x[0-9a-f]*\).*/\1/p' <<<"$line")
	v[e1edx]=$(sed -n 's/.*0x80000001 ecx 0x[0-9a-f]* edx \(0x[0-9a-f]*\).*/\1/p' <<<"$line")
	for f in "${features[@]}"; do
		IFS=: read -r reg bit name <<<"$f"
		val=${v[$reg]:-0}
		(( (val >> bit) & 1 )) && names+="$name "
	done
	echo "${names% }"
}

fail=0
echo "CPU matrix: Debian's stock kernel ($(cat "$release_file" 2>/dev/null)) on Bochs"
for m in "${models[@]}"; do
	sed "s/^/[$m] /" "$out/$m.out"
done
echo
# A row passes only on positive evidence (scripts/lib/matrix_row.sh);
# complaints are those not excused, "+N" the excused ones, named below.
printf '%-22s %-6s %-10s %s\n' model result complaints "CPUID features offered to the guest"
for m in "${models[@]}"; do
	serial=build/test/bochs/debian-$m.serial
	verdict=$(matrix_row "$m" "$out/$m.results" "$serial")
	ok=$?
	[ $ok -eq 0 ] || fail=1
	n=? e=0
	if [ -f "$serial" ]; then
		n=$(guest_complaints "$serial" "$m" | grep -c .)
		e=$(guest_excused "$serial" "$m" | grep -c .)
	fi
	line=$({ tr -d '\r' <"$serial"; } 2>/dev/null | grep -a '^hv: guest CPUID: ' | head -1)
	printf '%-22s %-6s %-10s %s\n' "$m" "${verdict%% *}" "$n (+$e)" "$(decode "$line")"
	[ $ok -eq 0 ] || echo "  $verdict"
	[ -f "$serial" ] && guest_excused "$serial" "$m" | sed 's/^/  /'
	echo "  ${line:-no guest CPUID line}"
	result "matrix: $m" $ok >/dev/null
done
echo "matrix: $(( $(date +%s) - start )) s wall for ${#models[@]} models, $jobs at a time"
exit $fail
