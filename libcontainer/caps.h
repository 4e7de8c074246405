/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Capabilities (libcap): names resolved to bit sets in the parent; the child drops the
 * bounding set, switches user keeping caps, then sets E/P/I and raises ambient.
 */
#ifndef RUNH_CAPS_H
#define RUNH_CAPS_H

#include <stdint.h>

#include "../spec/spec.h"
#include "error.h"

struct lc_caps {
	uint64_t bounding, effective, permitted, inheritable, ambient;
	int last_cap;
};

/* Parent side: names → sets.  A name that is no capability at all (libcap does not know
 * it: "CAP_TEST", "NET_ADMIN") is an error with a suggestion (config.md: a value that
 * cannot be mapped to a kernel interface MUST be an error); a capability this kernel or
 * runh's own bounding set lacks is a warning and skipped (config.md: SHOULD log a
 * warning; Docker sends new names to old kernels). */
int lc_caps_prepare(const struct spec_capabilities *c, struct lc_caps *ret, struct lc_err *err);

/* Every capability name this kernel and libcap know ("CAP_CHOWN" ...); heap strings. */
char **lc_caps_known_names(size_t *ret_n);

/* Child side: drop the bounding set (needs CAP_SETPCAP: before the user switch). */
int lc_caps_drop_bounding(const struct lc_caps *caps, struct lc_err *err);
/* Child side: after setresuid with PR_SET_KEEPCAPS, set E/P/I and ambient. */
int lc_caps_apply(const struct lc_caps *caps, struct lc_err *err);
/* Child side, --explain: the five sets about to be set, and how many runh's bounding set
 * has now (nothing when narration is off). */
void lc_caps_explain(const struct lc_caps *caps);

#endif
