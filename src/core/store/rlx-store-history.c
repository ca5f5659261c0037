/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-store"

#include "config.h"

#include "rlx-json.h"
#include "rlx-store.h"
#include "rlx-store-private.h"

#include <math.h>
#include <string.h>

/*
 * The history log, deleting runs and restoring them. A deleted run leaves behind, in its
 * history row, every row it took with it (run, channels, analyses, who pointed at it) as JSON
 * objects keyed by column name, so restore puts back exactly what was there, ids included.
 */

/* ---- rows as JSON ----------------------------------------------------------------------- */

JsonNode *
rlx_store_row_to_json (RlxStmt *stmt)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int n = sqlite3_column_count (stmt);

  json_builder_begin_object (builder);
  for (int i = 0; i < n; i++)
    {
      json_builder_set_member_name (builder, sqlite3_column_name (stmt, i));
      switch (sqlite3_column_type (stmt, i))
        {
        case SQLITE_INTEGER:
          json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, i));
          break;
        case SQLITE_FLOAT:
          {
            double v = sqlite3_column_double (stmt, i);

            if (isfinite (v))
              json_builder_add_double_value (builder, v);
            else
              {
                json_builder_begin_object (builder);
                json_builder_set_member_name (builder, "real");
                json_builder_add_string_value (builder, v > 0 ? "inf" : "-inf");
                json_builder_end_object (builder);
              }
          }
          break;
        case SQLITE_TEXT:
          json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, i));
          break;
        case SQLITE_BLOB:
          {
            g_autofree char *text = g_base64_encode (sqlite3_column_blob (stmt, i),
                                                     (gsize) sqlite3_column_bytes (stmt, i));

            json_builder_begin_object (builder);
            json_builder_set_member_name (builder, "base64");
            json_builder_add_string_value (builder, text);
            json_builder_end_object (builder);
          }
          break;
        case SQLITE_NULL:
        default:
          json_builder_add_null_value (builder);
          break;
        }
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static GHashTable *
table_columns (RlxStore   *store,
               const char *table,
               GError    **error)
{
  g_autoptr(RlxStmt) stmt = rlx_store_prepare (store, "SELECT name FROM pragma_table_info (?)",
                                               error);
  g_autoptr(GHashTable) columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int rc;

  if (stmt == NULL)
    return NULL;
  rlx_stmt_bind_text (stmt, 1, table);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (columns, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      rlx_store_fail (store, error, "read the table layout");
      return NULL;
    }
  return g_steal_pointer (&columns);
}

static void
bind_json_value (sqlite3_stmt *stmt,
                 int           index,
                 JsonNode     *node,
                 GPtrArray    *keep_alive)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      sqlite3_bind_null (stmt, index);
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      const char *text;

      if ((text = json_object_get_string_member_with_default (object, "base64", NULL)) != NULL)
        {
          gsize size = 0;
          guchar *data = g_base64_decode (text, &size);

          g_ptr_array_add (keep_alive, data);
          if (size == 0)
            sqlite3_bind_zeroblob (stmt, index, 0);
          else
            sqlite3_bind_blob64 (stmt, index, data, size, SQLITE_STATIC);
        }
      else if ((text = json_object_get_string_member_with_default (object, "real", NULL)) != NULL)
        sqlite3_bind_double (stmt, index, g_str_equal (text, "inf") ? HUGE_VAL : -HUGE_VAL);
      else
        sqlite3_bind_null (stmt, index);
      return;
    }

  if (!JSON_NODE_HOLDS_VALUE (node))
    {
      sqlite3_bind_null (stmt, index);
      return;
    }

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    sqlite3_bind_int64 (stmt, index, json_node_get_int (node));
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    sqlite3_bind_double (stmt, index, json_node_get_double (node));
  else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    sqlite3_bind_int (stmt, index, json_node_get_boolean (node) ? 1 : 0);
  else
    sqlite3_bind_text (stmt, index, json_node_get_string (node), -1, SQLITE_TRANSIENT);
}

/*
 * Puts a row back. Only members that name a column of @table are used (a payload written by an
 * older schema restores into a newer one; columns it lacks take their defaults).
 */
