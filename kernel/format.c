/* printf-style formatting; see format.h. */
#include <stdint.h>
#include "kernel/format.h"

struct out {
	char *buf;
	size_t size;
	size_t len;		/* characters produced so far, even if cut */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static void put_num(struct out *o, uint64_t v, unsigned base, int upper,
		    int neg, int width, int zero, int left, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, plen = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (neg)
		plen = 1;
	else if (prefix)
		while (prefix[plen])
			plen++;

	int fill = width - n - plen;
	if (!left && !zero)
		pad(o, ' ', fill);
	if (neg)
		put(o, '-');
	else
		for (int i = 0; i < plen; i++)
			put(o, prefix[i]);
	if (!left && zero)
		pad(o, '0', fill);
	while (n)
		put(o, tmp[--n]);
	if (left)
		pad(o, ' ', fill);
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		int left = 0, zero = 0, alt = 0, width = 0, lng = 0;
		for (;; fmt++) {
			if (*fmt == '-')
				left = 1;
			else if (*fmt == '0')
				zero = 1;
			else if (*fmt == '#')
				alt = 1;
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				width = width * 10 + (*fmt++ - '0');
		}
		int prec = -1;
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + (*fmt++ - '0');
			}
		}
		/* Length: 0 int, 1 long, 2 long long, 3 size_t, -1 short, -2 char. */
		if (*fmt == 'l') {
			lng = 1;
			if (*++fmt == 'l') {
				lng = 2;
				fmt++;
			}
		} else if (*fmt == 'z') {
			lng = 3;
			fmt++;
		} else if (*fmt == 'h') {
			lng = -1;
			if (*++fmt == 'h') {
				lng = -2;
				fmt++;
			}
		}

		uint64_t u;
		int64_t s;
		switch (*fmt) {
		case 'd':
		case 'i':
			if (lng == 1)
				s = va_arg(ap, long);
			else if (lng == 2)
				s = va_arg(ap, long long);
			else if (lng == 3)
				s = (int64_t)va_arg(ap, size_t);
			else if (lng == -1)
				s = (short)va_arg(ap, int);
			else if (lng == -2)
				s = (signed char)va_arg(ap, int);
			else
				s = va_arg(ap, int);
			u = s < 0 ? (uint64_t)0 - (uint64_t)s : (uint64_t)s;
			put_num(&o, u, 10, 0, s < 0, width, zero, left, NULL);
			break;
		case 'u':
		case 'x':
		case 'X':
			if (lng == 1)
				u = va_arg(ap, unsigned long);
			else if (lng == 2)
				u = va_arg(ap, unsigned long long);
			else if (lng == 3)
				u = va_arg(ap, size_t);
			else if (lng == -1)
				u = (unsigned short)va_arg(ap, unsigned);
			else if (lng == -2)
				u = (unsigned char)va_arg(ap, unsigned);
			else
				u = va_arg(ap, unsigned);
			if (*fmt == 'u')
				put_num(&o, u, 10, 0, 0, width, zero, left, NULL);
			else
				put_num(&o, u, 16, *fmt == 'X', 0, width, zero,
					left, alt ? "0x" : NULL);
			break;
		case 'p':
			u = (uintptr_t)va_arg(ap, void *);
			put_num(&o, u, 16, 0, 0, width, zero, left, "0x");
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);
			int n = 0;
			if (!str)
				str = "(null)";
			while ((prec < 0 || n < prec) && str[n])
				n++;
			if (!left)
				pad(&o, ' ', width - n);
			for (int i = 0; i < n; i++)
				put(&o, str[i]);
			if (left)
				pad(&o, ' ', width - n);
			break;
		}
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--;	/* a lone '%' at the end: stop */
			break;
		default:	/* unknown conversion: print it as it stands */
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
