/* SPDX-License-Identifier: GPL-2.0-or-later */
/* CLI helpers: global options, the log sink (--log, --log-format), printing the error once. */
#ifndef RUNH_CLI_H
#define RUNH_CLI_H

#include <stdbool.h>

#include "../libcontainer/error.h"

struct cli_globals {
	const char *root; /* --root, else lc_state_default_root() */
	bool rootless;	  /* --rootless resolved (auto: euid != 0 or in a user namespace) */
	const char *log_path;
	bool log_json;
	bool debug;
	bool explain; /* --explain: narrate each step on stderr (runh-explain(8)) */
};

extern struct cli_globals cli;

/* Install the log sink: --log FILE (text or JSON lines) else stderr for warnings. */
int cli_log_open(struct lc_err *err);
/* Print "runh: <msg>" on stderr and an error line in --log; returns 1 (the exit status). */
int cli_fail(const struct lc_err *err);
/* Usage error: message plus a hint; returns 1. */
int cli_usage(const char *cmd, const char *msg);
/* Signal by name (TERM, SIGTERM) or number (0: a liveness check); -1 when unknown. */
int cli_parse_signal(const char *s);

typedef int (*cli_cmd_fn)(int argc, char **argv);

int cmd_spec(int argc, char **argv);
int cmd_create(int argc, char **argv);
int cmd_start(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_state(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_kill(int argc, char **argv);
int cmd_delete(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_features(int argc, char **argv);
int cmd_pause(int argc, char **argv);
int cmd_resume(int argc, char **argv);
int cmd_ps(int argc, char **argv);
int cmd_exec(int argc, char **argv);
int cmd_update(int argc, char **argv);
int cmd_events(int argc, char **argv);

#endif