gboolean
rlx_store_insert_json_row (RlxStore   *store,
                           const char *table,
                           JsonObject *row,
                           GError    **error)
{
  g_autoptr(GHashTable) columns = table_columns (store, table, error);
  g_autoptr(GString) sql = NULL;
  g_autoptr(GString) values = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) keep_alive = g_ptr_array_new_with_free_func (g_free);
  GList *members;
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (columns == NULL)
    return FALSE;

  members = json_object_get_members (row);
  for (GList *l = members; l != NULL; l = l->next)
    if (g_hash_table_contains (columns, l->data))
      g_ptr_array_add (names, l->data);
  g_list_free (members);

  if (names->len == 0)
    {
      g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID,
                   "The history entry holds no %s to restore", table);
      return FALSE;
    }

  sql = g_string_new (NULL);
  values = g_string_new (NULL);
  g_string_append_printf (sql, "INSERT INTO \"%s\" (", table);
  for (guint i = 0; i < names->len; i++)
    {
      g_string_append_printf (sql, "%s\"%s\"", i ? ", " : "", (const char *) names->pdata[i]);
      g_string_append (values, i ? ", ?" : "?");
    }
  g_string_append_printf (sql, ") VALUES (%s)", values->str);

  if (sqlite3_prepare_v2 (store->db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    return rlx_store_fail (store, error, "prepare a restore");

  for (guint i = 0; i < names->len; i++)
    bind_json_value (stmt, (int) i + 1, json_object_get_member (row, names->pdata[i]), keep_alive);

  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    rlx_store_fail (store, error, "put a deleted row back");
  sqlite3_finalize (stmt);
  return ok;
}

/* ---- history ---------------------------------------------------------------------------- */

static gpointer
history_from_stmt (RlxStmt *stmt,
                   gpointer user_data)
{
  RlxHistoryRecord *record = g_new0 (RlxHistoryRecord, 1);

  record->id = sqlite3_column_int64 (stmt, 0);
  record->at = rlx_stmt_dup_text (stmt, 1);
  record->action = rlx_stmt_dup_text (stmt, 2);
  record->entity = rlx_stmt_dup_text (stmt, 3);
  record->entity_id = sqlite3_column_int64 (stmt, 4);
  record->summary = rlx_stmt_dup_text (stmt, 5);
  record->payload_json = rlx_stmt_dup_text (stmt, 6);
  return record;
}

/**
 * rlx_store_list_history_tail:
 * @limit: how many of the newest entries, or 0 for all
 *
 * Returns: (transfer full) (element-type RlxHistoryRecord): entries, oldest first
 */
GPtrArray *
rlx_store_list_history_tail (RlxStore *store,
                             guint     limit,
                             GError  **error)
{
  g_autoptr(RlxStmt) stmt = NULL;

  stmt = rlx_store_prepare (store,
                            "SELECT * FROM (SELECT id, at, action, entity, entity_id, summary, "
                            "payload_json FROM history ORDER BY id DESC LIMIT ?) ORDER BY id",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (sqlite3_int64) limit : -1);
  return rlx_store_collect_rows (store, stmt, history_from_stmt, NULL,
                                 (GDestroyNotify) rlx_history_record_free, "read the history", error);
}

/**
 * rlx_store_list_history:
 *
 * Returns: (transfer full) (element-type RlxHistoryRecord): the whole log, oldest first
 */
GPtrArray *
rlx_store_list_history (RlxStore *store,
                        GError  **error)
{
  return rlx_store_list_history_tail (store, 0, error);
}

/* ---- delete and restore ----------------------------------------------------------------- */

static gboolean
add_rows (RlxStore    *store,
          JsonBuilder *builder,
          const char  *member,
          const char  *sql,
          gint64       id,
          GError     **error)
{
  g_autoptr(RlxStmt) stmt = rlx_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);

  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    json_builder_add_value (builder, rlx_store_row_to_json (stmt));
  json_builder_end_array (builder);

  if (rc != SQLITE_DONE)
    return rlx_store_fail (store, error, "read what is to be deleted");
  return TRUE;
}

