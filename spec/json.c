/* SPDX-License-Identifier: GPL-2.0-or-later */
/* yajl_tree helpers with JSON-path tracking (see json.h).  Parent side only. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../libcontainer/cleanup.h"
#include "../libcontainer/util.h"
#include "json.h"
#include "spec.h"
#include <yajl/yajl_gen.h>

int spec_fail(struct spec_ctx *ctx, const char *fmt, ...)
{
	char msg[LC_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ctx->len == 0)
		return lc_err_setx(ctx->err, EINVAL, "%s: %s", ctx->fname, msg);
	return lc_err_setx(ctx->err, EINVAL, "%s: %s: %s", ctx->fname, ctx->path, msg);
}

size_t spec_push_key(struct spec_ctx *ctx, const char *key)
{
	size_t saved = ctx->len;
	int n = snprintf(ctx->path + ctx->len, sizeof(ctx->path) - ctx->len, "%s%s",
			 ctx->len ? "." : "", key);

	if (n > 0)
		ctx->len += (size_t)n;
	if (ctx->len >= sizeof(ctx->path))
		ctx->len = sizeof(ctx->path) - 1;
	return saved;
}

size_t spec_push_index(struct spec_ctx *ctx, size_t i)
{
	size_t saved = ctx->len;
	int n = snprintf(ctx->path + ctx->len, sizeof(ctx->path) - ctx->len, "[%zu]", i);

	if (n > 0)
		ctx->len += (size_t)n;
	if (ctx->len >= sizeof(ctx->path))
		ctx->len = sizeof(ctx->path) - 1;
	return saved;
}

void spec_pop(struct spec_ctx *ctx, size_t saved)
{
	ctx->len = saved;
	ctx->path[saved] = '\0';
}

int spec_check_string(struct spec_ctx *ctx, yajl_val v)
{
	if (!YAJL_IS_STRING(v))
		return spec_fail(ctx, "expected a string");
	return 0;
}

int spec_get_string(struct spec_ctx *ctx, yajl_val v, char **ret)
{
	if (!YAJL_IS_STRING(v))
		return spec_fail(ctx, "expected a string");
	free(*ret);
	*ret = xstrdup(v->u.string);
	return 0;
}

int spec_get_bool(struct spec_ctx *ctx, yajl_val v, bool *ret)
{
	if (YAJL_IS_TRUE(v))
		*ret = true;
	else if (YAJL_IS_FALSE(v))
		*ret = false;
	else
		return spec_fail(ctx, "expected a boolean");
	return 0;
}

/* yajl keeps the number's text: parse it ourselves so 2^64-1 and -1 are both exact. */
int spec_get_u64(struct spec_ctx *ctx, yajl_val v, uint64_t *ret)
{
	int r;

	if (!YAJL_IS_NUMBER(v))
		return spec_fail(ctx, "expected a non-negative integer");
	r = lc_parse_u64(v->u.number.r, ret);
	if (r == -ERANGE)
		return spec_fail(ctx, "number %s out of range", v->u.number.r);
	if (r < 0)
		return spec_fail(ctx, "expected a non-negative integer, got %s", v->u.number.r);
	return 0;
}

int spec_get_i64(struct spec_ctx *ctx, yajl_val v, int64_t *ret)
{
	int r;

	if (!YAJL_IS_NUMBER(v))
		return spec_fail(ctx, "expected an integer");
	r = lc_parse_i64(v->u.number.r, ret);
	if (r == -ERANGE)
		return spec_fail(ctx, "number %s out of range", v->u.number.r);
	if (r < 0)
		return spec_fail(ctx, "expected an integer, got %s", v->u.number.r);
	return 0;
}

int spec_get_u32(struct spec_ctx *ctx, yajl_val v, uint32_t *ret)
{
	uint64_t x;
	int r;

	r = spec_get_u64(ctx, v, &x);
	if (r < 0)
		return r;
	if (x > UINT32_MAX)
		return spec_fail(ctx, "number %s out of range (0 to 4294967295)", v->u.number.r);
	*ret = (uint32_t)x;
	return 0;
}

int spec_get_i32(struct spec_ctx *ctx, yajl_val v, int32_t *ret)
{
	int64_t x;
	int r;

	r = spec_get_i64(ctx, v, &x);
	if (r < 0)
		return r;
	if (x < INT32_MIN || x > INT32_MAX)
		return spec_fail(ctx, "number %s out of range for a 32-bit integer",
				 v->u.number.r);
	*ret = (int32_t)x;
	return 0;
}

