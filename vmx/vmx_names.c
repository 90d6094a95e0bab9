/* Name tables generated from the X-macros; see vmx_names.h. */
#include "vmx/vmcs_fields.h"
#include "vmx/vmx_defs.h"
#include "vmx/vmx_names.h"

static const struct {
	unsigned encoding;
	const char *name;
} fields[] = {
#define FIELD_NAME(name, enc) { enc, #name },
	VMCS_FIELDS(FIELD_NAME)
#undef FIELD_NAME
};

static const char *const exit_names[VMX_EXIT_REASON_MAX] = {
#define EXIT_NAME(name, nr, text) [nr] = text,
	VMX_EXIT_REASONS(EXIT_NAME)
#undef EXIT_NAME
};

static const char *const error_names[29] = {
#define ERROR_NAME(nr, text) [nr] = text,
	VMX_INSTRUCTION_ERRORS(ERROR_NAME)
#undef ERROR_NAME
};

const char *vmcs_field_name(unsigned encoding)
{
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (fields[i].encoding == encoding)
			return fields[i].name;
	return NULL;
}

size_t vmcs_field_count(void)
{
	return sizeof(fields) / sizeof(fields[0]);
}

unsigned vmcs_field_at(size_t i)
{
	return i < vmcs_field_count() ? fields[i].encoding : 0;
}

const char *exit_reason_name(unsigned basic_reason)
{
	if (basic_reason < VMX_EXIT_REASON_MAX && exit_names[basic_reason])
		return exit_names[basic_reason];
	return "unknown exit reason";
}

const char *vm_instruction_error_name(unsigned error)
{
	if (error < sizeof(error_names) / sizeof(error_names[0]) &&
	    error_names[error])
		return error_names[error];
	return "unknown error";
}
