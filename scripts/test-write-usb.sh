#!/usr/bin/env bash
# Tests scripts/write-usb.sh against fake devices: regular files standing
# in for device nodes, described by a fake sysfs tree and fake
# /proc/mounts and /proc/swaps (HV_SYSFS, HV_MOUNTS, HV_SWAPS). Every
# refusal must print its exact message and leave every fake device and the
# image unchanged (sha256 before and after); then a confirmed write must
# put the image on the device, so the checksums can tell.
set -u
cd "$(dirname "$0")/.."
. scripts/lib/expect.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
sys=$tmp/sys
mkdir -p "$sys/class/block" "$tmp/dev" "$tmp/media/stick"
head -c 1048576 /dev/urandom >"$tmp/hv-usb.img"
: >"$tmp/empty.img"

# fake_disk NAME REMOVABLE SECTORS [PARTITION...]: a whole disk in the fake
# sysfs, its partitions under it (as the kernel lays them out), and a
# regular file of that size filled with random bytes as its node.
fake_disk() {
	local name=$1 removable=$2 sectors=$3 d=$sys/class/block/$1
	shift 3
	mkdir -p "$d/device" "$d/holders"
	echo "$removable" >"$d/removable"
	echo "$sectors" >"$d/size"
	echo "HVTEST  " >"$d/device/vendor"
	echo "Fake Stick $name   " >"$d/device/model"
	for p in "$@"; do
		mkdir -p "$d/$p/holders"
		echo 1 >"$d/$p/partition"
		ln -s "$name/$p" "$sys/class/block/$p"
		head -c 65536 /dev/urandom >"$tmp/dev/$p"
	done
	head -c $((sectors * 512)) /dev/urandom >"$tmp/dev/$name"
}
fake_disk sdr 1 8192 sdr1		# a 4 MiB stick: the one to write
fake_disk sdf 0 8192 sdf1		# a fixed disk
fake_disk sdm 1 8192 sdm1		# a stick with a mounted partition
fake_disk sds 1 8192 sds1 sds2	# holds the running system
fake_disk sdw 1 8192 sdw1		# a partition used as swap
fake_disk sdh 1 8192 sdh1		# held by device-mapper
fake_disk sdt 1 1024			# 512 KiB: smaller than the image
mkdir -p "$sys/class/block/sdh/sdh1/holders/dm-0"
cat >"$tmp/mounts" <<EOM
proc /proc proc rw 0 0
/dev/vda1 /srv ext4 rw 0 0
/dev/sdm1 /media/stick vfat rw 0 0
/dev/sds2 / ext4 rw 0 0
EOM
printf 'Filename\tType\tSize\tUsed\tPriority\n/dev/sdw1 partition 1024 0 -2\n' >"$tmp/swaps"
head -c 4096 /dev/urandom >"$tmp/dev/plain"	# a regular file not in sysfs

