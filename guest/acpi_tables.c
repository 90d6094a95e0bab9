/* ACPI table builder; see acpi_tables.h. Section numbers are the ACPI 6.0
 * specification's. */
#include "guest/acpi_tables.h"
#include "kernel/kstring.h"

#define ACPI_OEM_ID	"HVBARE"	/* 6 bytes */
#define ACPI_OEM_TABLE	"HV      "	/* 8 bytes */
#define ACPI_CREATOR	"HV  "		/* 4 bytes */
#define ACPI_OEM_REV	1
#define ACPI_CREATOR_REV 1

/* Generic Address Structure (5.2.3.2): address space IDs and sizes. */
#define GAS_SYSTEM_IO	1
#define GAS_ACCESS_BYTE	1
#define GAS_ACCESS_WORD	2
#define GAS_ACCESS_DWORD 3

/* FADT Flags (5.2.9, Table 5-35). */
#define FADT_WBINVD		(1u << 0)
#define FADT_PROC_C1		(1u << 2)
#define FADT_PWR_BUTTON		(1u << 4)	/* 1: no fixed power button */
#define FADT_SLP_BUTTON		(1u << 5)	/* 1: no fixed sleep button */
#define FADT_FIX_RTC		(1u << 6)	/* 1: no RTC wake status */
#define FADT_TMR_VAL_EXT	(1u << 8)	/* 32-bit PM timer */
#define FADT_RESET_REG_SUP	(1u << 10)
#define FADT_HW_REDUCED_ACPI	(1u << 20)

/* IA-PC boot architecture flags (5.2.9.3, Table 5-36). */
#define IAPC_LEGACY_DEVICES	(1u << 0)
#define IAPC_MSI_NOT_SUPPORTED	(1u << 3)

/* MADT (5.2.12): flags and the interrupt controller structure types. */
#define MADT_PCAT_COMPAT	(1u << 0)	/* dual 8259s present */
#define MADT_LOCAL_APIC		0
#define MADT_IO_APIC		1
#define MADT_INT_SRC_OVERRIDE	2
#define MADT_LOCAL_APIC_NMI	4
#define MADT_LAPIC_ENABLED	(1u << 0)
/* MPS INTI flags (Table 5-50): polarity bits 1:0, trigger mode 3:2. */
#define MPS_ACTIVE_HIGH		0x1
#define MPS_LEVEL		0xC

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

uint8_t acpi_checksum(const uint8_t *buf, size_t len)
{
	uint8_t sum = 0;

	for (size_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + buf[i]);
	return (uint8_t)(0 - sum);
}

/* The system description table header (5.2.6); the checksum is set by
 * finish() once the body is written. */
static void header(uint8_t *t, const char sig[4], uint32_t len, uint8_t rev)
{
	memcpy(t, sig, 4);
	put32(t + 4, len);
	t[8] = rev;
	memcpy(t + 10, ACPI_OEM_ID, 6);
	memcpy(t + 16, ACPI_OEM_TABLE, 8);
	put32(t + 24, ACPI_OEM_REV);
	memcpy(t + 28, ACPI_CREATOR, 4);
	put32(t + 32, ACPI_CREATOR_REV);
}

static void finish(uint8_t *t, uint32_t len)
{
	t[9] = 0;
	t[9] = acpi_checksum(t, len);
}

/* A Generic Address Structure for an I/O port block (5.2.3.2). */
static void gas_io(uint8_t *g, uint16_t port, uint8_t bits, uint8_t access)
{
	g[0] = GAS_SYSTEM_IO;
	g[1] = bits;
	g[2] = 0;
	g[3] = access;
	put64(g + 4, port);
}

