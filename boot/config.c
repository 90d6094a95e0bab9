/* Parser for \hv\hv.conf; see config.h for the format.
 *
 * The keys are one table: a key is a line there (its name, the kind of
 * value, the field of struct hv_config it fills). Error messages, the
 * "accepted" lists, the duplicate check, hv_config_check and the log's
 * description all come from the table. */
#include "boot/config.h"
#include "kernel/format.h"

enum key_kind {
	K_WORD,		/* one of a list of words; the field holds its index */
	K_MIB,		/* a decimal number of MiB in [min, max] */
	K_PATH,		/* a path on the ESP, '/' taken as '\' */
	K_TEXT,		/* any text that fits */
	K_PATHS,	/* K_PATH values, one or more blanks apart */
};

struct conf_key {
	const char *name;
	enum key_kind kind;
	size_t offset;		/* of the field in struct hv_config */
	size_t size;		/* of the field */
	const char *const *words;	/* K_WORD: NULL-terminated, [0] default */
	uint32_t min, max, def;		/* K_MIB */
	int required;
};

#define FIELD(f) .offset = offsetof(struct hv_config, f), \
		 .size = sizeof(((struct hv_config *)0)->f)
#define WORD_KEY(n, f, ...) { .name = n, .kind = K_WORD, FIELD(f), \
		.words = (const char *const[]){ __VA_ARGS__, NULL } }
#define REQUIRED_WORD_KEY(n, f, ...) { .name = n, .kind = K_WORD, FIELD(f), \
		.words = (const char *const[]){ __VA_ARGS__, NULL }, .required = 1 }
#define MIB_KEY(n, f, lo, hi, d) { .name = n, .kind = K_MIB, FIELD(f), \
		.min = lo, .max = hi, .def = d }
#define PATH_KEY(n, f) { .name = n, .kind = K_PATH, FIELD(f) }
#define TEXT_KEY(n, f) { .name = n, .kind = K_TEXT, FIELD(f) }
#define PATHS_KEY(n, f) { .name = n, .kind = K_PATHS, FIELD(f) }

/* The keys. A word key's list is in the order of its enum in config.h;
 * its first word is the default. */
static const struct conf_key keys[] = {
	REQUIRED_WORD_KEY("guest", guest, "test", "linux", "conformance",
			  "multiboot"),
	PATH_KEY("kernel", kernel),
	PATH_KEY("initrd", initrd),
	TEXT_KEY("cmdline", cmdline),
	MIB_KEY("memory", memory_mib, HV_CONF_MIN_MEMORY_MIB,
		HV_CONF_MAX_MEMORY_MIB, HV_CONF_DEFAULT_MEMORY_MIB),
	WORD_KEY("on_exit", on_exit, "poweroff", "halt"),
	WORD_KEY("trace", trace, "none", "exits"),
	WORD_KEY("on_reset", on_reset, "restart", "poweroff"),
	PATHS_KEY("queue", queue),
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))
_Static_assert(NKEYS <= 32, "struct hv_config's set mask has 32 bits");

#define KEY_GUEST  0		/* keys[0] */
#define KEY_KERNEL 1		/* keys[1] */
#define KEY_QUEUE  8		/* keys[8] */
#define PATH_ACCEPTED "a path on the ESP of at most 63 characters, e.g. \\hv\\bzImage"
#define PATHS_ACCEPTED "up to 48 paths on the ESP one blank apart, e.g. \\k\\a.flat \\k\\b.flat"
/* How much of an offending key or value a message quotes. */
#define QUOTE_MAX 40

static uint32_t *u32_field(struct hv_config *c, const struct conf_key *k)
{
	return (uint32_t *)((char *)c + k->offset);
}

static const uint32_t *u32_field_c(const struct hv_config *c,
				   const struct conf_key *k)
{
	return (const uint32_t *)((const char *)c + k->offset);
}

