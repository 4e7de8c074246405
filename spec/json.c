/* SPDX-License-Identifier: GPL-2.0-or-later */
/* yajl_tree helpers with JSON-path tracking (see json.h).  Parent side only. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../libcontainer/cleanup.h"
#include "../libcontainer/util.h"
#include "json.h"
#include "spec.h"
#include "suggest.h"
#include <yajl/yajl_gen.h>
#include <yajl/yajl_parse.h>

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

void spec_warn(struct spec_ctx *ctx, enum spec_warn_kind kind, const char *near, const char *fmt,
	       ...)
{
	char msg[LC_ERR_MSG_MAX];
	struct spec_warnings *w = ctx->warnings;
	struct spec_warning *x;
	va_list ap;

	if (!w)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	w->v = xrealloc(w->v, (w->n + 1) * sizeof(*w->v));
	x = &w->v[w->n++];
	x->kind = kind;
	x->text = xasprintf("%s: %s: %s", ctx->fname, ctx->path, msg);
	x->path = xstrdup(ctx->path);
	x->near = near ? xstrdup(near) : NULL;
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
		return spec_fail(ctx, "number %s out of range for a 32-bit integer", v->u.number.r);
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

int spec_get_array(struct spec_ctx *ctx, yajl_val v, size_t elem_size, spec_field_fn fn, void **ret,
		   size_t *ret_n)
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

static bool has_key(yajl_val v, const char *key)
{
	for (size_t i = 0; i < v->u.object.len; i++)
		if (strcmp(v->u.object.keys[i], key) == 0)
			return true;
	return false;
}

/* The field for key: its exact name, else one that differs only in case (as runc reads
 * it, see json.h); NULL when none (the warning is given here). */
