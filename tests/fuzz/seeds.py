#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets (tests/fuzz/corpus/<target>/).

Run from the top of the tree; the files it writes are committed. Each seed
is a small input the target's parser accepts, so the fuzzer starts from
the interesting side of every check (the layouts are described below)."""
import os
import struct

def put(target, name, data):
    d = os.path.join("tests", "fuzz", "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

# ELF64 executable, identity mapped at 2 MiB (as linker.ld links the kernel).
def elf(segs, entry):
    phoff = 64
    eh = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9)
    eh += struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, entry, phoff, 0, 0, 64,
                      56, len(segs), 64, 0, 0)
    body_off = phoff + 56 * len(segs)
    ph = b""
    body = b""
    for paddr, filesz, memsz, flags in segs:
        ph += struct.pack("<IIQQQQQQ", 1, flags, body_off + len(body), paddr,
                          paddr, filesz, memsz, 0x1000)
        body += bytes([0xCC]) * filesz
    return eh + ph + body

put("fuzz_elf_check", "one-segment", elf([(0x200000, 64, 0x1000, 5)], 0x200000))
put("fuzz_elf_check", "three-segments",
    elf([(0x200000, 32, 0x1000, 5), (0x201000, 16, 0x1000, 4),
         (0x202000, 8, 0x10000, 6)], 0x200010))

# bzImage: boot sector with the 2.15 setup header, 1 setup sector, a
# 16-byte protected-mode kernel.
def bzimage(setup_sects=1, syssize=1):
    b = bytearray(512 * (setup_sects + 1) + 16 * syssize)
    b[0x1F1] = setup_sects
    struct.pack_into("<I", b, 0x1F4, syssize)
    struct.pack_into("<H", b, 0x1FA, 0xFFFF)
    struct.pack_into("<H", b, 0x1FE, 0xAA55)
    b[0x200] = 0xEB
    b[0x201] = 0x6A
    b[0x202:0x206] = b"HdrS"
    struct.pack_into("<H", b, 0x206, 0x020F)
    b[0x211] = 0x01
    struct.pack_into("<I", b, 0x214, 0x100000)
    struct.pack_into("<I", b, 0x22C, 0x7FFFFFFF)
    struct.pack_into("<I", b, 0x230, 0x200000)
    b[0x234] = 1
    b[0x235] = 21
    struct.pack_into("<H", b, 0x236, 0x3B)
    struct.pack_into("<I", b, 0x238, 2047)
    struct.pack_into("<Q", b, 0x258, 0x1000000)
    struct.pack_into("<I", b, 0x260, 0x2000000)
    return bytes(b)

# fuzz_bzimage: RAM in MiB - 1 (2 bytes), initrd bytes (4), cmdline length (2).
put("fuzz_bzimage", "256mib-initrd", struct.pack("<HIH", 255, 0x100000, 40) + bzimage())
put("fuzz_bzimage", "64mib-no-initrd", struct.pack("<HIH", 63, 0, 0) + bzimage(4, 2))
# fuzz_boot_params: RAM in 4 KiB pages (3 bytes), initrd in 16-byte units
# (3), cmdline length (2), E820 entry count override (1).
put("fuzz_boot_params", "256mib",
    struct.pack("<I", 0x10000)[:3] + struct.pack("<I", 0x1000)[:3] +
    struct.pack("<HB", 40, 0) + bzimage())

# fuzz_guest_walk: CR0, CR3, CR4, EFER (8 bytes each), CPL (1),
# MAXPHYADDR (1), access (1), linear address (8), then guest RAM from 0.
def walk(cr0, cr3, cr4, efer, cpl, maxphy, access, gla, ram):
    return struct.pack("<QQQQBBBQ", cr0, cr3, cr4, efer, cpl, maxphy,
                       access, gla) + bytes(ram)

def ram_with(size, entries):
    r = bytearray(size)
    for addr, val, width in entries:
        struct.pack_into("<Q" if width == 8 else "<I", r, addr, val)
    return r

PG_PE_WP = 0x80010001
put("fuzz_guest_walk", "no-paging", walk(0x11, 0, 0, 0, 0, 36, 0, 0x12345, b""))
put("fuzz_guest_walk", "32bit-4k",
    walk(PG_PE_WP, 0x1000, 0, 0, 3, 36, 1, 0x1234,
         ram_with(0x3000, [(0x1000, 0x2007, 4), (0x2004, 0x5007, 4)])))
put("fuzz_guest_walk", "pae-2m",
    walk(PG_PE_WP, 0x1000, 0x20, 0x800, 0, 36, 4, 0x1234,
         ram_with(0x3000, [(0x1000, 0x2001, 8), (0x2000, 0x83, 8)])))
put("fuzz_guest_walk", "4level-4k",
    walk(PG_PE_WP, 0x1000, 0x20, 0x500, 0, 39, 1, 0x5678,
         ram_with(0x5000, [(0x1000, 0x2003, 8), (0x2000, 0x3003, 8),
                           (0x3000, 0x4003, 8), (0x4028, 0x7003, 8)])))

# fuzz_config: the configurations the images use, and one with CR line ends.
import glob
for conf in glob.glob(os.path.join("guest", "conf", "*.conf")):
    with open(conf, "rb") as f:
        put("fuzz_config", os.path.basename(conf), f.read())
put("fuzz_config", "cr-only.conf", b"guest = test\r\rmemory = 64\r")

# fuzz_string_io: exit qualification (8 bytes), instruction information
# (4), RFLAGS (8), 64-bit mode (1), RCX (8), index register (8), segment
# base (8); then for the run: the guest buffer's linear address (8), a
# linear address whose page faults (8), the port's first value (4), the
# batch size - 1 (1, low 6 bits), and the buffer's bytes.
def sio(name, qual, info, rflags, lm, rcx, idx, base, ram_lin,
        fault=0xFFFFFFFFFFFFF000, port_val=0x41424344, batch=63, ram=b""):
    put("fuzz_string_io", name,
        struct.pack("<QIQBQQQQQIB", qual, info, rflags, lm, rcx, idx, base,
                    ram_lin, fault, port_val, batch) + ram)

sio("rep-outsb-real-mode", 0x10 | 0x20 | (0x3F8 << 16), (0 << 7) | (3 << 15),
    2, 0, 5, 0x100, 0x10000, 0x10000, ram=bytes(0x100) + b"hello")
sio("rep-insw-32-df", 1 | 8 | 0x10 | 0x20 | (0x1F0 << 16), 1 << 7,
    2 | (1 << 10), 0, 0x100, 0x2000, 0, 0x1000)
sio("outsd-long-gs", 3 | 0x10 | (0x80 << 16), (2 << 7) | (5 << 15), 2, 1, 0,
    0xFFFF800000001000, 0x100000000, 0xFFFF800100001000, ram=b"\x01\x02\x03\x04")
sio("rep-outsw-into-fault", 1 | 0x10 | 0x20 | (0x60 << 16), (1 << 7) | (3 << 15),
    2, 0, 16, 0xFF8, 0, 0, fault=0x1000, batch=15, ram=bytes(range(256)) * 16)

# fuzz_ioapic: a sequence of operations, each an opcode byte (mod 5) and
# its fields: 0 read (offset 2 bytes, size code 1: 1 2 4 8), 1 write
# (offset 2, size code 1, value 8), 2 device line (pin 1, level 1), 3 EOI
# (vector 1), 4 IOREGSEL then a 32-bit IOWIN write (register 1, value 4).
def io_read(off, size_code=2):
    return struct.pack("<BHB", 0, off, size_code)
def io_write(off, value, size_code=2):
    return struct.pack("<BHBQ", 1, off, size_code, value)
def io_line(pin, level):
    return struct.pack("<BBB", 2, pin, level)
def io_eoi(vector):
    return struct.pack("<BB", 3, vector)
def io_reg(reg, value):
    return struct.pack("<BBI", 4, reg, value)

put("fuzz_ioapic", "edge-pin1",
    io_reg(0x12, 0x30) + io_reg(0x13, 0x01000000) + io_line(1, 1) +
    io_line(1, 0) + io_write(0x00, 0x12) + io_read(0x10))
put("fuzz_ioapic", "level-eoi",
    io_reg(0x14, 0x8031) + io_line(2, 1) + io_read(0x10) + io_eoi(0x31) +
    io_line(2, 0) + io_eoi(0x31))
put("fuzz_ioapic", "id-version-past-end",
    io_reg(0x00, 0x0F000000) + io_write(0x00, 0x01) + io_read(0x10) +
    io_write(0x00, 0x40) + io_read(0x10) + io_read(0x11, 0) + io_read(0x40))

# fuzz_lapic: crystal ratio (numerator 2 bytes, denominator 2), minimum
# periodic period - 1 (3, low 20 bits), BIOS virtual-wire setup (1), then
# operations: an opcode byte, the time step (bit 7 clear: forward by 3
# bytes; set: back by 1 byte) and, by opcode mod 9 (of bits 6:0): 0 read
# (offset 2, size code 1: 1 2 4 8), 1 write (offset 2, size code 1, value
# 8), 2 32-bit write of register (index 1: offset index * 16, value 4),
# 3 interrupt arrives (vector 1, level 1), 4 INTA, 5 timer poll, 6
# IA32_TSC_DEADLINE = now + (3), 7 IA32_APIC_BASE (choice 1: enable,
# disable, value 8), 8 CR8 write (TPR 1).
def la_head(num=2, den=1, min_period=0x1000, bios=1):
    return struct.pack("<HH", num, den) + struct.pack("<I", min_period)[:3] + bytes([bios])
def la_op(op, dt=1, back=False):
    if back:
        return bytes([op | 0x80, dt & 0xFF])
    return bytes([op]) + struct.pack("<I", dt)[:3]
def la_read(off, size_code=2, dt=1):
    return la_op(0, dt) + struct.pack("<HB", off, size_code)
def la_write(off, value, size_code=2, dt=1):
    return la_op(1, dt) + struct.pack("<HBQ", off, size_code, value)
def la_reg(off, value, dt=1):
    return la_op(2, dt) + struct.pack("<BI", off >> 4, value)
def la_accept(vector, level=0, dt=1):
    return la_op(3, dt) + bytes([vector, level])

put("fuzz_lapic", "periodic-timer-ack-eoi",
    la_head() + la_reg(0xF0, 0x1FF) + la_reg(0x320, 0x20030) +
    la_reg(0x3E0, 0xB) + la_reg(0x380, 1000) + la_op(5, 10000) +
    la_op(4) + la_read(0x100 + 0x10) + la_reg(0xB0, 0) + la_read(0x390))
put("fuzz_lapic", "tsc-deadline",
    la_head() + la_reg(0xF0, 0x1FF) + la_reg(0x320, 0x40031) +
    la_op(6) + bytes([100, 0, 0]) + la_op(5, 200) + la_op(4) +
    la_read(0x130) + la_reg(0xB0, 0))
put("fuzz_lapic", "level-tpr-nested",
    la_head() + la_reg(0xF0, 0x1FF) + la_accept(0x41, 1) + la_accept(0x62) +
    la_op(4) + la_op(8) + bytes([0x50]) + la_read(0xA0) + la_op(4) +
    la_reg(0xB0, 0) + la_reg(0x80, 0) + la_op(4) + la_reg(0xB0, 0) +
    la_reg(0xB0, 0))
put("fuzz_lapic", "icr-error-disable",
    la_head(bios=0) + la_reg(0xF0, 0x1FF) + la_reg(0x370, 0x3E) +
    la_reg(0x310, 0x01000000) + la_reg(0x300, 0x4040) + la_accept(0x05) +
    la_write(0x281, 0, 1) + la_read(0x280) + la_op(4) +
    la_op(7) + bytes([1]) + la_op(4, 5, back=True) + la_op(7) + bytes([0]) +
    la_read(0x20))
