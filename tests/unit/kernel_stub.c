/* klog and panic for host tests; see kernel_stub.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/panic.h"
#include "tests/unit/kernel_stub.h"

enum log_level log_level = LOG_DEBUG;
unsigned kernel_stub_lines[LOG_DEBUG + 1];
char kernel_stub_last_line[256];

void kernel_stub_reset(void)
{
	memset(kernel_stub_lines, 0, sizeof(kernel_stub_lines));
	kernel_stub_last_line[0] = '\0';
}

void klog(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	if ((unsigned)level <= LOG_DEBUG)
		kernel_stub_lines[level]++;
	va_start(ap, fmt);
	vsnprintf(kernel_stub_last_line, sizeof(kernel_stub_last_line), fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	fputs("panic: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}
