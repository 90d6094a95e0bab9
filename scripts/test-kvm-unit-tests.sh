#!/usr/bin/env bash
# kvm-unit-tests' x86 tests as guests of the hypervisor under Bochs, their
# results compared with the expected ones kept in the project.
#
#   scripts/test-kvm-unit-tests.sh [TEST...]      (default: every test below)
#
# The suite: KVM_UNIT_TESTS names a kvm-unit-tests tree or its tarball;
# the default is the pinned copy beside the clone,
# ../shared/kvm-unit-tests/kvm-unit-tests-1da1819e.tar.gz (README.md says
# how to get the same commit from upstream). It is built under
# build/kvm-unit-tests/ with Debian's gcc (./configure --arch=x86_64).
#
# One Bochs boot runs the tests one after another: hv.conf names the first
# kernel and queues the rest (guest = multiboot, `queue`); each ends by
# writing its exit code to port 0xf4 and the hypervisor starts the next on
# a fresh machine. A test that stops producing output for
# KUT_STALL_SECONDS (default 300) of Bochs' CPU time (not wall time: the
# machine may be busy) is recorded as a hang, Bochs is stopped
# and a new boot runs the tests after it; one that resets the machine is
# recorded as such (on_reset = poweroff) and the next boot goes on.
#
# Every PASS/FAIL/SKIP line and each test's end ("exit: N", "exit: hang",
# "exit: none (...)") must be exactly tests/kvm-unit-tests/bochs-haswell.expected
# (lines starting with '#' are comments naming the cause of each FAIL):
# any change, better or worse, fails until that file is updated with it.
# KUT_UPDATE=1 writes the results there instead (then add the causes).
set -u
cd "$(dirname "$0")/.."
. scripts/lib/expect.sh

# name:file, in run order. apic runs last: its pending-NMI case sends
# 1.1 million NMIs (about 90 s of Bochs' CPU time with no output, hence the
# stall limit), and a hang there costs no second boot.
ALL_TESTS=(
	setjmp:setjmp.flat msr:msr.flat eventinj:eventinj.flat
	idt_test:idt_test.flat debug:debug.flat memory:memory.flat
	xsave:xsave.flat tsc:tsc.flat tsc_adjust:tsc_adjust.flat
	umip:umip.flat smap:smap.flat pku:pku.flat pks:pks.flat
	la57:la57.flat syscall:syscall.flat rmap_chain:rmap_chain.flat
	realmode:realmode.flat pcid:pcid.flat tsx-ctrl:tsx-ctrl.flat
	cet:cet.flat lam:lam.flat rdpru:rdpru.flat access:access_test.flat
	vmexit:vmexit.flat apic:apic.flat
)
# KUT_SET=full adds what is too slow for make test's budget: sieve (three
# sieves of 10^8 numbers, billions of instructions under Bochs).
[ "${KUT_SET:-}" = full ] && ALL_TESTS=("${ALL_TESTS[@]:0:${#ALL_TESTS[@]}-1}" sieve:sieve.flat apic:apic.flat)
MEMORY_MIB=256
STALL=${KUT_STALL_SECONDS:-300}
out=build/test/kvm-unit-tests
expected=tests/kvm-unit-tests/bochs-haswell.expected
src=${KVM_UNIT_TESTS:-../shared/kvm-unit-tests/kvm-unit-tests-1da1819e.tar.gz}
kut=build/kvm-unit-tests
start=$(date +%s)
mkdir -p "$out"

# --- the suite -----------------------------------------------------------
# KUT_COMPARE_ONLY=1: no build and no run, only the comparison of the last
# run's results (build/test/kvm-unit-tests/results) with the expected file.
if [ "${KUT_COMPARE_ONLY:-}" = 1 ]; then
	:
elif [ ! -e "$src" ]; then
	echo "kvm-unit-tests: $src not found: set KVM_UNIT_TESTS to a kvm-unit-tests tree"
	echo "  (git clone https://gitlab.com/kvm-unit-tests/kvm-unit-tests.git &&"
	echo "   git -C kvm-unit-tests checkout 1da1819e49fc4938985edca67df669099b4c87a7)"
	if [ "${CI:-}" = true ]; then
		result "kvm-unit-tests: the suite's tree is there" 1
		exit 1
	fi
	echo "SKIP: kvm-unit-tests (no tree; CI=true makes this a failure)"
	exit 0
fi
if [ "${KUT_COMPARE_ONLY:-}" = 1 ]; then
	:
