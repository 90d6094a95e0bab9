#!/usr/bin/env bash
# End-to-end: typing into the guest's console. Boots the small Linux
# kernel with "hv.shell" (so /init leaves a busybox shell on the console)
# under Bochs, with COM1 on a TCP socket on 127.0.0.1. Waits for the shell
# prompt, types a command whose output only the guest can compute, checks
# the answer. Then the console controls: Ctrl-A h prints the help, Ctrl-A s
# the exit statistics table and Ctrl-A r the guest's registers while the
# guest runs on; a command with a
# literal Ctrl-A (Ctrl-A Ctrl-A: busybox's line editor moves to the start
# of the line) still works; Ctrl-A x powers the machine off.
set -u
cd "$(dirname "$0")/.."
. scripts/lib/expect.sh

image=${1:-build/linux-run.img}
out=build/test/bochs
mkdir -p "$out"
serial=$out/console.serial
rm -f "$serial"
port=$((20000 + RANDOM % 20000))
ok=0

scripts/bochs.sh "$image" "socket:127.0.0.1:$port" "$out/console.log" \
	>"$out/console.out" 2>&1 &
bochs_pid=$!

# Bochs listens as soon as it starts (and waits for us before running).
connected=0
for _ in $(seq 100); do
	if { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
		connected=1
		break
	fi
	sleep 0.2
done
if [ $connected -eq 0 ]; then
	echo "  could not connect to Bochs' COM1 on port $port"
	kill $bochs_pid 2>/dev/null
	result "bochs: typing into the guest console" 1
	exit 1
fi
cat <&3 >"$serial" &
reader=$!

# wait_for TEXT SECONDS: TEXT anywhere in the output (a prompt has no
# newline after it).
wait_for() {
	local i
	for ((i = 0; i < $2 * 4; i++)); do
		tr -d '\r' <"$serial" | grep -aqF -- "$1" && return 0
		kill -0 $bochs_pid 2>/dev/null || break
		sleep 0.25
	done
	tr -d '\r' <"$serial" | grep -aqF -- "$1"
}

if ! wait_for "hv-init: shell on the console" 600 || ! wait_for "/ # " 60; then
	echo "  no shell prompt"
	ok=1
else
	printf 'echo hv-typed $((6 * 7)) $(cat /proc/sys/kernel/ostype)\r' >&3
	wait_for "hv-typed 42 Linux" 120 || { echo "  the typed command's answer did not come"; ok=1; }
	printf '\001h' >&3
	wait_for "hv: console: Ctrl-A Ctrl-A  send Ctrl-A to the guest" 60 ||
		{ echo "  no help after Ctrl-A h"; ok=1; }
	printf '\001s' >&3
	wait_for "hv: stats: VM exits of vCPU 0 so far (Ctrl-A s) (host TSC cycles in the handler):" 60 &&
		wait_for "hv: stats: all " 60 || { echo "  no statistics after Ctrl-A s"; ok=1; }
	printf '\001r' >&3
	wait_for "hv: guest state of vCPU 0 after " 60 && wait_for "hv:   stack " 60 ||
		{ echo "  no guest registers after Ctrl-A r"; ok=1; }
	# "ec" typed after Ctrl-A lands before "ho": the shell runs "echo".
	printf 'ho hv-lit $((6 * 7))\001\001ec\r' >&3
	wait_for "hv-lit 42" 120 || { echo "  the command after the statistics did not answer"; ok=1; }
	printf '\001x' >&3
	wait_for "hv: powering off" 120 || { echo "  no power off after Ctrl-A x"; ok=1; }
fi
exec 3>&-
wait $bochs_pid 2>/dev/null || true
kill $reader 2>/dev/null
# Ctrl-A r's first line names the exit count, which varies: the line as
# it came, if it has the expected form (else the form, which is missing).
state_re='^hv: guest state of vCPU 0 after [0-9]+ exits:$'
state=$(tr -d '\r' <"$serial" | grep -aE -m1 "$state_re")
expect_in_order "$serial" "hv-typed 42 Linux" \
	"hv: console: Ctrl-A h  this help" \
	"hv: console: Ctrl-A s  VM exit statistics (the guest runs on)" \
	"hv: console: Ctrl-A x  power the machine off" \
	"hv: console: Ctrl-A Ctrl-A  send Ctrl-A to the guest" \
	"hv: stats: VM exits of vCPU 0 so far (Ctrl-A s) (host TSC cycles in the handler):" \
	"hv: stats: exit reason                       count     total cycles    average   max cycles" \
	"${state:-$state_re}" \
	"hv:   CS   0010 base 0000000000000000 limit ffffffff ar 0a09b" \
	"hv-lit 42" \
	"hv: console: power off (Ctrl-A x)" \
	"hv: power off asked on the console" \
	"hv: stats: VM exits of vCPU 0 at the end of the run (host TSC cycles in the handler):" \
	"hv: powering off" || ok=1
# The table asked for on the console: I/O exits (the UART) counted, and
# fewer exits than the final table's.
mid=$(tr -d '\r' <"$serial" | sed -n 's/^hv: stats: all  *\([0-9][0-9]*\) .*/\1/p' | head -1)
end=$(tr -d '\r' <"$serial" | sed -n 's/^hv: stats: all  *\([0-9][0-9]*\) .*/\1/p' | sed -n 2p)
if [ -z "$mid" ] || [ -z "$end" ] || [ "$mid" -le 0 ] || [ "$mid" -ge "$end" ]; then
	echo "  statistics: $mid exits at Ctrl-A s, $end at the end"
	ok=1
else
	echo "  statistics: $mid exits at Ctrl-A s, $end at the end"
fi
# Ctrl-A r on an idle shell: the guest halted in its kernel, so a kernel
# RIP, the bytes there and its stack (each an info line, not an error).
for re in '^hv:   RIP ffffffff[0-9a-f]{8} RSP ffff[0-9a-f]{12} RFLAGS ' \
	  '^hv:   code at RIP \(guest-physical [0-9a-f]+\): ([0-9a-f]{2} ){7}[0-9a-f]{2}; CR2 ' \
	  '^hv:   stack ffff[0-9a-f]{12}: ([0-9a-f]{16} ?){4}$'; do
	tr -d '\r' <"$serial" | grep -Eq "$re" || { echo "  Ctrl-A r: no line matching $re"; ok=1; }
done
tr -d '\r' <"$serial" | grep -Eq '^hv: stats: I/O instruction +[1-9][0-9]* ' ||
	{ echo "  no I/O instruction row in the statistics"; ok=1; }
[ $ok -eq 0 ] || show_tail "$serial"
result "bochs: typing into the guest console" $ok
exit $ok
