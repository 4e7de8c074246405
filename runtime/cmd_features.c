/* SPDX-License-Identifier: GPL-2.0-or-later */
/* features: what this build supports, as runtime-spec features.md describes it. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "../libcontainer/caps.h"
#include "../libcontainer/hooks.h"
#include "../libcontainer/seccomp.h"
#include "../spec/features.h"
#include "cli.h"

int cmd_features(int argc, char **argv)
{
	struct spec_features_input in = {.version = RUNH_VERSION};
	char ver[32];
	char *json;

	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{},
	};
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c != 'h')
			return cli_usage(argv[0], "invalid option");
		printf("Usage: runh features\n  Print the runtime-spec features JSON of this "
		       "build.\n");
		return 0;
	}
	if (optind != argc)
		return cli_usage(argv[0], "expected no arguments");
	lc_seccomp_version(ver, sizeof(ver));
	in.libseccomp_version = ver;
	in.capabilities = lc_caps_known_names(&in.n_capabilities);
	in.hooks = spec_hook_names;
	in.n_hooks = SPEC_HOOK__MAX;
	json = spec_features_json(&in);
	fputs(json, stdout);
	free(json);
	for (size_t i = 0; i < in.n_capabilities; i++)
		free(in.capabilities[i]);
	free(in.capabilities);
	return 0;
}
