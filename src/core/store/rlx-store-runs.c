/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-store"

#include "config.h"

#include "rlx-json.h"
#include "rlx-store.h"
#include "rlx-store-private.h"

#include <math.h>
#include <string.h>

/* Runs: encoding, inserting with channels, reading, editing and pairing. */

#define RUN_SELECT \
  "SELECT r.id, r.sample_id, r.source_id, r.reference_id, s.name, src.file_name, r.tags," \
  "       r.imported_at, r.t_start, r.t_end, r.n_points, r.title, r.material, r.mass_mg," \
  "       r.kind, r.role, r.instrument, r.software, r.format, r.segment, r.heating_rate," \
  "       r.cooling_rate, r.frequency, r.anneal_json, r.simulated, r.notes, r.metadata_json " \
  "FROM run r JOIN sample s ON s.id = r.sample_id LEFT JOIN source src ON src.id = r.source_id "

/* ---- runs: encoding --------------------------------------------------------------------- */

static void
add_double_or_null (JsonBuilder *builder,
                    double       value)
{
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static char *
anneal_to_json (const GArray *steps)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; steps != NULL && i < steps->len; i++)
    {
      const RlxAnnealStep *step = &g_array_index (steps, RlxAnnealStep, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "Ta");
      add_double_or_null (builder, step->temperature);
      json_builder_set_member_name (builder, "ta");
      add_double_or_null (builder, step->duration);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return rlx_json_to_string (root, FALSE);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static char *
metadata_to_json (GHashTable *metadata)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();

  if (metadata != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, metadata);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_ptr_array_add (keys, key);
      g_ptr_array_sort (keys, compare_strings);
    }

  json_builder_begin_object (builder);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      const char *value = g_hash_table_lookup (metadata, key);

      json_builder_set_member_name (builder, key);
      if (value != NULL)
        json_builder_add_string_value (builder, value);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return rlx_json_to_string (root, FALSE);
}

static double
member_double (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || !JSON_NODE_HOLDS_VALUE (node))
    return NAN;
  return json_node_get_double (node);
}

static void
parse_anneal (JsonParser *parser,
              const char *json,
              GArray     *steps)
{
  JsonNode *root;
  JsonArray *array;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL))
    return;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return;
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      RlxAnnealStep step;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      step.temperature = member_double (json_node_get_object (element), "Ta");
      step.duration = member_double (json_node_get_object (element), "ta");
      g_array_append_val (steps, step);
    }
}

static void
parse_metadata (JsonParser *parser,
                const char *json,
                GHashTable *metadata)
{
  JsonNode *root;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL))
    return;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  json_object_iter_init (&iter, json_node_get_object (root));
  while (json_object_iter_next (&iter, &name, &value))
    if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
      g_hash_table_replace (metadata, g_strdup (name), g_strdup (json_node_get_string (value)));
}

/* First and last finite temperature: where the scan started and ended. */
static void
temperature_span (const RlxRunData *run,
                  double           *t_start,
                  double           *t_end)
{
  RlxChannel *channel = rlx_run_data_get_channel (run, RLX_QUANTITY_TEMPERATURE);

  *t_start = *t_end = NAN;
  if (channel == NULL)
    channel = rlx_run_data_get_channel (run, RLX_QUANTITY_PROGRAM_TEMPERATURE);
  if (channel == NULL)
    return;

  for (gsize i = 0; i < channel->n_values; i++)
    if (isfinite (channel->values[i]))
      {
        *t_start = channel->values[i];
        break;
      }
  for (gsize i = channel->n_values; i > 0; i--)
    if (isfinite (channel->values[i - 1]))
      {
        *t_end = channel->values[i - 1];
        break;
      }
}

/* ---- runs: writing ---------------------------------------------------------------------- */

