/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

char *rlx_json_to_string       (JsonNode    *node,
                                gboolean     pretty);
char *rlx_json_repair_numbers  (const char  *text);
void  rlx_json_builder_add_double (JsonBuilder *builder,
                                   double       value);

G_END_DECLS
