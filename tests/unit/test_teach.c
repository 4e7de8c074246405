/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Errors that teach: "did you mean" (suggest.c), unknown properties (json.c), JSON
 * syntax errors with line and column, the audit record of a seccomp kill (death.c), and
 * audit rules that depend on the host. */
#include <check.h>
#include <signal.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <string.h>

#include "../../libcontainer/death.h"
#include "../../spec/audit.h"
#include "../../spec/spec.h"
#include "../../spec/suggest.h"
#include "suites.h"

START_TEST(test_edit_distance)
{
	ck_assert_uint_eq(spec_edit_distance("readonly", "readonly"), 0);
	ck_assert_uint_eq(spec_edit_distance("readOnly", "readonly"), 0);  /* case ignored */
	ck_assert_uint_eq(spec_edit_distance("termnal", "terminal"), 1);   /* deletion */
	ck_assert_uint_eq(spec_edit_distance("terminall", "terminal"), 1); /* insertion */
	ck_assert_uint_eq(spec_edit_distance("mkdri", "mkdir"), 1);	   /* swap */
	ck_assert_uint_eq(spec_edit_distance("cwd", "env"), 3);
	ck_assert_uint_eq(spec_edit_distance("", "abc"), 3);
	ck_assert_uint_eq(spec_edit_distance("kitten", "sitting"), 3);
}
END_TEST

START_TEST(test_suggest)
{
	static const char *const fields[] = {
		"terminal",	"consoleSize",	   "user", "args", "env", "cwd",
		"capabilities", "noNewPrivileges", NULL};
	static const char *const ns[] = {"pid", "ipc", "uts"};

	ck_assert_str_eq(spec_suggest("termnal", fields, 9), "terminal");
	ck_assert_str_eq(spec_suggest("nonewprivileges", fields, 9), "noNewPrivileges");
	ck_assert_str_eq(spec_suggest("capabilites", fields, 9), "capabilities");
	ck_assert_ptr_null(spec_suggest("hostname", fields, 9)); /* nothing near */
	ck_assert_ptr_null(spec_suggest("args", fields, 9));	 /* itself is no suggestion */
	/* a short word: one edit at most, and no pick between equally near ones */
	ck_assert_ptr_null(spec_suggest("xyz", ns, 3));
	ck_assert_ptr_null(spec_suggest("pic", ns, 3)); /* pid or ipc? */
	ck_assert_str_eq(spec_suggest("utx", ns, 3), "uts");
}
END_TEST

START_TEST(test_oci_property)
{
	ck_assert(spec_oci_property("windows"));
	ck_assert(spec_oci_property("intelRdt"));
	ck_assert(spec_oci_property("readonly"));
	ck_assert(!spec_oci_property("readOnly"));
	ck_assert(!spec_oci_property("termnal"));
}
END_TEST

static struct spec_config *parse_ok(const char *text)
{
	struct spec_config *cfg = NULL;
	struct lc_err err = {0};

	ck_assert_msg(spec_parse_config(text, strlen(text), "config.json", &cfg, &err) == 0, "%s",
		      err.msg);
	return cfg;
}

START_TEST(test_unknown_keys)
{
	struct spec_config *cfg = parse_ok(
		"{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\", \"readOnly\": true},"
		" \"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"termnal\": true, \"zzz\": 1},"
		" \"windows\": {}}");

	/* readOnly: read as readonly (as runc does), with the warning */
	ck_assert(cfg->root_readonly);
	ck_assert_uint_eq(cfg->warnings.n, 3);
	ck_assert_int_eq(cfg->warnings.v[0].kind, SPEC_WARN_CASE_KEY);
	ck_assert_str_eq(cfg->warnings.v[0].path, "root.readOnly");
	ck_assert_str_eq(cfg->warnings.v[0].near, "readonly");
	ck_assert_str_eq(cfg->warnings.v[0].text,
			 "config.json: root.readOnly: unknown property (did you mean 'readonly'?); "
			 "read as 'readonly', as runc does (it matches property names regardless "
			 "of case)");
	ck_assert_int_eq(cfg->warnings.v[1].kind, SPEC_WARN_UNKNOWN_KEY);
	ck_assert_str_eq(cfg->warnings.v[1].text,
			 "config.json: process.termnal: unknown property (did you mean "
			 "'terminal'?); ignored");
	ck_assert(!cfg->process->terminal);
	ck_assert_str_eq(cfg->warnings.v[2].text,
			 "config.json: process.zzz: unknown property; ignored");
	ck_assert_ptr_null(cfg->warnings.v[2].near);
	/* "windows" is the spec's: no warning */
	spec_config_free(cfg);

	/* both spellings: the exact one wins, the other is ignored with a warning */
	cfg = parse_ok("{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\", "
		       "\"readOnly\": true, \"readonly\": false}}");
	ck_assert(!cfg->root_readonly);
	ck_assert_uint_eq(cfg->warnings.n, 1);
	ck_assert_int_eq(cfg->warnings.v[0].kind, SPEC_WARN_SHADOWED_KEY);
	spec_config_free(cfg);
}
END_TEST