elif [ -f "$src" ]; then
	stamp=$(sha256sum "$src" | cut -c1-16)
	if [ "$(cat "$kut/.stamp" 2>/dev/null)" != "$stamp" ]; then
		rm -rf "$kut"
		mkdir -p "$kut"
		tar -xzf "$src" -C "$kut" || { result "kvm-unit-tests: extracting $src" 1; exit 1; }
		echo "$stamp" >"$kut/.stamp"
	fi
	tree=$(find "$kut" -mindepth 1 -maxdepth 2 -name configure -printf '%h\n' | head -1)
else
	tree=$src
fi
if [ "${KUT_COMPARE_ONLY:-}" = 1 ]; then
	:
elif [ -z "$tree" ] || [ ! -x "$tree/configure" ]; then
	result "kvm-unit-tests: a tree with ./configure in $src" 1
	exit 1
fi
if [ "${KUT_COMPARE_ONLY:-}" = 1 ]; then
	tree=$kut
elif ! ( cd "$tree" && { [ -f config.mak ] || ./configure --arch=x86_64 >/dev/null; } &&
	make -s -j2 >/dev/null 2>"$PWD/build.err" ) ; then
	tail -20 "$tree/build.err"
	result "kvm-unit-tests: building the suite in $tree" 1
	exit 1
fi
x86=$tree/x86

tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=("${ALL_TESTS[@]}")
for i in "${!tests[@]}"; do
	t=${tests[$i]}
	if [ "${t#*:}" = "$t" ]; then	# a bare name: find it in the list
		for a in "${ALL_TESTS[@]}"; do
			[ "${a%%:*}" = "$t" ] && tests[$i]=$a
		done
	fi
	if [ "${KUT_COMPARE_ONLY:-}" != 1 ] && [ ! -f "$x86/${tests[$i]#*:}" ]; then
		result "kvm-unit-tests: $x86/${tests[$i]#*:} was built" 1
		exit 1
	fi
done

# The environment the tests read from their one multiboot module, as
# kvm-unit-tests' own scripts give it on bare metal: one CPU, the RAM
# size, no QEMU test devices (ports 0xe0, 0xe4, 0x2000).
printf 'NR_CPUS=1\nMEMSIZE=%s\nTEST_DEVICE=0\n' $MEMORY_MIB >"$out/env"

# --- running ------------------------------------------------------------
# bochs_cpu PID: the CPU time (1/100 s) Bochs has used, under bochs.sh
# PID. Bochs' speed in instructions per CPU second is about constant, so
# this measures the guest's progress however busy the machine is.
bochs_cpu() {
	local b
	b=$(pgrep -P "$1" bochs-bin | head -1)
	[ -n "$b" ] && awk '{ print $14 + $15 }' "/proc/$b/stat" 2>/dev/null || echo 0
}

