/* Fuzzes boot/config.c with the input as \hv\hv.conf. What the parser
 * accepts must pass the kernel's own check of the handed-over struct
 * (hv_config_check), so the loader can never hand the kernel a
 * configuration it refuses; a refusal must carry a message and a line
 * within the file; describing the result must stay in its buffer. */
#include <string.h>

#include "boot/config.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hv_config c, c2;
	struct hv_config_error e, e2;
	char *text = malloc(size ? size : 1);	/* exactly sized, no NUL */
	char line[160];
	unsigned lines = 1;
	int r;

	FUZZ_CHECK(text);
	memcpy(text, data, size);
	for (size_t i = 0; i < size; i++)
		if (text[i] == '\n' || text[i] == '\r')
			lines++;

	r = hv_config_parse(text, size, &c, &e);
	FUZZ_CHECK(r == 0 || r == -1);
	FUZZ_CHECK(memchr(e.msg, '\0', sizeof(e.msg)) != NULL);
	if (r == 0) {
		struct hv_config_error ce;
		FUZZ_CHECK(e.line == 0 && e.msg[0] == '\0');
		if (hv_config_check(&c, &ce) != 0) {
			fprintf(stderr, "accepted, then refused: %s\n", ce.msg);
			FUZZ_CHECK(!"the kernel's check refuses what the loader accepted");
		}
		FUZZ_CHECK(c.memory_mib >= HV_CONF_MIN_MEMORY_MIB &&
			   c.memory_mib <= HV_CONF_MAX_MEMORY_MIB);
		FUZZ_CHECK(c.guest <= HV_GUEST_MULTIBOOT);
		FUZZ_CHECK(c.guest != HV_GUEST_LINUX || c.kernel[0] == '\\');
		FUZZ_CHECK(c.guest != HV_GUEST_MULTIBOOT || c.kernel[0] == '\\');
		FUZZ_CHECK(c.guest == HV_GUEST_MULTIBOOT || c.queue[0] == '\0');
		/* The loader reads the queue path by path: each absolute,
		 * at most HV_CONF_QUEUE_MAX of them. */
		{
			char path[HV_CONF_PATH_MAX];
			size_t pos = 0, nq = 0;
			while (!hv_config_queue_next(c.queue, &pos, path)) {
				FUZZ_CHECK(path[0] == '\\');
				FUZZ_CHECK(++nq <= HV_CONF_QUEUE_MAX);
			}
		}
		FUZZ_CHECK(memchr(c.cmdline, '\0', sizeof(c.cmdline)) != NULL);
		int n = hv_config_describe(&c, line, sizeof(line));
		FUZZ_CHECK(n > 0 && strlen(line) == (size_t)n &&
			   (size_t)n < sizeof(line));
	} else {
		FUZZ_CHECK(e.msg[0] != '\0');
		FUZZ_CHECK(e.line <= lines);
	}
	/* The same bytes, the same answer. */
	r = hv_config_parse(text, size, &c2, &e2) == r;
	FUZZ_CHECK(r);
	FUZZ_CHECK(e2.line == e.line && strcmp(e2.msg, e.msg) == 0);
	FUZZ_CHECK(memcmp(&c, &c2, sizeof(c)) == 0);
	free(text);
	return 0;
}
