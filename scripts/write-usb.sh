#!/usr/bin/env bash
# Writes a disk image (make usb-image: build/hv-usb.img) to a USB stick,
# refusing anything that could be the wrong disk:
#   - an image that is missing, unreadable or empty;
#   - a device that is not a block device, or is a partition rather than
#     the whole device;
#   - a device that is not removable (sysfs "removable" is not 1);
#   - a device with the device or one of its partitions mounted, used as
#     swap or by device-mapper/RAID, or holding the running system;
#   - a device smaller than the image.
# It then shows the device's model and size and asks for its name typed
# back; --yes skips only that question.
#   scripts/write-usb.sh [--yes] IMAGE DEVICE      e.g. build/hv-usb.img /dev/sdb
# For tests, HV_SYSFS (default /sys), HV_MOUNTS (default /proc/mounts) and
# HV_SWAPS (default /proc/swaps) point at a fake tree; with HV_SYSFS set, a
# regular file may stand in for the device node (its name is looked up in
# the fake sysfs).
set -uo pipefail

sys=${HV_SYSFS:-/sys}
mounts=${HV_MOUNTS:-/proc/mounts}
swaps=${HV_SWAPS:-/proc/swaps}

refuse() {
	echo "write-usb: refused: $*; nothing written" >&2
	exit 1
}

yes=0
if [ "${1:-}" = --yes ]; then
	yes=1
	shift
fi
[ $# -eq 2 ] || { echo "usage: $0 [--yes] IMAGE DEVICE" >&2; exit 2; }
image=$1 dev=$2

[ -e "$image" ] || refuse "image $image does not exist"
[ -f "$image" ] || refuse "image $image is not a regular file"
[ -r "$image" ] || refuse "image $image is not readable"
image_bytes=$(stat -L -c %s "$image")
[ "$image_bytes" -gt 0 ] || refuse "image $image is empty"

[ -e "$dev" ] || refuse "$dev does not exist"
real=$(readlink -f "$dev")
name=$(basename "$real")
node=$sys/class/block/$name
if [ -b "$real" ]; then
	# The kernel's name for this node, from its major:minor.
	majmin=$(printf '%d:%d' "0x$(stat -c %t "$real")" "0x$(stat -c %T "$real")")
	node=$(dirname "$(grep -lx "$majmin" "$sys"/class/block/*/dev 2>/dev/null | head -1)" 2>/dev/null)
	[ -n "$node" ] && [ "$node" != . ] || refuse "$dev ($majmin) is not in $sys/class/block"
	name=$(basename "$node")
elif [ -z "${HV_SYSFS:-}" ] || [ ! -f "$real" ] || [ ! -d "$node" ]; then
	refuse "$dev is not a block device"
fi
[ -d "$node" ] || refuse "$dev is not in $sys/class/block"
if [ -e "$node/partition" ]; then
	parent=$(basename "$(dirname "$(readlink -f "$node")")")
	refuse "$dev is a partition (of $parent): give the whole device, e.g. /dev/$parent"
fi
[ "$(cat "$node/removable" 2>/dev/null)" = 1 ] ||
	refuse "$dev ($name) is not removable: this writes only to removable disks such as USB sticks"

# The device and its partitions, by kernel name.
names=("$name")
for p in "$node"/"$name"*; do
	[ -e "$p/partition" ] && names+=("$(basename "$p")")
done
# Mounted, swap, or held by device-mapper/RAID: in use.
while read -r src mnt _; do
	for n in "${names[@]}"; do
		[ "$(basename "$(readlink -f "$src" 2>/dev/null || echo "$src")")" = "$n" ] ||
			[ "$(basename "$src")" = "$n" ] || continue
		case "$mnt" in
		/ | /boot | /boot/efi | /usr | /var | /home)
			refuse "$dev holds the running system: $src is mounted on $mnt" ;;
		esac
		refuse "$dev is mounted: $src on $mnt (unmount it first)"
	done
done <"$mounts"
if [ -r "$swaps" ]; then
	while read -r src _; do
		for n in "${names[@]}"; do
			[ "$(basename "$src")" = "$n" ] && refuse "$dev is in use as swap: $src"
		done
	done < <(tail -n +2 "$swaps")
fi
for n in "${names[@]}"; do
	for h in "$sys/class/block/$n/holders/"*; do
		[ -e "$h" ] && refuse "$dev is in use: $n is held by $(basename "$h") (LVM, RAID or encryption)"
	done
done

sectors=$(cat "$node/size" 2>/dev/null) || refuse "$dev: no size in $node/size"
dev_bytes=$((sectors * 512))
[ "$dev_bytes" -ge "$image_bytes" ] ||
	refuse "$dev holds $dev_bytes bytes, smaller than the image ($image_bytes bytes)"

vendor=$(cat "$node/device/vendor" 2>/dev/null | xargs)
model=$(cat "$node/device/model" 2>/dev/null | xargs)
echo "write-usb: $image ($image_bytes bytes) -> $dev: ${vendor:+$vendor }${model:-unknown model}, $((dev_bytes / 1000000)) MB ($dev_bytes bytes), removable"
echo "write-usb: everything on $dev will be lost"
if [ $yes -eq 0 ]; then
	printf 'write-usb: type the device name (%s) to go on: ' "$name"
	read -r answer || answer=""
	[ "$answer" = "$name" ] || [ "$answer" = "/dev/$name" ] ||
		refuse "the answer '$answer' is not '$name'"
fi

dd if="$image" of="$real" bs=4M conv=fsync,notrunc status=none ||
	{ echo "write-usb: writing $dev failed" >&2; exit 1; }

echo "write-usb: wrote $image_bytes bytes to $dev; remove it once your system no longer shows it busy"
