/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rlx-cli.h"
#include "rlx-cli-store.h"
#include "rlx-store.h"

/* relaxun-cli show: one run with its metadata, channels, source and analyses. */

static void
channel_range (const RlxChannel *channel,
               double           *lo,
               double           *hi)
{
  *lo = INFINITY;
  *hi = -INFINITY;
  for (gsize i = 0; i < channel->n_values; i++)
    if (isfinite (channel->values[i]))
      {
        *lo = MIN (*lo, channel->values[i]);
        *hi = MAX (*hi, channel->values[i]);
      }
  if (*lo > *hi)
    *lo = *hi = NAN;
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL)
    return json_node_init_null (json_node_alloc ());
  return json_node_copy (root);
}

/* "status" and the fitted parameters of an analysis result, as the fit engine writes them. */
static void
summarise_result (const char *result_json,
                  char      **status,
                  char      **parameters)
{
  g_autoptr(JsonNode) root = parse_json (result_json);
  g_autoptr(GString) text = g_string_new (NULL);
  JsonObject *object, *params;
  g_autoptr(GList) members = NULL;
  guint n = 0;

  *status = NULL;
  *parameters = NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return;
  object = json_node_get_object (root);
  *status = g_strdup (json_object_get_string_member_with_default (object, "status", NULL));

  if (!json_object_has_member (object, "parameters") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "parameters")))
    return;
  params = json_object_get_object_member (object, "parameters");

  members = json_object_get_members (params);  /* in the order the result wrote them */
  for (GList *l = members; l != NULL && n < 6; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (params, name);
      double value = NAN, sigma = NAN;
      const char *unit = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *param = json_node_get_object (node);

          if (json_object_has_member (param, "value") &&
              !json_object_get_null_member (param, "value"))
            value = json_object_get_double_member (param, "value");
          if (json_object_has_member (param, "stderr") &&
              !json_object_get_null_member (param, "stderr"))
            sigma = json_object_get_double_member (param, "stderr");
          unit = json_object_get_string_member_with_default (param, "unit", NULL);
        }
      else if (JSON_NODE_HOLDS_VALUE (node))
        value = json_node_get_double (node);
      else
        continue;

      g_string_append_printf (text, "%s%s=%.6g", n ? ", " : "", name, value);
      if (isfinite (sigma) && fabs (sigma) >= 100 && fabs (sigma) < 1e6)
        g_string_append_printf (text, "±%.0f", sigma);
      else if (isfinite (sigma))
        g_string_append_printf (text, "±%.2g", sigma);
      if (unit != NULL && *unit != '\0')
        g_string_append_printf (text, " %s", unit);
      n++;
    }
  *parameters = g_string_free (g_steal_pointer (&text), FALSE);
}

static void
print_field (const char *label,
             const char *value)
{
  printf ("  %-14s %s\n", label, value != NULL && *value != '\0' ? value : "-");
}

static void
print_number (const char *label,
              double      value,
              const char *unit)
{
  g_autofree char *text = rlx_cli_format_number (value, unit);

  print_field (label, text);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_keys);
  return keys;
}