static char *str_field(struct hv_config *c, const struct conf_key *k)
{
	return (char *)c + k->offset;
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t';
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

static size_t bounded_len(const char *s, size_t cap)
{
	size_t n = 0;
	while (n < cap && s[n])
		n++;
	return n;
}

static int say(struct hv_config_error *err, unsigned line, const char *fmt,
	       ...) __attribute__((format(printf, 3, 4)));
static int say(struct hv_config_error *err, unsigned line, const char *fmt,
	       ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	err->line = line;
	return -1;
}

/* "a, b, c": a key's words, or every key's name (words NULL). */
static void list(char *buf, size_t size, const char *const *words)
{
	size_t n = 0;
	size_t count = words ? 0 : NKEYS;

	if (words)
		while (words[count])
			count++;
	buf[0] = '\0';
	for (size_t i = 0; i < count && n < size; i++)
		n += (size_t)ksnprintf(buf + n, size - n, "%s%s", i ? ", " : "",
				       words ? words[i] : keys[i].name);
}

/* Quotes at most QUOTE_MAX bytes of [s, s+n), "..." marking a cut. */
static const char *quote(char *buf, const char *s, size_t n)
{
	size_t q = n > QUOTE_MAX ? QUOTE_MAX : n;
	for (size_t i = 0; i < q; i++)
		buf[i] = s[i];
	buf[q] = '\0';
	if (q < n) {
		buf[q] = '.';
		buf[q + 1] = '.';
		buf[q + 2] = '.';
		buf[q + 3] = '\0';
	}
	return buf;
}

/* NULL if the path p (NUL-terminated, '/' already turned into '\') is
 * acceptable, else why not. */
static const char *path_problem(const char *p)
{
	size_t n = 0;

	if (p[0] == '\0')
		return "empty";
	if (p[0] != '\\')
		return "not an absolute path";
	for (; p[n]; n++)
		if ((unsigned char)p[n] < 0x20 || (unsigned char)p[n] > 0x7E)
			return "not printable ASCII";
	/* A component "." or "..": the firmware refuses ".." above the
	 * root with an error of its own, and both only obscure the path. */
	for (size_t i = 0; i < n; i++) {
		size_t j = i + 1, len;
		if (p[i] != '\\')
			continue;
		while (j < n && p[j] != '\\')
			j++;
		len = j - i - 1;
		if ((len == 1 && p[i + 1] == '.') ||
		    (len == 2 && p[i + 1] == '.' && p[i + 2] == '.'))
			return "'.' and '..' are not accepted";
		if (j == n && len == 0)
			return "ends with '\\' (a directory)";
	}
	return NULL;
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
	*out = v;
	return 0;
}

/* NULL if s (NUL-terminated) is a list of 1 to HV_CONF_QUEUE_MAX
 * acceptable paths one blank apart, else why not; *bad_at is where the
 * offending path starts. */
static const char *paths_problem(const char *s, size_t *bad_at)
{
	char one[HV_CONF_PATH_MAX];
	size_t pos = 0, n = 0, start;
	const char *why;

	*bad_at = 0;
	if (s[0] == '\0')
		return "empty";
	for (;;) {
		while (s[pos] == ' ' || s[pos] == '\t')
			pos++;
		if (s[pos] == '\0')
			return NULL;
		start = pos;
		*bad_at = start;
		if (++n > HV_CONF_QUEUE_MAX)
			return "more than 48 paths";
		while (s[pos] && s[pos] != ' ' && s[pos] != '\t') {
			if (pos - start + 1 >= sizeof(one))
				return "a path longer than 63 characters";
			one[pos - start] = s[pos];
			pos++;
		}
		one[pos - start] = '\0';
		why = path_problem(one);
		if (why)
			return why;
	}
}

static int apply_paths(struct hv_config *c, const struct conf_key *k,
		       const char *v, size_t vn, unsigned line,
		       struct hv_config_error *err)
{
	char q[QUOTE_MAX + 4];
	const char *why;
	size_t at;
	char *f = str_field(c, k);

	if (vn + 1 > k->size)
		return say(err, line,
			   "bad value for %s: %u bytes (accepted: at most %u)",
			   k->name, (unsigned)vn, (unsigned)k->size - 1);
	for (size_t i = 0; i < vn; i++)
		f[i] = v[i] == '/' ? '\\' : v[i];
	f[vn] = '\0';
	why = paths_problem(f, &at);
	if (why)
		return say(err, line,
			   "bad value '%s' for %s: %s (accepted: %s)",
			   quote(q, f + at, bounded_len(f + at, vn - at)),
			   k->name, why, PATHS_ACCEPTED);
	return 0;
}

int hv_config_queue_next(const char *queue, size_t *pos, char *path)
{
	size_t p = *pos, n = 0;

	while (queue[p] == ' ' || queue[p] == '\t')
		p++;
	if (queue[p] == '\0')
		return -1;
	while (queue[p] && queue[p] != ' ' && queue[p] != '\t') {
		if (n + 1 < HV_CONF_PATH_MAX)
			path[n++] = queue[p];
		p++;
	}
	path[n] = '\0';
	*pos = p;
	return 0;
}

/* Sets key k from the value [v, v+vn) on this line. */
static int apply(struct hv_config *c, const struct conf_key *k,
		 const char *v, size_t vn, unsigned line,
		 struct hv_config_error *err)
{
	char acc[HV_CONF_MSG_MAX / 2], q[QUOTE_MAX + 4];
	const char *why;
	uint32_t num;

	switch (k->kind) {
	case K_WORD:
		for (uint32_t i = 0; k->words[i]; i++) {
			if (word_is(v, vn, k->words[i])) {
				*u32_field(c, k) = i;
				return 0;
			}
		}
		list(acc, sizeof(acc), k->words);
		return say(err, line, "bad value '%s' for %s (accepted: %s)",
			   quote(q, v, vn), k->name, acc);
	case K_MIB:
		if (parse_mib(v, vn, &num) || num < k->min || num > k->max)
			return say(err, line,
				   "bad value '%s' for %s (accepted: %u to %u, in MiB)",
				   quote(q, v, vn), k->name, k->min, k->max);
		*u32_field(c, k) = num;
		return 0;
	case K_PATH:
		if (vn + 1 > k->size)
			return say(err, line,
				   "bad value '%s' for %s: %u characters (accepted: %s)",
				   quote(q, v, vn), k->name, (unsigned)vn,
				   PATH_ACCEPTED);
		for (size_t i = 0; i < vn; i++)
			str_field(c, k)[i] = v[i] == '/' ? '\\' : v[i];
		str_field(c, k)[vn] = '\0';
		why = path_problem(str_field(c, k));
		if (why)
			return say(err, line,
				   "bad value '%s' for %s: %s (accepted: %s)",
				   quote(q, v, vn), k->name, why, PATH_ACCEPTED);
		return 0;
	case K_TEXT:
		if (vn + 1 > k->size)
			return say(err, line,
				   "bad value for %s: %u bytes (accepted: at most %u)",
				   k->name, (unsigned)vn, (unsigned)k->size - 1);
		for (size_t i = 0; i < vn; i++)
			str_field(c, k)[i] = v[i];
		str_field(c, k)[vn] = '\0';
		return 0;
	case K_PATHS:
		return apply_paths(c, k, v, vn, line, err);
	}
	return say(err, line, "key %s: no parser", k->name);
}

static void set_defaults(struct hv_config *c)
{
	unsigned char *p = (unsigned char *)c;
	for (size_t i = 0; i < sizeof(*c); i++)
		p[i] = 0;
	for (size_t i = 0; i < NKEYS; i++)
		if (keys[i].kind == K_MIB)
			*u32_field(c, &keys[i]) = keys[i].def;
}

/* One line [s, e) without its line end: 0, or -1 with err filled in. */
static int parse_line(struct hv_config *c, const char *s, const char *e,
		      unsigned line, unsigned *first_line,
		      struct hv_config_error *err)
{
	const char *line_start = s, *eq, *kend, *v;
	char acc[HV_CONF_MSG_MAX / 2], q[QUOTE_MAX + 4];

	if ((size_t)(e - s) > HV_CONF_LINE_MAX)
		return say(err, line, "line of %u bytes (accepted: at most %u)",
			   (unsigned)(e - s), HV_CONF_LINE_MAX);
	/* The whole line, comment included, must be text. */
	for (const char *p = s; p < e; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch == '\0')
			return say(err, line,
				   "NUL byte at column %u (accepted: text; hv.conf must be plain text)",
				   (unsigned)(p - line_start) + 1);
		if ((ch < 0x20 && ch != '\t') || ch == 0x7F)
			return say(err, line,
				   "control byte 0x%02x at column %u (accepted: text; hv.conf must be plain text)",
				   ch, (unsigned)(p - line_start) + 1);
	}
	for (const char *p = s; p < e; p++) {
		if (*p == '#') {
			e = p;
			break;
		}
	}
	while (s < e && is_space(*s))
		s++;
	while (e > s && is_space(e[-1]))
		e--;
	if (s == e)
		return 0;

	for (eq = s; eq < e && *eq != '='; eq++)
		;
	if (eq == e)
		return say(err, line, "expected 'key = value', found '%s'",
			   quote(q, s, (size_t)(e - s)));
	kend = eq;
	v = eq + 1;
	while (kend > s && is_space(kend[-1]))
		kend--;
	while (v < e && is_space(*v))
		v++;

	for (size_t i = 0; i < NKEYS; i++) {
		if (!word_is(s, (size_t)(kend - s), keys[i].name))
			continue;
		if (first_line[i])
			return say(err, line,
				   "duplicate key '%s' (first on line %u, again on line %u)",
				   keys[i].name, first_line[i], line);
		first_line[i] = line;
		c->set |= 1u << i;
		return apply(c, &keys[i], v, (size_t)(e - v), line, err);
	}
	list(acc, sizeof(acc), NULL);
	return say(err, line, "unknown key '%s' (accepted: %s)",
		   quote(q, s, (size_t)(kend - s)), acc);
}

