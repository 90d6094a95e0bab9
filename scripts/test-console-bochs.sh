#!/usr/bin/env bash
# End-to-end: typing into the guest's console. Boots the small Linux
# kernel with "hv.shell" (so /init leaves a busybox shell on the console)
# under Bochs, with COM1 on a TCP socket on 127.0.0.1. Waits for the shell
# prompt, types a command whose output only the guest can compute, checks
# the answer, types "exit" and expects the machine to power off.
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
	printf 'exit\r' >&3
	wait_for "hv: powering off" 120 || { echo "  no power off after exit"; ok=1; }
fi
exec 3>&-
wait $bochs_pid 2>/dev/null || true
kill $reader 2>/dev/null
expect_in_order "$serial" "hv-typed 42 Linux" "hv: guest halted" || ok=1
[ $ok -eq 0 ] || show_tail "$serial"
result "bochs: typing into the guest console" $ok
exit $ok
