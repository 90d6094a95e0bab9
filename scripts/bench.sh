#!/usr/bin/env bash
# make bench: what the hypervisor costs its guest, on Bochs (deterministic:
# a fixed clock, ticks = emulated instructions, never wall time).
#
# The same kernel (Debian's stock kernel; HV_BENCH_KERNEL=tiny for the
# small one), the same initramfs and the same command line run three ways:
#   bare   booted directly by OVMF through the kernel's EFI stub (the UEFI
#          shell's startup.nsh passes the command line and initrd)
#   hv     under the hypervisor, the default build (make all)
#   naive  under a build that intercepts everything it can (NAIVE=1:
#          RDTSC, CR3 loads and stores, INVLPG, page faults, port 0x80):
#          only its exit counts are compared
# The guest side (guest/initramfs/bench.sh, hv-bench.c) prints the
# microbenchmarks and passes markers; Bochs prints its tick count at each
# marker and the hypervisor its exits by reason.
#
# Writes build/bench/results.csv, build/bench/bench.svg (gnuplot) and prints
# the table. HV_BENCH_REPEAT=1 (default) runs bare and hv a second time and
# checks every figure agrees within 0.1%; 0 skips that. HV_BENCH_RUN=0 only
# reads the last runs' output again.
set -euo pipefail
cd "$(dirname "$0")/.."

kernel=${HV_BENCH_KERNEL:-debian}
repeat=${HV_BENCH_REPEAT:-1}
out=build/bench
case $kernel in
debian) vmlinuz=build/linux/vmlinuz-debian ;;
tiny) vmlinuz=build/linux/bzImage ;;
*) echo "bench: HV_BENCH_KERNEL is debian or tiny" >&2; exit 2 ;;
esac
initrd=build/linux/initramfs.cpio.gz
for f in "$vmlinuz" "$initrd" build/kernel.elf build/BOOTX64.EFI; do
	[ -f "$f" ] || { echo "bench: missing $f (make bench builds it)" >&2; exit 1; }
