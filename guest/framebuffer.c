/* The guest's screen; see framebuffer.h. */
#include "guest/boot_params.h"
#include "guest/fb_plan.h"
#include "guest/framebuffer.h"
#include "kernel/kstring.h"
#include "kernel/log.h"
#include "vmx/ept.h"

bool guest_framebuffer_attach(struct vm *vm, const struct linux_plan *plan,
			      const struct hv_framebuffer *fb)
{
	struct guest_fb_plan p;
	uint8_t *zp;
	int err;

	if (!fb->base)
		return false;
	if (guest_fb_plan(fb, vm->vmx.ram_size, &p)) {
		log_warn("guest: no screen: a %llu-byte framebuffer does not fit at 0x%llx",
			 (unsigned long long)fb->size,
			 (unsigned long long)GUEST_FB_GPA);
		return false;
	}
	zp = vm_gpa_to_hva(vm, plan->zero_page, BOOT_PARAMS_SIZE);
	if (!zp)
		return false;
	err = boot_params_set_screen(zp, &p.fb);
	if (err) {
		log_warn("guest: no screen: %s", boot_params_strerror(err));
		return false;
	}
	/* Write-combining, as the EFI stub's efifb maps it (ioremap_wc);
	 * the guest's PAT still applies on top (SDM Vol. 3C 29.3.7.2).
	 * Executable too: a CPU fetches from video memory as from any
	 * memory, and a guest that jumps there must not stop the VM. */
	err = ept_map(&vm->vmx.ept, p.map_gpa, p.map_hpa, p.map_len,
		      EPT_READ | EPT_WRITE | EPT_EXEC, EPT_MT_WC);
	if (err == EPT_EEXIST && vm->restarts)
		err = 0;	/* mapped before the guest's reset: still is */
	if (err) {
		memset(zp, 0, sizeof(struct screen_info));
		log_warn("guest: no screen: EPT: %s", ept_strerror(err));
		return false;
	}
	log_info("guest: screen %ux%u, framebuffer at guest 0x%llx (host 0x%llx), write-combining",
		 fb->width, fb->height, (unsigned long long)p.fb.gpa,
		 (unsigned long long)fb->base);
	return true;
}
