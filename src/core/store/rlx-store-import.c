/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-store"

#include "config.h"

#include "rlx-json.h"
#include "rlx-store.h"
#include "rlx-store-private.h"

#include <math.h>
#include <string.h>

/* Samples, sources and the import transaction. */

gboolean
rlx_store_not_found (GError    **error,
                     const char *what,
                     gint64      id)
{
  g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_NOT_FOUND,
               "There is no %s with id %" G_GINT64_FORMAT " in the database", what, id);
  return FALSE;
}

/* ---- samples ---------------------------------------------------------------------------- */

static gint64
find_sample (RlxStore   *store,
             const char *name,
             GError    **error)
{
  g_autoptr(RlxStmt) stmt = rlx_store_prepare (store, "SELECT id FROM sample WHERE name = ?", error);
  int rc;

  if (stmt == NULL)
    return -1;
  rlx_stmt_bind_text (stmt, 1, name);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    {
      rlx_store_fail (store, error, "look up a sample");
      return -1;
    }
  return 0;
}

/* Inside a transaction. A new sample takes material and mass from the run that brings it. */
gint64
rlx_store_ensure_sample_in_tx (RlxStore         *store,
                               const char       *name,
                               const RlxRunData *run,
                               GError          **error)
{
  g_autoptr(RlxStmt) stmt = NULL;
  g_autofree char *now = NULL;
  g_autofree char *summary = NULL;
  gint64 id = find_sample (store, name, error);

  if (id != 0)
    return id;

  stmt = rlx_store_prepare (store,
                            "INSERT INTO sample (name, material, mass, mass_unit, created_at) "
                            "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return -1;

  now = rlx_store_now ();
  rlx_stmt_bind_text (stmt, 1, name);
  rlx_stmt_bind_text (stmt, 2, run ? run->material : NULL);
  if (run != NULL && isfinite (run->mass_mg))
    {
      rlx_stmt_bind_double (stmt, 3, run->mass_mg);
      rlx_stmt_bind_text (stmt, 4, "mg");
    }
  rlx_stmt_bind_text (stmt, 5, now);
  if (!rlx_store_step_done (store, stmt, "add a sample", error))
    return -1;

  id = sqlite3_last_insert_rowid (store->db);
  summary = g_strdup_printf ("Created sample “%s”", name);
  if (!rlx_store_append_history (store, "create", "sample", id, summary, NULL, error))
    return -1;

  return id;
}

gint64
rlx_store_ensure_sample (RlxStore   *store,
                         const char *name,
                         GError    **error)
{
  gint64 id;

  g_return_val_if_fail (store != NULL, -1);

  if (name == NULL || *name == '\0')
    {
      g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID, "A sample needs a name");
      return -1;
    }

  id = find_sample (store, name, error);
  if (id != 0)
    return id;

  if (!rlx_store_begin (store, error))
    return -1;
  id = rlx_store_ensure_sample_in_tx (store, name, NULL, error);
  if (id < 0 || !rlx_store_commit (store, error))
    {
      rlx_store_rollback (store);
      return -1;
    }
  return id;
}

static gpointer
sample_from_stmt (RlxStmt *stmt,
                  gpointer user_data)
{
  RlxSampleRecord *record = g_new0 (RlxSampleRecord, 1);

  record->id = sqlite3_column_int64 (stmt, 0);
  record->name = rlx_stmt_dup_text (stmt, 1);
  record->material = rlx_stmt_dup_text (stmt, 2);
  record->mass = rlx_stmt_get_double (stmt, 3);
  record->mass_unit = rlx_stmt_dup_text (stmt, 4);
  record->notes = rlx_stmt_dup_text (stmt, 5);
  record->created_at = rlx_stmt_dup_text (stmt, 6);
  record->n_runs = (guint) sqlite3_column_int64 (stmt, 7);
  return record;
}

#define SAMPLE_SELECT \
  "SELECT id, name, material, mass, mass_unit, notes, created_at," \
  "       (SELECT count(*) FROM run WHERE run.sample_id = sample.id) FROM sample "

/**
 * rlx_store_list_samples:
 *
 * Returns: (transfer full) (element-type RlxSampleRecord): the samples ordered by name
 */
GPtrArray *
rlx_store_list_samples (RlxStore *store,
                        GError  **error)
{
  g_autoptr(RlxStmt) stmt = rlx_store_prepare (store, SAMPLE_SELECT "ORDER BY name", error);

  if (stmt == NULL)
    return NULL;
  return rlx_store_collect_rows (store, stmt, sample_from_stmt, NULL,
                                 (GDestroyNotify) rlx_sample_record_free, "list the samples", error);
}

