/* Tests for guest/fb_plan.c: where the guest sees the framebuffer, and
 * the EPT mapping that puts it there. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "guest/fb_plan.h"

#define MiB(x) ((uint64_t)(x) << 20)

/* QEMU's standard VGA under OVMF. */
static const struct hv_framebuffer qemu = {
	.base = 0xC0000000, .size = 4096000, .width = 1280, .height = 800,
	.stride = 1280, .format = HV_FB_BGRX8, .red_mask = 0xFF0000,
	.green_mask = 0xFF00, .blue_mask = 0xFF, .reserved_mask = 0xFF000000,
};

static void test_plan_qemu(void **state)
{
	struct guest_fb_plan p;

	(void)state;
	assert_int_equal(guest_fb_plan(&qemu, MiB(256), &p), 0);
	assert_int_equal(p.fb.gpa, 0xC0000000);
	assert_int_equal(p.fb.size, 4096000);
	assert_int_equal(p.fb.width, 1280);
	assert_int_equal(p.fb.height, 800);
	assert_int_equal(p.fb.stride, 1280);
	assert_int_equal(p.fb.red_mask, 0xFF0000);
	assert_int_equal(p.fb.reserved_mask, 0xFF000000);
	assert_int_equal(p.map_gpa, 0xC0000000);
	assert_int_equal(p.map_hpa, 0xC0000000);
	assert_int_equal(p.map_len, 4096000);	/* 1000 pages exactly */
	/* the largest guest RAM (3072 MiB) ends where it starts */
	assert_int_equal(guest_fb_plan(&qemu, MiB(3072), &p), 0);
	assert_int_equal(guest_fb_plan(&qemu, MiB(3072) + 4096, &p), -1);
}

/* A high, unaligned base keeps its page offset; the mapping covers
 * whole pages. */
static void test_plan_high_unaligned(void **state)
{
	struct hv_framebuffer fb = qemu;
	struct guest_fb_plan p;

	(void)state;
	fb.base = 0x4000000123ull;
	fb.size = 0x1000;
	assert_int_equal(guest_fb_plan(&fb, MiB(32), &p), 0);
	assert_int_equal(p.fb.gpa, 0xC0000123);
	assert_int_equal(p.map_hpa, 0x4000000000ull);
	assert_int_equal(p.map_gpa, 0xC0000000);
	assert_int_equal(p.map_len, 0x2000);
}

static void test_plan_refused(void **state)
{
	struct hv_framebuffer fb = qemu;
	struct guest_fb_plan p;

	(void)state;
	fb.base = 0;				/* no framebuffer */
	assert_int_equal(guest_fb_plan(&fb, MiB(256), &p), -1);
	fb = qemu;
	fb.size = 0;
	assert_int_equal(guest_fb_plan(&fb, MiB(256), &p), -1);
	fb = qemu;
	/* exactly up to the IOAPIC window fits, a byte more does not */
	fb.size = GUEST_FB_END - GUEST_FB_GPA;
	assert_int_equal(guest_fb_plan(&fb, MiB(256), &p), 0);
	fb.size++;
	assert_int_equal(guest_fb_plan(&fb, MiB(256), &p), -1);
	fb.base = 0xC0000800;			/* the offset counts too */
	fb.size = GUEST_FB_END - GUEST_FB_GPA - 0x800;
	assert_int_equal(guest_fb_plan(&fb, MiB(256), &p), 0);
	fb.size++;
	assert_int_equal(guest_fb_plan(&fb, MiB(256), &p), -1);
	fb.base = 0xFFFFFFFFFFFFF000ull;	/* wraps */
	fb.size = 0x2000;
	assert_int_equal(guest_fb_plan(&fb, MiB(256), &p), -1);
	assert_int_equal(guest_fb_plan(NULL, MiB(256), &p), -1);
	assert_int_equal(guest_fb_plan(&qemu, MiB(256), NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_qemu),
		cmocka_unit_test(test_plan_high_unaligned),
		cmocka_unit_test(test_plan_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
