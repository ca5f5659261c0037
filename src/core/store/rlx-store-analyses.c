/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-store"

#include "config.h"

#include "rlx-json.h"
#include "rlx-store.h"
#include "rlx-store-private.h"

#include <math.h>

/*
 * Analyses are rows that are never updated: a refit appends a row, and the newest row (highest
 * id) of a run and kind is the current one. Named recipes are JSON documents.
 */

#define ANALYSIS_SELECT \
  "SELECT a.id, a.run_id, a.reference_id, a.kind, a.recipe_json, a.result_json, a.created_at," \
  "       a.id = (SELECT max (b.id) FROM analysis b WHERE b.run_id = a.run_id AND b.kind = a.kind)," \
  "       r.sample_id, r.anneal_ta, r.anneal_time " \
  "FROM analysis a JOIN run r ON r.id = a.run_id "

RlxAnalysisRecord *
rlx_store_analysis_from_stmt (RlxStmt *stmt)
{
  RlxAnalysisRecord *record = g_new0 (RlxAnalysisRecord, 1);

  record->id = sqlite3_column_int64 (stmt, 0);
  record->run_id = sqlite3_column_int64 (stmt, 1);
  record->reference_id = sqlite3_column_int64 (stmt, 2);
  record->kind = rlx_stmt_dup_text (stmt, 3);
  record->recipe_json = rlx_stmt_dup_text (stmt, 4);
  record->result_json = rlx_stmt_dup_text (stmt, 5);
  record->created_at = rlx_stmt_dup_text (stmt, 6);
  record->current = sqlite3_column_int (stmt, 7) != 0;
  record->sample_id = sqlite3_column_int64 (stmt, 8);
  record->anneal_ta = rlx_stmt_get_double (stmt, 9);
  record->anneal_time = rlx_stmt_get_double (stmt, 10);
  return record;
}

static gboolean
run_exists (RlxStore   *store,
            gint64      run_id,
            const char *role,
            GError    **error)
{
  g_autoptr(RlxStmt) stmt = rlx_store_prepare (store, "SELECT 1 FROM run WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return rlx_store_fail (store, error, "look up a run");
  g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_NOT_FOUND,
               "There is no %s with id %" G_GINT64_FORMAT " in the database", role, run_id);
  return FALSE;
}

static gboolean
check_analysis (const char *kind,
                const char *recipe_json,
                const char *result_json,
                GError    **error)
{
  if (kind == NULL || *kind == '\0')
    {
      g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID, "An analysis needs a kind");
      return FALSE;
    }
  return rlx_store_check_json (recipe_json, "analysis recipe", error) &&
         rlx_store_check_json (result_json, "analysis result", error);
}