sums() { (cd "$tmp" && sha256sum hv-usb.img dev/*); }
sums >"$tmp/before"

fails=0
# refused NAME EXPECTED-MESSAGE [ENV=...] -- ARGS...: write-usb.sh must fail
# with exactly that message on standard error.
refused() {
	local name=$1 want=$2 env=() rc
	shift 2
	while [ "$1" != -- ]; do env+=("$1"); shift; done
	shift
	env HV_SYSFS="$sys" HV_MOUNTS="$tmp/mounts" HV_SWAPS="$tmp/swaps" "${env[@]}" \
		scripts/write-usb.sh "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -ne 1 ] || [ "$(cat "$tmp/err")" != "write-usb: refused: $want; nothing written" ]; then
		echo "  $name: exit $rc, said: $(cat "$tmp/err")"
		echo "  $name: expected: write-usb: refused: $want; nothing written"
		fails=$((fails + 1))
	else
		echo "  write-usb: refused: $want; nothing written"
	fi
}

img=$tmp/hv-usb.img d=$tmp/dev
refused missing-image "image $tmp/none.img does not exist" -- --yes "$tmp/none.img" "$d/sdr"
refused image-is-dir "image $tmp/media is not a regular file" -- --yes "$tmp/media" "$d/sdr"
refused empty-image "image $tmp/empty.img is empty" -- --yes "$tmp/empty.img" "$d/sdr"
if [ "$(id -u)" -eq 0 ]; then
	# root reads anything: the unreadable image is tried as nobody.
	chmod 600 "$img"
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
		env HV_SYSFS="$sys" HV_MOUNTS="$tmp/mounts" \
		scripts/write-usb.sh --yes "$img" "$d/sdr" 2>&1 </dev/null)
	want="write-usb: refused: image $img is not readable; nothing written"
	if [ "$out" = "$want" ]; then echo "  $want"; else
		echo "  unreadable-image: said: $out"; fails=$((fails + 1)); fi
	chmod 644 "$img"
else
	chmod 000 "$img"
	refused unreadable-image "image $img is not readable" -- --yes "$img" "$d/sdr"
	chmod 644 "$img"
fi
refused missing-device "$d/sdq does not exist" -- --yes "$img" "$d/sdq"
refused regular-file "$d/plain is not a block device" -- --yes "$img" "$d/plain"
refused regular-file-real-sysfs "$d/sdr is not a block device" HV_SYSFS= -- --yes "$img" "$d/sdr"
refused mounted-path "$tmp/media/stick is not a block device" -- --yes "$img" "$tmp/media/stick"
refused partition "$d/sdr1 is a partition (of sdr): give the whole device, e.g. /dev/sdr" -- --yes "$img" "$d/sdr1"
refused fixed-disk "$d/sdf (sdf) is not removable: this writes only to removable disks such as USB sticks" -- --yes "$img" "$d/sdf"
refused mounted "$d/sdm is mounted: /dev/sdm1 on /media/stick (unmount it first)" -- --yes "$img" "$d/sdm"
refused running-system "$d/sds holds the running system: /dev/sds2 is mounted on /" -- --yes "$img" "$d/sds"
refused swap "$d/sdw is in use as swap: /dev/sdw1" -- --yes "$img" "$d/sdw"
refused held "$d/sdh is in use: sdh1 is held by dm-0 (LVM, RAID or encryption)" -- --yes "$img" "$d/sdh"
refused too-small "$d/sdt holds 524288 bytes, smaller than the image (1048576 bytes)" -- --yes "$img" "$d/sdt"
# Without --yes: the device's name must be typed back.
echo sdb | HV_SYSFS="$sys" HV_MOUNTS="$tmp/mounts" HV_SWAPS="$tmp/swaps" \
	scripts/write-usb.sh "$img" "$d/sdr" >"$tmp/out" 2>"$tmp/err"
rc=$?
expect_in_order "$tmp/out" \
	"write-usb: $img (1048576 bytes) -> $d/sdr: HVTEST Fake Stick sdr, 4 MB (4194304 bytes), removable" \
	"write-usb: everything on $d/sdr will be lost" >/dev/null &&
	[ $rc -eq 1 ] && [ "$(cat "$tmp/err")" = "write-usb: refused: the answer 'sdb' is not 'sdr'; nothing written" ] &&
	echo "  $(cat "$tmp/err")" || { echo "  wrong-answer: exit $rc, said: $(cat "$tmp/out" "$tmp/err")"; fails=$((fails + 1)); }

sums >"$tmp/after"
if ! cmp -s "$tmp/before" "$tmp/after"; then
	echo "  a refused case changed a file:"
	diff "$tmp/before" "$tmp/after" | sed 's/^/  /'
	fails=$((fails + 1))
fi
result "write-usb: every refusal, nothing written" $((fails > 0))

# The same stick, answered right: the image is written, the rest of the
# device is left as it was.
ok=0
tail -c +1048577 "$d/sdr" | sha256sum >"$tmp/rest"
echo sdr | HV_SYSFS="$sys" HV_MOUNTS="$tmp/mounts" HV_SWAPS="$tmp/swaps" \
	scripts/write-usb.sh "$img" "$d/sdr" >"$tmp/out" 2>&1 || ok=1
[ "$(head -c 1048576 "$d/sdr" | sha256sum)" = "$(sha256sum <"$img")" ] ||
	{ echo "  the image is not on the device"; ok=1; }
[ "$(tail -c +1048577 "$d/sdr" | sha256sum)" = "$(cat "$tmp/rest")" ] ||
	{ echo "  the rest of the device changed"; ok=1; }
[ "$(stat -c %s "$d/sdr")" -eq 4194304 ] || { echo "  the device's size changed"; ok=1; }
[ $ok -eq 0 ] || cat "$tmp/out"
result "write-usb: a confirmed write puts the image on the device" $ok
exit $((fails > 0 || ok))
