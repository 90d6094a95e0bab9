#!/usr/bin/env bash
# End-to-end test under Bochs with emulated VT-x and OVMF: VMXON, VMLAUNCH,
# every exit of the built-in test guest (CPUID, OUT, IN, VMCALL, HLT, REP
# OUTSB, REP INSB, MMIO to absent space) and the success line appear on
# serial in this order, and the machine powers off. The guest first
# triple-faults once: the hypervisor restarts it with fresh RAM (a CMOS RAM
# flag, which survives the reset, tells the guest it is the second run). Also reports Bochs'
# instruction count at the first VMLAUNCH (the hypervisor's magic
# breakpoint) for comparison between changes.
set -u
cd "$(dirname "$0")/.."
. scripts/lib/expect.sh

out=build/test/bochs
mkdir -p "$out"
scripts/mkimage.sh "$out/test.img" guest/conf/test.conf >/dev/null
rm -f "$out/test.serial" "$out/test.log"
ok=0
timeout 600 scripts/bochs.sh "$out/test.img" "$out/test.serial" \
	"$out/test.log" >"$out/test.out" 2>&1 || true

expect_in_order "$out/test.serial" \
	"hv-loader: jumping to the kernel" \
	"hv: hv 0.1: bare-metal VT-x hypervisor" \
	"hv: VMX: IA32_VMX_BASIC 0x00d810000000002b (VMCS revision 0x2b, TRUE controls)" \
	"hv: VMX: IA32_FEATURE_CONTROL was 0x0, set to 0x5 (locked)" \
	"hv: guest: built-in test guest" \
	"hv: ACPI: RSDP 0xe0000, XSDT 0xe00b0 (52), FADT 0xe00f0 (276), MADT 0xe0210 (90, 1 CPU), DSDT 0xe0270 (68), FACS 0xe0040 (64)" \
	"hv: VMLAUNCH (guest RIP 0x100000)" \
	"hv: exit: OUT8 port 0x70 (cmos) <- 0x7e" \
	"hv: exit: IN8 port 0x71 (cmos) -> 0x0" \
	"hv: exit: OUT8 port 0x70 (cmos) <- 0x7e" \
	"hv: exit: OUT8 port 0x71 (cmos) <- 0x5a" \
	"hv: warning: guest triple fault (shutdown) at RIP 0x100028" \
	"hv: guest reset (triple fault): restarting it (restart 1)" \
	"hv: VMLAUNCH (guest RIP 0x100000)" \
	"hv: exit: OUT8 port 0x70 (cmos) <- 0x7e" \
	"hv: exit: IN8 port 0x71 (cmos) -> 0x5a" \
	"hv: exit: CPUID leaf 0x40000000 subleaf 0x0 -> eax 0x40000001 ebx 0x61627668 ecx 0x656d6572 edx 0x216c6174" \
	"hv: exit: OUT8 port 0x84 <- 0x42: no device, ignored" \
	"hv: exit: IN8 port 0x84: no device, reads 0xff" \
	"hv: exit: VMCALL ping 0x1234" \
	"hv: exit: HLT with interrupts enabled and no interrupt source: resumed" \
	"hv: exit: OUT8 port 0x84 <- 0x68: no device, ignored" \
	"hv: exit: OUT8 port 0x84 <- 0x76: no device, ignored" \
	"hv: exit: OUT8 port 0x84 <- 0x21: no device, ignored" \
	"hv: exit: OUT8 port 0x84 <- 0xa: no device, ignored" \
	"hv: exit: IN8 port 0x84: no device, reads 0xff" \
	"hv: exit: IN8 port 0x84: no device, reads 0xff" \
	"hv: exit: IN8 port 0x84: no device, reads 0xff" \
	"hv: exit: IN8 port 0x84: no device, reads 0xff" \
	"hv: exit: MMIO read32 0xfed00000 -> 0xffffffff" \
	"hv: exit: MMIO write8 0xfed00010 <- 0x5a" \
	"hv: exit: MMIO read16 0xfed00020 -> 0xffff" \
	"hv: exit: VMCALL exit statistics" \
	"hv: stats: VM exits of vCPU 0 on the guest's request (host TSC cycles in the handler):" \
	"hv: stats: exit reason                       count     total cycles    average   max cycles" \
	"hv: exit: VMCALL test result 0" \
	"hv: test guest passed" \
	"hv: guest restarts: 1" \
	"hv: guest refused: 10 absent-port accesses, 3 absent-MMIO accesses, 0 unknown MSRs, 0 #GP, 0 #UD injected" \
	"hv: stats: VM exits of vCPU 0 at the end of the run (host TSC cycles in the handler):" \
	"hv: powering off" || ok=1
# The summary's run time depends on the code before it; the exits do not.
tr -d '\r' <"$out/test.serial" | grep -Eq '^hv: guest ran [0-9]+ ms; VM exits: 20 \(triple fault 1, CPUID 2, HLT 1, VMCALL 3, I/O instruction 10, EPT violation 3\)$' ||
	{ echo "  no summary line with exactly 20 exits (triple fault 1, CPUID 2, HLT 1, VMCALL 3, I/O instruction 10, EPT violation 3)"; ok=1; }
