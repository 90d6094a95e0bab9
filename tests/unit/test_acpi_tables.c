/*
 * Tests for guest/acpi_tables.c. The tables are read back the way an OS
 * (or acpidump + iasl -d) finds them: scan the BIOS area for the RSDP at
 * 16-byte boundaries, check every checksum and length, follow
 * RSDP -> XSDT/RSDT -> FADT -> FACS/DSDT and MADT by address, and decode
 * the fields at their offsets in the ACPI 6.0 specification. The DSDT is
 * the one the kernel embeds: build/guest/dsdt.aml, compiled by iasl from
 * guest/acpi/dsdt.asl (the Makefile passes its path as HV_DSDT_AML).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "guest/acpi_pm.h"
#include "guest/acpi_tables.h"

#ifndef HV_DSDT_AML
#error "the Makefile passes HV_DSDT_AML, the compiled DSDT"
#endif

#define AREA_GPA	ACPI_AREA_GPA
#define AREA_SIZE	ACPI_AREA_SIZE

static uint8_t area[AREA_SIZE];
static uint8_t dsdt[4096];
static size_t dsdt_len;

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p) { return rd16(p) | (uint32_t)rd16(p + 2) << 16; }
static uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

static uint8_t sum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;
	while (n--)
		s = (uint8_t)(s + *p++);
	return s;
}

/* The table at guest-physical gpa, checked: inside the area, its length
 * inside too, signature, checksum. Returns its host pointer. */
static const uint8_t *table(uint64_t gpa, const char *sig, uint32_t *len)
{
	assert_true(gpa >= AREA_GPA && gpa + ACPI_HEADER_LEN <= AREA_GPA + AREA_SIZE);
	const uint8_t *t = area + (gpa - AREA_GPA);
	assert_memory_equal(t, sig, 4);
	*len = rd32(t + 4);
	assert_true(*len >= ACPI_HEADER_LEN);
	assert_true(gpa + *len <= AREA_GPA + AREA_SIZE);
	assert_int_equal(sum(t, *len), 0);
	assert_memory_equal(t + 10, "HVBARE", 6);
	return t;
}

static struct acpi_platform platform(unsigned ncpus)
{
	struct acpi_platform p = {
		.ncpus = ncpus,
		.lapic_addr = 0xFEE00000,
		.ioapic_addr = 0xFEC00000,
		.ioapic_id = 0,
		.ioapic_gsi_base = 0,
		.pm1a_evt_blk = ACPI_PM1A_EVT_BLK,
		.pm1a_cnt_blk = ACPI_PM1A_CNT_BLK,
		.pm_tmr_blk = ACPI_PM_TMR_BLK,
		.sci_irq = ACPI_SCI_IRQ,
		.reset_port = 0xCF9,
		.reset_value = 0x06,
		.dsdt = dsdt,
		.dsdt_len = dsdt_len,
	};
	return p;
}

static int load_dsdt(void **state)
{
	FILE *f = fopen(HV_DSDT_AML, "rb");

	if (!f) {
		fprintf(stderr, "cannot open %s\n", HV_DSDT_AML);
		return -1;
	}
	dsdt_len = fread(dsdt, 1, sizeof(dsdt), f);
	fclose(f);
	return dsdt_len >= ACPI_HEADER_LEN ? 0 : -1;
}

/* The AML package \_S5 = { typ_a, typ_b, 0, 0 }: NameOp '_S5_'
 * PackageOp ... with BytePrefix values or the constants Zero/One. */
static int s5_slp_typ(const uint8_t *d, uint32_t len)
{
	for (uint32_t i = ACPI_HEADER_LEN; i + 10 < len; i++) {
		if (d[i] != 0x08 || memcmp(d + i + 1, "_S5_", 4) != 0)
			continue;
		const uint8_t *p = d + i + 5;
		if (p[0] != 0x12)	/* PackageOp */
			return -1;
		/* p[1] PkgLength (one byte here), p[2] NumElements */
		if (p[3] == 0x0A)	/* BytePrefix */
			return p[4];
		if (p[3] == 0x00 || p[3] == 0x01)	/* ZeroOp, OneOp */
			return p[3];
		return -1;
	}
	return -1;
}