static gboolean
insert_channels (RlxStore         *store,
                 gint64            run_id,
                 const RlxRunData *run,
                 GError          **error)
{
  g_autoptr(RlxStmt) stmt = NULL;

  stmt = rlx_store_prepare (store,
                            "INSERT INTO channel (run_id, position, name, original_unit, quantity, "
                            "n_values, data) VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < run->channels->len; i++)
    {
      const RlxChannel *channel = g_ptr_array_index (run->channels, i);
      g_autoptr(GBytes) blob = rlx_store_encode_values (channel->values, channel->n_values);
      gsize size;
      gconstpointer data = g_bytes_get_data (blob, &size);
      int rc;

      sqlite3_bind_int64 (stmt, 1, run_id);
      sqlite3_bind_int (stmt, 2, (int) i);
      rlx_stmt_bind_text (stmt, 3, channel->name ? channel->name
                                                 : rlx_quantity_get_label (channel->quantity));
      rlx_stmt_bind_text (stmt, 4, channel->original_unit ? channel->original_unit : "");
      rlx_stmt_bind_text (stmt, 5, rlx_quantity_to_string (channel->quantity));
      sqlite3_bind_int64 (stmt, 6, (sqlite3_int64) channel->n_values);
      if (size == 0)
        sqlite3_bind_zeroblob (stmt, 7, 0);
      else
        sqlite3_bind_blob64 (stmt, 7, data, size, SQLITE_STATIC);

      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      if (rc != SQLITE_DONE)
        {
          g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_FAILED,
                       "Could not store channel “%s” in the database “%s”: %s",
                       channel->name, store->path, sqlite3_errmsg (store->db));
          return FALSE;
        }
    }

  return TRUE;
}

/* Inside a transaction: the run row and its channels. */
gint64
rlx_store_insert_run (RlxStore         *store,
                      gint64            sample_id,
                      gint64            source_id,
                      int               position,
                      const RlxRunData *run,
                      const char       *now,
                      GError          **error)
{
  g_autoptr(RlxStmt) stmt = NULL;
  g_autofree char *anneal = anneal_to_json (run->anneal_steps);
  g_autofree char *metadata = metadata_to_json (run->metadata);
  double t_start, t_end;
  gint64 run_id;
  const RlxAnnealStep *last = NULL;

  if (run->anneal_steps != NULL && run->anneal_steps->len > 0)
    last = &g_array_index (run->anneal_steps, RlxAnnealStep, run->anneal_steps->len - 1);
  temperature_span (run, &t_start, &t_end);

  stmt = rlx_store_prepare (store,
                            "INSERT INTO run (sample_id, source_id, position, kind, role, title, "
                            "material, instrument, software, format, segment, heating_rate, "
                            "cooling_rate, frequency, anneal_json, anneal_ta, anneal_time, t_start, "
                            "t_end, n_points, mass_mg, simulated, notes, metadata_json, imported_at) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
                            "?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)", error);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, sample_id);
  rlx_stmt_bind_id (stmt, 2, source_id);
  sqlite3_bind_int (stmt, 3, position);
  rlx_stmt_bind_text (stmt, 4, rlx_run_kind_to_string (run->kind));
  rlx_stmt_bind_text (stmt, 5, rlx_run_role_to_string (run->role));
  rlx_stmt_bind_text (stmt, 6, run->title);
  rlx_stmt_bind_text (stmt, 7, run->material);
  rlx_stmt_bind_text (stmt, 8, run->instrument);
  rlx_stmt_bind_text (stmt, 9, run->software);
  rlx_stmt_bind_text (stmt, 10, run->format);
  sqlite3_bind_int (stmt, 11, run->segment);
  rlx_stmt_bind_double (stmt, 12, run->heating_rate);
  rlx_stmt_bind_double (stmt, 13, run->cooling_rate);
  rlx_stmt_bind_double (stmt, 14, run->frequency);
  rlx_stmt_bind_text (stmt, 15, anneal);
  rlx_stmt_bind_double (stmt, 16, last ? last->temperature : NAN);
  rlx_stmt_bind_double (stmt, 17, last ? last->duration : NAN);
  rlx_stmt_bind_double (stmt, 18, t_start);
  rlx_stmt_bind_double (stmt, 19, t_end);
  sqlite3_bind_int64 (stmt, 20, (sqlite3_int64) rlx_run_data_get_n_points (run));
  rlx_stmt_bind_double (stmt, 21, run->mass_mg);
  sqlite3_bind_int (stmt, 22, run->simulated ? 1 : 0);
  rlx_stmt_bind_text (stmt, 23, run->notes);
  rlx_stmt_bind_text (stmt, 24, metadata);
  rlx_stmt_bind_text (stmt, 25, now);

  if (!rlx_store_step_done (store, stmt, "add a run", error))
    return -1;
  run_id = sqlite3_last_insert_rowid (store->db);

  if (!insert_channels (store, run_id, run, error))
    return -1;
  return run_id;
}