int hv_config_parse(const char *text, size_t len, struct hv_config *out,
		    struct hv_config_error *err)
{
	unsigned first_line[NKEYS];
	size_t pos = 0;
	unsigned line = 0;

	set_defaults(out);
	err->line = 0;
	err->msg[0] = '\0';
	for (size_t i = 0; i < NKEYS; i++)
		first_line[i] = 0;

	/* A UTF-8 byte-order mark, as some editors write. */
	if (len >= 3 && (unsigned char)text[0] == 0xEF &&
	    (unsigned char)text[1] == 0xBB && (unsigned char)text[2] == 0xBF)
		pos = 3;
	if (pos == len) {
		char acc[HV_CONF_MSG_MAX / 2];
		list(acc, sizeof(acc), keys[KEY_GUEST].words);
		return say(err, 0,
			   "empty file: it must name the guest (accepted: %s)",
			   acc);
	}

	while (pos < len) {
		size_t start = pos;
		line++;
		while (pos < len && text[pos] != '\n' && text[pos] != '\r')
			pos++;
		if (parse_line(out, text + start, text + pos, line, first_line,
			       err))
			return -1;
		/* LF, CR LF, or a lone CR. */
		if (pos < len && text[pos] == '\r') {
			pos++;
			if (pos < len && text[pos] == '\n')
				pos++;
		} else if (pos < len) {
			pos++;
		}
	}