/* One analysis row and its history entry, inside the caller's transaction. */
static gint64
insert_analysis (RlxStore   *store,
                 gint64      run_id,
                 gint64      reference_id,
                 const char *kind,
                 const char *recipe_json,
                 const char *result_json,
                 const char *now,
                 GError    **error)
{
  g_autoptr(RlxStmt) stmt = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *payload = NULL;
  gint64 id;

  if (!run_exists (store, run_id, "run", error) ||
      (reference_id > 0 && !run_exists (store, reference_id, "reference run", error)))
    return -1;

  stmt = rlx_store_prepare (store,
                            "INSERT INTO analysis (run_id, reference_id, kind, recipe_json, "
                            "result_json, created_at) VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, run_id);
  rlx_stmt_bind_id (stmt, 2, reference_id);
  rlx_stmt_bind_text (stmt, 3, kind);
  /* SQLITE_STATIC: the texts outlive the statement's step; results can be large */
  sqlite3_bind_text (stmt, 4, recipe_json, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, result_json, -1, SQLITE_STATIC);
  rlx_stmt_bind_text (stmt, 6, now);
  if (!rlx_store_step_done (store, stmt, "store an analysis", error))
    return -1;
  id = sqlite3_last_insert_rowid (store->db);

  summary = g_strdup_printf ("Added %s analysis %" G_GINT64_FORMAT " of run %" G_GINT64_FORMAT,
                             kind, id, run_id);
  payload = g_strdup_printf ("{\"run_id\":%" G_GINT64_FORMAT ",\"reference_id\":%" G_GINT64_FORMAT "}",
                             run_id, MAX (reference_id, 0));
  if (!rlx_store_append_history (store, "fit", "analysis", id, summary, payload, error))
    return -1;
  return id;
}

/**
 * rlx_store_add_analysis:
 * @reference_id: the reference run subtracted, or 0
 * @kind: "peak-fit", "dma-fit", "spectrum", …
 * @recipe_json: how the result was made (model, window, baseline, engine version…)
 * @result_json: parameters, uncertainties, status
 *
 * Appends an analysis; it becomes the current one of its run and kind.
 *
 * Returns: the new analysis id, or -1 on error
 */
gint64
rlx_store_add_analysis (RlxStore   *store,
                        gint64      run_id,
                        gint64      reference_id,
                        const char *kind,
                        const char *recipe_json,
                        const char *result_json,
                        GError    **error)
{
  g_autofree char *now = rlx_store_now ();
  gint64 id;

  if (!check_analysis (kind, recipe_json, result_json, error))
    return -1;
  if (!rlx_store_begin (store, error))
    return -1;
  id = insert_analysis (store, run_id, reference_id, kind, recipe_json, result_json, now, error);
  if (id <= 0 || !rlx_store_commit (store, error))
    {
      rlx_store_rollback (store);
      return -1;
    }
  return id;
}

/**
 * rlx_store_add_analyses:
 * @analyses: (array length=n_analyses): the analyses; each one's @id is set on success
 *
 * Appends several analyses in one transaction, all or none: what a batch writes, without one
 * disk sync per analysis. Each row and history entry is the same as rlx_store_add_analysis()
 * writes. On error nothing is stored, every @id is 0, and the message names the analysis.
 */
gboolean
rlx_store_add_analyses (RlxStore         *store,
                        RlxAnalysisInput *analyses,
                        guint             n_analyses,
                        GError          **error)
{
  g_autofree char *now = rlx_store_now ();
  guint i;

  for (i = 0; i < n_analyses; i++)
    analyses[i].id = 0;
  for (i = 0; i < n_analyses; i++)
    if (!check_analysis (analyses[i].kind, analyses[i].recipe_json, analyses[i].result_json, error))
      goto invalid;
  if (n_analyses == 0)
    return TRUE;
  if (!rlx_store_begin (store, error))
    return FALSE;
  for (i = 0; i < n_analyses; i++)
    {
      RlxAnalysisInput *a = &analyses[i];

      a->id = insert_analysis (store, a->run_id, a->reference_id, a->kind, a->recipe_json,
                               a->result_json, now, error);
      if (a->id <= 0)
        goto failed;
    }
  if (!rlx_store_commit (store, error))
    {
      i = n_analyses;
      goto failed_commit;
    }
  return TRUE;

failed:
  g_prefix_error (error, "Analysis %u of %u (run %" G_GINT64_FORMAT "): ", i + 1, n_analyses,
                  analyses[i].run_id);
failed_commit:
  rlx_store_rollback (store);
  for (guint k = 0; k < n_analyses; k++)
    analyses[k].id = 0;
  return FALSE;

invalid:
  g_prefix_error (error, "Analysis %u of %u (run %" G_GINT64_FORMAT "): ", i + 1, n_analyses,
                  analyses[i].run_id);
  return FALSE;
}

static gpointer
analysis_row (RlxStmt *stmt,
              gpointer user_data)
{
  return rlx_store_analysis_from_stmt (stmt);
}

static GPtrArray *
collect_analyses (RlxStore *store,
                  RlxStmt  *stmt,
                  GError  **error)
{
  return rlx_store_collect_rows (store, stmt, analysis_row, NULL,
                                 (GDestroyNotify) rlx_analysis_record_free, "list the analyses", error);
}

/**
 * rlx_store_list_analyses:
 *
 * Returns: (transfer full) (element-type RlxAnalysisRecord): every analysis of the run,
 *   oldest first, with the current ones flagged
 */
GPtrArray *
rlx_store_list_analyses (RlxStore *store,
                         gint64    run_id,
                         GError  **error)
{
  g_autoptr(RlxStmt) stmt = rlx_store_prepare (store, ANALYSIS_SELECT
                                               "WHERE a.run_id = ? ORDER BY a.id", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);
  return collect_analyses (store, stmt, error);
}

/**
 * rlx_store_get_current_analysis:
 *
 * Returns: (transfer full) (nullable): the newest analysis of @run_id and @kind; %NULL without
 *   an error when there is none
 */
RlxAnalysisRecord *
rlx_store_get_current_analysis (RlxStore   *store,
                                gint64      run_id,
                                const char *kind,
                                GError    **error)
{
  g_autoptr(RlxStmt) stmt = rlx_store_prepare (store, ANALYSIS_SELECT
                                               "WHERE a.run_id = ? AND a.kind = ? "
                                               "ORDER BY a.id DESC LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);
  rlx_stmt_bind_text (stmt, 2, kind);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return rlx_store_analysis_from_stmt (stmt);
  if (rc != SQLITE_DONE)
    rlx_store_fail (store, error, "read an analysis");
  return NULL;
}

/**
 * rlx_store_list_current_analyses:
 * @kind: (nullable): the kind, or %NULL for the current analysis of every kind
 *
 * Returns: (transfer full) (element-type RlxAnalysisRecord): the current analysis of @kind of
 *   every run that has one, ordered by annealing temperature and time, then run (and kind)
 */
GPtrArray *
rlx_store_list_current_analyses (RlxStore   *store,
                                 const char *kind,
                                 GError    **error)
{
  g_autoptr(RlxStmt) stmt = NULL;

#define CURRENT_SELECT \
  "SELECT a.id, a.run_id, a.reference_id, a.kind, a.recipe_json, a.result_json, a.created_at, 1," \
  "       r.sample_id, r.anneal_ta, r.anneal_time FROM "
#define CURRENT_ORDER \
  " c JOIN analysis a ON a.id = c.id JOIN run r ON r.id = a.run_id " \
  "ORDER BY r.anneal_ta, r.anneal_time, a.run_id, a.kind"

  /* The newest id per group comes straight from the (kind, run_id, id) index. */
  if (kind != NULL)
    {
      stmt = rlx_store_prepare (store, CURRENT_SELECT
                                "(SELECT max (id) AS id FROM analysis WHERE kind = ? GROUP BY run_id)"
                                CURRENT_ORDER, error);
      if (stmt != NULL)
        rlx_stmt_bind_text (stmt, 1, kind);
    }
  else
    stmt = rlx_store_prepare (store, CURRENT_SELECT
                              "(SELECT max (id) AS id FROM analysis GROUP BY kind, run_id)"
                              CURRENT_ORDER, error);

#undef CURRENT_SELECT
#undef CURRENT_ORDER

  if (stmt == NULL)
    return NULL;
  return collect_analyses (store, stmt, error);
}

/* ---- recipes ---------------------------------------------------------------------------- */

gboolean
rlx_store_save_recipe (RlxStore   *store,
                       const char *name,
                       const char *recipe_json,
                       GError    **error)
{
  g_autoptr(RlxStmt) stmt = NULL;
  g_autoptr(RlxStmt) find = NULL;
  g_autofree char *now = rlx_store_now ();
  g_autofree char *summary = NULL;
  g_autofree char *previous = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autofree char *payload_json = NULL;
  gint64 id;

  if (name == NULL || *name == '\0')
    {
      g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID, "A recipe needs a name");
      return FALSE;
    }
  if (!rlx_store_check_json (recipe_json, "recipe", error))
    return FALSE;

  if (!rlx_store_begin (store, error))
    return FALSE;

  find = rlx_store_prepare (store, "SELECT json FROM recipe WHERE name = ?", error);
  if (find == NULL)
    goto fail;
  rlx_stmt_bind_text (find, 1, name);
  if (sqlite3_step (find) == SQLITE_ROW)
    previous = rlx_stmt_dup_text (find, 0);
  g_clear_pointer (&find, rlx_stmt_release);

  stmt = rlx_store_prepare (store,
                            "INSERT INTO recipe (name, json, updated_at) VALUES (?1, ?2, ?3) "
                            "ON CONFLICT (name) DO UPDATE SET json = ?2, updated_at = ?3", error);
  if (stmt == NULL)
    goto fail;
  rlx_stmt_bind_text (stmt, 1, name);
  rlx_stmt_bind_text (stmt, 2, recipe_json);
  rlx_stmt_bind_text (stmt, 3, now);
  if (!rlx_store_step_done (store, stmt, "save a recipe", error))
    goto fail;
  g_clear_pointer (&stmt, rlx_stmt_release);

  stmt = rlx_store_prepare (store, "SELECT id FROM recipe WHERE name = ?", error);
  if (stmt == NULL)
    goto fail;
  rlx_stmt_bind_text (stmt, 1, name);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      rlx_store_fail (store, error, "save a recipe");
      goto fail;
    }
  id = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, rlx_stmt_release);

  /* The previous version goes into the history, so that an overwritten recipe is not lost. */
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "before");
  if (previous != NULL)
    json_builder_add_string_value (builder, previous);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "after");
  json_builder_add_string_value (builder, recipe_json);
  json_builder_end_object (builder);
  payload = json_builder_get_root (builder);
  payload_json = rlx_json_to_string (payload, FALSE);

  summary = g_strdup_printf ("%s recipe “%s”", previous ? "Changed" : "Saved", name);
  if (!rlx_store_append_history (store, "save", "recipe", id, summary, payload_json, error) ||
      !rlx_store_commit (store, error))
    goto fail;

  return TRUE;

