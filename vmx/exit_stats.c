/* The exit statistics table; see exit_stats.h. */
#include "kernel/format.h"
#include "vmx/exit_stats.h"
#include "vmx/vmx_names.h"

#define ROW "%-28s %10llu %16llu %10llu %12llu"

void exit_stats_table(const uint64_t count[VMX_EXIT_REASON_MAX],
		      const struct exit_time *t, exit_stats_emit_fn emit,
		      void *ctx)
{
	char line[128];
	uint64_t n = 0, total = 0, max = 0;

	ksnprintf(line, sizeof(line), "%-28s %10s %16s %10s %12s",
		  "exit reason", "count", "total cycles", "average",
		  "max cycles");
	emit(ctx, line);
	for (unsigned r = 0; r < VMX_EXIT_REASON_MAX; r++) {
		if (!count[r])
			continue;
		ksnprintf(line, sizeof(line), ROW, exit_reason_name(r),
			  (unsigned long long)count[r],
			  (unsigned long long)t->total[r],
			  (unsigned long long)(t->total[r] / count[r]),
			  (unsigned long long)t->max[r]);
		emit(ctx, line);
		n += count[r];
		total += t->total[r];
		if (t->max[r] > max)
			max = t->max[r];
	}
	ksnprintf(line, sizeof(line), ROW, "all", (unsigned long long)n,
		  (unsigned long long)total,
		  (unsigned long long)(n ? total / n : 0),
		  (unsigned long long)max);
	emit(ctx, line);
}