static void build_fadt(uint8_t *t, const struct acpi_platform *p,
		       uint64_t facs, uint64_t dsdt)
{
	header(t, "FACP", ACPI_FADT_LEN, 6);
	/* FIRMWARE_CTRL stays 0: X_FIRMWARE_CTRL holds the FACS. */
	put32(t + 40, (uint32_t)dsdt);		/* DSDT */
	t[45] = 0;				/* Preferred_PM_Profile */
	put16(t + 46, p->sci_irq);		/* SCI_INT */
	/* SMI_CMD 0: no SMM; the machine is always in ACPI mode (SCI_EN
	 * reads 1), so ACPI_ENABLE/ACPI_DISABLE are unused. */
	put32(t + 56, p->pm1a_evt_blk);		/* PM1a_EVT_BLK */
	put32(t + 64, p->pm1a_cnt_blk);		/* PM1a_CNT_BLK */
	put32(t + 76, p->pm_tmr_blk);		/* PM_TMR_BLK */
	t[88] = 4;				/* PM1_EVT_LEN */
	t[89] = 2;				/* PM1_CNT_LEN */
	t[91] = 4;				/* PM_TMR_LEN */
	/* No C2/C3: latencies above 100 and 1000 us say so. */
	put16(t + 96, 101);			/* P_LVL2_LAT */
	put16(t + 98, 1001);			/* P_LVL3_LAT */
	/* No 8042 (bit 1 clear): only its reset line is there. */
	put16(t + 109, IAPC_LEGACY_DEVICES | IAPC_MSI_NOT_SUPPORTED);
	/* A fixed power button (PWR_BUTTON clear): guest/acpi_pm.h. */
	put32(t + 112, FADT_WBINVD | FADT_PROC_C1 |
		       FADT_SLP_BUTTON | FADT_FIX_RTC | FADT_TMR_VAL_EXT |
		       FADT_RESET_REG_SUP);
	gas_io(t + 116, p->reset_port, 8, GAS_ACCESS_BYTE);	/* RESET_REG */
	t[128] = p->reset_value;		/* RESET_VALUE */
	t[131] = 0;				/* FADT minor version: 6.0 */
	put64(t + 132, facs);			/* X_FIRMWARE_CTRL */
	put64(t + 140, dsdt);			/* X_DSDT */
	gas_io(t + 148, p->pm1a_evt_blk, 32, GAS_ACCESS_WORD);	/* X_PM1a_EVT_BLK */
	gas_io(t + 172, p->pm1a_cnt_blk, 16, GAS_ACCESS_WORD);	/* X_PM1a_CNT_BLK */
	gas_io(t + 208, p->pm_tmr_blk, 32, GAS_ACCESS_DWORD);	/* X_PM_TMR_BLK */
	memcpy(t + 268, "hvbareme", 8);		/* Hypervisor Vendor Identity */
	finish(t, ACPI_FADT_LEN);
}

static void build_facs(uint8_t *t)
{
	memcpy(t, "FACS", 4);
	put32(t + 4, ACPI_FACS_LEN);
	/* Hardware signature, waking vectors, global lock, flags: 0. */
	t[32] = 2;				/* Version */
}

static uint32_t madt_len(unsigned ncpus)
{
	/* header, LAPIC address and flags; one LAPIC entry (8) per CPU; the
	 * IOAPIC (12); two overrides (10 each); the LAPIC NMI (6). */
	return ACPI_HEADER_LEN + 8 + 8 * ncpus + 12 + 2 * 10 + 6;
}

static void int_override(uint8_t *e, uint8_t irq, uint32_t gsi, uint16_t flags)
{
	e[0] = MADT_INT_SRC_OVERRIDE;
	e[1] = 10;
	e[2] = 0;				/* Bus: ISA */
	e[3] = irq;				/* Source */
	put32(e + 4, gsi);			/* Global System Interrupt */
	put16(e + 8, flags);
}