int spec_get_strv(struct spec_ctx *ctx, yajl_val v, char ***ret, size_t *ret_n)
{
	_cleanup_strv_ char **strv = NULL;
	size_t n;

	if (!YAJL_IS_ARRAY(v))
		return spec_fail(ctx, "expected an array of strings");
	n = v->u.array.len;
	strv = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		yajl_val e = v->u.array.values[i];

		if (!YAJL_IS_STRING(e)) {
			size_t saved = spec_push_index(ctx, i);
			int r = spec_fail(ctx, "expected a string");
			spec_pop(ctx, saved);
			return r;
		}
		strv[i] = xstrdup(e->u.string);
	}
	lc_strv_free(*ret);
	*ret = TAKE_PTR(strv);
	if (ret_n)
		*ret_n = n;
	return 0;
}

static int cmp_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* O(n log n) duplicate-key detection: a hostile object with 10^5 keys stays cheap. */
static int check_duplicate_keys(struct spec_ctx *ctx, yajl_val v)
{
	_cleanup_free_ const char **keys = NULL;
	size_t n = v->u.object.len;

	if (n < 2)
		return 0;
	keys = xcalloc(n, sizeof(char *));
	memcpy(keys, v->u.object.keys, n * sizeof(char *));
	qsort(keys, n, sizeof(char *), cmp_keys);
	for (size_t i = 1; i < n; i++)
		if (strcmp(keys[i - 1], keys[i]) == 0)
			return spec_fail(ctx, "duplicate key '%s'", keys[i]);
	return 0;
}

int spec_expect_object(struct spec_ctx *ctx, yajl_val v)
{
	if (!YAJL_IS_OBJECT(v))
		return spec_fail(ctx, "expected an object");
	return check_duplicate_keys(ctx, v);
}

int spec_get_string_map(struct spec_ctx *ctx, yajl_val v, struct spec_kv **ret, size_t *ret_n)
{
	struct spec_kv *kv;
	size_t n;
	int r;

	r = spec_expect_object(ctx, v);
	if (r < 0)
		return r;
	n = v->u.object.len;
	kv = xcalloc(n, sizeof(*kv));
	for (size_t i = 0; i < n; i++) {
		size_t saved = spec_push_key(ctx, v->u.object.keys[i]);

		if (!YAJL_IS_STRING(v->u.object.values[i])) {
			for (size_t j = 0; j < i; j++) {
				free(kv[j].key);
				free(kv[j].value);
			}
			free(kv);
			r = spec_fail(ctx, "expected a string");
			spec_pop(ctx, saved);
			return r;
		}
		spec_pop(ctx, saved);
		kv[i].key = xstrdup(v->u.object.keys[i]);
		kv[i].value = xstrdup(v->u.object.values[i]->u.string);
	}
	*ret = kv;
	*ret_n = n;
	return 0;
}

int spec_get_array(struct spec_ctx *ctx, yajl_val v, size_t elem_size, spec_field_fn fn,
		   void **ret, size_t *ret_n)
{
	char *arr;
	size_t n;

	if (!YAJL_IS_ARRAY(v))
		return spec_fail(ctx, "expected an array");
	n = v->u.array.len;
	arr = xcalloc(n, elem_size);
	/* Hand the array out first: the caller's free function owns it, also on failure. */
	*ret = arr;
	*ret_n = n;
	for (size_t i = 0; i < n; i++) {
		size_t saved = spec_push_index(ctx, i);
		int r = fn(ctx, v->u.array.values[i], arr + i * elem_size);

		if (r < 0)
			return r;
		spec_pop(ctx, saved);
	}
	return 0;
}

static int walk_field(struct spec_ctx *ctx, const struct spec_field *f, yajl_val v, char *obj)
{
	void *p = obj + f->off;
	int r;

	switch (f->type) {
	case SPEC_F_STR:
		r = spec_get_string(ctx, v, p);
		break;
	case SPEC_F_BOOL:
		r = spec_get_bool(ctx, v, p);
		break;
	case SPEC_F_U32:
		r = spec_get_u32(ctx, v, p);
		break;
	case SPEC_F_I32:
		r = spec_get_i32(ctx, v, p);
		break;
	case SPEC_F_U64:
		r = spec_get_u64(ctx, v, p);
		break;
	case SPEC_F_I64:
		r = spec_get_i64(ctx, v, p);
		break;
	case SPEC_F_STRV:
		return spec_get_strv(ctx, v, p, (size_t *)(obj + f->aux));
	case SPEC_F_OPT_I64:
		r = spec_get_i64(ctx, v, &((struct spec_opt_i64 *)p)->v);
		if (r == 0)
			((struct spec_opt_i64 *)p)->set = true;
		return r;
	case SPEC_F_OPT_U64:
		r = spec_get_u64(ctx, v, &((struct spec_opt_u64 *)p)->v);
		if (r == 0)
			((struct spec_opt_u64 *)p)->set = true;
		return r;
	case SPEC_F_CUSTOM:
		return f->fn(ctx, v, obj);
	default:
		return spec_fail(ctx, "internal error: unknown field type");
	}
	if (r == 0 && f->aux >= 0)
		*(bool *)(obj + f->aux) = true;
	return r;
}