gboolean
rlx_store_check_run_data (const RlxRunData *run,
                          GError          **error)
{
  if (run == NULL || run->channels == NULL || run->anneal_steps == NULL || run->metadata == NULL)
    {
      g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID,
                   "A run to store must come from rlx_run_data_new()");
      return FALSE;
    }
  for (guint i = 0; i < run->channels->len; i++)
    {
      const RlxChannel *channel = g_ptr_array_index (run->channels, i);

      if (channel->n_values > 0 && channel->values == NULL)
        {
          g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID,
                       "Channel “%s” has %" G_GSIZE_FORMAT " values but no data",
                       channel->name, channel->n_values);
          return FALSE;
        }
    }
  return TRUE;
}

/* ---- runs: reading ---------------------------------------------------------------------- */

static RlxRunRecord *
run_from_stmt (RlxStmt    *stmt,
               JsonParser *parser)
{
  RlxRunRecord *record = g_new0 (RlxRunRecord, 1);
  RlxRunData *data = rlx_run_data_new ();
  g_autofree char *kind = NULL;
  g_autofree char *role = NULL;

  record->id = sqlite3_column_int64 (stmt, 0);
  record->sample_id = sqlite3_column_int64 (stmt, 1);
  record->source_id = sqlite3_column_int64 (stmt, 2);
  record->reference_id = sqlite3_column_int64 (stmt, 3);
  record->sample_name = rlx_stmt_dup_text (stmt, 4);
  record->source_name = rlx_stmt_dup_text (stmt, 5);
  record->tags = rlx_stmt_dup_text (stmt, 6);
  record->imported_at = rlx_stmt_dup_text (stmt, 7);
  record->t_start = rlx_stmt_get_double (stmt, 8);
  record->t_end = rlx_stmt_get_double (stmt, 9);
  record->n_points = (gsize) sqlite3_column_int64 (stmt, 10);

  data->sample_name = g_strdup (record->sample_name);
  data->title = rlx_stmt_dup_text (stmt, 11);
  data->material = rlx_stmt_dup_text (stmt, 12);
  data->mass_mg = rlx_stmt_get_double (stmt, 13);
  kind = rlx_stmt_dup_text (stmt, 14);
  role = rlx_stmt_dup_text (stmt, 15);
  data->kind = rlx_run_kind_from_string (kind);
  data->role = rlx_run_role_from_string (role);
  data->instrument = rlx_stmt_dup_text (stmt, 16);
  data->software = rlx_stmt_dup_text (stmt, 17);
  data->format = rlx_stmt_dup_text (stmt, 18);
  data->segment = sqlite3_column_int (stmt, 19);
  data->heating_rate = rlx_stmt_get_double (stmt, 20);
  data->cooling_rate = rlx_stmt_get_double (stmt, 21);
  data->frequency = rlx_stmt_get_double (stmt, 22);
  parse_anneal (parser, (const char *) sqlite3_column_text (stmt, 23), data->anneal_steps);
  data->simulated = sqlite3_column_int (stmt, 24) != 0;
  data->notes = rlx_stmt_dup_text (stmt, 25);
  parse_metadata (parser, (const char *) sqlite3_column_text (stmt, 26), data->metadata);

  record->data = data;
  return record;
}

static gpointer
run_row (RlxStmt *stmt,
         gpointer parser)
{
  return run_from_stmt (stmt, parser);
}

static GPtrArray *
collect_runs (RlxStore *store,
              RlxStmt  *stmt,
              GError  **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  return rlx_store_collect_rows (store, stmt, run_row, parser,
                                 (GDestroyNotify) rlx_run_record_free, "list the runs", error);
}

/**
 * rlx_store_list_runs:
 * @sample_id: a sample, or 0 for all runs
 *
 * Returns: (transfer full) (element-type RlxRunRecord): runs without channels, by sample and
 *   in the order they were stored
 */
