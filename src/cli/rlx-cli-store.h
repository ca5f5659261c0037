/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "rlx-store.h"

G_BEGIN_DECLS

/* Shared by the subcommands that read or write a database (--db FILE). */

char     *rlx_cli_default_db_path   (void);
RlxStore *rlx_cli_open_store        (const char     *db_path,
                                     gboolean        must_exist,
                                     GError        **error);
gboolean  rlx_cli_parse_run_id      (const char     *text,
                                     gint64         *run_id);

/* A plain-text table whose columns are as wide as their widest cell (in characters). */
typedef struct _RlxCliTable RlxCliTable;

RlxCliTable *rlx_cli_table_new      (guint           n_columns,
                                     ...);
void         rlx_cli_table_add_row  (RlxCliTable    *table,
                                     ...);
void         rlx_cli_table_print    (RlxCliTable    *table,
                                     const char     *indent);
void         rlx_cli_table_free     (RlxCliTable    *table);

char     *rlx_cli_format_number     (double          value,
                                     const char     *unit);
void      rlx_cli_json_add_double   (JsonBuilder    *builder,
                                     const char     *member,
                                     double          value);
void      rlx_cli_json_add_string   (JsonBuilder    *builder,
                                     const char     *member,
                                     const char     *value);
/* A run id, null for none (0). */
void      rlx_cli_json_add_id       (JsonBuilder    *builder,
                                     const char     *member,
                                     gint64          id);
/* "anneal_steps": [{"Ta": K, "ta": s}…] */
void      rlx_cli_json_add_anneal_steps (JsonBuilder *builder,
                                     GArray         *steps);
/* The members that describe a run wherever the CLI lists or shows one, inside an open object. */
void      rlx_cli_json_add_run_members (JsonBuilder  *builder,
                                     const RlxRunRecord *run);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxCliTable, rlx_cli_table_free)

G_END_DECLS
