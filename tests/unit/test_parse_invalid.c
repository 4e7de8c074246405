/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Invalid and hostile config.json: each gives its exact message, none crashes or leaks. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../libcontainer/util.h"
#include "../../spec/spec.h"
#include "../../spec/state_json.h"
#include "suites.h"

#define HEAD "{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"r\"},"
#define PROC "\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\"}"

struct bad_case {
	const char *json;
	const char *msg;
};

static const struct bad_case cases[] = {
	{"{", "config.json:1:2: invalid JSON: parse error: premature EOF"},
	{"[]", "config.json: expected a JSON object at the top level"},
	{"{\"root\":{\"path\":\"r\"}}", "config.json: ociVersion: required property missing"},
	{"{\"ociVersion\":1}", "config.json: ociVersion: expected a string"},
	{"{\"ociVersion\":\"2.0.0\"}",
	 "config.json: ociVersion: version '2.0.0' is not supported (runh supports 1.0.0 to 1.3.x)"},
	{"{\"ociVersion\":\"0.9.0\"}",
	 "config.json: ociVersion: version '0.9.0' is not supported (runh supports 1.0.0 to 1.3.x)"},
	{"{\"ociVersion\":\"1.x\"}", "config.json: ociVersion: '1.x' is not a semantic version"},
	{HEAD "\"process\":{\"args\":[1],\"cwd\":\"/\"}}",
	 "config.json: process.args[0]: expected a string"},
	{HEAD "\"process\":{\"args\":\"sh\",\"cwd\":\"/\"}}",
	 "config.json: process.args: expected an array of strings"},
	{HEAD "\"process\":{\"args\":[],\"cwd\":\"/\"}}",
	 "config.json: process.args: must contain at least one element"},
	{HEAD "\"process\":{\"args\":[\"sh\"]}}",
	 "config.json: process.cwd: required property missing"},
	{HEAD "\"process\":{\"args\":[\"sh\"],\"cwd\":\"rel\"}}",
	 "config.json: process.cwd: 'rel' is not an absolute path"},
	{HEAD "\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"env\":[\"NOEQUALS\"]}}",
	 "config.json: process.env[0]: 'NOEQUALS' is not of the form KEY=value"},
	{HEAD "\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"terminal\":\"yes\"}}",
	 "config.json: process.terminal: expected a boolean"},
	{HEAD "\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"user\":{\"uid\":4294967296}}}",
	 "config.json: process.user.uid: number 4294967296 out of range (0 to 4294967295)"},
	{HEAD "\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"user\":{\"uid\":-1}}}",
	 "config.json: process.user.uid: expected a non-negative integer, got -1"},
	{HEAD "\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"user\":{\"gid\":1.5}}}",
	 "config.json: process.user.gid: expected a non-negative integer, got 1.5"},
	{HEAD
	 "\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"user\":{\"additionalGids\":[1,\"x\"]}}}",
	 "config.json: process.user.additionalGids[1]: expected a non-negative integer"},
	{HEAD "\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"user\":{\"umask\":512}}}",
	 "config.json: process.user.umask: umask 512 out of range (0 to 0777)"},
	{HEAD
	 "\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\","
	 "\"hard\":1,\"soft\":1},{\"type\":\"RLIMIT_NOFILE\",\"hard\":1,\"soft\":1}]}}",
	 "config.json: process.rlimits[1]: duplicate rlimit 'RLIMIT_NOFILE'"},
	{HEAD "\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"rlimits\":[{\"type\":\"RLIMIT_CORE\","
	      "\"hard\":1,\"soft\":1},{\"type\":\"RLIMIT_NPROC\",\"hard\":1,\"soft\":1},"
	      "{\"type\":\"RLIMIT_FOO\",\"hard\":1,\"soft\":1}]}}",
	 "config.json: process.rlimits[2].type: unknown rlimit 'RLIMIT_FOO'"},
	{HEAD "\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"rlimits\":[{\"type\":\"RLIMIT_CORE\","
	      "\"hard\":1,\"soft\":2}]}}",
	 "config.json: process.rlimits[0].type: RLIMIT_CORE: soft limit 2 is above hard limit 1"},
	{HEAD "\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"oomScoreAdj\":1001}}",
	 "config.json: process.oomScoreAdj: 1001 out of range (-1000 to 1000)"},
	{HEAD "\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"capabilities\":{\"bounding\":[7]}}}",
	 "config.json: process.capabilities.bounding[0]: expected a string"},
	{HEAD
	 "\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"scheduler\":{\"policy\":\"SCHED_X\"}}}",
	 "config.json: process.scheduler.policy: unknown scheduler policy 'SCHED_X'"},
	{HEAD
	 "\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"ioPriority\":{\"class\":\"IOPRIO_CLASS_BE\","
	 "\"priority\":8}}}",
	 "config.json: process.ioPriority.priority: priority 8 out of range (0 to 7)"},
	{"{\"ociVersion\":\"1.0.0\",\"root\":{}," PROC "}",
	 "config.json: root.path: required property missing"},
	{HEAD PROC ",\"mounts\":[{\"destination\":\"rel\",\"type\":\"tmpfs\"}]}",
	 "config.json: mounts[0].destination: 'rel' is not an absolute path"},
	{HEAD PROC ",\"mounts\":[{\"destination\":\"/a\"}]}",
	 "config.json: mounts[0]: type: required unless options has 'bind' or 'rbind'"},
	{HEAD PROC ",\"mounts\":[{\"destination\":\"/a\",\"options\":[\"bind\"]}]}",
	 "config.json: mounts[0]: source: required for a bind mount"},
	{HEAD PROC
	 ",\"mounts\":[{\"destination\":\"/a\",\"type\":\"tmpfs\",\"options\":[\"idmap\"]}]}",
	 "config.json: mounts[0].options: only a bind mount can be idmapped"},
	{HEAD PROC ",\"mounts\":[{\"destination\":\"/a\",\"type\":\"tmpfs\",\"uidMappings\":"
		   "[{\"containerID\":0,\"hostID\":1,\"size\":1}],\"gidMappings\":"
		   "[{\"containerID\":0,\"hostID\":1,\"size\":1}]}]}",
	 "config.json: mounts[0].uidMappings: only a bind mount can be idmapped"},
	{HEAD PROC ",\"mounts\":[{\"destination\":\"/a\",\"source\":\"/b\",\"options\":[\"bind\"],"
		   "\"uidMappings\":[{\"containerID\":0,\"hostID\":1,\"size\":1}]}]}",
	 "config.json: mounts[0].gidMappings: required with uidMappings (an idmapped mount maps "
	 "both)"},
	{HEAD PROC ",\"mounts\":[{\"destination\":\"/a\",\"source\":\"/b\",\"options\":[\"bind\"],"
		   "\"gidMappings\":[{\"containerID\":0,\"hostID\":1}]}]}",
	 "config.json: mounts[0].gidMappings[0]: size: must be greater than zero"},
	{HEAD PROC ",\"hooks\":{\"prestart\":[{\"path\":\"rel\"}]}}",
	 "config.json: hooks.prestart[0]: path: 'rel' is not an absolute path"},
	{HEAD PROC ",\"hooks\":{\"poststop\":[{\"path\":\"/x\",\"timeout\":0}]}}",
	 "config.json: hooks.poststop[0]: timeout: must be greater than zero, got 0"},
	{HEAD PROC ",\"annotations\":{\"a\":1}}", "config.json: annotations.a: expected a string"},
	{HEAD PROC ",\"hostname\":\"h\"}",
	 "config.json: hostname: setting it needs a uts namespace"},
	{HEAD PROC ",\"linux\":{\"namespaces\":[{\"type\":\"foo\"}]}}",
	 "config.json: linux.namespaces[0].type: unknown namespace type 'foo'"},
	{HEAD PROC ",\"linux\":{\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"pid\"}]}}",
	 "config.json: linux.namespaces[1]: duplicate namespace type 'pid'"},
	{HEAD PROC ",\"linux\":{\"namespaces\":[{\"type\":\"net\"}]}}",
	 "config.json: linux.namespaces[0].type: unknown namespace type 'net'"},
	{HEAD PROC ",\"linux\":{\"uidMappings\":[{\"containerID\":0,\"hostID\":1,\"size\":1}]}}",
	 "config.json: linux.uidMappings: id mappings need a user namespace"},
	{HEAD PROC ",\"linux\":{\"namespaces\":[{\"type\":\"user\"}]}}",
	 "config.json: linux.uidMappings: a new user namespace needs uidMappings and gidMappings"},
	{HEAD PROC
	 ",\"linux\":{\"uidMappings\":[{\"containerID\":0,\"hostID\":4294967295,\"size\":2}]}}",
	 "config.json: linux.uidMappings[0]: range overflows 32-bit ids"},
	{HEAD PROC ",\"linux\":{\"uidMappings\":[{\"containerID\":0,\"hostID\":1,\"size\":0}]}}",
	 "config.json: linux.uidMappings[0]: size: must be greater than zero"},
	{HEAD PROC ",\"linux\":{\"timeOffsets\":{\"boottime\":{\"secs\":1}}}}",
	 "config.json: linux.timeOffsets: offsets need a new time namespace"},
	{HEAD PROC ",\"linux\":{\"devices\":[{\"type\":\"x\",\"path\":\"/dev/x\"}]}}",
	 "config.json: linux.devices[0].type: invalid device type 'x' (one of cbup)"},
	{HEAD PROC ",\"linux\":{\"devices\":[{\"type\":\"c\",\"path\":\"/dev/x\"}]}}",
	 "config.json: linux.devices[0]: major and minor: required for device type 'c'"},
	{HEAD PROC ",\"linux\":{\"resources\":{\"memory\":{\"limit\":-5}}}}",
	 "config.json: linux.resources.memory: limit: -5 is negative (use -1 for unlimited)"},
	{HEAD PROC ",\"linux\":{\"resources\":{\"pids\":{\"limit\":\"10\"}}}}",
	 "config.json: linux.resources.pids.limit: expected an integer"},
	{HEAD PROC ",\"linux\":{\"resources\":{\"devices\":[{\"access\":\"rwm\"}]}}}",
	 "config.json: linux.resources.devices[0].allow: required property missing"},
	{HEAD PROC
	 ",\"linux\":{\"resources\":{\"devices\":[{\"allow\":true,\"access\":\"rwx\"}]}}}",
	 "config.json: linux.resources.devices[0]: access: 'rwx' is not a combination of r, w, m"},
	{HEAD PROC ",\"linux\":{\"resources\":{\"blockIO\":{\"weight\":70000}}}}",
	 "config.json: linux.resources.blockIO.weight: 70000 out of range (0 to 65535)"},
	{HEAD PROC ",\"linux\":{\"resources\":{\"unified\":{\"../x\":\"1\"}}}}",
	 "config.json: linux.resources.unified: '../x' is not a cgroup file name"},
	{HEAD PROC ",\"linux\":{\"rootfsPropagation\":\"sideways\"}}",
	 "config.json: linux.rootfsPropagation: unknown propagation 'sideways'"},
	{HEAD PROC ",\"linux\":{\"seccomp\":{\"defaultAction\":\"SCMP_ACT_NOPE\"}}}",
	 "config.json: linux.seccomp.defaultAction: unknown seccomp action 'SCMP_ACT_NOPE'"},
	{HEAD PROC ",\"linux\":{\"seccomp\":{}}}",
	 "config.json: linux.seccomp.defaultAction: required property missing"},
	{HEAD PROC
	 ",\"linux\":{\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":"
	 "[\"read\"],\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":6,\"value\":1,\"op\":"
	 "\"SCMP_CMP_EQ\"}]}]}}}",
	 "config.json: linux.seccomp.syscalls[0].args[0]: index: 6 out of range (0 to 5)"},
	{HEAD PROC
	 ",\"linux\":{\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":"
	 "[\"read\"],\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":0,\"value\":1,\"op\":"
	 "\"SCMP_CMP_XX\"}]}]}}}",
	 "config.json: linux.seccomp.syscalls[0].args[0].op: unknown seccomp operator 'SCMP_CMP_XX'"},
	{HEAD PROC
	 ",\"linux\":{\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":"
	 "[\"SCMP_ARCH_Z80\"]}}}",
	 "config.json: linux.seccomp.architectures[0]: unknown architecture 'SCMP_ARCH_Z80'"},
	{HEAD PROC ",\"linux\":{\"sysctl\":{\"kernel.core_pattern\":\"|/x\"}}}",
	 "config.json: linux.sysctl: 'kernel.core_pattern' is not namespaced: it would change the host"},
	{HEAD PROC ",\"linux\":{\"sysctl\":{\"net.ipv4.ip_forward\":\"1\"}}}",
	 "config.json: linux.sysctl: 'net.ipv4.ip_forward' needs a network namespace"},
	{HEAD PROC ",\"linux\":{\"personality\":{\"domain\":\"BSD\"}}}",
	 "config.json: linux.personality.domain: unknown personality domain 'BSD' (LINUX or LINUX32)"},
	{HEAD PROC ",\"linux\":{\"maskedPaths\":[\"/a\",null]}}",
	 "config.json: linux.maskedPaths[1]: expected a string"},
	{HEAD PROC ",\"ociVersion\":\"1.0.1\"}", "config.json: duplicate key 'ociVersion'"},
	{HEAD "\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"cwd\":\"/x\"}}",
	 "config.json: process: duplicate key 'cwd'"},
	{HEAD PROC ",\"annotations\":{\"k\":\"1\",\"k\":\"2\"}}",
	 "config.json: annotations: duplicate key 'k'"},
	{"{\"ociVersion\":\"1.0.0\",\"hostname\":\"\xff\xfe\"}",
	 "config.json:1:36: invalid JSON: lexical error: invalid bytes in UTF8 string."},
	/* runc (Go encoding/json) takes no comments; yajl_tree_parse would skip them */
	{"{\"ociVersion\":\"1.0.0\", // x\n}",
	 "config.json:1:24: invalid JSON: comments are not allowed"},
	{"{\n  \"ociVersion\": /* x */ \"1.0.0\"}",
	 "config.json:2:17: invalid JSON: comments are not allowed"},
	{"/**/{}", "config.json:1:1: invalid JSON: comments are not allowed"},
	/* a \u0000 would cut the string short: "sh\u0000x" must not become "sh" */
	{HEAD "\"process\":{\"args\":[\"sh\\u0000x\"],\"cwd\":\"/\"}}",
	 "config.json:1:72: invalid JSON: string holds \\u0000"},
	{"{\"ociVersion\\u0000x\":\"1.0.0\"}",
	 "config.json:1:20: invalid JSON: string holds \\u0000"},
	{"{\"ociVersion\":\"1.0.0\"} {}",
	 "config.json:1:25: invalid JSON: parse error: trailing garbage"},
	{"{\n\"ociVersion\":\"1.0.0\",\n\"x\": [1,\n 2 3]}",
	 "config.json:4:5: invalid JSON: parse error: after array element, I expect ',' or ']'"},
};