GPtrArray *
rlx_store_list_runs (RlxStore *store,
                     gint64    sample_id,
                     GError  **error)
{
  g_autoptr(RlxStmt) stmt = NULL;

  if (sample_id > 0)
    {
      stmt = rlx_store_prepare (store, RUN_SELECT "WHERE r.sample_id = ? ORDER BY r.id", error);
      if (stmt != NULL)
        sqlite3_bind_int64 (stmt, 1, sample_id);
    }
  else
    stmt = rlx_store_prepare (store, RUN_SELECT "ORDER BY s.name, r.sample_id, r.id", error);

  if (stmt == NULL)
    return NULL;
  return collect_runs (store, stmt, error);
}

GPtrArray *
rlx_store_list_runs_by_anneal (RlxStore *store,
                               double    anneal_ta,
                               double    anneal_time,
                               GError  **error)
{
  g_autoptr(RlxStmt) stmt = NULL;

  stmt = rlx_store_prepare (store,
                            RUN_SELECT "WHERE r.anneal_ta BETWEEN ?1 AND ?2 "
                            "AND (?3 IS NULL OR r.anneal_time BETWEEN ?3 AND ?4) "
                            "ORDER BY r.anneal_ta, r.anneal_time, r.id", error);
  if (stmt == NULL)
    return NULL;

  if (isnan (anneal_ta))
    {
      sqlite3_bind_double (stmt, 1, -HUGE_VAL);
      sqlite3_bind_double (stmt, 2, HUGE_VAL);
    }
  else
    {
      sqlite3_bind_double (stmt, 1, anneal_ta - 1e-3);
      sqlite3_bind_double (stmt, 2, anneal_ta + 1e-3);
    }
  if (!isnan (anneal_time))
    {
      sqlite3_bind_double (stmt, 3, anneal_time - 1e-3);
      sqlite3_bind_double (stmt, 4, anneal_time + 1e-3);
    }
  return collect_runs (store, stmt, error);
}

static gboolean
load_channels (RlxStore   *store,
               RlxRunData *data,
               gint64      run_id,
               GError    **error)
{
  g_autoptr(RlxStmt) stmt = NULL;
  int rc;

  stmt = rlx_store_prepare (store,
                            "SELECT name, original_unit, quantity, n_values, data FROM channel "
                            "WHERE run_id = ? ORDER BY position", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      gint64 n_expected = sqlite3_column_int64 (stmt, 3);
      const void *blob = sqlite3_column_blob (stmt, 4);
      gsize n_bytes = (gsize) sqlite3_column_bytes (stmt, 4);
      gsize n_values = 0;
      double *values;

      if (n_bytes % sizeof (double) != 0 || (gint64) (n_bytes / sizeof (double)) != n_expected)
        {
          g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_FAILED,
                       "Channel “%s” of run %" G_GINT64_FORMAT " in “%s” is damaged: %"
                       G_GSIZE_FORMAT " bytes for %" G_GINT64_FORMAT " values",
                       name, run_id, store->path, n_bytes, n_expected);
          return FALSE;
        }

      values = rlx_store_decode_values (blob, n_bytes, &n_values);
      rlx_run_data_add_channel (data,
                                rlx_channel_new (name,
                                                 (const char *) sqlite3_column_text (stmt, 1),
                                                 rlx_quantity_from_string (
                                                   (const char *) sqlite3_column_text (stmt, 2)),
                                                 values, n_values));
    }
  if (rc != SQLITE_DONE)
    return rlx_store_fail (store, error, "read the channels of a run");
  return TRUE;
}

/**
 * rlx_store_load_run:
 * @with_channels: also read the channel values (bit for bit as stored)
 *
 * Returns: (transfer full): the run, or %NULL with %RLX_STORE_ERROR_NOT_FOUND
 */
