/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "rlx-batch.h"
#include "rlx-cli.h"
#include "rlx-cli-store.h"
#include "rlx-recipe.h"
#include "rlx-selection.h"

/* relaxun-cli batch: a saved recipe over a selection of runs, one analysis per run. */

static void
on_progress (guint               n_done,
             guint               n_total,
             const RlxBatchItem *item,
             gpointer            user_data)
{
  gint64 start = *(gint64 *) user_data;
  double elapsed = (g_get_monotonic_time () - start) / 1e6;

  fprintf (stderr, "\r%u/%u runs  (run %" G_GINT64_FORMAT ": %s)  %.1f s   ", n_done, n_total,
           item->run_id, item->status, elapsed);
  if (n_done == n_total)
    fprintf (stderr, "\n");
  fflush (stderr);
}

static char *
format (double value,
        double scale,
        int    digits)
{
  if (!isfinite (value))
    return g_strdup ("—");
  return g_strdup_printf ("%.*f", digits, value * scale);
}

static void
add_number (JsonObject *object,
            const char *name,
            double      value)
{
  if (isfinite (value))
    json_object_set_double_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

int
rlx_cmd_batch (int    argc,
               char **argv)
{
  g_autofree char *db = NULL, *recipe_name = NULL, *query = NULL;
  int jobs = 0;
  gboolean json = FALSE, fit = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Database file"), N_("FILE") },
    { "recipe", 0, 0, G_OPTION_ARG_STRING, &recipe_name, N_("Saved recipe to apply"), N_("NAME") },
    { "select", 0, 0, G_OPTION_ARG_STRING, &query, N_("Runs: e.g. \"role=annealed sample=A* Ta=253:393 ta=5 ids=3,5-9\""), N_("QUERY") },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, N_("Worker threads (default: all processors)"), N_("N") },
    { "fit", 0, 0, G_OPTION_ARG_NONE, &fit, N_("Fit even if the recipe does not ask for it"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rlx_cli_context_new ("batch", NULL,
                                                           _("Apply a saved recipe to a selection of runs; one analysis per run."));
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxStore) store = NULL;
  g_autoptr(RlxRecipe) recipe = NULL;
  g_autoptr(RlxSelection) selection = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *text = NULL;
  gint64 start;
  guint n_failed = 0;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!rlx_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (recipe_name == NULL)
    return rlx_cli_usage_error (context, _("give the recipe with --recipe NAME (see relaxun-cli recipe list)"));
  if (query == NULL)
    return rlx_cli_usage_error (context, _("give the runs with --select QUERY, e.g. --select role=annealed"));
  if (jobs < 0)
    return rlx_cli_usage_error (context, _("--jobs must be positive"));
  selection = rlx_selection_parse (query, &error);
  if (selection == NULL)
    return rlx_cli_usage_error (context, "%s", error->message);

  store = rlx_cli_open_store (db, TRUE, &error);
  if (store == NULL)
    return rlx_cli_fail ("batch", error);
  text = rlx_store_dup_recipe (store, recipe_name, &error);
  if (text == NULL || (recipe = rlx_recipe_from_json (text, &error)) == NULL)
    return rlx_cli_fail ("batch", error);
  if (fit)
    recipe->fit = TRUE;
  ids = rlx_selection_select (selection, store, &error);
  if (ids == NULL)
    return rlx_cli_fail ("batch", error);
  if (ids->len == 0)
    {
      g_autofree char *canonical = rlx_selection_to_string (selection);
      fprintf (stderr, _("relaxun-cli batch: no run matches “%s”\n"), canonical);
      return RLX_CLI_EXIT_FAILURE;
    }

  start = g_get_monotonic_time ();
  items = rlx_batch_run (store, recipe, recipe_name, (const gint64 *) ids->data, ids->len,
                         (guint) jobs, NULL, on_progress, &start, &error);
  if (items == NULL)
    return rlx_cli_fail ("batch", error);
  for (guint i = 0; i < items->len; i++)
    n_failed += !((RlxBatchItem *) g_ptr_array_index (items, i))->ok;

  if (json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < items->len; i++)
        {
          RlxBatchItem *item = g_ptr_array_index (items, i);
          JsonObject *o = json_object_new ();

          json_object_set_int_member (o, "run_id", item->run_id);
          if (item->reference_id > 0)
            json_object_set_int_member (o, "reference_id", item->reference_id);
          else
            json_object_set_null_member (o, "reference_id");
          json_object_set_string_member (o, "status", item->status);
          if (item->message != NULL)
            json_object_set_string_member (o, "message", item->message);
          add_number (o, "Ta", item->anneal_temperature);
          add_number (o, "ta", item->anneal_time);
          add_number (o, "Tp", item->tp);
          add_number (o, "delta_h", item->delta_h);
          json_object_set_string_member (o, "enthalpy_unit", item->enthalpy_unit);
          add_number (o, "E_width", item->e_fwhm);
          add_number (o, "E_fit", item->e_fit);
          add_number (o, "E_fit_stderr", item->e_fit_sigma);
          add_number (o, "Tp_fit", item->tp_fit);
          if (item->peak_analysis_id > 0)
            json_object_set_int_member (o, "peak_analysis", item->peak_analysis_id);
          if (item->fit_analysis_id > 0)
            json_object_set_int_member (o, "fit_analysis", item->fit_analysis_id);
          json_array_add_object_element (array, o);
        }
      json_node_take_array (root, array);
      rlx_cli_print_json (root);
    }
  else
    {
      g_autoptr(RlxCliTable) table = rlx_cli_table_new (9, "run", "Ta (K)", "ta (s)", "Tp (K)",
                                                        "ΔH", "E(width) kJ/mol",
                                                        "E(fit) kJ/mol", "± σ", "status");

      for (guint i = 0; i < items->len; i++)
        {
          RlxBatchItem *item = g_ptr_array_index (items, i);
          g_autofree char *run = g_strdup_printf ("%" G_GINT64_FORMAT, item->run_id);
          g_autofree char *ta = format (item->anneal_temperature, 1, 1);
          g_autofree char *time = format (item->anneal_time, 1, 3);
          g_autofree char *tp = format (item->tp, 1, 2);
          g_autofree char *dh = isfinite (item->delta_h) ?
            g_strdup_printf ("%.4g %s", item->delta_h, item->enthalpy_unit) : g_strdup ("—");
          g_autofree char *ew = format (item->e_fwhm, 1e-3, 1);
          g_autofree char *ef = format (item->e_fit, 1e-3, 1);
          g_autofree char *es = format (item->e_fit_sigma, 1e-3, 1);

          rlx_cli_table_add_row (table, run, ta, time, tp, dh, ew, ef, es, item->status);
        }
      rlx_cli_table_print (table, "");
      for (guint i = 0; i < items->len; i++)
        {
          RlxBatchItem *item = g_ptr_array_index (items, i);
          if (item->message != NULL)
            printf ("run %" G_GINT64_FORMAT ": %s\n", item->run_id, item->message);
        }
      printf (_("%u runs, %u failed, %.1f s\n"), items->len, n_failed,
              (g_get_monotonic_time () - start) / 1e6);
    }
  return n_failed > 0 ? RLX_CLI_EXIT_FAILURE : RLX_CLI_EXIT_OK;
}