START_TEST(test_invalid_table)
{
	const struct bad_case *c = &cases[_i];
	struct spec_config *cfg = NULL;
	struct lc_err err = {0};
	int r;

	r = spec_parse_config(c->json, strlen(c->json), "config.json", &cfg, &err);
	ck_assert_msg(r < 0, "case %d accepted: %s", _i, c->json);
	ck_assert_ptr_null(cfg);
	ck_assert_str_eq(err.msg, c->msg);
}
END_TEST

START_TEST(test_nul_byte)
{
	static const char text[] = "{\"ociVersion\":\"1.0.0\"\0, \"x\": 1}";
	struct spec_config *cfg = NULL;
	struct lc_err err = {0};

	ck_assert_int_lt(spec_parse_config(text, sizeof(text) - 1, "config.json", &cfg, &err), 0);
	ck_assert_str_eq(err.msg, "config.json:1:22: invalid JSON: NUL byte");
}
END_TEST

START_TEST(test_deep_nesting)
{
	size_t depth = 100000, len = 0;
	char *text = xmalloc(depth * 2 + 64);
	struct spec_config *cfg = NULL;
	struct lc_err err = {0};

	len += (size_t)sprintf(text, "{\"ociVersion\":\"1.0.0\",\"x\":");
	for (size_t i = 0; i < depth; i++)
		text[len++] = '[';
	for (size_t i = 0; i < depth; i++)
		text[len++] = ']';
	text[len++] = '}';
	text[len] = '\0';
	ck_assert_int_lt(spec_parse_config(text, len, "config.json", &cfg, &err), 0);
	ck_assert_str_eq(err.msg, "config.json:1:90: invalid JSON: nested deeper than 64 levels");
	free(text);
}
END_TEST

