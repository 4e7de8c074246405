/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Oracle: accepted ⇒ nested at most SPEC_MAX_DEPTH (64) levels, measured on the tree the
 * parser returned and, independently, on the text; and refused for depth ⇒ the text
 * really nests deeper. Both the raw parser and the config entry point are driven.
 */
#include <stdbool.h>

#include "../../spec/json.h"
#include "../../spec/spec.h"
#include "fuzz.h"

/* Depth of a tree; stops counting past limit so a broken guard cannot overflow here. */
static int tree_depth(yajl_val v, int limit)
{
	int max = 0;

	if (!YAJL_IS_OBJECT(v) && !YAJL_IS_ARRAY(v))
		return 0;
	if (limit == 0)
		return 1;
	if (YAJL_IS_OBJECT(v)) {
		for (size_t i = 0; i < v->u.object.len; i++) {
			int d = tree_depth(v->u.object.values[i], limit - 1);
			max = d > max ? d : max;
		}
	} else {
		for (size_t i = 0; i < v->u.array.len; i++) {
			int d = tree_depth(v->u.array.values[i], limit - 1);
			max = d > max ? d : max;
		}
	}
	return max + 1;
}

/* The deepest nesting of the text read as plain JSON (strings with escapes, no comments):
 * exact on every text the parser accepts, and on the prefix it read before refusing. */
static int text_depth(const uint8_t *s, size_t n)
{
	bool in_str = false, esc = false;
	int depth = 0, max = 0;

	for (size_t i = 0; i < n; i++) {
		if (in_str) {
			if (esc)
				esc = false;
			else if (s[i] == '\\')
				esc = true;
			else if (s[i] == '"')
				in_str = false;
		} else if (s[i] == '"') {
			in_str = true;
		} else if (s[i] == '{' || s[i] == '[') {
			max = ++depth > max ? depth : max;
		} else if (s[i] == '}' || s[i] == ']') {
			depth--;
		}
	}
	return max;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct spec_config *cfg = NULL;
	struct lc_err err = {0};
	yajl_val tree = NULL;
	int r, td, xd;

	r = spec_json_parse((const char *)data, size, "t.json", &tree, &err);
	fuzz_check_result(r, tree, &err, "t.json");
	xd = text_depth(data, size);
	if (r == 0) {
		td = tree_depth(tree, SPEC_MAX_DEPTH + 1);
		FUZZ_ASSERT(td <= SPEC_MAX_DEPTH, "accepted a tree %d deep", td);
		FUZZ_ASSERT(xd == td, "text nests %d, tree %d", xd, td);
		yajl_tree_free(tree);
	} else if (strstr(err.msg, "nested deeper than")) {
		FUZZ_ASSERT(xd > SPEC_MAX_DEPTH, "refused for depth, text nests %d: %s", xd,
			    err.msg);
	}
	r = spec_parse_config((const char *)data, size, "config.json", &cfg, &err);
	fuzz_check_result(r, cfg, &err, "config.json");
	if (r == 0) {
		FUZZ_ASSERT(xd <= SPEC_MAX_DEPTH, "config accepted, text nests %d", xd);
		spec_config_free(cfg);
	}
	return 0;
}
