/* SPDX-License-Identifier: GPL-2.0-or-later */
/* "did you mean": the nearest known word to a misspelt one (see suggest.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "suggest.h"

#define SUGGEST_MAX_LEN 64

/* Optimal string alignment distance (Levenshtein plus swapping two neighbours), with
 * ASCII case ignored: "readOnly" and "readonly" are 0 apart, "CAP_NET_ADIMN" 1. */
size_t spec_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t d[SUGGEST_MAX_LEN + 1][SUGGEST_MAX_LEN + 1];

	if (la > SUGGEST_MAX_LEN || lb > SUGGEST_MAX_LEN)
		return (size_t)-1;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = tolower((unsigned char)a[i - 1]) !=
				      tolower((unsigned char)b[j - 1]);
			size_t v = d[i - 1][j - 1] + cost;

			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 &&
			    tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == tolower((unsigned char)b[j - 1]) &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[la][lb];
}

const char *spec_suggest(const char *word, const char *const *cands, size_t n)
{
	size_t len = strlen(word), best = (size_t)-1, limit;
	const char *pick = NULL;
	bool tie = false;

	/* A third of the word, at least 1 and at most 3: "pid" is not a typo of "ipc". */
	limit = len / 3;
	if (limit < 1)
		limit = 1;
	if (limit > 3)
		limit = 3;
	for (size_t i = 0; i < n; i++) {
		size_t dist;

		if (!cands[i] || strcmp(cands[i], word) == 0)
			continue;
		dist = spec_edit_distance(word, cands[i]);
		if (dist < best) {
			best = dist;
			pick = cands[i];
			tie = false;
		} else if (dist == best)
			tie = true;
	}
	return best <= limit && !tie ? pick : NULL;
}
