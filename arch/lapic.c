/* The host's local APIC; see lapic.h. */
#include "arch/cpu.h"
#include "arch/lapic.h"
#include "arch/msr.h"

#define APIC_BASE_EXTD		(1ULL << 10)	/* x2APIC mode (11.12.1) */
#define APIC_BASE_EN		(1ULL << 11)	/* globally enabled */
/* Register offsets in the xAPIC page (Table 11-1). */
#define APIC_EOI		0x0B0
#define APIC_SVR		0x0F0
#define APIC_LVT_TIMER		0x320
#define APIC_SVR_ENABLE		(1u << 8)
#define APIC_LVT_MASKED		(1u << 16)
#define APIC_LVT_TSC_DEADLINE	(2u << 17)	/* timer mode, bits 18:17 */
#define X2APIC_MSR_BASE		0x800

static bool enabled, x2apic, deadline_timer;
static uintptr_t mmio;

static uint32_t lapic_read(unsigned reg)
{
	if (x2apic)
		return (uint32_t)rdmsr(X2APIC_MSR_BASE + reg / 16);
	return *(volatile uint32_t *)(mmio + reg);
}

static void lapic_write(unsigned reg, uint32_t v)
{
	if (x2apic)
		wrmsr(X2APIC_MSR_BASE + reg / 16, v);
	else
		*(volatile uint32_t *)(mmio + reg) = v;
}

void host_lapic_init(void)
{
	struct cpuid_regs r;
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);

	cpuid(1, 0, &r);
	if (!(r.edx & CPUID_1_EDX_APIC) || !(base & APIC_BASE_EN))
		return;		/* no local APIC, or disabled by the firmware */
	enabled = true;
	x2apic = (base & APIC_BASE_EXTD) != 0;
	mmio = (uintptr_t)(base & ~0xFFFULL);	/* identity-mapped */
	lapic_write(APIC_SVR, (lapic_read(APIC_SVR) & ~0xFFu) |
			      APIC_SVR_ENABLE | HOST_SPURIOUS_VECTOR);
	if (r.ecx & CPUID_1_ECX_TSC_DEADLINE) {
		lapic_write(APIC_LVT_TIMER, APIC_LVT_TSC_DEADLINE | HOST_TIMER_VECTOR);
		deadline_timer = true;
	} else {
		lapic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | HOST_TIMER_VECTOR);
	}
}

bool host_lapic_has_deadline_timer(void)
{
	return deadline_timer;
}

void host_lapic_arm_deadline(uint64_t tsc)
{
	if (deadline_timer)
		wrmsr(MSR_IA32_TSC_DEADLINE, tsc);
}

void host_lapic_eoi(void)
{
	if (enabled)
		lapic_write(APIC_EOI, 0);
}