static void
print_text (RlxRunRecord *run,
            GBytes       *source,
            const char   *source_name,
            GPtrArray    *analyses)
{
  RlxRunData *data = run->data;
  g_autoptr(GPtrArray) keys = sorted_keys (data->metadata);
  g_autoptr(RlxCliTable) channels = NULL;
  g_autoptr(GString) anneal = g_string_new (NULL);
  g_autofree char *sample = g_strdup_printf ("%s (sample %" G_GINT64_FORMAT ")", run->sample_name,
                                             run->sample_id);
  g_autofree char *kind = g_strdup_printf ("%s (%s)", rlx_run_kind_to_string (data->kind),
                                           rlx_run_kind_get_label (data->kind));
  g_autofree char *reference = run->reference_id > 0
                               ? g_strdup_printf ("run %" G_GINT64_FORMAT, run->reference_id) : NULL;
  g_autofree char *segment = data->segment > 0 ? g_strdup_printf ("%d", data->segment) : NULL;
  g_autofree char *points = g_strdup_printf ("%" G_GSIZE_FORMAT, run->n_points);
  g_autofree char *range = NULL;

  for (guint i = 0; i < data->anneal_steps->len; i++)
    {
      RlxAnnealStep *step = &g_array_index (data->anneal_steps, RlxAnnealStep, i);

      g_string_append_printf (anneal, "%s%g K for %g s", i ? "; then " : "", step->temperature,
                              step->duration);
    }
  if (!isnan (run->t_start) && !isnan (run->t_end))
    range = g_strdup_printf ("%.10g K → %.10g K", run->t_start, run->t_end);

  printf ("Run %" G_GINT64_FORMAT " “%s”\n", run->id, data->title ? data->title : "");
  print_field ("sample", sample);
  print_field ("kind", kind);
  print_field ("role", rlx_run_role_to_string (data->role));
  print_field ("reference", reference);
  print_field ("annealing", anneal->str);
  print_number ("heating rate", data->heating_rate, "K/s");
  print_number ("cooling rate", data->cooling_rate, "K/s");
  print_number ("frequency", data->frequency, "Hz");
  print_field ("temperature", range);
  print_field ("points", points);
  print_number ("mass", data->mass_mg, "mg");
  print_field ("material", data->material);
  print_field ("instrument", data->instrument);
  print_field ("software", data->software);
  print_field ("format", data->format);
  print_field ("segment", segment);
  print_field ("simulated", data->simulated ? "yes" : "no");
  print_field ("tags", run->tags);
  print_field ("notes", data->notes);
  print_field ("imported", run->imported_at);
  if (keys->len > 0)
    {
      printf ("\nMetadata\n");
      for (guint i = 0; i < keys->len; i++)
        printf ("  %s: %s\n", (const char *) keys->pdata[i],
                (const char *) g_hash_table_lookup (data->metadata, keys->pdata[i]));
    }

  printf ("\nChannels\n");
  channels = rlx_cli_table_new (7, "#", _("NAME"), _("UNIT"), _("FILE UNIT"), _("QUANTITY"),
                                "N", _("MIN … MAX"));
  for (guint i = 0; i < data->channels->len; i++)
    {
      RlxChannel *channel = g_ptr_array_index (data->channels, i);
      g_autofree char *index = g_strdup_printf ("%u", i + 1);
      g_autofree char *n = g_strdup_printf ("%" G_GSIZE_FORMAT, channel->n_values);
      g_autofree char *span = NULL;
      double lo, hi;

      channel_range (channel, &lo, &hi);
      if (!isnan (lo))
        span = g_strdup_printf ("%.6g … %.6g", lo, hi);
      rlx_cli_table_add_row (channels, index, channel->name,
                             rlx_quantity_get_unit (channel->quantity), channel->original_unit,
                             rlx_quantity_to_string (channel->quantity), n, span);
    }
  rlx_cli_table_print (channels, "  ");

  printf ("\nSource\n");
  if (source != NULL)
    {
      g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, source);

      printf ("  %s (source %" G_GINT64_FORMAT ", %" G_GSIZE_FORMAT " bytes, SHA-256 %s)\n",
              source_name, run->source_id, g_bytes_get_size (source), sha);
    }
  else
    printf ("  %s\n", data->simulated ? _("none (simulated)") : _("none"));

  printf ("\nAnalyses\n");
  if (analyses->len == 0)
    printf ("  %s\n", _("none"));
  else
    {
      g_autoptr(RlxCliTable) table = rlx_cli_table_new (7, _("ID"), _("KIND"), _("CREATED"),
                                                        _("CURRENT"), _("REF"), _("STATUS"),
                                                        _("PARAMETERS"));

      for (guint i = 0; i < analyses->len; i++)
        {
          RlxAnalysisRecord *analysis = g_ptr_array_index (analyses, i);
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, analysis->id);
          g_autofree char *ref = analysis->reference_id > 0
                                 ? g_strdup_printf ("%" G_GINT64_FORMAT, analysis->reference_id)
                                 : NULL;
          g_autofree char *status = NULL;
          g_autofree char *params = NULL;

          summarise_result (analysis->result_json, &status, &params);
          rlx_cli_table_add_row (table, id, analysis->kind, analysis->created_at,
                                 analysis->current ? "yes" : "no", ref, status, params);
        }
      rlx_cli_table_print (table, "  ");
    }
}

