/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Capabilities with libcap (see caps.h). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "../spec/suggest.h"
#include "caps.h"
#include "log.h"
#include "util.h"

/* " (did you mean 'CAP_NET_ADMIN'?)" for "NET_ADMIN" or "CAP_NET_ADIMN", else "". */
static void suggest(const char *name, char *buf, size_t n)
{
	char *names[64] = {0}, with_prefix[48];
	const char *near = NULL;
	cap_value_t v;

	buf[0] = '\0';
	snprintf(with_prefix, sizeof(with_prefix), "CAP_%s", name);
	if (strncasecmp(name, "CAP_", 4) != 0 && cap_from_name(with_prefix, &v) == 0) {
		for (char *p = with_prefix; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		snprintf(buf, n, " (did you mean '%s'?)", with_prefix);
		return;
	}
	for (int i = 0; i <= CAP_LAST_CAP && i < 64; i++) {
		char *c = cap_to_name(i);

		if (c && strncmp(c, "cap_", 4) == 0) {
			names[i] = xasprintf("CAP_%s", c + 4);
			for (char *p = names[i]; *p; p++)
				*p = (char)toupper((unsigned char)*p);
		}
		cap_free(c);
	}
	near = spec_suggest(name, (const char *const *)names, 64);
	if (near)
		snprintf(buf, n, " (did you mean '%s'?)", near);
	for (int i = 0; i < 64; i++)
		free(names[i]);
}

static int resolve_set(const char *set, char **names, size_t n, uint64_t host_bounding,
		       int last_cap, uint64_t *ret, struct lc_err *err)
{
	*ret = 0;
	for (size_t i = 0; i < n; i++) {
		cap_value_t v;

		/* libcap also takes numbers: a name is what the spec has. */
		if (names[i][strspn(names[i], "0123456789")] == '\0' ||
		    cap_from_name(names[i], &v) < 0 || v < 0) {
			char hint[96];

			suggest(names[i], hint, sizeof(hint));
			return lc_err_setx(err, EINVAL,
					   "config.json: process.capabilities.%s[%zu]: '%s' is not "
					   "a capability%s",
					   set, i, names[i], hint);
		}
		if (v > 63 || v > last_cap) {
			lc_warn("capability '%s' (process.capabilities.%s) is not known to this "
				"kernel: skipped",
				names[i], set);
			continue;
		}
		if (!(host_bounding & (1ull << v))) {
			lc_warn("capability '%s' (process.capabilities.%s) is not in runh's own "
				"bounding set: skipped",
				names[i], set);
			continue;
		}
		*ret |= 1ull << v;
	}
	return 0;
}

int lc_caps_prepare(const struct spec_capabilities *c, struct lc_caps *ret, struct lc_err *err)
{
	static const char *const sets[] = {"bounding", "effective", "permitted", "inheritable",
					   "ambient"};
	uint64_t host = 0;

	memset(ret, 0, sizeof(*ret));
	ret->last_cap = (int)cap_max_bits() - 1;
	if (ret->last_cap > 63)
		ret->last_cap = 63;
	for (int i = 0; i <= ret->last_cap; i++)
		if (prctl(PR_CAPBSET_READ, i, 0, 0, 0) == 1)
			host |= 1ull << i;
	if (!c)
		return 0; /* no capabilities property: every set empty */
	{
		char **const names[] = {c->bounding, c->effective, c->permitted, c->inheritable,
					c->ambient};
		const size_t counts[] = {c->n_bounding, c->n_effective, c->n_permitted,
					 c->n_inheritable, c->n_ambient};
		uint64_t *const out[] = {&ret->bounding, &ret->effective, &ret->permitted,
					 &ret->inheritable, &ret->ambient};

		for (size_t i = 0; i < ARRAY_SIZE(sets); i++) {
			int r = resolve_set(sets[i], names[i], counts[i], host, ret->last_cap,
					    out[i], err);

			if (r < 0)
				return r;
		}
	}
	return 0;
}

char **lc_caps_known_names(size_t *ret_n)
{
	int last = (int)cap_max_bits() - 1;
	char **names = calloc((size_t)last + 2, sizeof(char *));
	size_t n = 0;

	for (int i = 0; names && i <= last; i++) {
		char *lower = cap_to_name(i), *upper;

		if (!lower)
			continue;
		upper = strdup(lower);
		cap_free(lower);
		if (!upper)
			continue;
		for (char *p = upper; *p; p++)
			*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
		names[n++] = upper;
	}
	*ret_n = n;
	return names;
}

int lc_caps_drop_bounding(const struct lc_caps *caps, struct lc_err *err)
{
	for (int i = 0; i <= caps->last_cap; i++) {
		if (caps->bounding & (1ull << i))
			continue;
		if (prctl(PR_CAPBSET_DROP, i, 0, 0, 0) < 0 && errno != EINVAL)
			return lc_err_set(err, errno, "drop capability %d from the bounding set",
					  i);
	}
	return 0;
}

static int set_flags(cap_t c, cap_flag_t flag, uint64_t bits, int last)
{
	for (int i = 0; i <= last; i++) {
		cap_value_t v = i;

		if ((bits & (1ull << i)) && cap_set_flag(c, flag, 1, &v, CAP_SET) < 0)
			return -errno;
	}
	return 0;
}

int lc_caps_apply(const struct lc_caps *caps, struct lc_err *err)
{
	cap_t c = cap_init();
	int r = 0;

	if (!c)
		return lc_err_set(err, errno, "cap_init");
	/* Effective is a subset of permitted: the kernel refuses anything else. */
	if (set_flags(c, CAP_EFFECTIVE, caps->effective & caps->permitted, caps->last_cap) < 0 ||
	    set_flags(c, CAP_PERMITTED, caps->permitted, caps->last_cap) < 0 ||
	    set_flags(c, CAP_INHERITABLE, caps->inheritable, caps->last_cap) < 0)
		r = lc_err_set(err, errno, "build capability sets");
	else if (cap_set_proc(c) < 0)
		r = lc_err_set(err, errno, "set capabilities");
	cap_free(c);
	if (r < 0)
		return r;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return lc_err_set(err, errno, "clear ambient capabilities");
	for (int i = 0; i <= caps->last_cap; i++) {
		uint64_t bit = 1ull << i;

		if (!(caps->ambient & bit))
			continue;
		/* The kernel raises only what is permitted and inheritable.  runc's own default
		 * template asks for ambient caps that are not inheritable: skipped quietly, as
		 * runc does (the container's stderr is the user's terminal in `run`). */
		if (!(caps->permitted & caps->inheritable & bit)) {
			lc_debug("ambient capability %d skipped: not permitted and inheritable", i);
			continue;
		}
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, i, 0, 0) < 0)
			lc_warn("cannot raise ambient capability %d: %s", i, strerror(errno));
	}
	return 0;
}

