# The benchmark's guest side (scripts/bench.sh), run by /init when
# "hv.bench" is on the kernel command line. The same on bare Bochs and
# under the hypervisor. Markers (hv-mark) split the run into phases; Bochs
# prints its instruction count at each, the hypervisor its exit counts:
#   1 /init started (boot)        3 microbenchmarks start
#   4 workload start              5 workload end, idle start
#   6 idle end (10 s of sleep)
echo "hv-bench: start"
# /dev/cpu/0/msr for the RDMSR figure: Debian's kernel has it as a module
# (the small kernel has none; hv-bench then skips RDMSR).
insmod /lib/modules/msr.ko 2>/dev/null
hv-mark 3 2>/dev/null
hv-bench micro
hv-bench irq

# A fixed userspace workload: memory fill, hashing, copy, a shell loop,
# process creation.
hv-mark 4 2>/dev/null
dd if=/dev/zero of=/tmp/blob bs=64k count=48 2>/dev/null
sha256sum /tmp/blob
cp /tmp/blob /tmp/blob2
i=0
while [ $i -lt 3000 ]; do i=$((i + 1)); done
i=0
while [ $i -lt 40 ]; do /bin/busybox true; i=$((i + 1)); done
rm -f /tmp/blob /tmp/blob2
hv-mark 5 2>/dev/null

sleep 10
hv-mark 6 2>/dev/null
echo "hv-bench: done"
# Bare Bochs has no way to power off here (no ACPI tables under OVMF):
# its shutdown port ends it. Under the hypervisor the port is absent.
hv-bench shutdown