	for (size_t i = 0; i < NKEYS; i++) {
		char acc[HV_CONF_MSG_MAX / 2];
		if (!keys[i].required || first_line[i])
			continue;
		list(acc, sizeof(acc), keys[i].words);
		return say(err, 0, "no %s line: it must name the %s (accepted: %s)",
			   keys[i].name, keys[i].name, acc);
	}
	if (out->guest == HV_GUEST_LINUX && out->kernel[0] == '\0')
		return say(err, first_line[KEY_GUEST],
			   "guest = linux but no kernel line (accepted: kernel = %s)",
			   PATH_ACCEPTED);
	if (out->guest == HV_GUEST_MULTIBOOT && out->kernel[0] == '\0')
		return say(err, first_line[KEY_GUEST],
			   "guest = multiboot but no kernel line (accepted: kernel = %s)",
			   PATH_ACCEPTED);
	if (out->guest != HV_GUEST_MULTIBOOT && first_line[KEY_QUEUE])
		return say(err, first_line[KEY_QUEUE],
			   "queue is for guest = multiboot only");
	return 0;
}

int hv_config_check(const struct hv_config *c, struct hv_config_error *err)
{
	err->line = 0;
	err->msg[0] = '\0';
	for (size_t i = 0; i < NKEYS; i++) {
		const struct conf_key *k = &keys[i];
		const char *s = (const char *)c + k->offset;
		const char *why;
		char acc[HV_CONF_MSG_MAX / 2];
		uint32_t v, n = 0;

		if (k->required && !(c->set & (1u << i)))
			return say(err, 0, "no %s", k->name);
		switch (k->kind) {
		case K_WORD:
			v = *u32_field_c(c, k);
			while (k->words[n])
				n++;
			if (v >= n) {
				list(acc, sizeof(acc), k->words);
				return say(err, 0, "bad value %u for %s (accepted: %s)",
					   v, k->name, acc);
			}
			break;
		case K_MIB:
			v = *u32_field_c(c, k);
			if (v < k->min || v > k->max)
				return say(err, 0,
					   "bad value %u for %s (accepted: %u to %u, in MiB)",
					   v, k->name, k->min, k->max);
			break;
		case K_PATH:
		case K_TEXT:
		case K_PATHS:
			if (bounded_len(s, k->size) == k->size)
				return say(err, 0, "%s is not NUL-terminated",
					   k->name);
			if (k->kind == K_TEXT || s[0] == '\0')
				break;
			if (k->kind == K_PATHS) {
				size_t at;
				why = paths_problem(s, &at);
			} else {
				why = path_problem(s);
			}
			if (why)
				return say(err, 0, "bad value for %s: %s", k->name,
					   why);
			break;
		}
	}
	if (c->guest == HV_GUEST_LINUX && c->kernel[0] == '\0')
		return say(err, 0, "guest = linux but no kernel");
	if (c->guest == HV_GUEST_MULTIBOOT && c->kernel[0] == '\0')
		return say(err, 0, "guest = multiboot but no kernel");
	if (c->guest != HV_GUEST_MULTIBOOT && c->queue[0])
		return say(err, 0, "queue is for guest = multiboot only");
	return 0;
}

int hv_config_describe(const struct hv_config *c, char *buf, size_t size)
{
	int n = 0;

	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < NKEYS; i++) {
		const struct conf_key *k = &keys[i];
		const char *dflt = (c->set & (1u << i)) ? "" : " (default)";
		const char *sep = n ? ", " : "";
		size_t room = (size_t)n < size ? size - (size_t)n : 0;
		uint32_t v = *u32_field_c(c, k);

		if (k->kind == K_WORD) {
			uint32_t w = 0;
			while (k->words[w] && w < v)
				w++;
			n += ksnprintf(buf + (size - room), room, "%s%s = %s%s",
				       sep, k->name,
				       k->words[w] ? k->words[w] : "?", dflt);
		} else if (k->kind == K_MIB) {
			n += ksnprintf(buf + (size - room), room, "%s%s = %u%s",
				       sep, k->name, v, dflt);
		}
	}
	return n;
}
