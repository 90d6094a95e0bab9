/* Parser for \hv\hv.conf; see config.h for the format. */
#include "boot/config.h"

static void set_defaults(struct hv_config *c)
{
	unsigned char *p = (unsigned char *)c;
	for (size_t i = 0; i < sizeof(*c); i++)
		p[i] = 0;
	c->guest = HV_GUEST_TEST;
	c->memory_mib = HV_CONF_DEFAULT_MEMORY_MIB;
	c->on_exit = HV_EXIT_POWEROFF;
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

/* Compares the counted string [s, s+n) with the C string word. */
static int word_is(const char *s, size_t n, const char *word)
{
	size_t i = 0;
	for (; i < n; i++)
		if (word[i] != s[i] || word[i] == '\0')
			return 0;
	return word[i] == '\0';
}

/* Copies a counted string into a fixed buffer; -1 if it does not fit. */
static int copy_value(char *dst, size_t cap, const char *s, size_t n)
{
	if (n + 1 > cap)
		return -1;
	for (size_t i = 0; i < n; i++)
		dst[i] = s[i];
	dst[n] = '\0';
	return 0;
}

static int parse_mib(const char *s, size_t n, uint32_t *out)
{
	uint32_t v = 0;
	if (n == 0 || n > 5)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint32_t)(s[i] - '0');
	}
	if (v < HV_CONF_MIN_MEMORY_MIB || v > HV_CONF_MAX_MEMORY_MIB)
		return -1;
	*out = v;
	return 0;
}

/* Handles one key/value pair; returns NULL or the reason it is wrong. */
static const char *apply(struct hv_config *c, const char *k, size_t kn,
			 const char *v, size_t vn)
{
	if (word_is(k, kn, "guest")) {
		if (word_is(v, vn, "linux"))
			c->guest = HV_GUEST_LINUX;
		else if (word_is(v, vn, "test"))
			c->guest = HV_GUEST_TEST;
		else if (word_is(v, vn, "conformance"))
			c->guest = HV_GUEST_CONFORMANCE;
		else
			return "guest must be 'linux', 'test' or 'conformance'";
	} else if (word_is(k, kn, "kernel")) {
		if (vn == 0 || copy_value(c->kernel, sizeof(c->kernel), v, vn))
			return "kernel path empty or longer than 63 bytes";
	} else if (word_is(k, kn, "initrd")) {
		if (vn == 0 || copy_value(c->initrd, sizeof(c->initrd), v, vn))
			return "initrd path empty or longer than 63 bytes";
	} else if (word_is(k, kn, "cmdline")) {
		if (copy_value(c->cmdline, sizeof(c->cmdline), v, vn))
			return "cmdline longer than 1023 bytes";
	} else if (word_is(k, kn, "memory")) {
		if (parse_mib(v, vn, &c->memory_mib))
			return "memory must be a number of MiB from 16 to 3072";
	} else if (word_is(k, kn, "on_exit")) {
		if (word_is(v, vn, "poweroff"))
			c->on_exit = HV_EXIT_POWEROFF;
		else if (word_is(v, vn, "halt"))
			c->on_exit = HV_EXIT_HALT;
		else
			return "on_exit must be 'poweroff' or 'halt'";
	} else if (word_is(k, kn, "trace")) {
		if (word_is(v, vn, "exits"))
			c->trace = HV_TRACE_EXITS;
		else if (word_is(v, vn, "none"))
			c->trace = 0;
		else
			return "trace must be 'none' or 'exits'";
	} else {
		return "unknown key";
	}
	return NULL;
}

int hv_config_parse(const char *text, size_t len, struct hv_config *out,
		    struct hv_config_error *err)
{
	size_t pos = 0;
	unsigned line = 0;

	set_defaults(out);
	err->line = 0;
	err->reason = NULL;

	while (pos < len) {
		size_t start = pos, end, eq;
		line++;
		while (pos < len && text[pos] != '\n')
			pos++;
		end = pos;
		pos++;		/* past the newline */

		if (end - start > HV_CONF_LINE_MAX) {
			err->line = line;
			err->reason = "line too long";
			return -1;
		}
		for (size_t i = start; i < end; i++) {
			if (text[i] == '\0' || text[i] == '#') {
				end = i;
				break;
			}
		}
		while (start < end && is_space(text[start]))
			start++;
		while (end > start && is_space(text[end - 1]))
			end--;
		if (start == end)
			continue;

		for (eq = start; eq < end && text[eq] != '='; eq++)
			;
		if (eq == end) {
			err->line = line;
			err->reason = "expected 'key = value'";
			return -1;
		}
		size_t kend = eq, vstart = eq + 1;
		while (kend > start && is_space(text[kend - 1]))
			kend--;
		while (vstart < end && is_space(text[vstart]))
			vstart++;
		const char *why = apply(out, text + start, kend - start,
					text + vstart, end - vstart);
		if (why) {
			err->line = line;
			err->reason = why;
			return -1;
		}
	}
	if (out->guest == HV_GUEST_LINUX && out->kernel[0] == '\0') {
		err->line = line;
		err->reason = "guest = linux needs a kernel = line";
		return -1;
	}
	return 0;
}