static JsonNode *
build_json (RlxRunRecord *run,
            GBytes       *source,
            const char   *source_name,
            GPtrArray    *analyses)
{
  RlxRunData *data = run->data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) keys = sorted_keys (data->metadata);

  json_builder_begin_object (builder);
  rlx_cli_json_add_run_members (builder, run);
  json_builder_set_member_name (builder, "sample_id");
  json_builder_add_int_value (builder, run->sample_id);
  rlx_cli_json_add_string (builder, "sample", run->sample_name);
  rlx_cli_json_add_double (builder, "mass_mg", data->mass_mg);
  rlx_cli_json_add_string (builder, "material", data->material);
  rlx_cli_json_add_string (builder, "instrument", data->instrument);
  rlx_cli_json_add_string (builder, "software", data->software);
  rlx_cli_json_add_string (builder, "format", data->format);
  json_builder_set_member_name (builder, "segment");
  json_builder_add_int_value (builder, data->segment);
  rlx_cli_json_add_string (builder, "notes", data->notes);

  json_builder_set_member_name (builder, "metadata");
  json_builder_begin_object (builder);
  for (guint i = 0; i < keys->len; i++)
    rlx_cli_json_add_string (builder, keys->pdata[i],
                             g_hash_table_lookup (data->metadata, keys->pdata[i]));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "channels");
  json_builder_begin_array (builder);
  for (guint i = 0; i < data->channels->len; i++)
    {
      RlxChannel *channel = g_ptr_array_index (data->channels, i);
      double lo, hi;

      channel_range (channel, &lo, &hi);
      json_builder_begin_object (builder);
      rlx_cli_json_add_string (builder, "name", channel->name);
      rlx_cli_json_add_string (builder, "unit", rlx_quantity_get_unit (channel->quantity));
      rlx_cli_json_add_string (builder, "original_unit", channel->original_unit);
      rlx_cli_json_add_string (builder, "quantity", rlx_quantity_to_string (channel->quantity));
      json_builder_set_member_name (builder, "n");
      json_builder_add_int_value (builder, (gint64) channel->n_values);
      rlx_cli_json_add_double (builder, "min", lo);
      rlx_cli_json_add_double (builder, "max", hi);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "source");
  if (source != NULL)
    {
      g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, source);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, run->source_id);
      rlx_cli_json_add_string (builder, "file_name", source_name);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, (gint64) g_bytes_get_size (source));
      rlx_cli_json_add_string (builder, "sha256", sha);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "analyses");
  json_builder_begin_array (builder);
  for (guint i = 0; i < analyses->len; i++)
    {
      RlxAnalysisRecord *analysis = g_ptr_array_index (analyses, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, analysis->id);
      rlx_cli_json_add_string (builder, "kind", analysis->kind);
      rlx_cli_json_add_string (builder, "created_at", analysis->created_at);
      json_builder_set_member_name (builder, "current");
      json_builder_add_boolean_value (builder, analysis->current);
      rlx_cli_json_add_id (builder, "reference_id", analysis->reference_id);
      json_builder_set_member_name (builder, "recipe");
      json_builder_add_value (builder, parse_json (analysis->recipe_json));
      json_builder_set_member_name (builder, "result");
      json_builder_add_value (builder, parse_json (analysis->result_json));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

int
rlx_cmd_show (int    argc,
              char **argv)
{
  g_autofree char *db_path = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database (default: the user’s)"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Write JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rlx_cli_context_new ("show", "RUN", _("Show one run with its metadata, channels, source and analyses."));
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxStore) store = NULL;
  g_autoptr(RlxRunRecord) run = NULL;
  g_autoptr(GPtrArray) analyses = NULL;
  g_autoptr(GBytes) source = NULL;
  g_autofree char *source_name = NULL;
  gint64 run_id;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!rlx_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return rlx_cli_usage_error (context, "%s", argc < 2 ? _("which run? give its id")
                                                        : _("give one run id"));
  if (!rlx_cli_parse_run_id (argv[1], &run_id))
    return rlx_cli_usage_error (context, _("“%s” is not a run id (a positive whole number)"),
                                argv[1]);

  store = rlx_cli_open_store (db_path, TRUE, &error);
  if (store == NULL)
    return rlx_cli_fail ("show", error);

  run = rlx_store_load_run (store, run_id, TRUE, &error);
  if (run == NULL)
    return rlx_cli_fail ("show", error);
  analyses = rlx_store_list_analyses (store, run_id, &error);
  if (analyses == NULL)
    return rlx_cli_fail ("show", error);
  if (run->source_id > 0)
    {
      source = rlx_store_dup_source_bytes (store, run->source_id, &source_name, &error);
      if (source == NULL)
        return rlx_cli_fail ("show", error);
    }

  if (json)
    {
      g_autoptr(JsonNode) root = build_json (run, source, source_name, analyses);

      rlx_cli_print_json (root);
    }
  else
    print_text (run, source, source_name, analyses);

  return RLX_CLI_EXIT_OK;
}
