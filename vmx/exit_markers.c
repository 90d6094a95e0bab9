/* Exit counts by reason at a guest's debug marker; see vcpu.h. The
 * benchmark (scripts/bench.sh) takes each phase's exits as the difference
 * between two markers. */
#include "arch/host_irq.h"
#include "kernel/format.h"
#include "kernel/log.h"
#include "vmx/vcpu.h"
#include "vmx/vmx_names.h"

void vcpu_log_exit_counts(const struct vcpu *v, int marker)
{
	char line[512];
	int n = 0;

	line[0] = 0;
	for (unsigned r = 0; r < VMX_EXIT_REASON_MAX; r++) {
		if (!v->exit_count[r])
			continue;
		n += ksnprintf(line + n, sizeof(line) - (size_t)n, "%s%s %llu",
			       n ? ", " : "", exit_reason_name(r),
			       (unsigned long long)v->exit_count[r]);
		if (n >= (int)sizeof(line))
			break;
	}
	log_info("exits at marker 0x%02x: %llu (%s); host halted %llu ticks",
		 marker & 0xFF, (unsigned long long)v->exits, line,
		 (unsigned long long)host_halted_ticks());
}
