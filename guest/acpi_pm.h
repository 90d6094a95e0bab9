/*
 * ACPI fixed hardware (ACPI 6.0, 4.8 "ACPI Hardware Model" and 4.8.3
 * "Fixed Hardware Registers"): the PM1a event block (PM1_STS, PM1_EN), the
 * PM1a control block (PM1_CNT) and the power-management timer, in I/O
 * space at the addresses the FADT gives (guest/acpi_tables.h). Pure logic:
 * the caller passes the time and acts on the sleep request and the SCI.
 *
 * Register block, as offsets from ACPI_PM_BASE:
 *   0x0  PM1_STS  16 bits, write 1 to clear (4.8.3.1.1)
 *   0x2  PM1_EN   16 bits (4.8.3.1.2)
 *   0x4  PM1_CNT  16 bits (4.8.3.2.1): SCI_EN reads 1 (the machine is
 *        always in ACPI mode: the FADT has no SMI_CMD); SLP_TYP and
 *        SLP_EN request a sleep state
 *   0x8  PM_TMR   32 bits, read only (4.8.3.3): 3.579545 MHz
 * Any byte, word or dword access inside the block works on the bytes it
 * covers; the gaps (0x6, 0x7) read 0.
 *
 * The fixed power button (acpi_pm_power_button: the console's Ctrl-A p, a
 * test guest's hypercall) sets PWRBTN_STS. What is not modelled: the
 * sleep button (the FADT says there is none), RTC wake, GPEs, bus master
 * status. TMR_STS is set when the
 * timer's bit 31 has changed since the last access or poll
 * (acpi_pm_poll), so with TMR_EN an SCI comes at the next access or poll
 * after the carry, not at the exact tick.
 */
#ifndef GUEST_ACPI_PM_H
#define GUEST_ACPI_PM_H

#include <stdbool.h>
#include <stdint.h>

#define ACPI_PM_BASE		0x600	/* as QEMU's q35 uses: clear of the ISA devices */
#define ACPI_PM1A_EVT_BLK	(ACPI_PM_BASE + 0x0)
#define ACPI_PM1A_CNT_BLK	(ACPI_PM_BASE + 0x4)
#define ACPI_PM_TMR_BLK		(ACPI_PM_BASE + 0x8)
#define ACPI_PM_LEN		12
#define ACPI_SCI_IRQ		9
#define ACPI_PM_TIMER_HZ	3579545ULL

/* PM1_STS / PM1_EN bits (Tables 4-16, 4-17). */
#define ACPI_PM1_TMR		(1u << 0)
#define ACPI_PM1_BM_STS		(1u << 4)
#define ACPI_PM1_GBL		(1u << 5)
#define ACPI_PM1_PWRBTN		(1u << 8)
#define ACPI_PM1_SLPBTN		(1u << 9)
#define ACPI_PM1_RTC		(1u << 10)
#define ACPI_PM1_WAK_STS	(1u << 15)
/* PM1_CNT bits (Table 4-18). */
#define ACPI_PM1_SCI_EN		(1u << 0)
#define ACPI_PM1_BM_RLD		(1u << 1)
#define ACPI_PM1_GBL_RLS	(1u << 2)
#define ACPI_PM1_SLP_TYP_SHIFT	10
#define ACPI_PM1_SLP_TYP_MASK	(7u << 10)
#define ACPI_PM1_SLP_EN		(1u << 13)

/* The SLP_TYP values guest/acpi/dsdt.asl gives its sleep states. */
#define ACPI_SLP_TYP_S0		0
#define ACPI_SLP_TYP_S5		5

enum acpi_pm_request {
	ACPI_PM_NONE = 0,
	ACPI_PM_POWER_OFF,	/* SLP_EN with SLP_TYP = S5 */
};

struct acpi_pm {
	uint16_t sts, en, cnt;
	uint32_t last_tmr;	/* the timer at the last access or poll */
	enum acpi_pm_request request;
	uint8_t request_slp_typ;
	uint64_t unknown_sleeps;	/* SLP_EN with a type the DSDT lacks */
};

void acpi_pm_init(struct acpi_pm *pm);

/* The PM timer's value after 'ticks' of its 3.579545 MHz clock. */
static inline uint32_t acpi_pm_timer(uint64_t ticks)
{
	return (uint32_t)ticks;
}

/* A size-byte (1, 2 or 4) access at offset (0..ACPI_PM_LEN-1) of the
 * block; ticks is the timer clock's count now. Bytes past the block read
 * as all ones and are dropped on write. */
uint32_t acpi_pm_read(struct acpi_pm *pm, unsigned offset, unsigned size,
		      uint64_t ticks);
void acpi_pm_write(struct acpi_pm *pm, unsigned offset, unsigned size,
		   uint32_t value, uint64_t ticks);

/* Latches TMR_STS if the timer's bit 31 changed since the last look. */
void acpi_pm_poll(struct acpi_pm *pm, uint64_t ticks);

/* The fixed power button is pressed (4.8.2.2.1.1): PWRBTN_STS latches,
 * an SCI if PWRBTN_EN. */
void acpi_pm_power_button(struct acpi_pm *pm);

/* The SCI's level: some enabled status bit is set. */
bool acpi_pm_sci(const struct acpi_pm *pm);

/* The sleep request the guest made (ACPI_PM_NONE if none), taken: a
 * second call returns ACPI_PM_NONE. */
enum acpi_pm_request acpi_pm_take_request(struct acpi_pm *pm);

#endif
