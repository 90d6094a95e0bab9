/* Physical page allocator over a sorted array of free ranges. */
#include "kernel/pmm.h"

void pmm_init(struct pmm *p)
{
	p->n = 0;
	p->free_pages = 0;
	p->dropped = 0;
}

static void recount(struct pmm *p)
{
	p->free_pages = 0;
	for (unsigned i = 0; i < p->n; i++)
		p->free_pages += (p->r[i].end - p->r[i].base) / PAGE_SIZE;
}

static void insert_range(struct pmm *p, uint64_t base, uint64_t end)
{
	unsigned i = 0;

	if (base >= end)
		return;
	while (i < p->n && p->r[i].end < base)
		i++;
	/* Merge with every range that overlaps or touches [base, end). */
	if (i < p->n && p->r[i].base <= end) {
		if (base < p->r[i].base)
			p->r[i].base = base;
		if (end > p->r[i].end)
			p->r[i].end = end;
		unsigned j = i + 1;
		while (j < p->n && p->r[j].base <= p->r[i].end) {
			if (p->r[j].end > p->r[i].end)
				p->r[i].end = p->r[j].end;
			j++;
		}
		unsigned gone = j - i - 1;
		for (unsigned k = i + 1; k + gone < p->n; k++)
			p->r[k] = p->r[k + gone];
		p->n -= gone;
	} else {
		if (p->n == PMM_MAX_RANGES) {
			p->dropped++;
			return;
		}
		for (unsigned k = p->n; k > i; k--)
			p->r[k] = p->r[k - 1];
		p->r[i].base = base;
		p->r[i].end = end;
		p->n++;
	}
	recount(p);
}

void pmm_add(struct pmm *p, uint64_t base, uint64_t pages)
{
	uint64_t end;
	if (pages > (UINT64_MAX - base) / PAGE_SIZE)
		return;		/* wraps: not real memory */
	end = base + pages * PAGE_SIZE;
	if (base > UINT64_MAX - (PAGE_SIZE - 1))
		return;		/* in the last page: rounding up would wrap */
	base = (base + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	end &= ~(PAGE_SIZE - 1);
	if (base == 0)
		base = PAGE_SIZE;	/* 0 means "no memory" to callers */
	insert_range(p, base, end);
}

void pmm_add_memmap(struct pmm *p, const struct hv_mem_range *map,
		    unsigned n, uint64_t min_addr, uint64_t max_addr)
{
	for (unsigned i = 0; i < n; i++) {
		uint64_t base = map[i].base, end;
		if (map[i].kind != HV_MEM_FREE)
			continue;
		if (map[i].pages > (UINT64_MAX - base) / PAGE_SIZE)
			continue;
		end = base + map[i].pages * PAGE_SIZE;
		if (base < min_addr)
			base = min_addr;
		if (end > max_addr)
			end = max_addr;
		/* Round base up before counting pages: counting from an
		 * unaligned base would lose the last whole page. */
		if (base >= end || base > UINT64_MAX - (PAGE_SIZE - 1))
			continue;
		base = (base + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
		if (base < end)
			pmm_add(p, base, (end - base) / PAGE_SIZE);
	}
}

uint64_t pmm_alloc(struct pmm *p, uint64_t pages, uint64_t align)
{
	if (pages == 0 || pages > UINT64_MAX / PAGE_SIZE)
		return 0;
	if (align < PAGE_SIZE || (align & (align - 1)))
		return 0;
	uint64_t size = pages * PAGE_SIZE;

	for (unsigned i = 0; i < p->n; i++) {
		uint64_t base = (p->r[i].base + align - 1) & ~(align - 1);
		if (base < p->r[i].base || base >= p->r[i].end ||
		    p->r[i].end - base < size)
			continue;
		uint64_t end = base + size;
		uint64_t old_base = p->r[i].base, old_end = p->r[i].end;
		/* Cut [base, end) out: what is left on each side stays. */
		if (old_base == base && old_end == end) {
			for (unsigned k = i; k + 1 < p->n; k++)
				p->r[k] = p->r[k + 1];
			p->n--;
		} else if (old_base == base) {
			p->r[i].base = end;
		} else if (old_end == end) {
			p->r[i].end = base;
		} else {
			if (p->n == PMM_MAX_RANGES)
				continue;	/* cannot split: try elsewhere */
			for (unsigned k = p->n; k > i + 1; k--)
				p->r[k] = p->r[k - 1];
			p->n++;
			p->r[i].end = base;
			p->r[i + 1].base = end;
			p->r[i + 1].end = old_end;
		}
		p->free_pages -= pages;
		return base;
	}
	return 0;
}

void pmm_free(struct pmm *p, uint64_t base, uint64_t pages)
{
	pmm_add(p, base, pages);
}