RlxSampleRecord *
rlx_store_get_sample (RlxStore *store,
                      gint64    sample_id,
                      GError  **error)
{
  g_autoptr(RlxStmt) stmt = rlx_store_prepare (store, SAMPLE_SELECT "WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, sample_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sample_from_stmt (stmt, NULL);
  if (rc == SQLITE_DONE)
    rlx_store_not_found (error, "sample", sample_id);
  else
    rlx_store_fail (store, error, "read a sample");
  return NULL;
}

char *
rlx_store_dup_row_json (RlxStore   *store,
                        const char *sql,
                        gint64      id,
                        GError    **error)
{
  g_autoptr(RlxStmt) stmt = rlx_store_prepare (store, sql, error);
  g_autoptr(JsonNode) node = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      rlx_store_fail (store, error, "read a row for the history");
      return NULL;
    }
  node = rlx_store_row_to_json (stmt);
  return rlx_json_to_string (node, FALSE);
}

char *
rlx_store_edit_payload (const char *before,
                        const char *after)
{
  return g_strdup_printf ("{\"before\":%s,\"after\":%s}", before, after);
}

gboolean
rlx_store_update_sample (RlxStore              *store,
                         const RlxSampleRecord *sample,
                         GError               **error)
{
  g_autoptr(RlxStmt) stmt = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *summary = NULL;
  static const char *row_sql = "SELECT * FROM sample WHERE id = ?";

  if (sample->name == NULL || *sample->name == '\0')
    {
      g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID, "A sample needs a name");
      return FALSE;
    }

  if (!rlx_store_begin (store, error))
    return FALSE;

  stmt = rlx_store_prepare (store, "SELECT count(*) FROM sample WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, sample->id);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int64 (stmt, 0) == 0)
    {
      rlx_store_not_found (error, "sample", sample->id);
      goto fail;
    }
  g_clear_pointer (&stmt, rlx_stmt_release);

  if ((before = rlx_store_dup_row_json (store, row_sql, sample->id, error)) == NULL)
    goto fail;

  stmt = rlx_store_prepare (store,
                            "UPDATE sample SET name = ?, material = ?, mass = ?, mass_unit = ?, "
                            "notes = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  rlx_stmt_bind_text (stmt, 1, sample->name);
  rlx_stmt_bind_text (stmt, 2, sample->material);
  rlx_stmt_bind_double (stmt, 3, sample->mass);
  rlx_stmt_bind_text (stmt, 4, sample->mass_unit);
  rlx_stmt_bind_text (stmt, 5, sample->notes);
  sqlite3_bind_int64 (stmt, 6, sample->id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if (sqlite3_errcode (store->db) == SQLITE_CONSTRAINT)
        g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID,
                     "There is already a sample named “%s”", sample->name);
      else
        rlx_store_fail (store, error, "change a sample");
      goto fail;
    }
  g_clear_pointer (&stmt, rlx_stmt_release);

  if ((after = rlx_store_dup_row_json (store, row_sql, sample->id, error)) == NULL)
    goto fail;
  payload = rlx_store_edit_payload (before, after);
  summary = g_strdup_printf ("Edited sample “%s”", sample->name);
  if (!rlx_store_append_history (store, "edit", "sample", sample->id, summary, payload, error))
    goto fail;

  return rlx_store_commit (store, error);

fail:
  rlx_store_rollback (store);
  return FALSE;
}

/**
 * rlx_store_add_run:
 * @sample_name: (nullable): overrides @run's sample name; "Unnamed sample" when both are NULL
 *
 * Stores a run that has no source file (simulated, derived), with its channels.
 *
 * Returns: the new run's id, or -1 on error
 */