static void build_madt(uint8_t *t, const struct acpi_platform *p)
{
	uint32_t len = madt_len(p->ncpus);
	uint8_t *e = t + ACPI_HEADER_LEN + 8;

	header(t, "APIC", len, 5);
	put32(t + 36, p->lapic_addr);		/* Local Interrupt Controller Address */
	put32(t + 40, MADT_PCAT_COMPAT);
	for (unsigned i = 0; i < p->ncpus; i++, e += 8) {
		e[0] = MADT_LOCAL_APIC;
		e[1] = 8;
		e[2] = (uint8_t)i;		/* ACPI Processor UID */
		e[3] = (uint8_t)i;		/* APIC ID */
		put32(e + 4, MADT_LAPIC_ENABLED);
	}
	e[0] = MADT_IO_APIC;
	e[1] = 12;
	e[2] = p->ioapic_id;
	e[3] = 0;
	put32(e + 4, p->ioapic_addr);
	put32(e + 8, p->ioapic_gsi_base);
	e += 12;
	/* The PIT's IRQ 0 is the IOAPIC's pin 2, as on every PC. */
	int_override(e, 0, 2, 0);
	e += 10;
	/* The SCI is level-triggered, active high (5.2.12.5). */
	int_override(e, (uint8_t)p->sci_irq, p->sci_irq,
		     MPS_ACTIVE_HIGH | MPS_LEVEL);
	e += 10;
	/* LINT1 of every processor is NMI, as the MP spec's default. */
	e[0] = MADT_LOCAL_APIC_NMI;
	e[1] = 6;
	e[2] = 0xFF;				/* all processors */
	put16(e + 3, 0);			/* flags: conforms to the bus */
	e[5] = 1;				/* LINT1 */
	finish(t, len);
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

int acpi_build(uint8_t *area, size_t area_len, uint64_t area_gpa,
	       const struct acpi_platform *p, struct acpi_layout *out)
{
	struct acpi_layout l;
	uint64_t off;
	const unsigned ntables = 2;		/* FADT, MADT */

	if (!area || !p || !out || (area_gpa & 15))
		return ACPI_E_INVAL;
	if (p->ncpus == 0 || p->ncpus > ACPI_MAX_CPUS)
		return ACPI_E_CPUS;
	if (!p->dsdt || p->dsdt_len < ACPI_HEADER_LEN ||
	    p->dsdt_len > 0xFFFFFFFFu || memcmp(p->dsdt, "DSDT", 4) != 0 ||
	    get32(p->dsdt + 4) != p->dsdt_len ||
	    acpi_checksum(p->dsdt, p->dsdt_len) != 0)
		return ACPI_E_DSDT;

	/* RSDP first (the scan finds it at a 16-byte boundary), the FACS
	 * 64-byte aligned (5.2.10), the rest 16-byte aligned. */
	l.rsdp = 0;
	l.facs = 64;
	l.rsdt = l.facs + ACPI_FACS_LEN;
	l.rsdt_len = ACPI_HEADER_LEN + 4 * ntables;
	l.xsdt = align_up(l.rsdt + l.rsdt_len, 16);
	l.xsdt_len = ACPI_HEADER_LEN + 8 * ntables;
	l.fadt = align_up(l.xsdt + l.xsdt_len, 16);
	l.madt = align_up(l.fadt + ACPI_FADT_LEN, 16);
	l.madt_len = madt_len(p->ncpus);
	l.dsdt = align_up(l.madt + l.madt_len, 16);
	l.dsdt_len = (uint32_t)p->dsdt_len;
	off = l.dsdt + l.dsdt_len;
	if (off > area_len)
		return ACPI_E_SPACE;
	if (area_gpa + off > 0x100000000ULL)
		return ACPI_E_ADDR;
	l.end = area_gpa + off;

	memset(area, 0, area_len);
	uint8_t *rsdp = area + l.rsdp, *rsdt = area + l.rsdt;
	uint8_t *xsdt = area + l.xsdt;
	uint64_t g = area_gpa;

	build_facs(area + l.facs);
	build_fadt(area + l.fadt, p, g + l.facs, g + l.dsdt);
	build_madt(area + l.madt, p);
	memcpy(area + l.dsdt, p->dsdt, p->dsdt_len);

	header(rsdt, "RSDT", l.rsdt_len, 1);
	put32(rsdt + 36, (uint32_t)(g + l.fadt));
	put32(rsdt + 40, (uint32_t)(g + l.madt));
	finish(rsdt, l.rsdt_len);
	header(xsdt, "XSDT", l.xsdt_len, 1);
	put64(xsdt + 36, g + l.fadt);
	put64(xsdt + 44, g + l.madt);
	finish(xsdt, l.xsdt_len);

	/* RSDP (5.2.5.3): the checksum covers the first 20 bytes (the
	 * ACPI 1.0 structure), the extended checksum all 36. */
	memcpy(rsdp, "RSD PTR ", 8);
	memcpy(rsdp + 9, ACPI_OEM_ID, 6);
	rsdp[15] = 2;				/* Revision */
	put32(rsdp + 16, (uint32_t)(g + l.rsdt));
	put32(rsdp + 20, ACPI_RSDP_LEN);
	put64(rsdp + 24, g + l.xsdt);
	rsdp[8] = acpi_checksum(rsdp, 20);
	rsdp[32] = acpi_checksum(rsdp, ACPI_RSDP_LEN);

	l.rsdp += g;
	l.facs += g;
	l.rsdt += g;
	l.xsdt += g;
	l.fadt += g;
	l.madt += g;
	l.dsdt += g;
	*out = l;
	return ACPI_OK;
}

const char *acpi_strerror(int err)
{
	switch (err) {
	case ACPI_OK:
		return "ok";
	case ACPI_E_INVAL:
		return "invalid argument";
	case ACPI_E_CPUS:
		return "CPU count out of range";
	case ACPI_E_DSDT:
		return "DSDT image has a bad header or checksum";
	case ACPI_E_SPACE:
		return "ACPI tables do not fit their area";
	case ACPI_E_ADDR:
		return "ACPI tables above 4 GiB";
	default:
		return "unknown ACPI error";
	}
}
