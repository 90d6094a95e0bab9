/* Exit statistics with time: per basic exit reason, how many exits and how
 * many host TSC cycles their handling took (total and the longest one),
 * measured around exit_dispatch() by the run loop. The table is printed at
 * the end of a run, on the console escape Ctrl-A s, and on the hypercall
 * HC_EXIT_STATS. Formatting is pure (unit-tested on the host); the caller
 * says where each line goes. */
#ifndef VMX_EXIT_STATS_H
#define VMX_EXIT_STATS_H

#include <stdint.h>
#include "vmx/vmx_defs.h"

struct exit_time {
	uint64_t total[VMX_EXIT_REASON_MAX];	/* TSC cycles in the handler */
	uint64_t max[VMX_EXIT_REASON_MAX];	/* the longest single exit */
};

/* Adds one exit of the given exit-reason field that took cycles. Kept
 * inline and branch-light: it runs on every exit. */
static inline void exit_time_add(struct exit_time *t, uint32_t reason,
				 uint64_t cycles)
{
	unsigned b = reason & VMX_EXIT_REASON_BASIC_MASK;

	if (b >= VMX_EXIT_REASON_MAX)
		return;
	t->total[b] += cycles;
	if (cycles > t->max[b])
		t->max[b] = cycles;
}

typedef void (*exit_stats_emit_fn)(void *ctx, const char *line);

/* Formats the table, one call of emit per line: a header, one row per
 * reason with exits (name, count, total cycles, average, maximum) in
 * reason order, and a total row. count[] is indexed by basic reason. */
void exit_stats_table(const uint64_t count[VMX_EXIT_REASON_MAX],
		      const struct exit_time *t, exit_stats_emit_fn emit,
		      void *ctx);

#endif