static void check_graph(unsigned ncpus)
{
	struct acpi_platform p = platform(ncpus);
	struct acpi_layout l;
	const uint8_t *rsdp = NULL;
	uint32_t len;

	memset(area, 0xCC, sizeof(area));
	assert_int_equal(acpi_build(area, AREA_SIZE, AREA_GPA, &p, &l), ACPI_OK);

	/* The legacy scan: 16-byte boundaries of 0xE0000-0xFFFFF, first
	 * "RSD PTR " with a good checksum (ACPI 5.2.5.1). Exactly one. */
	unsigned found = 0;
	for (size_t off = 0; off + 36 <= AREA_SIZE; off += 16)
		if (!memcmp(area + off, "RSD PTR ", 8) && sum(area + off, 20) == 0) {
			if (!rsdp)
				rsdp = area + off;
			found++;
		}
	assert_int_equal(found, 1);
	assert_int_equal(AREA_GPA + (uint64_t)(rsdp - area), l.rsdp);
	assert_int_equal(rsdp[15], 2);			/* revision */
	assert_int_equal(rd32(rsdp + 20), 36);
	assert_int_equal(sum(rsdp, 36), 0);		/* extended checksum */

	/* XSDT and RSDT list the same tables. */
	const uint8_t *xsdt = table(rd64(rsdp + 24), "XSDT", &len);
	assert_int_equal(len, 36 + 2 * 8);
	assert_int_equal(len, l.xsdt_len);
	const uint8_t *rsdt = table(rd32(rsdp + 16), "RSDT", &len);
	assert_int_equal(len, 36 + 2 * 4);
	const uint8_t *fadt = NULL, *madt = NULL;
	for (unsigned i = 0; i < 2; i++) {
		uint64_t a = rd64(xsdt + 36 + 8 * i);
		assert_int_equal(a, rd32(rsdt + 36 + 4 * i));
		const uint8_t *t = area + (a - AREA_GPA);
		if (!memcmp(t, "FACP", 4))
			fadt = table(a, "FACP", &len);
		else
			madt = table(a, "APIC", &len);
	}
	assert_non_null(fadt);
	assert_non_null(madt);

	/* FADT revision 6 (ACPI 6.0 Table 5-34). */
	assert_int_equal(rd32(fadt + 4), ACPI_FADT_LEN);
	assert_int_equal(fadt[8], 6);
	assert_int_equal(rd16(fadt + 46), 9);		/* SCI_INT */
	assert_int_equal(rd32(fadt + 48), 0);		/* SMI_CMD: always ACPI */
	assert_int_equal(rd32(fadt + 56), 0x600);	/* PM1a_EVT_BLK */
	assert_int_equal(rd32(fadt + 64), 0x604);	/* PM1a_CNT_BLK */
	assert_int_equal(rd32(fadt + 76), 0x608);	/* PM_TMR_BLK */
	assert_int_equal(fadt[88], 4);
	assert_int_equal(fadt[89], 2);
	assert_int_equal(fadt[91], 4);
	uint32_t flags = rd32(fadt + 112);
	assert_true(flags & (1u << 10));		/* RESET_REG_SUP */
	assert_true(flags & (1u << 8));			/* TMR_VAL_EXT */
	assert_false(flags & (1u << 4));		/* PWR_BUTTON: there is one */
	assert_true(flags & (1u << 5));			/* SLP_BUTTON: none */
	assert_false(flags & (1u << 20));		/* HW_REDUCED_ACPI */
	assert_int_equal(rd16(fadt + 109) & 2, 0);	/* no 8042 */
	/* RESET_REG: system I/O, 8 bits, port 0xCF9; RESET_VALUE 6. */
	assert_int_equal(fadt[116], 1);
	assert_int_equal(fadt[117], 8);
	assert_int_equal(rd64(fadt + 120), 0xCF9);
	assert_int_equal(fadt[128], 0x06);
	/* The X_ blocks say what the 32-bit ones say. */
	assert_int_equal(fadt[148], 1);
	assert_int_equal(fadt[149], 32);
	assert_int_equal(rd64(fadt + 152), 0x600);
	assert_int_equal(fadt[173], 16);
	assert_int_equal(rd64(fadt + 176), 0x604);
	assert_int_equal(fadt[209], 32);
	assert_int_equal(rd64(fadt + 212), 0x608);
	assert_int_equal(rd64(fadt + 160), 0);		/* no PM1b */

	/* FACS: 64-byte aligned, no checksum. */
	uint64_t facs = rd64(fadt + 132);
	assert_int_equal(facs, l.facs);
	assert_int_equal(facs % 64, 0);
	assert_memory_equal(area + (facs - AREA_GPA), "FACS", 4);
	assert_int_equal(rd32(area + (facs - AREA_GPA) + 4), 64);

	/* DSDT: both pointers, the embedded AML byte for byte, \_S5. */
	assert_int_equal(rd32(fadt + 40), rd64(fadt + 140));
	const uint8_t *d = table(rd64(fadt + 140), "DSDT", &len);
	assert_int_equal(len, dsdt_len);
	assert_memory_equal(d, dsdt, dsdt_len);
	assert_int_equal(s5_slp_typ(d, len), ACPI_SLP_TYP_S5);

	/* MADT (5.2.12): LAPIC address, PC-AT compatible, entries. */
	uint32_t mlen = rd32(madt + 4);
	assert_int_equal(rd32(madt + 36), 0xFEE00000);
	assert_int_equal(rd32(madt + 40), 1);
	unsigned lapics = 0, ioapics = 0, isos = 0, nmis = 0;
	uint32_t off = 44;
	while (off < mlen) {
		const uint8_t *e = madt + off;
		assert_true(e[1] >= 2 && off + e[1] <= mlen);
		switch (e[0]) {
		case 0:
			assert_int_equal(e[1], 8);
			assert_int_equal(e[2], lapics);		/* UID */
			assert_int_equal(e[3], lapics);		/* APIC ID */
			assert_int_equal(rd32(e + 4), 1);	/* enabled */
			lapics++;
			break;
		case 1:
			assert_int_equal(e[1], 12);
			assert_int_equal(e[2], 0);
			assert_int_equal(rd32(e + 4), 0xFEC00000);
			assert_int_equal(rd32(e + 8), 0);
			ioapics++;
			break;
		case 2:
			assert_int_equal(e[1], 10);
			assert_int_equal(e[2], 0);		/* ISA */
			if (e[3] == 0) {
				assert_int_equal(rd32(e + 4), 2);
				assert_int_equal(rd16(e + 8), 0);
			} else {
				assert_int_equal(e[3], 9);
				assert_int_equal(rd32(e + 4), 9);
				assert_int_equal(rd16(e + 8), 0x000D);
			}
			isos++;
			break;
		case 4:
			assert_int_equal(e[1], 6);
			assert_int_equal(e[2], 0xFF);
			assert_int_equal(e[5], 1);
			nmis++;
			break;
		default:
			fail_msg("unexpected MADT entry type %u", e[0]);
		}
		off += e[1];
	}
	assert_int_equal(off, mlen);
	assert_int_equal(lapics, ncpus);
	assert_int_equal(ioapics, 1);
	assert_int_equal(isos, 2);
	assert_int_equal(nmis, 1);

	/* Nothing overlaps; the rest of the area is zero. */
	struct { uint64_t a; uint32_t n; } t[] = {
		{ l.rsdp, 36 }, { l.facs, 64 }, { l.rsdt, l.rsdt_len },
		{ l.xsdt, l.xsdt_len }, { l.fadt, ACPI_FADT_LEN },
		{ l.madt, l.madt_len }, { l.dsdt, l.dsdt_len },
	};
	for (unsigned i = 0; i < 7; i++)
		for (unsigned j = i + 1; j < 7; j++)
			assert_true(t[i].a + t[i].n <= t[j].a ||
				    t[j].a + t[j].n <= t[i].a);
	assert_true(l.end <= AREA_GPA + AREA_SIZE);
	for (uint64_t g = l.end; g < AREA_GPA + AREA_SIZE; g++)
		if (area[g - AREA_GPA] != 0)
			fail_msg("byte at 0x%llx not cleared", (unsigned long long)g);
}