static const struct spec_field *find_field(struct spec_ctx *ctx, yajl_val obj, const char *key,
					   const struct spec_field *fields, size_t n_fields)
{
	const char *names[64];
	const char *near;
	size_t saved;

	for (size_t j = 0; j < n_fields; j++)
		if (strcmp(fields[j].name, key) == 0)
			return &fields[j];
	saved = spec_push_key(ctx, key);
	for (size_t j = 0; j < n_fields; j++) {
		if (strcasecmp(fields[j].name, key) != 0)
			continue;
		if (has_key(obj, fields[j].name)) {
			spec_warn(
				ctx, SPEC_WARN_SHADOWED_KEY, fields[j].name,
				"unknown property (did you mean '%s'?); ignored, '%s' is given too",
				fields[j].name, fields[j].name);
			spec_pop(ctx, saved);
			return NULL;
		}
		spec_warn(ctx, SPEC_WARN_CASE_KEY, fields[j].name,
			  "unknown property (did you mean '%s'?); read as '%s', as runc does (it "
			  "matches property names regardless of case)",
			  fields[j].name, fields[j].name);
		spec_pop(ctx, saved);
		return &fields[j];
	}
	if (!spec_oci_property(key)) {
		for (size_t j = 0; j < n_fields && j < ARRAY_SIZE(names); j++)
			names[j] = fields[j].name;
		near = spec_suggest(key, names,
				    n_fields < ARRAY_SIZE(names) ? n_fields : ARRAY_SIZE(names));
		if (near)
			spec_warn(ctx, SPEC_WARN_UNKNOWN_KEY, near,
				  "unknown property (did you mean '%s'?); ignored", near);
		else
			spec_warn(ctx, SPEC_WARN_UNKNOWN_KEY, NULL, "unknown property; ignored");
	}
	spec_pop(ctx, saved);
	return NULL;
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
		const struct spec_field *f = find_field(ctx, v, key, fields, n_fields);
		size_t saved;

		if (!f || YAJL_IS_NULL(val))
			continue;
		saved = spec_push_key(ctx, f->name);
		r = walk_field(ctx, f, val, obj);
		if (r < 0)
			return r;
		spec_pop(ctx, saved);
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

/*
 * The tree is built from yajl's own callbacks instead of yajl_tree_parse, which turns
 * comments on and gives no say over depth: the nesting limit is counted by the parser
 * itself (so nothing can hide nesting from it), comments are refused as by runc, and a
 * string or key holding \u0000 is refused instead of being silently cut at the NUL. The
 * values are allocated as yajl_tree does, so yajl_tree_free and yajl_tree_get apply.
 */
#define STR_(x) #x
#define STR(x) STR_(x)
#define DEPTH_STR STR(SPEC_MAX_DEPTH)

struct tree_frame {
	yajl_val v;
	size_t cap;
};

struct tree_ctx {
	yajl_handle h;
	yajl_val root;
	struct tree_frame stack[SPEC_MAX_DEPTH];
	int depth;
	const char *why; /* set when a callback stops the parse */
	size_t why_off;
	bool at_end; /* in yajl_complete_parse: offsets are not the text's any more */
};

static int tree_stop(struct tree_ctx *t, const char *why)
{
	t->why = why;
	t->why_off = t->at_end ? 0 : yajl_get_bytes_consumed(t->h);
	return 0;
}

static void grow(void **arr, size_t *cap, size_t len, size_t elem)
{
	if (len < *cap)
		return;
	*cap = *cap ? *cap * 2 : 8;
	*arr = xrealloc(*arr, *cap * elem);
}

/* Attach a new value to the open container, or make it the root. */
static void tree_add(struct tree_ctx *t, yajl_val v)
{
	struct tree_frame *f;

	if (t->depth == 0) {
		t->root = v;
		return;
	}
	f = &t->stack[t->depth - 1];
	if (YAJL_IS_ARRAY(f->v)) {
		grow((void **)&f->v->u.array.values, &f->cap, f->v->u.array.len, sizeof(v));
		f->v->u.array.values[f->v->u.array.len++] = v;
	} else {
		/* tree_key appended the key with a NULL value: yajl calls it before each value */
		f->v->u.object.values[f->v->u.object.len - 1] = v;
	}
}

static yajl_val tree_new(struct tree_ctx *t, yajl_type type)
{
	yajl_val v = xcalloc(1, sizeof(*v));

	v->type = type;
	tree_add(t, v);
	return v;
}

static int tree_open(void *ctx, yajl_type type)
{
	struct tree_ctx *t = ctx;
	yajl_val v;

	if (t->depth >= SPEC_MAX_DEPTH)
		return tree_stop(t, "nested deeper than " DEPTH_STR " levels");
	v = tree_new(t, type);
	t->stack[t->depth++] = (struct tree_frame){.v = v, .cap = 0};
	return 1;
}

static int tree_start_map(void *ctx)
{
	return tree_open(ctx, yajl_t_object);
}

static int tree_start_array(void *ctx)
{
	return tree_open(ctx, yajl_t_array);
}

static int tree_close(void *ctx)
{
	struct tree_ctx *t = ctx;

	t->depth--;
	return 1;
}

static char *tree_strdup(struct tree_ctx *t, const unsigned char *s, size_t len)
{
	char *out;

	if (memchr(s, '\0', len)) {
		tree_stop(t, "string holds \\u0000");
		return NULL;
	}
	out = xmalloc(len + 1);
	memcpy(out, s, len);
	out[len] = '\0';
	return out;
}

static int tree_key(void *ctx, const unsigned char *s, size_t len)
{
	struct tree_ctx *t = ctx;
	struct tree_frame *f = &t->stack[t->depth - 1];
	size_t cap = f->cap;
	char *key = tree_strdup(t, s, len);

	if (!key)
		return 0;
	grow((void **)&f->v->u.object.keys, &cap, f->v->u.object.len, sizeof(char *));
	grow((void **)&f->v->u.object.values, &f->cap, f->v->u.object.len, sizeof(yajl_val));
	f->v->u.object.keys[f->v->u.object.len] = key;
	f->v->u.object.values[f->v->u.object.len++] = NULL;
	return 1;
}

static int tree_string(void *ctx, const unsigned char *s, size_t len)
{
	struct tree_ctx *t = ctx;
	char *str = tree_strdup(t, s, len);
	yajl_val v;

	if (!str)
		return 0;
	v = tree_new(t, yajl_t_string);
	v->u.string = str;
	return 1;
}

static int tree_number(void *ctx, const char *s, size_t len)
{
	struct tree_ctx *t = ctx;
	yajl_val v = tree_new(t, yajl_t_number);
	char *end;

	v->u.number.r = xmalloc(len + 1);
	memcpy(v->u.number.r, s, len);
	v->u.number.r[len] = '\0';
	errno = 0;
	v->u.number.i = strtoll(v->u.number.r, &end, 10);
	if (errno == 0 && *end == '\0')
		v->u.number.flags |= YAJL_NUMBER_INT_VALID;
	errno = 0;
	v->u.number.d = strtod(v->u.number.r, &end);
	if (errno == 0 && *end == '\0')
		v->u.number.flags |= YAJL_NUMBER_DOUBLE_VALID;
	return 1;
}

static int tree_bool(void *ctx, int b)
{
	tree_new(ctx, b ? yajl_t_true : yajl_t_false);
	return 1;
}

static int tree_null(void *ctx)
{
	tree_new(ctx, yajl_t_null);
	return 1;
}

static const yajl_callbacks tree_callbacks = {
	.yajl_null = tree_null,
	.yajl_boolean = tree_bool,
	.yajl_number = tree_number,
	.yajl_string = tree_string,
	.yajl_start_map = tree_start_map,
	.yajl_map_key = tree_key,
	.yajl_end_map = tree_close,
	.yajl_start_array = tree_start_array,
	.yajl_end_array = tree_close,
};

/* "fname:LINE:COL: invalid JSON: msg", LINE and COL (in bytes) 1-based, of text[off]. */
static int json_fail_at(struct lc_err *err, const char *fname, const char *text, size_t len,
			size_t off, const char *msg)
{
	size_t line = 1, col = 1;

	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++) {
		col++;
		if (text[i] == '\n') {
			line++;
			col = 1;
		}
	}
	return lc_err_setx(err, EINVAL, "%s:%zu:%zu: invalid JSON: %s", fname, line, col, msg);
}

