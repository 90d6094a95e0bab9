/* Freestanding string and memory helpers. gcc may emit calls to memcpy,
 * memset, memmove and memcmp on its own, so these must exist. Kernel only:
 * host unit tests use the C library's. */
#include <stdint.h>
#include "kernel/kstring.h"

void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;
	size_t q = n / 8, b = n % 8;

	/* Eight bytes a step, then the rest: REP MOVSQ and REP MOVSB (SDM
	 * Vol. 1 7.3.9.3). It copies the guest's kernel and initrd; where
	 * fast strings are off (Bochs) a REP MOVSB moves a byte per
	 * iteration. */
	__asm__ volatile("rep movsq"
			 : "+D"(d), "+S"(src), "+c"(q)
			 :
			 : "memory");
	__asm__ volatile("rep movsb"
			 : "+D"(d), "+S"(src), "+c"(b)
			 :
			 : "memory");
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (d < s) {
		while (n--)
			*d++ = *s++;
	} else {
		while (n--)
			d[n] = s[n];
	}
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	void *d = dst;
	size_t q = n / 8, b = n % 8;
	uint64_t v = 0x0101010101010101ULL * (unsigned char)c;

	/* REP STOSQ, then REP STOSB for the rest, as memcpy: the hypervisor
	 * zeroes all of guest RAM with it. */
	__asm__ volatile("rep stosq"
			 : "+D"(d), "+c"(q)
			 : "a"(v)
			 : "memory");
	__asm__ volatile("rep stosb"
			 : "+D"(d), "+c"(b)
			 : "a"(v)
			 : "memory");
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}
