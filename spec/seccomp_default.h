/* SPDX-License-Identifier: GPL-2.0-or-later */
/* runh's default seccomp profile (data), emitted by `runh spec --hardened`. */
#ifndef RUNH_SPEC_SECCOMP_DEFAULT_H
#define RUNH_SPEC_SECCOMP_DEFAULT_H

extern const char *const spec_seccomp_default_allow[];
extern const unsigned long long spec_seccomp_default_personality[];
extern const unsigned spec_seccomp_default_n_personality;
extern const unsigned long long spec_seccomp_default_clone_ns_mask;
extern const unsigned long long spec_seccomp_default_denied_family;

#endif