fail:
  rlx_store_rollback (store);
  return FALSE;
}

/**
 * rlx_store_dup_recipe:
 *
 * Returns: (transfer full): the recipe's JSON, or %NULL with %RLX_STORE_ERROR_NOT_FOUND
 */
char *
rlx_store_dup_recipe (RlxStore   *store,
                      const char *name,
                      GError    **error)
{
  g_autoptr(RlxStmt) stmt = rlx_store_prepare (store, "SELECT json FROM recipe WHERE name = ?",
                                               error);
  int rc;

  if (stmt == NULL)
    return NULL;
  rlx_stmt_bind_text (stmt, 1, name);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return rlx_stmt_dup_text (stmt, 0);
  if (rc == SQLITE_DONE)
    g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_NOT_FOUND,
                 "There is no recipe named “%s” in the database", name);
  else
    rlx_store_fail (store, error, "read a recipe");
  return NULL;
}

/**
 * rlx_store_list_recipes:
 *
 * Returns: (transfer full): the recipe names in alphabetical order
 */
GStrv
rlx_store_list_recipes (RlxStore *store,
                        GError  **error)
{
  g_autoptr(RlxStmt) stmt = rlx_store_prepare (store, "SELECT name FROM recipe ORDER BY name",
                                               error);
  g_autoptr(GStrvBuilder) builder = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  builder = g_strv_builder_new ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      rlx_store_fail (store, error, "list the recipes");
      return NULL;
    }
  return g_strv_builder_end (builder);
}
