/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `runh audit`: what is unsafe about a bundle, judged from config.json alone, as rules
 * mapped to the CIS Docker Benchmark (v1.6, sections 4 and 5) plus a few a runtime can see
 * that the benchmark misses.  Pure functions of struct spec_config; JSON with yajl.
 */
#ifndef RUNH_SPEC_AUDIT_H
#define RUNH_SPEC_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "spec.h"

enum spec_severity {
	SPEC_SEV_LOW = 1,
	SPEC_SEV_MEDIUM = 2,
	SPEC_SEV_HIGH = 3,
};

struct spec_finding {
	const char *rule; /* stable id, e.g. "no-seccomp" */
	const char *cis;  /* "5.22", or "-" for runh's own rules */
	enum spec_severity severity;
	char path[160]; /* JSON path in config.json */
	const char *risk;
	const char *fix;
	char fix_text[192]; /* when not empty, the fix (one made for this finding) */
};

struct spec_audit {
	struct spec_finding *findings;
	size_t n;
};

struct spec_audit_rule {
	const char *rule;
	const char *cis;
	const char *title;
};

/* Every rule, in report order (for the man page, --help and tests). */
extern const struct spec_audit_rule spec_audit_rules[];
extern const size_t spec_audit_n_rules;

/* What this host and runh can apply, so that audit recommends nothing they cannot. */
struct spec_audit_host {
	bool no_apparmor; /* the host runs no AppArmor: no profile is recommended */
	bool no_selinux;  /* the host runs no SELinux: no label is recommended */
	/* linux.seccomp syscall names this build's libseccomp does not know (no rule is made
	 * for them): a deny rule naming one blocks less than it says */
	char **unknown_syscalls;
	size_t n_unknown_syscalls;
};

/* Every rule, recommending everything (host NULL), or what host can apply. */
void spec_audit_config(const struct spec_config *cfg, struct spec_audit *ret);
void spec_audit_config_host(const struct spec_config *cfg, const struct spec_audit_host *host,
			    struct spec_audit *ret);
/* A finding's fix as text (fix_text, else fix). */
const char *spec_finding_fix(const struct spec_finding *f);
void spec_audit_free(struct spec_audit *a);
enum spec_severity spec_audit_max(const struct spec_audit *a);
const char *spec_severity_name(enum spec_severity s);
int spec_severity_from_name(const char *name);

/* Reports: one source each ("bundle /x", "container c1"). */
char *spec_audit_json(const struct spec_audit *const *audits, const char *const *sources, size_t n,
		      bool as_array);
char *spec_audit_table(const struct spec_audit *a, const char *source);

#endif
