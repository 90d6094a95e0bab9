/* The hypervisor's leveled log on COM1. One call prints one line:
 *   hv: <message>            info
 *   hv: warning: <message>   warn
 *   hv: error: <message>     error
 *   hv: debug: <message>     debug (only when log_level >= LOG_DEBUG)
 * Tests match these lines exactly, so keep the prefixes stable. */
#ifndef KERNEL_LOG_H
#define KERNEL_LOG_H

enum log_level { LOG_ERROR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3 };

extern enum log_level log_level;

void klog(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_error(...) klog(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)  klog(LOG_WARN, __VA_ARGS__)
#define log_info(...)  klog(LOG_INFO, __VA_ARGS__)
#define log_debug(...) klog(LOG_DEBUG, __VA_ARGS__)

#endif
