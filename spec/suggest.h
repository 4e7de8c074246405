/* SPDX-License-Identifier: GPL-2.0-or-later */
/* "did you mean": the nearest known word to a misspelt one. */
#ifndef RUNH_SPEC_SUGGEST_H
#define RUNH_SPEC_SUGGEST_H

#include <stdbool.h>
#include <stddef.h>

/* Edit distance (insert, delete, substitute, swap neighbours), ASCII case ignored;
 * (size_t)-1 for words over 64 bytes. */
size_t spec_edit_distance(const char *a, const char *b);
/* The one candidate nearest to word, if near enough to be a typo of it (distance at most
 * a third of its length, 1 to 3) and no other is as near; else NULL.  A candidate equal
 * to word is skipped. */
const char *spec_suggest(const char *word, const char *const *cands, size_t n);
/* A property name the runtime-spec defines somewhere in config.json (any platform). */
bool spec_oci_property(const char *name);

#endif
