/* printf-style formatting without libc: %d %i %u %x %X %p %s %c %%, with
 * flags '-' '0' '#', a width, and the length modifiers hh h l ll z.
 * Pure: used by the kernel's logger, the loader, and host unit tests. */
#ifndef KERNEL_FORMAT_H
#define KERNEL_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Like vsnprintf: writes at most size-1 characters and a NUL, returns the
 * number of characters the full output needs. */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
