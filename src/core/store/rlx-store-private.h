/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>
#include <json-glib/json-glib.h>

#include "rlx-store.h"

G_BEGIN_DECLS

/* "RLXU": marks a SQLite file as a Relaxun database (PRAGMA application_id). */
#define RLX_STORE_APPLICATION_ID 0x524C5855

struct _RlxStore
{
  sqlite3    *db;
  char       *path;
  GHashTable *statements;  /* const char *sql (static) → sqlite3_stmt * */
  int         schema_version;
  int         tx_depth;
};

/* A cached statement, reset and unbound when it goes out of scope. */
typedef sqlite3_stmt RlxStmt;

static inline void
rlx_stmt_release (RlxStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxStmt, rlx_stmt_release)

RlxStmt  *rlx_store_prepare          (RlxStore     *store,
                                      const char   *sql,
                                      GError      **error);
gboolean  rlx_store_exec             (RlxStore     *store,
                                      const char   *sql,
                                      GError      **error);
gboolean  rlx_store_fail             (RlxStore     *store,
                                      GError      **error,
                                      const char   *what);
gboolean  rlx_store_step_done        (RlxStore     *store,
                                      RlxStmt      *stmt,
                                      const char   *what,
                                      GError      **error);

/* Makes one record of the statement's current row. */
typedef gpointer (*RlxStoreRowFunc)  (RlxStmt      *stmt,
                                      gpointer      user_data);

/* Steps @stmt to its end, one record a row; NULL with @error set when SQLite fails. */
GPtrArray *rlx_store_collect_rows    (RlxStore       *store,
                                      RlxStmt        *stmt,
                                      RlxStoreRowFunc row_func,
                                      gpointer        user_data,
                                      GDestroyNotify  free_func,
                                      const char     *what,
                                      GError        **error);

gboolean  rlx_store_begin            (RlxStore     *store,
                                      GError      **error);
gboolean  rlx_store_commit           (RlxStore     *store,
                                      GError      **error);
void      rlx_store_rollback         (RlxStore     *store);

gboolean  rlx_store_append_history   (RlxStore     *store,
                                      const char   *action,
                                      const char   *entity,
                                      gint64        entity_id,
                                      const char   *summary,
                                      const char   *payload_json,
                                      GError      **error);

char     *rlx_store_now              (void);
gboolean  rlx_store_check_json       (const char   *json,
                                      const char   *what,
                                      GError      **error);

/* Binding helpers: NULL / NaN become SQL NULL (SQLite would turn a NaN into NULL anyway). */
void      rlx_stmt_bind_text         (RlxStmt      *stmt,
                                      int           index,
                                      const char   *text);
void      rlx_stmt_bind_double       (RlxStmt      *stmt,
                                      int           index,
                                      double        value);
void      rlx_stmt_bind_id           (RlxStmt      *stmt,
                                      int           index,
                                      gint64        id);
char     *rlx_stmt_dup_text          (RlxStmt      *stmt,
                                      int           column);
double    rlx_stmt_get_double        (RlxStmt      *stmt,
                                      int           column);

/* Channel values as little-endian float64. */
GBytes   *rlx_store_encode_values    (const double *values,
                                      gsize         n_values);
double   *rlx_store_decode_values    (const void   *blob,
                                      gsize         n_bytes,
                                      gsize        *n_values);

/* Rows as JSON objects, for delete payloads that restore can put back. */
JsonNode *rlx_store_row_to_json      (RlxStmt      *stmt);
gboolean  rlx_store_insert_json_row  (RlxStore     *store,
                                      const char   *table,
                                      JsonObject   *row,
                                      GError      **error);

RlxAnalysisRecord *rlx_store_analysis_from_stmt (RlxStmt *stmt);

/* Shared between rlx-store-import.c and rlx-store-runs.c. */
gboolean  rlx_store_not_found        (GError      **error,
                                      const char   *what,
                                      gint64        id);
gboolean  rlx_store_check_run_data   (const RlxRunData *run,
                                      GError      **error);
gint64    rlx_store_ensure_sample_in_tx (RlxStore *store,
                                      const char   *name,
                                      const RlxRunData *run,
                                      GError      **error);
gint64    rlx_store_insert_run       (RlxStore     *store,
                                      gint64        sample_id,
                                      gint64        source_id,
                                      int           position,
                                      const RlxRunData *run,
                                      const char   *now,
                                      GError      **error);
char     *rlx_store_dup_row_json     (RlxStore     *store,
                                      const char   *sql,
                                      gint64        id,
                                      GError      **error);
char     *rlx_store_edit_payload     (const char   *before,
                                      const char   *after);

/* Schema steps, exposed for the migration tests through rlx_store_create_at_version(). */
gboolean  rlx_store_migrate_to       (RlxStore     *store,
                                      int           from_version,
                                      int           to_version,
                                      GError      **error);

G_END_DECLS