/* prefix, n '[' then n ']', suffix: a heap string. */
static char *nested(const char *prefix, size_t n, const char *suffix, size_t *ret_len)
{
	size_t lp = strlen(prefix), ls = strlen(suffix);
	char *t = xmalloc(lp + 2 * n + ls + 1);

	memcpy(t, prefix, lp);
	memset(t + lp, '[', n);
	memset(t + lp + n, ']', n);
	memcpy(t + lp + 2 * n, suffix, ls + 1);
	*ret_len = lp + 2 * n + ls;
	return t;
}

/* Issue 10 item 3: `// "` hid the nesting from the old depth scan while yajl skipped the
 * comment, and freeing the 200,000-deep tree overflowed the stack. Every entry point. */
START_TEST(test_comment_hides_nesting)
{
	static const char *const prefix[] = {
		"{\"ociVersion\":\"1.0.0\", // \"\n\"x\":",
		"{\"args\":[\"sh\"],\"cwd\":\"/\", // \"\n\"x\":",
		"{\"pids\":{\"limit\":1}, // \"\n\"x\":",
		"{\"id\":\"c\",\"status\":\"created\", // \"\n\"x\":",
	};
	static const char *const want[] = {
		"config.json:1:24: invalid JSON: comments are not allowed",
		"process.json:1:27: invalid JSON: comments are not allowed",
		"resources.json:1:22: invalid JSON: comments are not allowed",
		"state.json:1:31: invalid JSON: comments are not allowed",
	};
	struct spec_config *cfg = NULL;
	struct spec_process *proc = NULL;
	struct spec_resources *res = NULL;
	struct spec_state *st = NULL;
	struct lc_err err = {0};
	size_t len;
	char *t = nested(prefix[_i], 200000, "}", &len);
	int r = 0;

	switch (_i) {
	case 0:
		r = spec_parse_config(t, len, "config.json", &cfg, &err);
		break;
	case 1:
		r = spec_parse_process(t, len, "process.json", &proc, &err);
		break;
	case 2:
		r = spec_parse_resources_json(t, len, "resources.json", &res, &err);
		break;
	case 3:
		r = spec_state_parse(t, len, "state.json", &st, &err);
		break;
	}
	ck_assert_int_lt(r, 0);
	ck_assert_str_eq(err.msg, want[_i]);
	ck_assert(!cfg && !proc && !res && !st);
	free(t);
}
END_TEST

