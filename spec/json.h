/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * yajl_tree helpers for spec/: a parse context that tracks the JSON path of the value
 * being read, so every error names it ("config.json: process.args[0]: expected a string"),
 * typed getters with range checks, and a table-driven object walker.
 */
#ifndef RUNH_SPEC_JSON_H
#define RUNH_SPEC_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <yajl/yajl_gen.h>
#include <yajl/yajl_tree.h>

#include "../libcontainer/error.h"
#include "spec.h"

struct spec_kv;

struct spec_ctx {
	const char *fname;
	struct lc_err *err;
	char path[512];
	size_t len;
	bool lenient; /* for `runh audit`: accept what runh refuses to run but can report */
	struct spec_warnings *warnings; /* NULL: warnings are dropped */
};

enum spec_ftype {
	SPEC_F_STR,
	SPEC_F_BOOL,
	SPEC_F_U32,
	SPEC_F_I32,
	SPEC_F_U64,
	SPEC_F_I64,
	SPEC_F_STRV,	/* char ** (NULL-terminated) + size_t count at aux */
	SPEC_F_OPT_I64, /* struct spec_opt_i64 */
	SPEC_F_OPT_U64, /* struct spec_opt_u64 */
	SPEC_F_CUSTOM,
};

typedef int (*spec_field_fn)(struct spec_ctx *ctx, yajl_val v, void *obj);

struct spec_field {
	const char *name;
	enum spec_ftype type;
	size_t off;
	ssize_t aux; /* offset of the has_ flag (bool) or of the count (STRV); -1 = none */
	spec_field_fn fn;
};

#define SPEC_FIELD(n, t, st, m)                 \
	{                                       \
		n, t, offsetof(st, m), -1, NULL \
	}
#define SPEC_FIELD_HAS(n, t, st, m, h)                                \
	{                                                             \
		n, t, offsetof(st, m), (ssize_t)offsetof(st, h), NULL \
	}
#define SPEC_FIELD_STRV(n, st, m, cnt)                                            \
	{                                                                         \
		n, SPEC_F_STRV, offsetof(st, m), (ssize_t)offsetof(st, cnt), NULL \
	}
#define SPEC_FIELD_FN(n, f)                \
	{                                  \
		n, SPEC_F_CUSTOM, 0, -1, f \
	}

/* Fail at the current path: "fname: path: message". Returns -EINVAL. */
int spec_fail(struct spec_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Note a warning about the key at the current path ("fname: path: message") in
 * ctx->warnings; near: the property it likely means, or NULL. */
void spec_warn(struct spec_ctx *ctx, enum spec_warn_kind kind, const char *near, const char *fmt,
	       ...) __attribute__((format(printf, 4, 5)));
size_t spec_push_key(struct spec_ctx *ctx, const char *key);
size_t spec_push_index(struct spec_ctx *ctx, size_t i);
void spec_pop(struct spec_ctx *ctx, size_t saved);

/* Walk an object: every known key goes to its field; JSON null is the same as absent.
 * An unknown key is ignored with a warning and a "did you mean" (silently when it is a
 * runtime-spec property runh does not implement), except a key that differs from a known
 * one only in case: runc's parser (Go's encoding/json) reads "readOnly" as "readonly", so
 * runh does the same, with a warning, rather than run the config less isolated than runc
 * would.  When the exact key is there too, the other spelling is ignored. */
int spec_walk_object(struct spec_ctx *ctx, yajl_val v, const struct spec_field *fields,
		     size_t n_fields, void *obj);
/* Require a property of a walked object: "fname: path.key: required". */
int spec_require(struct spec_ctx *ctx, const void *present, const char *key);

int spec_get_string(struct spec_ctx *ctx, yajl_val v, char **ret);
int spec_get_bool(struct spec_ctx *ctx, yajl_val v, bool *ret);
int spec_get_u64(struct spec_ctx *ctx, yajl_val v, uint64_t *ret);
int spec_get_i64(struct spec_ctx *ctx, yajl_val v, int64_t *ret);
int spec_get_u32(struct spec_ctx *ctx, yajl_val v, uint32_t *ret);
int spec_get_i32(struct spec_ctx *ctx, yajl_val v, int32_t *ret);
int spec_get_strv(struct spec_ctx *ctx, yajl_val v, char ***ret, size_t *ret_n);
/* Object of string values (annotations, sysctl, unified); duplicate keys refused. */
int spec_get_string_map(struct spec_ctx *ctx, yajl_val v, struct spec_kv **ret, size_t *ret_n);
/* Array of objects: calls fn(ctx, element, &array[i]) with the path at [i]. */
int spec_get_array(struct spec_ctx *ctx, yajl_val v, size_t elem_size, spec_field_fn fn, void **ret,
		   size_t *ret_n);
int spec_expect_object(struct spec_ctx *ctx, yajl_val v);

/* A generator printing bytes as runc does (no escaped solidus), indented with indent
 * when it is not NULL. Aborts on out of memory like xmalloc. */
yajl_gen spec_gen_new(const char *indent);
/* Emit a NUL-terminated string. */
void spec_gen_str(yajl_gen g, const char *s);

/* The generator's buffer as a NUL-terminated heap string (newline-terminated when asked);
 * frees the generator. */
char *spec_gen_finish(yajl_gen g, bool newline);

/* Parse text into a tree (free it with yajl_tree_free) as runc reads JSON: no comments, no
 * trailing garbage, valid UTF-8; also refused: NUL bytes, \u0000 in strings and keys, and
 * nesting deeper than SPEC_MAX_DEPTH, counted by the parser itself. Syntax errors read
 * "fname:LINE:COL: invalid JSON: ...". */
int spec_json_parse(const char *text, size_t len, const char *fname, yajl_val *ret,
		    struct lc_err *err);
/* Require a string (spec_json_parse guarantees it holds no NUL). */
int spec_check_string(struct spec_ctx *ctx, yajl_val v);

#endif