/* yajl's own message without its trailing newline, where it stopped (the end of the text
 * for what only yajl_complete_parse sees: premature EOF, garbage after the value). */
static int yajl_fail(yajl_handle h, bool at_end, const char *fname, const char *text, size_t len,
		     struct lc_err *err)
{
	unsigned char *m = yajl_get_error(h, 0, (const unsigned char *)text, len);
	size_t off = at_end ? len : yajl_get_bytes_consumed(h);
	char msg[256];
	int r;

	snprintf(msg, sizeof(msg), "%s", m ? (const char *)m : "parse error");
	msg[strcspn(msg, "\n")] = '\0';
	if (m)
		yajl_free_error(h, m);
	if (strstr(msg, "comments are not enabled"))
		snprintf(msg, sizeof(msg), "comments are not allowed");
	r = json_fail_at(err, fname, text, len, off, msg);
	return r;
}

int spec_json_parse(const char *text, size_t len, const char *fname, yajl_val *ret,
		    struct lc_err *err)
{
	struct tree_ctx t = {0};
	yajl_status st;
	const char *nul;
	int r;

	if (len > SPEC_CONFIG_MAX_BYTES)
		return lc_err_setx(err, EFBIG, "%s: larger than %u bytes", fname,
				   SPEC_CONFIG_MAX_BYTES);
	nul = memchr(text, '\0', len);
	if (nul)
		return json_fail_at(err, fname, text, len, (size_t)(nul - text), "NUL byte");
	t.h = yajl_alloc(&tree_callbacks, NULL, &t);
	if (!t.h)
		lc_oom();
	yajl_config(t.h, yajl_allow_comments, 0);
	st = yajl_parse(t.h, (const unsigned char *)text, len);
	if (st == yajl_status_ok) {
		t.at_end = true;
		st = yajl_complete_parse(t.h);
	}
	if (st == yajl_status_ok)
		r = 0;
	else if (t.why)
		r = json_fail_at(err, fname, text, len, t.at_end ? len : t.why_off - 1, t.why);
	else
		r = yajl_fail(t.h, t.at_end, fname, text, len, err);
	yajl_free(t.h);
	if (r < 0) {
		yajl_tree_free(t.root);
		return r;
	}
	*ret = t.root;
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