done
# The guest sees 256 MiB on both sides: the hypervisor's guest has exactly
# that; bare Bochs has the same 512 MiB machine, and mem= limits Linux.
# Runs must repeat: no KASLR, and no RDRAND/RDSEED (CPUID bits 4*32+30 and
# 9*32+18 in Linux's numbering; Bochs seeds them from the host clock; the
# hypervisor hides them anyway).
cmdline="console=ttyS0,115200 earlyprintk=serial,ttyS0,115200 panic=-1 mem=256M nokaslr clearcpuid=158,306 hv.bench"
megs=512
mkdir -p "$out"
if [ "${HV_BENCH_RUN:-1}" = 1 ]; then
rm -f "$out"/*.serial "$out"/*.out "$out"/*.vals

# --- images -----------------------------------------------------------------
cat >"$out/hv.conf" <<EOF
guest = linux
kernel = \\hv\\vmlinuz
initrd = \\hv\\initrd.img
cmdline = $cmdline
memory = 256
on_exit = poweroff
EOF
scripts/mkimage.sh "$out/hv.img" "$out/hv.conf" \
	"$vmlinuz=/hv/vmlinuz" "$initrd=/hv/initrd.img" >/dev/null

echo "bench: building the naive intercept-everything hypervisor (NAIVE=1)"
make -s BUILD="$out/naive" NAIVE=1 DEBUG=0 kernel >/dev/null
HV_KERNEL=$out/naive/kernel.elf scripts/mkimage.sh "$out/naive.img" \
	"$out/hv.conf" "$vmlinuz=/hv/vmlinuz" "$initrd=/hv/initrd.img" >/dev/null

# Bare: no loader, no hypervisor; the UEFI shell runs startup.nsh.
bare_esp=$out/bare.fat
rm -f "$bare_esp"
mkfs.fat -C -n BARE-ESP "$bare_esp" 33000 >/dev/null
export MTOOLS_SKIP_CHECK=1
printf 'fs0:\r\n\\vmlinuz.efi initrd=\\initrd.img %s\r\n' "$cmdline" >"$out/startup.nsh"
mcopy -i "$bare_esp" "$vmlinuz" ::/vmlinuz.efi
mcopy -i "$bare_esp" "$initrd" ::/initrd.img
mcopy -i "$bare_esp" "$out/startup.nsh" ::/startup.nsh
cyl=$((16 * 63 * 512))
disk=$(( ((33000 * 1024 + 1048576) / cyl + 1) * cyl ))
truncate -s 0 "$out/bare.img"
truncate -s "$disk" "$out/bare.img"
echo "2048,66000,ef" | sfdisk -q --label dos "$out/bare.img" >/dev/null
dd if="$bare_esp" of="$out/bare.img" bs=512 seek=2048 conv=notrunc status=none
rm -f "$bare_esp"

# --- runs -------------------------------------------------------------------
run() {	# run NAME IMAGE: Bochs until the guest ends the machine
	local name=$1 image=$2
	timeout 2400 scripts/bochs.sh "$image" "$out/$name.serial" \
		"$out/$name.log" "$megs" >"$out/$name.out" 2>&1 || true
	grep -aq "hv-bench: done" "$out/$name.serial" ||
		echo "bench: run $name did not finish (see $out/$name.serial)" >&2
}
start=$(date +%s)
# All at once: Bochs uses one core each, and the runs do not depend on
# each other (nor on wall time: clock sync=none).
runs="bare hv naive"
[ "$repeat" = 1 ] && runs="$runs bare2 hv2"
echo "bench: running $runs under Bochs"
for r in $runs; do
	run "$r" "$out/${r%2}.img" &
done
wait
echo "bench: runs took $(( $(date +%s) - start )) s of wall time"
fi

# --- figures ----------------------------------------------------------------
# vals NAME: key value lines from a run's serial log and Bochs' output.
vals() {
	local name=$1 s=$out/$1.serial o=$out/$1.out
	tr -d '\r' <"$s" | sed -n 's/^hv-bench: \([a-z-]*\) \([0-9.]*\) ticks\/iter$/op.\1 \2/p'
	tr -d '\r' <"$s" | sed -n 's/^hv-bench: irq-round-trip \([0-9]*\) ticks\/irq.*/op.irq-round-trip \1/p'
	tr -d '\r' <"$s" | sed -n 's/^\[ *\([0-9.]*\)\] Run \/init as init process$/boot.run-init-s \1/p' | head -1
	# Bochs stops at each magic breakpoint: power-on, (hv: VMLAUNCH),
	# then markers 1..6, the last six.
	local t
	t=($(grep -o 'Next at t=[0-9]*' "$o" | cut -d= -f2))
	local n=${#t[@]}
	if [ "$n" -ge 7 ]; then
		for m in 1 2 3 4 5 6; do echo "tick.m$m ${t[$((n - 7 + m))]}"; done
		[ "$n" -ge 8 ] && echo "tick.vmlaunch ${t[$((n - 7))]}"
	fi
	tr -d '\r' <"$s" | sed -n 's/^hv: exits at marker 0x0\([1-6]\): \([0-9]*\) .*; host halted \([0-9]*\) ticks$/exits.m\1 \2\nhalted.m\1 \3/p'
	# The guest's port I/O at each marker (0 if none yet).
	tr -d '\r' <"$s" | sed -n 's/^hv: exits at marker 0x0\([1-6]\): .*/\1 &/p' |
		awk '{ n = 0; if (match($0, /I\/O instruction [0-9]+/)) n = substr($0, RSTART + 16, RLENGTH - 16); print "io.m" $1, n }'
	tr -d '\r' <"$s" | sed -n 's/^\([0-9a-f]\{64\}\)  \/tmp\/blob$/workload.sha256 \1/p'
}
for r in bare hv naive bare2 hv2; do
	[ -f "$out/$r.serial" ] && vals $r >"$out/$r.vals"
done
get() { awk -v k="$2" '$1 == k { print $2; exit }' "$out/$1.vals"; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "") print ""; else printf "%.2f", a - b }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print ""; else printf "%.3f", a / b }'; }

csv=$out/results.csv
echo "section,item,bare,hv,naive,hv_minus_bare,hv_over_bare,target" >"$csv"
row() { echo "$1,$2,$3,$4,$5,$6,$7,$8" >>"$csv"; printf '%-26s %14s %14s %14s %10s %s\n' "$2" "$3" "$4" "$6" "$7" "$8"; }