gint64
rlx_store_add_run (RlxStore         *store,
                   const char       *sample_name,
                   const RlxRunData *run,
                   GError          **error)
{
  g_autofree char *now = rlx_store_now ();
  g_autofree char *summary = NULL;
  const char *name = sample_name ? sample_name : run ? run->sample_name : NULL;
  gint64 sample_id, run_id;

  if (!rlx_store_check_run_data (run, error))
    return -1;
  if (name == NULL || *name == '\0')
    name = "Unnamed sample";

  if (!rlx_store_begin (store, error))
    return -1;

  sample_id = rlx_store_ensure_sample_in_tx (store, name, run, error);
  if (sample_id < 0)
    goto fail;
  run_id = rlx_store_insert_run (store, sample_id, 0, 0, run, now, error);
  if (run_id < 0)
    goto fail;

  summary = g_strdup_printf ("Added %s run %" G_GINT64_FORMAT " “%s” to sample “%s”",
                             run->simulated ? "simulated" : "derived", run_id,
                             run->title ? run->title : rlx_run_kind_get_label (run->kind), name);
  if (!rlx_store_append_history (store, "add", "run", run_id, summary, NULL, error) ||
      !rlx_store_commit (store, error))
    goto fail;

  return run_id;

fail:
  rlx_store_rollback (store);
  return -1;
}

/* ---- sources and import ----------------------------------------------------------------- */

static GBytes *
convert_bytes (GConverter   *converter,
               gconstpointer data,
               gsize         size,
               GError      **error)
{
  g_autoptr(GInputStream) base = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);
  g_autoptr(GInputStream) converted = g_converter_input_stream_new (base, converter);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  if (g_output_stream_splice (out, converted,
                              G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                              G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static gboolean
find_source_runs (RlxStore *store,
                  gint64    source_id,
                  GArray   *run_ids,
                  GError  **error)
{
  g_autoptr(RlxStmt) stmt = NULL;
  int rc;

  stmt = rlx_store_prepare (store, "SELECT id FROM run WHERE source_id = ? ORDER BY position, id",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, source_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (run_ids, id);
    }
  if (rc != SQLITE_DONE)
    return rlx_store_fail (store, error, "list the runs of a source");
  return TRUE;
}

static char *
default_sample_name (const char *file_name)
{
  g_autofree char *base = g_path_get_basename (file_name ? file_name : "Unnamed sample");
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

/**
 * rlx_store_import:
 * @file_name: the name of the original export file (a base name is kept)
 * @original: the file's bytes as read
 * @sample_name: (nullable): overrides every run's sample name; when both are NULL the file's
 *   base name without its extension names the sample
 * @runs: (array length=n_runs): the runs read from the file, in file order
 * @result: (out caller-allocates) (optional): the source and run ids; call
 *   rlx_import_result_clear() on it
 *
 * Stores the original bytes (compressed, with their SHA-256) and the runs in one transaction.
 * Bytes imported before are recognised: nothing is written, @result->duplicate is set and
 * the earlier run ids are given back.
 */
gboolean
rlx_store_import (RlxStore         *store,
                  const char       *file_name,
                  GBytes           *original,
                  const char       *sample_name,
                  RlxRunData      **runs,
                  guint             n_runs,
                  RlxImportResult  *result,
                  GError          **error)
{
  g_autoptr(RlxStmt) stmt = NULL;
  g_autoptr(GZlibCompressor) compressor = NULL;
  g_autoptr(GBytes) compressed = NULL;
  g_autoptr(GArray) run_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *sha256 = NULL;
  g_autofree char *now = rlx_store_now ();
  g_autofree char *base_name = NULL;
  g_autofree char *fallback_sample = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GString) payload = NULL;
  gconstpointer data;
  gsize size;
  gint64 source_id;
  int rc;

  g_return_val_if_fail (store != NULL && original != NULL, FALSE);

  if (result != NULL)
    memset (result, 0, sizeof *result);
  for (guint i = 0; i < n_runs; i++)
    if (!rlx_store_check_run_data (runs[i], error))
      return FALSE;

  data = g_bytes_get_data (original, &size);
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, original);
  base_name = g_path_get_basename (file_name ? file_name : "unnamed");
  fallback_sample = default_sample_name (base_name);

  /* Compress before taking the write lock: other writers should not wait for zlib. */
  compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, -1);
  compressed = convert_bytes (G_CONVERTER (compressor), data, size, error);
  if (compressed == NULL)
    return FALSE;

  if (!rlx_store_begin (store, error))
    return FALSE;

  stmt = rlx_store_prepare (store, "SELECT id FROM source WHERE sha256 = ?", error);
  if (stmt == NULL)
    goto fail;
  rlx_stmt_bind_text (stmt, 1, sha256);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      source_id = sqlite3_column_int64 (stmt, 0);
      g_clear_pointer (&stmt, rlx_stmt_release);
      if (!find_source_runs (store, source_id, run_ids, error))
        goto fail;
      rlx_store_rollback (store);  /* nothing was written */
      if (result != NULL)
        {
          result->source_id = source_id;
          result->duplicate = TRUE;
          result->run_ids = g_steal_pointer (&run_ids);
        }
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      rlx_store_fail (store, error, "look up the source file");
      goto fail;
    }
  g_clear_pointer (&stmt, rlx_stmt_release);

  stmt = rlx_store_prepare (store,
                            "INSERT INTO source (file_name, size, sha256, compression, bytes, "
                            "imported_at) VALUES (?, ?, ?, 'zlib', ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  rlx_stmt_bind_text (stmt, 1, base_name);
  sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) size);
  rlx_stmt_bind_text (stmt, 3, sha256);
  sqlite3_bind_blob64 (stmt, 4, g_bytes_get_data (compressed, NULL),
                       g_bytes_get_size (compressed), SQLITE_STATIC);
  rlx_stmt_bind_text (stmt, 5, now);
  if (!rlx_store_step_done (store, stmt, "store the original file", error))
    goto fail;
  source_id = sqlite3_last_insert_rowid (store->db);
  g_clear_pointer (&stmt, rlx_stmt_release);

  payload = g_string_new (NULL);
  g_string_append_printf (payload, "{\"source_id\":%" G_GINT64_FORMAT ",\"run_ids\":[", source_id);
  for (guint i = 0; i < n_runs; i++)
    {
      const char *name = sample_name ? sample_name
                         : runs[i]->sample_name && *runs[i]->sample_name ? runs[i]->sample_name
                         : fallback_sample;
      gint64 sample_id = rlx_store_ensure_sample_in_tx (store, name, runs[i], error);
      gint64 run_id;

      if (sample_id < 0)
        goto fail;
      run_id = rlx_store_insert_run (store, sample_id, source_id, (int) i, runs[i], now, error);
      if (run_id < 0)
        goto fail;
      g_array_append_val (run_ids, run_id);
      g_string_append_printf (payload, "%s%" G_GINT64_FORMAT, i ? "," : "", run_id);
    }
  g_string_append (payload, "]}");

  summary = g_strdup_printf ("Imported %u run%s from “%s” (%" G_GSIZE_FORMAT " bytes)",
                             n_runs, n_runs == 1 ? "" : "s", base_name, size);
  if (!rlx_store_append_history (store, "import", "source", source_id, summary, payload->str,
                                 error) ||
      !rlx_store_commit (store, error))
    goto fail;

  if (result != NULL)
    {
      result->source_id = source_id;
      result->run_ids = g_steal_pointer (&run_ids);
    }
  return TRUE;

