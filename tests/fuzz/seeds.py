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