int spec_walk_object(struct spec_ctx *ctx, yajl_val v, const struct spec_field *fields,
		     size_t n_fields, void *obj)
{
	int r;

	r = spec_expect_object(ctx, v);
	if (r < 0)
		return r;
	for (size_t i = 0; i < v->u.object.len; i++) {
		const char *key = v->u.object.keys[i];
		yajl_val val = v->u.object.values[i];

		for (size_t j = 0; j < n_fields; j++) {
			size_t saved;

			if (strcmp(fields[j].name, key) != 0)
				continue;
			if (YAJL_IS_NULL(val))
				break;
			saved = spec_push_key(ctx, key);
			r = walk_field(ctx, &fields[j], val, obj);
			if (r < 0)
				return r;
			spec_pop(ctx, saved);
			break;
		}
	}
	return 0;
}

int spec_require(struct spec_ctx *ctx, const void *present, const char *key)
{
	size_t saved;
	int r;

	if (present)
		return 0;
	saved = spec_push_key(ctx, key);
	r = spec_fail(ctx, "required property missing");
	spec_pop(ctx, saved);
	return r;
}

/* Bytes outside strings: refuse nesting deeper than SPEC_MAX_DEPTH before yajl recurses. */
static int scan_depth(const char *text, size_t len, size_t *ret_off)
{
	bool in_str = false, esc = false;
	int depth = 0;

	for (size_t i = 0; i < len; i++) {
		char c = text[i];

		if (in_str) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"')
				in_str = false;
			continue;
		}
		if (c == '"')
			in_str = true;
		else if (c == '{' || c == '[') {
			if (++depth > SPEC_MAX_DEPTH) {
				*ret_off = i;
				return -ELOOP;
			}
		} else if (c == '}' || c == ']')
			depth--;
	}
	return 0;
}

int spec_json_parse(const char *text, size_t len, const char *fname, yajl_val *ret,
		    struct lc_err *err)
{
	char ebuf[512];
	const char *nul;
	size_t off = 0;
	yajl_val tree;

	if (len > SPEC_CONFIG_MAX_BYTES)
		return lc_err_setx(err, EFBIG, "%s: larger than %u bytes", fname,
				   SPEC_CONFIG_MAX_BYTES);
	nul = memchr(text, '\0', len);
	if (nul)
		return lc_err_setx(err, EINVAL, "%s: invalid JSON: NUL byte at offset %zu", fname,
				   (size_t)(nul - text));
	if (scan_depth(text, len, &off) < 0)
		return lc_err_setx(err, EINVAL,
				   "%s: invalid JSON: nested deeper than %d levels at offset %zu",
				   fname, SPEC_MAX_DEPTH, off);
	ebuf[0] = '\0';
	tree = yajl_tree_parse(text, ebuf, sizeof(ebuf));
	if (!tree) {
		char *nl = strchr(ebuf, '\n');

		if (nl)
			*nl = '\0';
		return lc_err_setx(err, EINVAL, "%s: invalid JSON: %s", fname,
				   ebuf[0] ? ebuf : "parse error");
	}
	*ret = tree;
	return 0;
}

yajl_gen spec_gen_new(const char *indent)
{
	yajl_gen g = yajl_gen_alloc(NULL);

	if (!g)
		lc_oom();
	yajl_gen_config(g, yajl_gen_escape_solidus, 0);
	if (indent) {
		yajl_gen_config(g, yajl_gen_beautify, 1);
		yajl_gen_config(g, yajl_gen_indent_string, indent);
	}
	return g;
}

void spec_gen_str(yajl_gen g, const char *s)
{
	yajl_gen_string(g, (const unsigned char *)s, strlen(s));
}

char *spec_gen_finish(yajl_gen g, bool newline)
{
	const unsigned char *buf;
	size_t len;
	char *out;

	yajl_gen_get_buf(g, &buf, &len);
	out = xmalloc(len + 2);
	memcpy(out, buf, len);
	if (newline && (len == 0 || buf[len - 1] != '\n'))
		out[len++] = '\n';
	out[len] = '\0';
	yajl_gen_free(g);
	return out;
}
