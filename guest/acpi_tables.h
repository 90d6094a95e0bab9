/*
 * The guest's ACPI tables, built by the hypervisor in guest RAM (ACPI 6.0
 * specification, chapter 5 "ACPI Software Programming Model"). Pure logic.
 *
 *   RSDP (5.2.5, revision 2) -> RSDT (5.2.7) and XSDT (5.2.8)
 *   XSDT/RSDT -> FADT (5.2.9, revision 6) and MADT (5.2.12)
 *   FADT -> FACS (5.2.10) and DSDT (5.2.11.1)
 *
 * Everything lies in the legacy BIOS area 0xE0000-0xFFFFF, which the e820
 * map already marks reserved (guest/boot_params.c), with the RSDP at its
 * start, 16-byte aligned, where an OS that scans for it looks (5.2.5.1);
 * Linux is also told its address in boot_params.acpi_rsdp_addr.
 *
 * The DSDT is AML compiled by iasl from guest/acpi/dsdt.asl at build time;
 * the builder copies it after checking its header.
 */
#ifndef GUEST_ACPI_TABLES_H
#define GUEST_ACPI_TABLES_H

#include <stddef.h>
#include <stdint.h>

#define ACPI_AREA_GPA	0xE0000ULL	/* legacy BIOS read-only area */
#define ACPI_AREA_SIZE	0x20000ULL	/* up to 0xFFFFF */

#define ACPI_MAX_CPUS	64
#define ACPI_HEADER_LEN	36		/* 5.2.6, Table 5-29 */
#define ACPI_RSDP_LEN	36		/* 5.2.5.3, revision 2 */
#define ACPI_FADT_LEN	276		/* 5.2.9, Table 5-34, revision 6 */
#define ACPI_FACS_LEN	64		/* 5.2.10, Table 5-37 */

/* What the tables describe: the machine's interrupt controllers and its
 * ACPI fixed hardware (guest/acpi_pm.h). */
struct acpi_platform {
	unsigned ncpus;			/* local APIC IDs 0..ncpus-1 */
	uint32_t lapic_addr;		/* 0xFEE00000 */
	uint32_t ioapic_addr;		/* 0xFEC00000 */
	uint8_t ioapic_id;
	uint32_t ioapic_gsi_base;
	uint16_t pm1a_evt_blk;		/* PM1a status + enable, 4 ports */
	uint16_t pm1a_cnt_blk;		/* PM1a control, 2 ports */
	uint16_t pm_tmr_blk;		/* 32-bit PM timer, 4 ports */
	uint16_t sci_irq;		/* ISA IRQ of the SCI (level, high) */
	uint16_t reset_port;		/* FADT RESET_REG, system I/O */
	uint8_t reset_value;
	const uint8_t *dsdt;		/* AML with its table header */
	size_t dsdt_len;
};

/* Where each table went (guest-physical) and how long it is. */
struct acpi_layout {
	uint64_t rsdp, rsdt, xsdt, fadt, facs, madt, dsdt;
	uint32_t rsdt_len, xsdt_len, madt_len, dsdt_len;
	uint64_t end;			/* first byte after the last table */
};

enum acpi_build_result {
	ACPI_OK = 0,
	ACPI_E_INVAL = -1,	/* NULL argument, area not 16-byte aligned */
	ACPI_E_CPUS = -2,	/* ncpus 0 or more than ACPI_MAX_CPUS */
	ACPI_E_DSDT = -3,	/* DSDT header wrong: signature, length,
				 * checksum */
	ACPI_E_SPACE = -4,	/* the tables do not fit the area */
	ACPI_E_ADDR = -5,	/* area above 4 GiB (RSDT, FADT hold 32 bits) */
};

/* Builds every table into area (the host's view of guest-physical
 * [area_gpa, area_gpa + area_len)), zeroing the rest of it. Returns an
 * acpi_build_result; *out is filled on ACPI_OK. */
int acpi_build(uint8_t *area, size_t area_len, uint64_t area_gpa,
	       const struct acpi_platform *p, struct acpi_layout *out);

/* The byte that makes the sum of buf[0..len) zero, as table checksums. */
uint8_t acpi_checksum(const uint8_t *buf, size_t len);

const char *acpi_strerror(int err);

#endif