# The statistics tables: the hypercall's (19 exits over both runs; the VMCALL asking is counted but not
# timed yet) and the final one. Counts exact; cycles vary with the code, but
# every reason took some, the average is total/count, the maximum lies
# between the average and the total.
check_table() {	# FIRST-LINE ROW...: "reason count" pairs, then "all N"
	local first=$1 rows
	shift
	rows=$(tr -d '\r' <"$out/test.serial" | awk -v first="$first" \
		'$0 == first { on = 1; getline; next } on && /^hv: stats: / { print; if ($3 == "all") exit; next } on { exit }')
	local want=("$@") got
	got=$(echo "$rows" | sed -E 's/^hv: stats: (.*[^ ]) +([0-9]+) +([0-9]+) +([0-9]+) +([0-9]+)$/\1|\2|\3|\4|\5/')
	local i=0 line name count total avg max
	while IFS='|' read -r name count total avg max; do
		if [ "$name|$count" != "${want[$i]:-}" ]; then
			echo "  stats row $i: '$name $count', expected '${want[$i]:-nothing}'"
			return 1
		fi
		if [ "$total" -le 0 ] || [ "$avg" -ne $((total / count)) ] ||
		   [ "$max" -lt "$avg" ] || [ "$max" -gt "$total" ]; then
			echo "  stats row '$name': cycles $total avg $avg max $max do not add up"
			return 1
		fi
		i=$((i + 1))
	done <<<"$got"
	[ "$i" -eq ${#want[@]} ] || { echo "  stats table has $i rows, expected ${#want[@]}"; return 1; }
}
check_table "hv: stats: VM exits of vCPU 0 on the guest's request (host TSC cycles in the handler):" \
	"triple fault|1" "CPUID|2" "HLT|1" "VMCALL|2" "I/O instruction|10" "EPT violation|3" "all|19" || ok=1
check_table "hv: stats: VM exits of vCPU 0 at the end of the run (host TSC cycles in the handler):" \
	"triple fault|1" "CPUID|2" "HLT|1" "VMCALL|3" "I/O instruction|10" "EPT violation|3" "all|20" || ok=1
# test.conf has "trace = exits": one line per exit, reason, RIP and exit
# qualification (27.2.1: OUT imm8 to port 0x84 is 0x840040, IN 0x840048).
# The first run (CMOS flag, triple fault), then the second from the top.
expect_in_order "$out/test.serial" \
	"hv: trace: exit I/O instruction (30) RIP 0x100007 qualification 0x700040" \
	"hv: trace: exit I/O instruction (30) RIP 0x100009 qualification 0x710048" \
	"hv: trace: exit I/O instruction (30) RIP 0x100011 qualification 0x700040" \
	"hv: trace: exit I/O instruction (30) RIP 0x100015 qualification 0x710040" \
	"hv: trace: exit triple fault (2) RIP 0x100028 qualification 0x0" \
	"hv: trace: exit I/O instruction (30) RIP 0x100007 qualification 0x700040" \
	"hv: trace: exit I/O instruction (30) RIP 0x100009 qualification 0x710048" \
	"hv: trace: exit CPUID (10) RIP 0x100047 qualification 0x0" \
	"hv: trace: exit CPUID (10) RIP 0x100079 qualification 0x0" \
	"hv: trace: exit I/O instruction (30) RIP 0x100096 qualification 0x840040" \
	"hv: trace: exit I/O instruction (30) RIP 0x10009f qualification 0x840048" \
	"hv: trace: exit VMCALL (18) RIP 0x1000b8 qualification 0x0" \
	"hv: trace: exit HLT (12) RIP 0x1000c7 qualification 0x0" || ok=1
n=$(tr -d '\r' <"$out/test.serial" | grep -c '^hv: trace: exit ')
[ "$n" -eq 20 ] || { echo "  $n exits traced, expected 20"; ok=1; }
# VMXON's line names the region's address; match its start only.
grep -aq "^hv: VMXON done" "$out/test.serial" || { echo "  no VMXON line"; ok=1; }
# The CPUID.1 line carries host-specific values; its ECX must show the
# hypervisor bit (31) set and VMX (5) clear.
ecx=$(tr -d '\r' <"$out/test.serial" |
	sed -n 's/^hv: exit: CPUID leaf 0x1 subleaf 0x0 -> .* ecx \(0x[0-9a-f]*\) .*/\1/p')
if [ -z "$ecx" ] || (( (ecx >> 31 & 1) != 1 || (ecx >> 5 & 1) != 0 )); then
	echo "  CPUID.1 ECX '$ecx' lacks the hypervisor bit or shows VMX"
	ok=1
fi
if ! grep -q "ACPI control: soft power off" "$out/test.out"; then
	echo "  Bochs did not end by ACPI power off"
	ok=1
fi
[ $ok -eq 0 ] || show_tail "$out/test.serial"
launch=$(grep -o 'Next at t=[0-9]*' "$out/test.out" | sed -n 2p | cut -d= -f2)
echo "bochs: instructions from power-on to the first VMLAUNCH: ${launch:-unknown}"
result "bochs: test guest under emulated VT-x" $ok
exit $ok
