/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Declarations shared by the parse*.c files of spec/ (not for other directories). */
#ifndef RUNH_SPEC_PARSE_INTERNAL_H
#define RUNH_SPEC_PARSE_INTERNAL_H

#include "json.h"
#include "spec.h"

int spec_parse_linux(struct spec_ctx *ctx, yajl_val v, void *obj);
int spec_parse_idmap(struct spec_ctx *ctx, yajl_val v, void *obj);
int spec_parse_resources(struct spec_ctx *ctx, yajl_val v, void *obj);
int spec_parse_seccomp(struct spec_ctx *ctx, yajl_val v, void *obj);
int spec_parse_process_obj(struct spec_ctx *ctx, yajl_val v, struct spec_process *p);
int spec_validate(struct spec_ctx *ctx, const struct spec_config *cfg);
void spec_linux_free(struct spec_linux *l);

#endif