# boot N TEST...: one Bochs boot that runs the tests in order. Leaves the
# serial log in $out/bootN.serial; sets $stalled to 1 if output stopped.
boot() {
	local n=$1 first conf files=() queue="" t pid size last_size=-1 cpu since=0
	shift
	conf=$out/boot$n.conf
	first=${1#*:}
	for t in "$@"; do
		files+=("$x86/${t#*:}=/hv/${t#*:}")
		[ "$t" = "$1" ] || queue="$queue \\hv\\${t#*:}"
	done
	{
		echo "guest = multiboot"
		echo "kernel = \\hv\\$first"
		echo "initrd = \\hv\\env"
		echo "memory = $MEMORY_MIB"
		echo "on_reset = poweroff"
		[ -z "$queue" ] || echo "queue =$queue"
	} >"$conf"
	scripts/mkimage.sh "$out/boot$n.img" "$conf" "$out/env=/hv/env" \
		"${files[@]}" >/dev/null || return 1
	rm -f "$out/boot$n.serial"
	setsid scripts/bochs.sh "$out/boot$n.img" "$out/boot$n.serial" \
		"$out/boot$n.log" 512 >"$out/boot$n.out" 2>&1 &
	pid=$!
	stalled=0
	while kill -0 "$pid" 2>/dev/null; do
		sleep 2
		size=$(stat -c %s "$out/boot$n.serial" 2>/dev/null || echo 0)
		cpu=$(bochs_cpu "$pid")
		if [ "$size" != "$last_size" ]; then
			last_size=$size since=$cpu
			continue
		fi
		# Before the first VMLAUNCH the firmware's boot may be slow.
		grep -aq "^hv: VMLAUNCH" "$out/boot$n.serial" 2>/dev/null || since=$cpu
		if [ $((cpu - since)) -ge $((STALL * 100)) ]; then
			stalled=1
			kill -TERM -- -"$pid" 2>/dev/null
			break
		fi
	done
	wait "$pid" 2>/dev/null
	rm -f "$out/boot$n.img"
	return 0
}

# results SERIAL: the log's test results, one block per kernel started:
# "== name", its PASS/FAIL/SKIP lines, "exit: N" (or what ended it).
# Prints the names of the kernels that never started to $out/left.
results() {
	local serial=$1
	tr -d '\r' <"$serial" | awk -v stalled="$stalled" '
	function finish(how) {
		if (cur != "") print "exit: " how
		cur = ""
	}
	/^hv: multiboot: / {
		finish("none (no exit code)")
		name = $3; sub(/^\\hv\\/, "", name); cur = name
		print "== " name
		next
	}
	cur != "" && /^(PASS|FAIL|SKIP|XPASS|XFAIL): / { print; next }
	cur != "" && /^hv: guest exited with code / { finish($6); next }
	cur != "" && /^hv: guest reset the machine: / {
		sub(/^hv: guest reset the machine: /, ""); finish("reset (" $0 ")"); next }
	cur != "" && /^hv: error: / { err = $0 }
	END {
		if (cur != "" && stalled) finish("hang")
		else if (err != "") finish("none (" err ")")
		else finish("none (the run ended)")
	}' | normalize
}

# Values a test prints that come from the TSC differ from run to run:
# xsave's XCR0 alias is RDTSC << 32 (x86/xsave.c).
normalize() {
	sed -E 's/^(PASS|FAIL): XGETBV\(0x[0-9a-f]{1,8}00000000\) \(i\.e\. XCR0\)/\1: XGETBV(0x<TSC>00000000) (i.e. XCR0)/'
}

n=0
if [ "${KUT_COMPARE_ONLY:-}" != 1 ]; then
	rm -f "$out"/boot*
	: >"$out/results"
fi
todo=("${tests[@]}")
[ "${KUT_COMPARE_ONLY:-}" = 1 ] && todo=()
while [ ${#todo[@]} -gt 0 ]; do
	n=$((n + 1))
	boot $n "${todo[@]}" || { result "kvm-unit-tests: making boot $n's image" 1; exit 1; }
	results "$out/boot$n.serial" >"$out/boot$n.results"
	cat "$out/boot$n.results" >>"$out/results"
	# The tests this boot did not start run in the next one.
	done_names=$(sed -n 's/^== //p' "$out/boot$n.results" | sed 's/\.flat$//')
	started=$(echo "$done_names" | grep -c .)
	if [ "$started" -eq 0 ]; then
		show_tail "$out/boot$n.serial"
		result "kvm-unit-tests: boot $n started no test" 1
		exit 1
	fi
	todo=("${todo[@]:$started}")
done
# Names as the list has them (the file name without .flat, e.g.
# access_test is the entry "access").
for t in "${tests[@]}"; do
	f=${t#*:}
	sed -i "s/^== ${f//./\\.}\$/== ${t%%:*}/" "$out/results"
done

secs=$(( $(date +%s) - start ))
# A table: PASS/FAIL/SKIP counts and the exit of each test.
awk '
	/^== / { name = substr($0, 4); order[++k] = name; next }
	/^PASS: / { p[name]++ } /^FAIL: / { f[name]++ } /^SKIP: / { s[name]++ }
	/^exit: / { e[name] = substr($0, 7) }
	END {
		printf "  %-12s %5s %5s %5s  %s\n", "test", "PASS", "FAIL", "SKIP", "exit"
		for (i = 1; i <= k; i++) { n = order[i]
			printf "  %-12s %5d %5d %5d  %s\n", n, p[n], f[n], s[n], e[n] }
	}' "$out/results"
echo "kvm-unit-tests: ${#tests[@]} tests in $n Bochs boot(s), $secs s"

if [ "${KUT_UPDATE:-}" = 1 ]; then
	cp "$out/results" "$expected"
	echo "kvm-unit-tests: wrote $expected (now name the cause of each FAIL in it)"
fi
# The expected blocks of the tests run (all of them by default).
want() {
	grep -v '^#' "$expected" | grep . | awk -v names=" ${tests[*]%%:*} " '
		/^== / { keep = index(names, " " substr($0, 4) " ") > 0 }
		keep'
}
ok=0
if [ ! -f "$expected" ]; then
	echo "  $expected is missing"
	ok=1
elif ! diff <(want) "$out/results" >"$out/diff"; then
	echo "  the results differ from $expected (< expected, > now):"
	sed 's/^/  /' "$out/diff" | head -60
	ok=1
fi
if grep -aq "PANIC" "$out"/boot*.serial; then
	echo "  the hypervisor panicked"
	ok=1
fi
result "kvm-unit-tests: ${#tests[@]} x86 tests as guests match $expected" $ok
exit $ok