/* "{CHOWN, KILL}" for a set (the CAP_ prefix left out). */
static void set_names(uint64_t bits, int last, char *buf, size_t n)
{
	size_t len = (size_t)snprintf(buf, n, "{");

	for (int i = 0; i <= last && len < n; i++) {
		char *name;

		if (!(bits & (1ull << i)))
			continue;
		name = cap_to_name(i);
		len += (size_t)snprintf(buf + len, n - len, "%s%s", len > 1 ? ", " : "",
					name ? name + (strncmp(name, "cap_", 4) ? 0 : 4) : "?");
		if (name)
			cap_free(name);
	}
	if (len < n)
		snprintf(buf + len, n - len, "}");
	for (char *c = buf; *c; c++)
		*c = (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
}

void lc_caps_explain(const struct lc_caps *caps)
{
	static const char *const set[5] = {"bounding", "effective", "permitted", "inheritable",
					   "ambient"};
	const uint64_t bits[5] = {caps->bounding, caps->effective & caps->permitted,
				  caps->permitted, caps->inheritable, caps->ambient};
	bool done[5] = {0};
	int had = 0;

	if (!lc_explain_on)
		return;
	for (int i = 0; i <= caps->last_cap; i++)
		had += prctl(PR_CAPBSET_READ, i, 0, 0, 0) == 1;
	/* Sets with the same members on one line. */
	for (int i = 0; i < 5; i++) {
		char names[768], which[96];

		if (done[i])
			continue;
		snprintf(which, sizeof(which), "%s", set[i]);
		for (int j = i + 1; j < 5; j++)
			if (!done[j] && bits[j] == bits[i]) {
				done[j] = true;
				snprintf(which + strlen(which), sizeof(which) - strlen(which),
					 ", %s", set[j]);
			}
		set_names(bits[i], caps->last_cap, names, sizeof(names));
		lc_explain(LC_X_CAP, "%s: %s (%d); runh's bounding set had %d", which, names,
			   __builtin_popcountll(bits[i]), had);
	}
}
