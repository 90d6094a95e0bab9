/* Leveled logging to the machine's COM1 and its screen; see log.h. */
#include <stdarg.h>
#include "arch/serial.h"
#include "kernel/format.h"
#include "kernel/kstring.h"
#include "kernel/log.h"
#include "kernel/screen.h"

enum log_level log_level = LOG_INFO;

static const char *const prefix[] = {
	[LOG_ERROR] = "hv: error: ",
	[LOG_WARN] = "hv: warning: ",
	[LOG_INFO] = "hv: ",
	[LOG_DEBUG] = "hv: debug: ",
};

void klog(enum log_level level, const char *fmt, ...)
{
	char line[640];	/* the longest: exits at a marker, naive build */
	va_list ap;
	int n;

	if (level > log_level)
		return;
	va_start(ap, fmt);
	n = kvsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 2)
		n = sizeof(line) - 2;	/* cut, but still one line */
	line[n++] = '\n';
	serial_write(prefix[level], strlen(prefix[level]));
	serial_write(line, (size_t)n);
	screen_write(prefix[level], strlen(prefix[level]));
	screen_write(line, (size_t)n);
}