/* The limit is exact: 64 levels are accepted, 65 are not, whatever the strings around hold
 * (escaped quotes and backslashes, brackets inside strings). */
START_TEST(test_depth_exact)
{
	static const char *const pre[] = {
		"{\"ociVersion\":\"1.0.0\",\"x\":",
		"{\"ociVersion\":\"1.0.0\",\"a\\\\\":\"\\\\\",\"b\\\"\":\"]]}}\\\"[[\",\"x\":",
	};
	struct spec_config *cfg = NULL;
	struct lc_err err = {0};
	size_t len;
	char *t;

	for (size_t k = 0; k < sizeof(pre) / sizeof(pre[0]); k++) {
		t = nested(pre[k], 63, "}", &len);
		ck_assert_msg(spec_parse_config(t, len, "config.json", &cfg, &err) == 0, "%s",
			      err.msg);
		cfg = spec_config_free(cfg);
		free(t);
		t = nested(pre[k], 64, "}", &len);
		ck_assert_int_lt(spec_parse_config(t, len, "config.json", &cfg, &err), 0);
		ck_assert_ptr_null(cfg);
		ck_assert(strstr(err.msg, ": invalid JSON: nested deeper than 64 levels"));
		free(t);
	}
}
END_TEST

/* Found by fuzz-state: a runhInitStartTime above 2^63 was written back negative, and the
 * state.json that runh itself had rewritten no longer parsed. */