RlxRunRecord *
rlx_store_load_run (RlxStore *store,
                    gint64    run_id,
                    gboolean  with_channels,
                    GError  **error)
{
  g_autoptr(RlxRunRecord) record = NULL;
  gboolean started = FALSE;

  /* One read transaction, so a concurrent writer cannot slip between row and channels. */
  if (with_channels && store->tx_depth == 0 && sqlite3_get_autocommit (store->db))
    {
      if (sqlite3_exec (store->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        {
          rlx_store_fail (store, error, "start reading");
          return NULL;
        }
      started = TRUE;
    }

  {
    g_autoptr(RlxStmt) stmt = rlx_store_prepare (store, RUN_SELECT "WHERE r.id = ?", error);
    int rc;

    if (stmt == NULL)
      goto out;
    sqlite3_bind_int64 (stmt, 1, run_id);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW)
      {
        g_autoptr(JsonParser) parser = json_parser_new_immutable ();

        record = run_from_stmt (stmt, parser);
      }
    else if (rc == SQLITE_DONE)
      rlx_store_not_found (error, "run", run_id);
    else
      rlx_store_fail (store, error, "read a run");
  }

  if (record != NULL && with_channels && !load_channels (store, record->data, run_id, error))
    g_clear_pointer (&record, rlx_run_record_free);

out:
  if (started)
    sqlite3_exec (store->db, "COMMIT", NULL, NULL, NULL);
  return g_steal_pointer (&record);
}

static gboolean
run_exists (RlxStore *store,
            gint64    run_id,
            GError  **error)
{
  g_autoptr(RlxStmt) stmt = rlx_store_prepare (store, "SELECT 1 FROM run WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    return rlx_store_not_found (error, "run", run_id);
  return rlx_store_fail (store, error, "look up a run");
}

static gboolean
check_reference (RlxStore *store,
                 gint64    run_id,
                 gint64    reference_id,
                 GError  **error)
{
  if (reference_id <= 0)
    return TRUE;
  if (reference_id == run_id)
    {
      g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID,
                   "Run %" G_GINT64_FORMAT " cannot be its own reference", run_id);
      return FALSE;
    }
  if (!run_exists (store, reference_id, error))
    {
      g_prefix_error (error, "The reference run does not exist: ");
      return FALSE;
    }
  return TRUE;
}

static const char *run_row_sql = "SELECT * FROM run WHERE id = ?";

/**
 * rlx_store_update_run:
 * @run: the record with its changes: sample (by @run->sample_id when > 0), reference, tags
 *   and every metadata field of @run->data. Channels are not changed.
 */
gboolean
rlx_store_update_run (RlxStore           *store,
                      const RlxRunRecord *run,
                      GError            **error)
{
  g_autoptr(RlxStmt) stmt = NULL;
  const RlxRunData *data = run->data;
  g_autofree char *anneal = NULL;
  g_autofree char *metadata = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *summary = NULL;
  const RlxAnnealStep *last = NULL;

  if (!rlx_store_check_run_data (data, error))
    return FALSE;

  anneal = anneal_to_json (data->anneal_steps);
  metadata = metadata_to_json (data->metadata);
  if (data->anneal_steps->len > 0)
    last = &g_array_index (data->anneal_steps, RlxAnnealStep, data->anneal_steps->len - 1);

  if (!rlx_store_begin (store, error))
    return FALSE;

  if (!run_exists (store, run->id, error) ||
      !check_reference (store, run->id, run->reference_id, error) ||
      (before = rlx_store_dup_row_json (store, run_row_sql, run->id, error)) == NULL)
    goto fail;

  stmt = rlx_store_prepare (store,
                            "UPDATE run SET sample_id = coalesce (?1, sample_id), reference_id = ?2, "
                            "kind = ?3, role = ?4, title = ?5, material = ?6, instrument = ?7, "
                            "software = ?8, format = ?9, segment = ?10, heating_rate = ?11, "
                            "cooling_rate = ?12, frequency = ?13, anneal_json = ?14, anneal_ta = ?15, "
                            "anneal_time = ?16, mass_mg = ?17, simulated = ?18, notes = ?19, "
                            "metadata_json = ?20, tags = ?21 WHERE id = ?22", error);
  if (stmt == NULL)
    goto fail;
  rlx_stmt_bind_id (stmt, 1, run->sample_id);
  rlx_stmt_bind_id (stmt, 2, run->reference_id);
  rlx_stmt_bind_text (stmt, 3, rlx_run_kind_to_string (data->kind));
  rlx_stmt_bind_text (stmt, 4, rlx_run_role_to_string (data->role));
  rlx_stmt_bind_text (stmt, 5, data->title);
  rlx_stmt_bind_text (stmt, 6, data->material);
  rlx_stmt_bind_text (stmt, 7, data->instrument);
  rlx_stmt_bind_text (stmt, 8, data->software);
  rlx_stmt_bind_text (stmt, 9, data->format);
  sqlite3_bind_int (stmt, 10, data->segment);
  rlx_stmt_bind_double (stmt, 11, data->heating_rate);
  rlx_stmt_bind_double (stmt, 12, data->cooling_rate);
  rlx_stmt_bind_double (stmt, 13, data->frequency);
  rlx_stmt_bind_text (stmt, 14, anneal);
  rlx_stmt_bind_double (stmt, 15, last ? last->temperature : NAN);
  rlx_stmt_bind_double (stmt, 16, last ? last->duration : NAN);
  rlx_stmt_bind_double (stmt, 17, data->mass_mg);
  sqlite3_bind_int (stmt, 18, data->simulated ? 1 : 0);
  rlx_stmt_bind_text (stmt, 19, data->notes);
  rlx_stmt_bind_text (stmt, 20, metadata);
  rlx_stmt_bind_text (stmt, 21, run->tags);
  sqlite3_bind_int64 (stmt, 22, run->id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if (sqlite3_errcode (store->db) == SQLITE_CONSTRAINT)
        g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID,
                     "Run %" G_GINT64_FORMAT " cannot be moved to sample %" G_GINT64_FORMAT
                     ": there is no such sample", run->id, run->sample_id);
      else
        rlx_store_fail (store, error, "change a run");
      goto fail;
    }
  g_clear_pointer (&stmt, rlx_stmt_release);

  if ((after = rlx_store_dup_row_json (store, run_row_sql, run->id, error)) == NULL)
    goto fail;
  payload = rlx_store_edit_payload (before, after);
  summary = g_strdup_printf ("Edited run %" G_GINT64_FORMAT, run->id);
  if (!rlx_store_append_history (store, "edit", "run", run->id, summary, payload, error))
    goto fail;

  return rlx_store_commit (store, error);

fail:
  rlx_store_rollback (store);
  return FALSE;
}