static void test_one_cpu(void **state)
{
	check_graph(1);
}

static void test_many_cpus(void **state)
{
	check_graph(4);
	check_graph(ACPI_MAX_CPUS);
}

static void test_errors(void **state)
{
	struct acpi_platform p = platform(1);
	struct acpi_layout l;
	uint8_t bad[4096];

	assert_int_equal(acpi_build(NULL, AREA_SIZE, AREA_GPA, &p, &l), ACPI_E_INVAL);
	assert_int_equal(acpi_build(area, AREA_SIZE, AREA_GPA + 8, &p, &l), ACPI_E_INVAL);
	p.ncpus = 0;
	assert_int_equal(acpi_build(area, AREA_SIZE, AREA_GPA, &p, &l), ACPI_E_CPUS);
	p.ncpus = ACPI_MAX_CPUS + 1;
	assert_int_equal(acpi_build(area, AREA_SIZE, AREA_GPA, &p, &l), ACPI_E_CPUS);
	p = platform(1);
	/* too small an area: the DSDT is the last table */
	assert_int_equal(acpi_build(area, 512, AREA_GPA, &p, &l), ACPI_E_SPACE);
	/* above 4 GiB */
	assert_int_equal(acpi_build(area, AREA_SIZE, 0xFFFFFF00ULL, &p, &l), ACPI_E_ADDR);
	/* a DSDT with a bad checksum, length or signature */
	memcpy(bad, dsdt, dsdt_len);
	p.dsdt = bad;
	bad[dsdt_len - 1] ^= 1;
	assert_int_equal(acpi_build(area, AREA_SIZE, AREA_GPA, &p, &l), ACPI_E_DSDT);
	bad[dsdt_len - 1] ^= 1;
	assert_int_equal(acpi_build(area, AREA_SIZE, AREA_GPA, &p, &l), ACPI_OK);
	p.dsdt_len = dsdt_len - 1;
	assert_int_equal(acpi_build(area, AREA_SIZE, AREA_GPA, &p, &l), ACPI_E_DSDT);
	p.dsdt_len = dsdt_len;
	bad[0] = 'X';
	assert_int_equal(acpi_build(area, AREA_SIZE, AREA_GPA, &p, &l), ACPI_E_DSDT);
	p.dsdt_len = 10;
	assert_int_equal(acpi_build(area, AREA_SIZE, AREA_GPA, &p, &l), ACPI_E_DSDT);
	assert_string_equal(acpi_strerror(ACPI_E_DSDT),
			    "DSDT image has a bad header or checksum");
}

static void test_checksum(void **state)
{
	uint8_t b[5] = { 1, 2, 3, 4, 0 };

	b[4] = acpi_checksum(b, 4);
	assert_int_equal(b[4], 0xF6);
	assert_int_equal(sum(b, 5), 0);
	assert_int_equal(acpi_checksum(b, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_cpu),
		cmocka_unit_test(test_many_cpus),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_checksum),
	};
	return cmocka_run_group_tests(tests, load_dsdt, NULL);
}
