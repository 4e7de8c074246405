/* SPDX-License-Identifier: GPL-2.0-or-later */
/* runh inspect's report: its rows, their verdicts, freeing it (see inspect.h). */
#include <stdlib.h>

#include "inspect.h"
#include "util.h"

void lc_inspect_add(struct lc_inspect *out, const char *topic, enum lc_inspect_verdict v,
		    const char *item, const char *asked, const char *has)
{
	struct lc_inspect_row *row;

	out->rows = xrealloc(out->rows, (out->n_rows + 1) * sizeof(*out->rows));
	row = &out->rows[out->n_rows++];
	row->topic = topic;
	row->verdict = v;
	row->item = xstrdup(item);
	row->asked = xstrdup(asked);
	row->has = xstrdup(has);
}

size_t lc_inspect_count(const struct lc_inspect *in, enum lc_inspect_verdict v)
{
	size_t n = 0;

	for (size_t i = 0; i < in->n_rows; i++)
		n += in->rows[i].verdict == v;
	return n;
}

const char *lc_inspect_verdict_name(enum lc_inspect_verdict v)
{
	switch (v) {
	case LC_INSPECT_OK:
		return "ok";
	case LC_INSPECT_MISMATCH:
		return "MISMATCH";
	case LC_INSPECT_INFO:
		return "info";
	}
	return "?";
}

struct lc_inspect *lc_inspect_free(struct lc_inspect *in)
{
	if (!in)
		return NULL;
	for (size_t i = 0; i < in->n_rows; i++) {
		free(in->rows[i].item);
		free(in->rows[i].asked);
		free(in->rows[i].has);
	}
	free(in->rows);
	free(in->id);
	free(in->status);
	free(in->bundle);
	free(in->config);
	free(in->cgroup_path);
	free(in);
	return NULL;
}

void lc_inspect_freep(struct lc_inspect **in)
{
	*in = lc_inspect_free(*in);
}