fail:
  rlx_store_rollback (store);
  return FALSE;
}

/**
 * rlx_store_dup_source_bytes:
 * @file_name: (out) (optional): the original file name
 *
 * Returns: (transfer full): the original bytes, checked against their SHA-256
 */
GBytes *
rlx_store_dup_source_bytes (RlxStore *store,
                            gint64    source_id,
                            char    **file_name,
                            GError  **error)
{
  g_autoptr(RlxStmt) stmt = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GZlibDecompressor) decompressor = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *name = NULL;
  g_autofree char *expected = NULL;
  gint64 size;
  int rc;

  stmt = rlx_store_prepare (store,
                            "SELECT file_name, size, sha256, compression, bytes FROM source "
                            "WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, source_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        rlx_store_not_found (error, "source file", source_id);
      else
        rlx_store_fail (store, error, "read a source file");
      return NULL;
    }

  name = rlx_stmt_dup_text (stmt, 0);
  size = sqlite3_column_int64 (stmt, 1);
  expected = rlx_stmt_dup_text (stmt, 2);
  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), "zlib") == 0)
    {
      decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
      bytes = convert_bytes (G_CONVERTER (decompressor), sqlite3_column_blob (stmt, 4),
                             (gsize) sqlite3_column_bytes (stmt, 4), error);
      if (bytes == NULL)
        {
          g_prefix_error (error, "The stored copy of “%s” is damaged: ", name);
          return NULL;
        }
    }
  else
    bytes = g_bytes_new (sqlite3_column_blob (stmt, 4), (gsize) sqlite3_column_bytes (stmt, 4));

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if ((gint64) g_bytes_get_size (bytes) != size || g_strcmp0 (sha256, expected) != 0)
    {
      g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_FAILED,
                   "The stored copy of “%s” in “%s” is damaged (its SHA-256 does not match)",
                   name, store->path);
      return NULL;
    }

  if (file_name != NULL)
    *file_name = g_steal_pointer (&name);
  return g_steal_pointer (&bytes);
}

