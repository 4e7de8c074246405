/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The runtime-spec features document (`runh features`). */
#ifndef RUNH_SPEC_FEATURES_H
#define RUNH_SPEC_FEATURES_H

#include <stddef.h>

struct spec_features_input {
	const char *version;
	const char *libseccomp_version;
	char **capabilities; /* from libcap, via libcontainer */
	size_t n_capabilities;
	const char *const *hooks; /* the hook kinds runh runs */
	size_t n_hooks;
};

char *spec_features_json(const struct spec_features_input *in);

#endif