START_TEST(test_json_line_col)
{
	static const char text[] = "{\n  \"ociVersion\": \"1.0.2\",\n  \"process\": {\"args\": "
				   "[\"a\"],}\n}\n";
	struct spec_config *cfg = NULL;
	struct lc_err err = {0};

	ck_assert_int_lt(spec_parse_config(text, strlen(text), "config.json", &cfg, &err), 0);
	ck_assert_msg(strncmp(err.msg, "config.json:3:30: invalid JSON: ", 32) == 0, "%s", err.msg);
}
END_TEST

START_TEST(test_audit_record)
{
	static const char rec[] =
		"5,1234,8437815437,-;audit: type=1326 audit(1795987545.785:74): auid=4294967295 "
		"uid=0 gid=0 ses=4294967295 pid=3418 comm=\"mkdir\" exe=\"/bin/busybox\" sig=31 "
		"arch=c000003e syscall=83 compat=0 ip=0x47b567 code=0x80000000";
	unsigned int arch = 0;
	int nr = -1;

	ck_assert_int_eq(lc_death_parse_audit(rec, 3418, &arch, &nr), 0);
	ck_assert_uint_eq(arch, 0xc000003e);
	ck_assert_int_eq(nr, 83);
	/* another pid (341 is a prefix of 3418), or another record type */
	ck_assert_int_lt(lc_death_parse_audit(rec, 341, &arch, &nr), 0);
	ck_assert_int_lt(lc_death_parse_audit("audit: type=1400 pid=3418 sig=31 syscall=1", 3418,
					      &arch, &nr),
			 0);
}
END_TEST

START_TEST(test_death_words)
{
	char buf[512];

	lc_death_describe(&(struct lc_death){.pid = 1, .how = CLD_EXITED, .status = 3}, buf,
			  sizeof(buf));
	ck_assert_str_eq(buf, "exited with status 3");
	lc_death_describe(&(struct lc_death){.pid = 1, .how = CLD_KILLED, .status = SIGTERM}, buf,
			  sizeof(buf));
	ck_assert_str_eq(buf, "killed by SIGTERM");
	/* no cgroup to ask: a SIGKILL is only a SIGKILL */
	lc_death_describe(&(struct lc_death){.pid = 1, .how = CLD_KILLED, .status = SIGKILL}, buf,
			  sizeof(buf));
	ck_assert_str_eq(buf, "killed by SIGKILL");
	/* SIGSYS without seccomp in the config: no guess */
	lc_death_describe(&(struct lc_death){.pid = -5, .how = CLD_DUMPED, .status = SIGSYS}, buf,
			  sizeof(buf));
	ck_assert_str_eq(buf, "killed by SIGSYS");
	/* with seccomp but no audit record for the pid: said honestly */
	lc_death_describe(
		&(struct lc_death){
			.pid = -5, .how = CLD_DUMPED, .status = SIGSYS, .has_seccomp = true},
		buf, sizeof(buf));
	ck_assert_msg(strncmp(buf, "killed by SIGSYS: seccomp (which syscall is not known: ", 55) ==
			      0,
		      "%s", buf);
}
END_TEST

static bool has_rule(const struct spec_audit *a, const char *rule)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->findings[i].rule, rule) == 0)
			return true;
	return false;
}

START_TEST(test_audit_host)
{
	struct spec_config *cfg = parse_ok(
		"{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\", \"readOnly\": true},"
		" \"process\": {\"args\": [\"sh\"], \"cwd\": \"/\"},"
		" \"linux\": {\"seccomp\": {\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": "
		"[{\"names\": [\"mkdri\", \"mount\"], \"action\": \"SCMP_ACT_ERRNO\"}]}}}");
	char *unknown[] = {"mkdri"};
	struct spec_audit_host host = {.no_apparmor = true,
				       .no_selinux = true,
				       .unknown_syscalls = unknown,
				       .n_unknown_syscalls = 1};
	struct spec_audit a;

	spec_audit_config(cfg, &a);
	ck_assert(has_rule(&a, "no-apparmor"));
	ck_assert(has_rule(&a, "no-selinux"));
	ck_assert(has_rule(&a, "unknown-property"));
	ck_assert(!has_rule(&a, "seccomp-unknown-name")); /* not known without the host */
	spec_audit_free(&a);
	spec_audit_config_host(cfg, &host, &a);
	ck_assert(!has_rule(&a, "no-apparmor"));
	ck_assert(!has_rule(&a, "no-selinux"));
	ck_assert(has_rule(&a, "seccomp-unknown-name"));
	for (size_t i = 0; i < a.n; i++)
		if (strcmp(a.findings[i].rule, "seccomp-unknown-name") == 0)
			ck_assert_str_eq(a.findings[i].path,
					 "linux.seccomp.syscalls[0].names[0] 'mkdri'");
		else if (strcmp(a.findings[i].rule, "unknown-property") == 0)
			ck_assert_str_eq(spec_finding_fix(&a.findings[i]),
					 "did you mean 'readonly'? write 'readonly'");
	spec_audit_free(&a);
	spec_config_free(cfg);
}
END_TEST

Suite *teach_suite(void)
{
	Suite *s = suite_create("teach");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_edit_distance);
	tcase_add_test(tc, test_suggest);
	tcase_add_test(tc, test_oci_property);
	tcase_add_test(tc, test_unknown_keys);
	tcase_add_test(tc, test_json_line_col);
	tcase_add_test(tc, test_audit_record);
	tcase_add_test(tc, test_death_words);
	tcase_add_test(tc, test_audit_host);
	suite_add_tcase(s, tc);
	return s;
}