echo
echo "== per-exit cost, ticks per iteration (smallest of 40 batches)"
printf '%-26s %14s %14s %14s %10s %s\n' operation bare hv hv-bare ratio target
declare -A target=([cpuid]="<= 250" [in-absent]="<= 300")
for op in loop cpuid in-absent out-absent uart-lsr-read uart-tx pit-read rdmsr vmcall irq-round-trip; do
	b=$(get bare op.$op) h=$(get hv op.$op)
	[ -z "$b$h" ] && continue
	d=$(sub "$h" "$b")
	t=${target[$op]:-}
	v=""
	[ -n "$t" ] && [ -n "$d" ] && v=$(awk -v d="$d" -v t="${t#<= }" 'BEGIN { print (d <= t) ? "met" : "NOT met" }')
	row micro "$op" "$b" "$h" "" "$d" "$(div "$h" "$b")" "${t:+$t $v}"
done

echo
echo "== workload (markers 4 to 5: dd 3 MiB, sha256sum, cp, 3000-step shell loop, 40 processes), ticks"
wb=$(sub "$(get bare tick.m5)" "$(get bare tick.m4)")
wh=$(sub "$(get hv tick.m5)" "$(get hv tick.m4)")
wr=$(div "$wh" "$wb")
wv=$(awk -v r="$wr" 'BEGIN { if (r == "") print "?"; else print (r <= 1.05) ? "met" : "NOT met" }')
printf '%-26s %14s %14s %14s %10s %s\n' phase bare hv hv-bare ratio target
row workload workload-ticks "${wb%.00}" "${wh%.00}" "" "$(sub "$wh" "$wb")" "$wr" "<= 1.05 $wv"
[ "$(get bare workload.sha256)" = "$(get hv workload.sha256)" ] ||
	echo "  (the workload's sha256 differs between bare and hv!)"

echo
echo "== boot"
row boot run-init-printk-seconds "$(get bare boot.run-init-s)" "$(get hv boot.run-init-s)" "" "" "" ""
row boot ticks-at-init-marker "$(get bare tick.m1)" "$(get hv tick.m1)" "" "$(sub "$(get hv tick.m1)" "$(get bare tick.m1)")" "" ""
echo "  (ticks from power-on; hv's include its loader and setup: VMLAUNCH at $(get hv tick.vmlaunch))"

echo
echo "== VM exits by phase: default build vs naive (NAIVE=1)"
printf '%-26s %14s %14s %10s\n' phase default naive naive/default
phase_exits_of() {	# phase_exits_of RUN PHASE
	case $2 in
	boot) phase_exits "$1" 0 1 ;; checks) phase_exits "$1" 1 3 ;;
	micro) phase_exits "$1" 3 4 ;; workload) phase_exits "$1" 4 5 ;;
	idle) phase_exits "$1" 5 6 ;; total) phase_exits "$1" 0 6 ;;
	esac
}
phase_exits() {	# phase_exits RUN FROM TO
	local a b
	b=$(get "$1" "exits.m$3")
	if [ "$2" = 0 ]; then a=0; else a=$(get "$1" "exits.m$2"); fi
	sub "$b" "$a" | sed 's/\.00$//'
}
phase_io() {	# phase_io RUN FROM TO: I/O-instruction exits in the phase
	local a b
	b=$(get "$1" "io.m$3")
	if [ "$2" = 0 ]; then a=0; else a=$(get "$1" "io.m$2"); fi
	sub "$b" "$a" | sed 's/\.00$//'
}
declare -A pio
for p in "boot 0 1" "checks 1 3" "micro 3 4" "workload 4 5" "idle 5 6" "total 0 6"; do
	set -- $p
	d=$(phase_exits hv "$2" "$3") n=$(phase_exits naive "$2" "$3")
	r=$(div "$n" "$d")
	echo "exits,$1,,$d,$n,,," >>"$csv"
	printf '%-26s %14s %14s %10s\n' "$1" "$d" "$n" "$r"
	pio[$1]="$(phase_io hv "$2" "$3") $(phase_io naive "$2" "$3")"
done
# Both builds must take every port access the guest makes to an emulated
# device (above all the console: Linux's 8250 driver reads LSR and writes
# THR for each byte), so those exits say nothing of what each build
# intercepts. The same table without them:
echo "  without the guest's port I/O (the same in both builds: the console, the"
echo "  microbenchmarks' IN/OUT), the exits each build's intercepts cost:"
for p in boot checks micro workload idle total; do
	set -- ${pio[$p]}
	d=$(sub "$(phase_exits_of hv "$p")" "$1" | sed 's/\.00$//')
	n=$(sub "$(phase_exits_of naive "$p")" "$2" | sed 's/\.00$//')
	r=$(div "$n" "$d")
	echo "exits-no-io,$p,,$d,$n,,," >>"$csv"
	printf '%-26s %14s %14s %10s   (port I/O: %s and %s)\n' "  $p" "$d" "$n" "$r" "$1" "$2"
