/* ACPI PM1 registers and PM timer; see acpi_pm.h. */
#include "guest/acpi_pm.h"

/* PM1_STS bits that exist here; the rest read 0 and ignore writes. */
#define STS_BITS (ACPI_PM1_TMR | ACPI_PM1_BM_STS | ACPI_PM1_GBL | \
		  ACPI_PM1_PWRBTN | ACPI_PM1_SLPBTN | ACPI_PM1_RTC | \
		  ACPI_PM1_WAK_STS)
#define EN_BITS  (ACPI_PM1_TMR | ACPI_PM1_GBL | ACPI_PM1_PWRBTN | \
		  ACPI_PM1_SLPBTN | ACPI_PM1_RTC)
/* PM1_CNT bits kept; SLP_EN is write-only and reads 0 (4.8.3.2.1). */
#define CNT_BITS (ACPI_PM1_SCI_EN | ACPI_PM1_BM_RLD | ACPI_PM1_GBL_RLS | \
		  ACPI_PM1_SLP_TYP_MASK)

void acpi_pm_init(struct acpi_pm *pm)
{
	pm->sts = 0;
	pm->en = 0;
	pm->cnt = ACPI_PM1_SCI_EN;
	pm->last_tmr = 0;
	pm->request = ACPI_PM_NONE;
	pm->request_slp_typ = 0;
	pm->unknown_sleeps = 0;
}

void acpi_pm_poll(struct acpi_pm *pm, uint64_t ticks)
{
	uint32_t now = acpi_pm_timer(ticks);

	/* TMR_STS: set when the timer's MSB toggles (4.8.3.3). */
	if ((now ^ pm->last_tmr) & 0x80000000u)
		pm->sts |= ACPI_PM1_TMR;
	pm->last_tmr = now;
}

/* The byte at offset, as the registers read. */
static uint8_t read_byte(const struct acpi_pm *pm, unsigned off, uint32_t tmr)
{
	switch (off) {
	case 0: case 1:
		return (uint8_t)(pm->sts >> (8 * off));
	case 2: case 3:
		return (uint8_t)(pm->en >> (8 * (off - 2)));
	case 4: case 5:
		return (uint8_t)((pm->cnt | ACPI_PM1_SCI_EN) >> (8 * (off - 4)));
	case 8: case 9: case 10: case 11:
		return (uint8_t)(tmr >> (8 * (off - 8)));
	case 6: case 7:
		return 0;
	default:
		return 0xFF;
	}
}

uint32_t acpi_pm_read(struct acpi_pm *pm, unsigned offset, unsigned size,
		      uint64_t ticks)
{
	uint32_t v = 0;

	acpi_pm_poll(pm, ticks);
	if (size > 4)
		size = 4;
	for (unsigned i = 0; i < size; i++)
		v |= (uint32_t)read_byte(pm, offset + i, pm->last_tmr) << (8 * i);
	return v;
}

static void sleep_request(struct acpi_pm *pm)
{
	unsigned typ = (pm->cnt & ACPI_PM1_SLP_TYP_MASK) >> ACPI_PM1_SLP_TYP_SHIFT;

	pm->request_slp_typ = (uint8_t)typ;
	if (typ == ACPI_SLP_TYP_S5)
		pm->request = ACPI_PM_POWER_OFF;
	else
		pm->unknown_sleeps++;	/* no such state in the DSDT */
}

void acpi_pm_write(struct acpi_pm *pm, unsigned offset, unsigned size,
		   uint32_t value, uint64_t ticks)
{
	bool slp_en = false;

	acpi_pm_poll(pm, ticks);
	if (size > 4)
		size = 4;
	for (unsigned i = 0; i < size; i++) {
		unsigned off = offset + i;
		uint16_t b = (uint8_t)(value >> (8 * i));
		switch (off) {
		case 0: case 1:
			/* Write 1 to clear. */
			pm->sts &= (uint16_t)~((b << (8 * off)) & STS_BITS);
			break;
		case 2: case 3: {
			unsigned sh = 8 * (off - 2);
			pm->en = (uint16_t)((pm->en & ~(0xFFu << sh)) |
					    ((b << sh) & EN_BITS));
			break;
		}
		case 4: case 5: {
			unsigned sh = 8 * (off - 4);
			uint16_t full = (uint16_t)(b << sh);
			pm->cnt = (uint16_t)((pm->cnt & ~(0xFFu << sh)) |
					     (full & CNT_BITS));
			pm->cnt |= ACPI_PM1_SCI_EN;
			if (full & ACPI_PM1_SLP_EN)
				slp_en = true;
			break;
		}
		default:
			break;	/* timer, gaps, past the block */
		}
	}
	/* The request is acted on after the whole write, so a word write
	 * of SLP_TYP | SLP_EN uses the new SLP_TYP. */
	if (slp_en)
		sleep_request(pm);
}

bool acpi_pm_sci(const struct acpi_pm *pm)
{
	return (pm->sts & pm->en & EN_BITS) != 0;
}

enum acpi_pm_request acpi_pm_take_request(struct acpi_pm *pm)
{
	enum acpi_pm_request r = pm->request;

	pm->request = ACPI_PM_NONE;
	return r;
}

void acpi_pm_power_button(struct acpi_pm *pm)
{
	pm->sts |= ACPI_PM1_PWRBTN;
}