START_TEST(test_state_start_time_round_trip)
{
	static const char text[] =
		"{\"id\":\"a\",\"status\":\"created\",\"runhInitStartTime\":18446744073709551615}";
	struct spec_state *st = NULL, *back = NULL;
	struct lc_err err = {0};
	char *out = NULL;
	size_t len = 0;

	ck_assert_int_eq(spec_state_parse(text, strlen(text), "state.json", &st, &err), 0);
	ck_assert_int_eq(spec_state_to_json(st, SPEC_STATE_INTERNAL, &out, &len), 0);
	ck_assert_msg(spec_state_parse(out, len, "state.json", &back, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(back->init_start_time, UINT64_MAX);
	spec_state_free(back);
	spec_state_free(st);
	free(out);
}
END_TEST

START_TEST(test_huge_array_ok_and_bounded)
{
	/* 20,000 env entries: parsed (no arbitrary limit), freed without leaks. */
	size_t n = 20000, len = 0;
	char *text = xmalloc(n * 12 + 256);
	struct spec_config *cfg = NULL;
	struct lc_err err = {0};

	len += (size_t)sprintf(text, HEAD "\"process\":{\"cwd\":\"/\",\"args\":[\"sh\"],\"env\":[");
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(text + len, "%s\"E%zu=1\"", i ? "," : "", i % 1000);
	len += (size_t)sprintf(text + len, "]}}");
	ck_assert_int_eq(spec_parse_config(text, len, "config.json", &cfg, &err), 0);
	ck_assert_uint_eq(cfg->process->n_env, n);
	spec_config_free(cfg);
	free(text);
}
END_TEST

START_TEST(test_too_large)
{
	size_t len = SPEC_CONFIG_MAX_BYTES + 1;
	char *text = xmalloc(len + 1);
	struct spec_config *cfg = NULL;
	struct lc_err err = {0};

	memset(text, ' ', len);
	text[0] = '{';
	text[len - 1] = '}';
	text[len] = '\0';
	ck_assert_int_lt(spec_parse_config(text, len, "config.json", &cfg, &err), 0);
	ck_assert_str_eq(err.msg, "config.json: larger than 16777216 bytes");
	free(text);
}
END_TEST

START_TEST(test_process_json)
{
	static const char ok[] = "{\"args\":[\"ls\"],\"cwd\":\"/\",\"user\":{\"uid\":5}}";
	static const char bad[] = "{\"args\":[],\"cwd\":\"/\"}";
	struct spec_process *p = NULL;
	struct lc_err err = {0};

	ck_assert_int_eq(spec_parse_process(ok, strlen(ok), "process.json", &p, &err), 0);
	ck_assert_uint_eq(p->user.uid, 5);
	spec_process_free(p);
	p = NULL;
	ck_assert_int_lt(spec_parse_process(bad, strlen(bad), "process.json", &p, &err), 0);
	ck_assert_str_eq(err.msg, "process.json: args: must contain at least one element");
}
END_TEST

Suite *parse_invalid_suite(void)
{
	Suite *s = suite_create("parse_invalid");
	TCase *tc = tcase_create("invalid");

	tcase_add_loop_test(tc, test_invalid_table, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_nul_byte);
	tcase_add_test(tc, test_deep_nesting);
	tcase_add_loop_test(tc, test_comment_hides_nesting, 0, 4);
	tcase_add_test(tc, test_depth_exact);
	tcase_add_test(tc, test_state_start_time_round_trip);
	tcase_add_test(tc, test_huge_array_ok_and_bounded);
	tcase_add_test(tc, test_too_large);
	tcase_add_test(tc, test_process_json);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