done
echo "  default exits by reason at the end: $(tr -d '\r' <"$out/hv.serial" | sed -n 's/^hv: exits at marker 0x06: [0-9]* (\(.*\));.*/\1/p')"
echo "  naive exits by reason at the end:   $(tr -d '\r' <"$out/naive.serial" | sed -n 's/^hv: exits at marker 0x06: [0-9]* (\(.*\));.*/\1/p')"

echo
echo "== idle: the guest sleeps 10 s (markers 5 to 6)"
it=$(sub "$(get hv tick.m6)" "$(get hv tick.m5)")
ie=$(phase_exits hv 5 6)
ih=$(sub "$(get hv halted.m6)" "$(get hv halted.m5)")
tsc_hz=$(tr -d '\r' <"$out/hv.serial" | sed -n 's/^hv: TSC: \([0-9]*\) kHz.*/\1/p' | head -1)
secs=$(awk -v t="$it" -v k="${tsc_hz:-200000}" 'BEGIN { printf "%.3f", t / (k * 1000) }')
busy=$(awk -v t="$it" -v h="$ih" -v s="$secs" 'BEGIN { printf "%.0f", (t - h) / s }')
eps=$(awk -v e="$ie" -v s="$secs" 'BEGIN { printf "%.1f", e / s }')
hfrac=$(awk -v t="$it" -v h="$ih" 'BEGIN { printf "%.4f", h / t }')
row idle seconds "" "$secs" "" "" "" ""
row idle exits-per-second "" "$eps" "" "" "" ""
row idle busy-ticks-per-second "" "$busy" "" "" "" "host and guest, not halted"
row idle host-halted-fraction "" "$hfrac" "" "" "" ""

if [ "$repeat" = 1 ]; then
	echo
	worst=$(for r in bare hv; do
		join <(sort "$out/$r.vals") <(sort "$out/${r}2.vals") |
			awk '$2 ~ /^[0-9.]+$/ && $2 > 0 { d = ($3 - $2) / $2; if (d < 0) d = -d; print d * 100, $1 }'
	done | sort -g | tail -1)
	if [ -z "$worst" ]; then
		echo "== repeat runs: no figures to compare (did a run fail?)"
	else
		echo "== repeat runs: largest difference ${worst%% *}% (${worst#* }; must be <= 0.1)"
		awk -v w="${worst%% *}" 'BEGIN { exit !(w + 0 <= 0.1) }' &&
			echo "repeat: agree within 0.1%" ||
			echo "repeat: DIFFER by more than 0.1%"
	fi
fi

# --- chart ------------------------------------------------------------------
if command -v gnuplot >/dev/null; then
	awk -F, '$1 == "micro" && $2 != "loop" && $6 != "" { print $2, $6 }' "$csv" >"$out/micro.dat"
	awk -F, '$1 == "exits" && $4 != "" && $5 != "" { a[$2] = $2 " " $4 " " $5; o[++n] = $2 }
		 $1 == "exits-no-io" && ($2 in a) { a[$2] = a[$2] " " $4 " " $5 }
		 END { for (i = 1; i <= n; i++) print a[o[i]] }' "$csv" >"$out/exits.dat"
	gnuplot <<EOF
set terminal svg size 900,700 font "sans,11"
set output "$out/bench.svg"
set multiplot layout 2,1
set title "Cost per operation under hv, bare Bochs subtracted (ticks per iteration)"
set style data histograms
set style fill solid 0.8 border -1
set boxwidth 0.7
set logscale y
set yrange [1:*]
set grid ytics
set xtics rotate by -20
plot "$out/micro.dat" using 2:xtic(1) title "hv - bare" lc rgb "#4477aa"
set title "VM exits by phase: default build vs naive intercept-everything"
set key outside bottom center horizontal
set style histogram clustered gap 1
$( [ -s "$out/exits.dat" ] && echo 'plot "'"$out"'/exits.dat" using 2:xtic(1) title "default" lc rgb "#4477aa", "" using 3 title "naive" lc rgb "#cc6677", "" using 4 title "default without port I/O" lc rgb "#88ccee", "" using 5 title "naive without port I/O" lc rgb "#ee99aa"')
unset multiplot
EOF
	echo "bench: wrote $csv and $out/bench.svg"
else
	echo "bench: wrote $csv (no gnuplot: no chart)"
fi