/**
 * rlx_store_set_reference:
 * @reference_id: the as-cooled reference run, or 0 to unpair
 */
gboolean
rlx_store_set_reference (RlxStore *store,
                         gint64    run_id,
                         gint64    reference_id,
                         GError  **error)
{
  g_autoptr(RlxStmt) stmt = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *payload = NULL;
  gint64 old_reference;

  if (!rlx_store_begin (store, error))
    return FALSE;

  if (!run_exists (store, run_id, error) ||
      !check_reference (store, run_id, reference_id, error))
    goto fail;

  stmt = rlx_store_prepare (store, "SELECT reference_id FROM run WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, run_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      rlx_store_fail (store, error, "read a run");
      goto fail;
    }
  old_reference = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, rlx_stmt_release);

  stmt = rlx_store_prepare (store, "UPDATE run SET reference_id = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  rlx_stmt_bind_id (stmt, 1, reference_id);
  sqlite3_bind_int64 (stmt, 2, run_id);
  if (!rlx_store_step_done (store, stmt, "pair a run with its reference", error))
    goto fail;

  if (reference_id > 0)
    summary = g_strdup_printf ("Paired run %" G_GINT64_FORMAT " with reference run %"
                               G_GINT64_FORMAT, run_id, reference_id);
  else
    summary = g_strdup_printf ("Unpaired run %" G_GINT64_FORMAT " from its reference", run_id);
  payload = g_strdup_printf ("{\"before\":{\"reference_id\":%" G_GINT64_FORMAT "},"
                             "\"after\":{\"reference_id\":%" G_GINT64_FORMAT "}}",
                             old_reference, MAX (reference_id, 0));
  if (!rlx_store_append_history (store, "edit", "run", run_id, summary, payload, error))
    goto fail;

  return rlx_store_commit (store, error);

fail:
  rlx_store_rollback (store);
  return FALSE;
}