static gint64
count_rows (RlxStore   *store,
            const char *sql,
            gint64      id,
            GError    **error)
{
  g_autoptr(RlxStmt) stmt = rlx_store_prepare (store, sql, error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      rlx_store_fail (store, error, "count rows");
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
exec_with_id (RlxStore   *store,
              const char *sql,
              gint64      id,
              const char *what,
              GError    **error)
{
  g_autoptr(RlxStmt) stmt = rlx_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return rlx_store_step_done (store, stmt, what, error);
}

/**
 * rlx_store_delete_run:
 * @flags: %RLX_STORE_DELETE_WITH_ANALYSES when the caller confirmed that the run's analyses
 *   go too; without it a run with analyses is kept (%RLX_STORE_ERROR_HAS_ANALYSES)
 *
 * Deletes a run with its channels (and analyses) in one transaction. Everything deleted is
 * kept in the history entry, from which rlx_store_restore() brings it back. Runs that used
 * this run as their reference become unpaired. The source file stays.
 */
gboolean
rlx_store_delete_run (RlxStore            *store,
                      gint64               run_id,
                      RlxStoreDeleteFlags  flags,
                      GError             **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autofree char *payload_json = NULL;
  g_autofree char *summary = NULL;
  gint64 n_runs, n_analyses;

  if (!rlx_store_begin (store, error))
    return FALSE;

  n_runs = count_rows (store, "SELECT count(*) FROM run WHERE id = ?", run_id, error);
  if (n_runs < 0)
    goto fail;
  if (n_runs == 0)
    {
      g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_NOT_FOUND,
                   "There is no run with id %" G_GINT64_FORMAT " in the database", run_id);
      goto fail;
    }

  n_analyses = count_rows (store, "SELECT count(*) FROM analysis WHERE run_id = ?", run_id, error);
  if (n_analyses < 0)
    goto fail;
  if (n_analyses > 0 && !(flags & RLX_STORE_DELETE_WITH_ANALYSES))
    {
      g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_HAS_ANALYSES,
                   "Run %" G_GINT64_FORMAT " has %" G_GINT64_FORMAT " analys%s; deleting the run "
                   "deletes %s too. Confirm to delete the run with its analyses.",
                   run_id, n_analyses, n_analyses == 1 ? "is" : "es",
                   n_analyses == 1 ? "it" : "them");
      goto fail;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  if (!add_rows (store, builder, "run", "SELECT * FROM run WHERE id = ?", run_id, error) ||
      !add_rows (store, builder, "channels",
                 "SELECT * FROM channel WHERE run_id = ? ORDER BY position", run_id, error) ||
      !add_rows (store, builder, "analyses",
                 "SELECT * FROM analysis WHERE run_id = ? ORDER BY id", run_id, error) ||
      !add_rows (store, builder, "referenced_by",
                 "SELECT id FROM run WHERE reference_id = ?1 ORDER BY id", run_id, error) ||
      !add_rows (store, builder, "reference_of_analyses",
                 "SELECT id FROM analysis WHERE reference_id = ?1 AND run_id <> ?1 ORDER BY id",
                 run_id, error))
    goto fail;
  json_builder_end_object (builder);
  payload = json_builder_get_root (builder);
  payload_json = rlx_json_to_string (payload, FALSE);

  if (!exec_with_id (store, "DELETE FROM analysis WHERE run_id = ?", run_id,
                     "delete the analyses of a run", error) ||
      !exec_with_id (store, "DELETE FROM run WHERE id = ?", run_id, "delete a run", error))
    goto fail;

  if (n_analyses > 0)
    summary = g_strdup_printf ("Deleted run %" G_GINT64_FORMAT " with its %" G_GINT64_FORMAT
                               " analys%s", run_id, n_analyses, n_analyses == 1 ? "is" : "es");
  else
    summary = g_strdup_printf ("Deleted run %" G_GINT64_FORMAT, run_id);
  if (!rlx_store_append_history (store, "delete", "run", run_id, summary, payload_json, error))
    goto fail;

  return rlx_store_commit (store, error);

fail:
  rlx_store_rollback (store);
  return FALSE;
}

static gboolean
id_exists (RlxStore   *store,
           const char *sql,
           gint64      id,
           gboolean   *exists,
           GError    **error)
{
  gint64 n = count_rows (store, sql, id, error);

  *exists = n > 0;
  return n >= 0;
}

/* @keep_ids: FALSE for channels, whose ids nothing refers to and which SQLite may reuse. */
static gboolean
restore_array (RlxStore   *store,
               JsonObject *payload,
               const char *member,
               const char *table,
               gboolean    keep_ids,
               GError    **error)
{
  JsonArray *rows = json_object_get_array_member (payload, member);

  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      gboolean exists = TRUE;

      if (row == NULL)
        continue;
      if (!keep_ids)
        json_object_remove_member (row, "id");

      /* A reference deleted in the meantime cannot be pointed at again. */
      if (json_object_has_member (row, "reference_id") &&
          !json_object_get_null_member (row, "reference_id"))
        {
          if (!id_exists (store, "SELECT count(*) FROM run WHERE id = ?",
                          json_object_get_int_member (row, "reference_id"), &exists, error))
            return FALSE;
          if (!exists)
            json_object_set_null_member (row, "reference_id");
        }

      if (!rlx_store_insert_json_row (store, table, row, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
relink (RlxStore   *store,
        JsonObject *payload,
        const char *member,
        const char *sql,
        gint64      run_id,
        GError    **error)
{
  JsonArray *rows = json_object_get_array_member (payload, member);

  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      g_autoptr(RlxStmt) stmt = NULL;

      if (row == NULL || !json_object_has_member (row, "id"))
        continue;
      stmt = rlx_store_prepare (store, sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, run_id);
      sqlite3_bind_int64 (stmt, 2, json_object_get_int_member (row, "id"));
      if (!rlx_store_step_done (store, stmt, "pair a restored run again", error))
        return FALSE;
    }
  return TRUE;
}

/**
 * rlx_store_restore:
 * @history_id: a "delete" entry of the history
 *
 * Brings a deleted run back with its channels and analyses, under its old ids, and pairs the
 * runs and analyses that used it as reference (and have not been paired otherwise) again.
 */
gboolean
rlx_store_restore (RlxStore *store,
                   gint64    history_id,
                   GError  **error)
{
  g_autoptr(RlxStmt) stmt = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *action = NULL;
  g_autofree char *entity = NULL;
  g_autofree char *payload_json = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *restore_payload = NULL;
  JsonObject *payload;
  JsonArray *run_rows;
  JsonObject *run;
  gint64 run_id;
  gboolean exists;
  int rc;

  if (!rlx_store_begin (store, error))
    return FALSE;

  stmt = rlx_store_prepare (store, "SELECT action, entity, payload_json FROM history WHERE id = ?",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, history_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_NOT_FOUND,
                     "There is no history entry %" G_GINT64_FORMAT, history_id);
      else
        rlx_store_fail (store, error, "read the history");
      goto fail;
    }
  action = rlx_stmt_dup_text (stmt, 0);
  entity = rlx_stmt_dup_text (stmt, 1);
  payload_json = rlx_stmt_dup_text (stmt, 2);
  g_clear_pointer (&stmt, rlx_stmt_release);

  if (g_strcmp0 (action, "delete") != 0 || g_strcmp0 (entity, "run") != 0 || payload_json == NULL)
    {
      g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID,
                   "History entry %" G_GINT64_FORMAT " is not a deleted run; only deleted runs "
                   "can be restored", history_id);
      goto fail;
    }

  if (!json_parser_load_from_data (parser, payload_json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      (payload = json_node_get_object (json_parser_get_root (parser))) == NULL ||
      (run_rows = json_object_get_array_member (payload, "run")) == NULL ||
      json_array_get_length (run_rows) != 1 ||
      (run = json_array_get_object_element (run_rows, 0)) == NULL ||
      !json_object_has_member (run, "id"))
    {
      g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID,
                   "History entry %" G_GINT64_FORMAT " does not hold the deleted run", history_id);
      goto fail;
    }

  run_id = json_object_get_int_member (run, "id");
  if (!id_exists (store, "SELECT count(*) FROM run WHERE id = ?", run_id, &exists, error))
    goto fail;
  if (exists)
    {
      g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID,
                   "Run %" G_GINT64_FORMAT " is in the database already (restored before?)",
                   run_id);
      goto fail;
    }

  if (!restore_array (store, payload, "run", "run", TRUE, error) ||
      !restore_array (store, payload, "channels", "channel", FALSE, error) ||
      !restore_array (store, payload, "analyses", "analysis", TRUE, error) ||
      !relink (store, payload, "referenced_by",
               "UPDATE run SET reference_id = ?1 WHERE id = ?2 AND reference_id IS NULL",
               run_id, error) ||
      !relink (store, payload, "reference_of_analyses",
               "UPDATE analysis SET reference_id = ?1 WHERE id = ?2 AND reference_id IS NULL",
               run_id, error))
    {
      g_prefix_error (error, "Run %" G_GINT64_FORMAT " could not be restored: ", run_id);
      goto fail;
    }

  summary = g_strdup_printf ("Restored run %" G_GINT64_FORMAT " (deleted in history entry %"
                             G_GINT64_FORMAT ")", run_id, history_id);
  restore_payload = g_strdup_printf ("{\"history_id\":%" G_GINT64_FORMAT "}", history_id);
  if (!rlx_store_append_history (store, "restore", "run", run_id, summary, restore_payload, error))
    goto fail;

  return rlx_store_commit (store, error);

fail:
  rlx_store_rollback (store);
  return FALSE;
}
