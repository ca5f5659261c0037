/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "rlx-cli.h"
#include "rlx-cli-store.h"
#include "rlx-store.h"

/* relaxun-cli runs: the samples of a database and their runs. */

static char *
format_anneal (const RlxRunData *data)
{
  const RlxAnnealStep *last;

  if (data->anneal_steps->len == 0)
    return NULL;
  last = &g_array_index (data->anneal_steps, RlxAnnealStep, data->anneal_steps->len - 1);
  if (data->anneal_steps->len == 1)
    return g_strdup_printf ("%g K / %g s", last->temperature, last->duration);
  return g_strdup_printf ("%g K / %g s (+%u)", last->temperature, last->duration,
                          data->anneal_steps->len - 1);
}

static char *
format_range (double lo,
              double hi)
{
  if (isnan (lo) || isnan (hi))
    return NULL;
  return g_strdup_printf ("%.1f–%.1f K", lo, hi);
}

/* run id → GPtrArray of the run's current analyses (borrowed records) */
static GHashTable *
index_current (GPtrArray *current)
{
  GHashTable *by_run = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                              (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; current != NULL && i < current->len; i++)
    {
      RlxAnalysisRecord *analysis = g_ptr_array_index (current, i);
      GPtrArray *list = g_hash_table_lookup (by_run, &analysis->run_id);

      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (by_run, &analysis->run_id, list);
        }
      g_ptr_array_add (list, analysis);
    }
  return by_run;
}

static char *
join_kinds (GPtrArray *analyses)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; analyses != NULL && i < analyses->len; i++)
    {
      RlxAnalysisRecord *analysis = g_ptr_array_index (analyses, i);

      g_string_append_printf (text, "%s%s #%" G_GINT64_FORMAT, i ? ", " : "", analysis->kind,
                              analysis->id);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
add_run_json (JsonBuilder  *builder,
              RlxRunRecord *run,
              GPtrArray    *analyses)
{
  json_builder_begin_object (builder);
  rlx_cli_json_add_run_members (builder, run);
  rlx_cli_json_add_string (builder, "source", run->source_name);
  json_builder_set_member_name (builder, "current_analyses");
  json_builder_begin_array (builder);
  for (guint i = 0; analyses != NULL && i < analyses->len; i++)
    {
      RlxAnalysisRecord *analysis = g_ptr_array_index (analyses, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, analysis->id);
      rlx_cli_json_add_string (builder, "kind", analysis->kind);
      rlx_cli_json_add_string (builder, "created_at", analysis->created_at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

int
rlx_cmd_runs (int    argc,
              char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *sample_filter = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database (default: the user’s)"), N_("FILE") },
    { "sample", 0, 0, G_OPTION_ARG_STRING, &sample_filter, N_("Only this sample"), N_("NAME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Write JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rlx_cli_context_new ("runs", NULL, _("List the samples of a database and their runs."));
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxStore) store = NULL;
  g_autoptr(GPtrArray) samples = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GPtrArray) current = NULL;
  g_autoptr(GHashTable) current_by_run = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(RlxCliTable) table = NULL;
  gboolean sample_found = FALSE;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!rlx_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return rlx_cli_usage_error (context, _("unexpected argument “%s”"), argv[1]);

  store = rlx_cli_open_store (db_path, TRUE, &error);
  if (store == NULL)
    return rlx_cli_fail ("runs", error);

  samples = rlx_store_list_samples (store, &error);
  if (samples != NULL)
    runs = rlx_store_list_runs (store, 0, &error);
  if (runs != NULL)
    current = rlx_store_list_current_analyses (store, NULL, &error);
  if (current == NULL)
    return rlx_cli_fail ("runs", error);
  current_by_run = index_current (current);

  if (json)
    {
      builder = json_builder_new ();
      json_builder_begin_object (builder);
      rlx_cli_json_add_string (builder, "database", rlx_store_get_path (store));
      json_builder_set_member_name (builder, "samples");
      json_builder_begin_array (builder);
    }
  else
    table = rlx_cli_table_new (10, _("ID"), _("SAMPLE"), _("KIND"), _("ROLE"), _("Ta / ta"),
                               _("RATE"), _("POINTS"), _("T RANGE"), _("REF"),
                               _("CURRENT ANALYSES"));

  for (guint s = 0; s < samples->len; s++)
    {
      RlxSampleRecord *sample = g_ptr_array_index (samples, s);

      if (sample_filter != NULL && g_strcmp0 (sample_filter, sample->name) != 0)
        continue;
      sample_found = TRUE;

      if (json)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, sample->id);
          rlx_cli_json_add_string (builder, "name", sample->name);
          rlx_cli_json_add_string (builder, "material", sample->material);
          rlx_cli_json_add_double (builder, "mass", sample->mass);
          rlx_cli_json_add_string (builder, "mass_unit", sample->mass_unit);
          rlx_cli_json_add_string (builder, "notes", sample->notes);
          rlx_cli_json_add_string (builder, "created_at", sample->created_at);
          json_builder_set_member_name (builder, "runs");
          json_builder_begin_array (builder);
        }

      for (guint r = 0; r < runs->len; r++)
        {
          RlxRunRecord *run = g_ptr_array_index (runs, r);
          GPtrArray *analyses = g_hash_table_lookup (current_by_run, &run->id);

          if (run->sample_id != sample->id)
            continue;

          if (json)
            add_run_json (builder, run, analyses);
          else
            {
              g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, run->id);
              g_autofree char *anneal = format_anneal (run->data);
              g_autofree char *rate = rlx_cli_format_number (run->data->heating_rate, "K/s");
              g_autofree char *points = g_strdup_printf ("%" G_GSIZE_FORMAT, run->n_points);
              g_autofree char *range = format_range (run->t_start, run->t_end);
              g_autofree char *ref = run->reference_id > 0
                                     ? g_strdup_printf ("%" G_GINT64_FORMAT, run->reference_id)
                                     : NULL;
              g_autofree char *kinds = join_kinds (analyses);

              rlx_cli_table_add_row (table, id, sample->name,
                                     rlx_run_kind_to_string (run->data->kind),
                                     rlx_run_role_to_string (run->data->role),
                                     anneal, rate, points, range, ref, kinds);
            }
        }

      if (json)
        {
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
    }

  if (sample_filter != NULL && !sample_found)
    {
      g_set_error (&error, RLX_STORE_ERROR, RLX_STORE_ERROR_NOT_FOUND,
                   _("There is no sample named “%s” in “%s”"), sample_filter,
                   rlx_store_get_path (store));
      return rlx_cli_fail ("runs", error);
    }

  if (json)
    {
      g_autoptr(JsonNode) root = NULL;

      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      rlx_cli_print_json (root);
    }
  else
    rlx_cli_table_print (table, "");

  return RLX_CLI_EXIT_OK;
}
