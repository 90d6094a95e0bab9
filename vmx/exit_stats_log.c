/* Prints a vCPU's exit statistics table on the hypervisor's log (the
 * formatting is in exit_stats.c, pure). */
#include <stddef.h>
#include "kernel/log.h"
#include "vmx/exit_stats.h"
#include "vmx/vcpu.h"

static void emit_line(void *ctx, const char *line)
{
	log_info("stats: %s", line);
}

void vcpu_log_exit_stats(const struct vcpu *v, const char *when)
{
	log_info("stats: VM exits of vCPU %u %s (host TSC cycles in the handler):",
		 v->id, when);
	exit_stats_table(v->exit_count, &v->exit_time, emit_line, NULL);
}
