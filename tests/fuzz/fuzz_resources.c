/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The linux.resources JSON of `update --resources FILE`. */
#include "../../spec/spec.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct spec_resources *res = NULL;
	struct lc_err err = {0};
	int r;

	r = spec_parse_resources_json((const char *)data, size, "resources.json", &res, &err);
	fuzz_check_result(r, res, &err, "resources.json");
	spec_resources_free(res);
	return 0;
}
