/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Spec-defined names → numbers, in the parent: mount options, rlimits, namespace types,
 * propagation, seccomp actions/operators, scheduler policies, I/O priority classes.
 */
#ifndef RUNH_SPEC_CONVERT_H
#define RUNH_SPEC_CONVERT_H

#include <stdbool.h>

#include "spec.h"

/* Fill the converted fields of m from m->options; an unknown option becomes fs data. */
int spec_convert_mount_options(struct spec_mount *m, char *ret_bad, size_t bad_len);
/* Every mount option name runh knows (for `runh features`); returns the count. */
size_t spec_mount_option_names(const char **out, size_t max);
const char *const *spec_seccomp_arch_names(size_t *ret_n);
const char *const *spec_seccomp_flag_names(size_t *ret_n);
/* "rprivate" → MS_PRIVATE|MS_REC; -1 when unknown. */
long spec_propagation_from_name(const char *name);
int spec_rlimit_from_name(const char *name);
const char *spec_rlimit_name(int resource);
int spec_ns_from_name(const char *name, enum spec_ns_type *ret_type, int *ret_clone_flag);
int spec_seccomp_action_from_name(const char *name);
int spec_seccomp_op_from_name(const char *name);
bool spec_seccomp_arch_known(const char *name);
bool spec_seccomp_flag_known(const char *name);
int spec_sched_policy_from_name(const char *name);
int spec_sched_flag_from_name(const char *name, unsigned long *ret_flag);
int spec_ioprio_class_from_name(const char *name);
int spec_mempolicy_mode_from_name(const char *name);
bool spec_mempolicy_flag_known(const char *name);
bool spec_personality_flag_known(const char *name);

#endif
