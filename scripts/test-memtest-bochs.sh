#!/usr/bin/env bash
# End-to-end: memtest86+ (Debian's memtest86+x64.bin) as the guest, booted
# through the Linux boot protocol, under Bochs with emulated VT-x, 32 MiB
# of guest RAM. memtest draws its screen on the serial console with VT100
# escapes; with them turned into line breaks the test waits until memtest
# has started its test loop (the first test, "#0 [Address test, walking
# ones, no cache]", on the screen) and has gone on past it to a later
# test, every status line saying "Errors: 0". memtest never ends: Bochs
# stops a fixed number of instructions after VMLAUNCH (BOCHS_STOP_AFTER).
#   scripts/test-memtest-bochs.sh [IMAGE]
set -u
cd "$(dirname "$0")/.."
. scripts/lib/expect.sh

image=${1:-build/memtest.img}
out=build/test/bochs
mkdir -p "$out"
serial=$out/memtest.serial
text=$out/memtest.txt
rm -f "$serial" "$text" "$out/memtest.log"
# memtest shows test #4 (of 0..10) 1.05e9 instructions after VMLAUNCH.
stop_after=1200000000
limit=900	# wall seconds; about 150 are needed on an idle machine
ok=0

# memtest's screen as plain lines: each escape sequence a line break.
screen_text() {
	tr -d '\r' <"$serial" | sed 's/\x1b\[[0-9;=?]*[A-Za-z]/\n/g' |
		sed 's/ *$//' | grep -av '^$'
}

start=$(date +%s)
# Bochs is deterministic: cut the run at the same instruction every time.
BOCHS_STOP_AFTER=$stop_after timeout $limit scripts/bochs.sh "$image" \
	"$serial" "$out/memtest.log" >"$out/memtest.out" 2>&1
[ $? -eq 124 ] && { echo "  Bochs did not finish within $limit s"; ok=1; }
screen_text >"$text"
# past test #0: some later test number on the screen
reached=0
grep -aqE '^ #([1-9]|1[0-9])  \[' "$text" && reached=1

[ $reached -eq 1 ] || { echo "  memtest did not get past its first test in $stop_after instructions"; ok=1; }
expect_in_order "$serial" \
	"hv: hv 0.1: bare-metal VT-x hypervisor" \
	'hv: guest: Linux \hv\memtest.bin, boot protocol 2.12, 0-byte initrd' \
	"hv: VMLAUNCH (guest RIP 0x100000)" || ok=1
grep -aq '^Memory  :   32MB ' "$text" ||
	{ echo "  memtest does not show 32MB of memory"; ok=1; }
expect_in_order "$text" \
	" #0  [Address test, walking ones, no cache]" \
	"Using: Core #0                            | Pass:  0        Errors: 0" || ok=1
errors=$(grep -ao 'Errors: *[0-9]*' "$text" | sort -u | tr '\n' ' ')
[ "$errors" = "Errors: 0 " ] || { echo "  memtest's error counts: $errors"; ok=1; }
if grep -aq "hv: error" "$serial"; then
	grep -a "hv: error" "$serial" | head -5 | sed 's/^/  | /'
	ok=1
fi
[ $ok -eq 0 ] || tail -20 "$text" | sed 's/^/  | /'

ticks=($(grep -o 'Next at t=[0-9]*' "$out/memtest.out" | cut -d= -f2))
echo "bochs/memtest: $(( $(date +%s) - start )) s wall; instructions at VMLAUNCH ${ticks[1]:-?}, when stopped ${ticks[2]:-?}"
echo "bochs/memtest: tests seen: $(grep -aoE '^ #[0-9]+  \[[^]]*\]' "$text" | uniq | tr -s ' ' | paste -sd, -)"
echo "bochs/memtest: last status: $(grep -a 'Pass:' "$text" | tail -1 | tr -s ' ')"
result "bochs: memtest86+ runs its tests, no errors" $ok
exit $ok
