/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rlx-cli.h"
#include "rlx-import.h"
#include "rlx-pairing.h"
#include "rlx-store.h"

static void
add_double (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  if (isfinite (value))
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

/* The sample a run was stored under: --sample, the file's own name, or the file name. */
static char *
dup_stored_sample (RlxStore *store,
                   gint64    run_id)
{
  g_autoptr(RlxRunRecord) record = NULL;

  if (run_id <= 0)
    return NULL;
  record = rlx_store_load_run (store, run_id, FALSE, NULL);
  return record ? g_strdup (record->sample_name) : NULL;
}


static void
run_to_json (JsonBuilder      *b,
             const RlxRunData *run,
             const char       *sample,
             gint64            id)
{
  double t_min = NAN, t_max = NAN;

  rlx_run_data_get_temperature_range (run, &t_min, &t_max);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, id);
  add_string (b, "kind", rlx_run_kind_to_string (run->kind));
  add_string (b, "role", rlx_run_role_to_string (run->role));
  json_builder_set_member_name (b, "segment");
  json_builder_add_int_value (b, run->segment);
  add_string (b, "title", run->title);
  add_string (b, "sample", sample);
  add_double (b, "mass_mg", run->mass_mg);
  add_string (b, "instrument", run->instrument);
  add_double (b, "heating_rate_K_s", run->heating_rate);
  add_double (b, "cooling_rate_K_s", run->cooling_rate);
  add_double (b, "frequency_Hz", run->frequency);
  json_builder_set_member_name (b, "anneal_steps");
  json_builder_begin_array (b);
  for (guint i = 0; run->anneal_steps && i < run->anneal_steps->len; i++)
    {
      RlxAnnealStep *s = &g_array_index (run->anneal_steps, RlxAnnealStep, i);

      json_builder_begin_object (b);
      add_double (b, "temperature_K", s->temperature);
      add_double (b, "duration_s", s->duration);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "n_points");
  json_builder_add_int_value (b, (gint64) rlx_run_data_get_n_points (run));
  add_double (b, "t_min_K", t_min);
  add_double (b, "t_max_K", t_max);
  json_builder_set_member_name (b, "channels");
  json_builder_begin_array (b);
  for (guint i = 0; i < run->channels->len; i++)
    {
      RlxChannel *c = g_ptr_array_index (run->channels, i);

      json_builder_begin_object (b);
      add_string (b, "name", c->name);
      add_string (b, "unit", c->original_unit);
      add_string (b, "quantity", rlx_quantity_to_string (c->quantity));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
print_run (const RlxRunData *run,
           const char       *sample,
           gint64            id)
{
  double t_min = NAN, t_max = NAN;
  g_autoptr(GString) line = g_string_new (NULL);

  g_string_append_printf (line, "  run %" G_GINT64_FORMAT ": %s", id, rlx_run_kind_to_string (run->kind));
  if (run->segment > 0)
    g_string_append_printf (line, ", segment %d", run->segment);
  g_string_append_printf (line, ", %s", rlx_run_role_to_string (run->role));
  for (guint i = 0; run->anneal_steps && i < run->anneal_steps->len; i++)
    {
      RlxAnnealStep *s = &g_array_index (run->anneal_steps, RlxAnnealStep, i);

      g_string_append_printf (line, ", Ta %.2f K", s->temperature);
      if (isfinite (s->duration))
        g_string_append_printf (line, " ta %g s", s->duration);
      else
        g_string_append (line, " ta unknown");
    }
  if (isfinite (run->heating_rate))
    g_string_append_printf (line, ", heating %.4g K/s", run->heating_rate);
  if (isfinite (run->cooling_rate))
    g_string_append_printf (line, ", cooling %.4g K/s", run->cooling_rate);
  if (isfinite (run->frequency))
    g_string_append_printf (line, ", %g Hz", run->frequency);
  g_string_append_printf (line, ", %" G_GSIZE_FORMAT " points", rlx_run_data_get_n_points (run));
  if (rlx_run_data_get_temperature_range (run, &t_min, &t_max))
    g_string_append_printf (line, ", T %.2f–%.2f K", t_min, t_max);
  if (sample)
    g_string_append_printf (line, ", sample “%s”", sample);
  if (isfinite (run->mass_mg))
    g_string_append_printf (line, ", %g mg", run->mass_mg);
  g_string_append (line, "\n    channels:");
  for (guint i = 0; i < run->channels->len; i++)
    {
      RlxChannel *c = g_ptr_array_index (run->channels, i);

      g_string_append_printf (line, "%s %s", i ? "," : "", c->name);
      if (c->original_unit && *c->original_unit)
        g_string_append_printf (line, " [%s]", c->original_unit);
    }
  printf ("%s\n", line->str);
}

static void
list_formats (gboolean json)
{
  guint n;
  const RlxFormatInfo *formats = rlx_import_list_formats (&n);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < n; i++)
        {
          json_builder_begin_object (b);
          add_string (b, "id", formats[i].id);
          add_string (b, "label", formats[i].label);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      rlx_cli_print_json (json_builder_get_root (b));
      return;
    }
  for (guint i = 0; i < n; i++)
    printf ("%-14s %s\n", formats[i].id, formats[i].label);
}

static gboolean
parse_separator (const char *text,
                 char       *out)
{
  if (text == NULL)
    return TRUE;
  if (strcmp (text, "tab") == 0 || strcmp (text, "\\t") == 0)
    *out = '\t';
  else if (strcmp (text, "semicolon") == 0 || strcmp (text, ";") == 0)
    *out = ';';
  else if (strcmp (text, "comma") == 0 || strcmp (text, ",") == 0)
    *out = ',';
  else if (strcmp (text, "space") == 0 || strcmp (text, " ") == 0)
    *out = ' ';
  else
    return FALSE;
  return TRUE;
}

int
rlx_cmd_import (int    argc,
                char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *format = NULL;
  g_autofree char *x_unit = NULL, *y_unit = NULL, *x_quantity = NULL, *y_quantity = NULL;
  g_autofree char *separator = NULL, *decimal = NULL;
  g_auto(GStrv) paths = NULL;
  gboolean json = FALSE, formats = FALSE, no_header = FALSE;
  int x_column = 0, y_column = 0, skip_lines = -1;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(RlxStore) store = NULL;
  g_autofree char *series_sample = NULL;
  gboolean db_existed = FALSE;
  gboolean stored_any = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  RlxImportOptions options;
  int status = RLX_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Database file (created when missing)"), N_("FILE") },
    { "sample", 0, 0, G_OPTION_ARG_STRING, &sample, N_("Sample the runs belong to"), N_("NAME") },
    { "as", 0, 0, G_OPTION_ARG_STRING, &format, N_("Read as this format instead of sniffing"), N_("FORMAT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { "list-formats", 0, 0, G_OPTION_ARG_NONE, &formats, N_("List the formats and exit"), NULL },
    { "x-column", 0, 0, G_OPTION_ARG_INT, &x_column, N_("Generic: x column (1-based)"), N_("N") },
    { "y-column", 0, 0, G_OPTION_ARG_INT, &y_column, N_("Generic: y column (1-based)"), N_("N") },
    { "x-quantity", 0, 0, G_OPTION_ARG_STRING, &x_quantity, N_("Generic: x quantity (temperature, time, …)"), N_("ID") },
    { "y-quantity", 0, 0, G_OPTION_ARG_STRING, &y_quantity, N_("Generic: y quantity (heat-flow, loss-modulus, …)"), N_("ID") },
    { "x-unit", 0, 0, G_OPTION_ARG_STRING, &x_unit, N_("Generic: x unit (K, °C, s, …)"), N_("UNIT") },
    { "y-unit", 0, 0, G_OPTION_ARG_STRING, &y_unit, N_("Generic: y unit (mW, W/g, MPa, …)"), N_("UNIT") },
    { "separator", 0, 0, G_OPTION_ARG_STRING, &separator, N_("Generic: tab, semicolon, comma or space"), N_("SEP") },
    { "decimal", 0, 0, G_OPTION_ARG_STRING, &decimal, N_("Decimal mark: . or ,"), N_("MARK") },
    { "skip-lines", 0, 0, G_OPTION_ARG_INT, &skip_lines, N_("Generic: lines to skip before the table"), N_("N") },
    { "no-header", 0, 0, G_OPTION_ARG_NONE, &no_header, N_("Generic: the table has no header row"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, N_("PATH…") },
    { NULL }
  };

  context = rlx_cli_context_new ("import", NULL, _("Import instrument export files into a database."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!rlx_cli_parse_options (context, &argc, &argv, &status))
    return status;

  if (formats)
    {
      list_formats (json);
      return RLX_CLI_EXIT_OK;
    }
  if (db == NULL)
    return rlx_cli_usage_error (context, "%s", _("--db FILE is required"));
  if (paths == NULL || paths[0] == NULL)
    return rlx_cli_usage_error (context, "%s", _("no file to import"));
  if (format != NULL && !rlx_import_has_format (format))
    return rlx_cli_usage_error (context, _("unknown format “%s”; see --list-formats"), format);

  rlx_import_options_init (&options);
  options.x_column = x_column - 1;
  options.y_column = y_column - 1;
  options.x_unit = x_unit;
  options.y_unit = y_unit;
  options.skip_lines = skip_lines;
  options.no_header = no_header;
  if (x_quantity && (options.x_quantity = rlx_quantity_from_string (x_quantity)) == RLX_QUANTITY_OTHER)
    return rlx_cli_usage_error (context, _("unknown quantity “%s”"), x_quantity);
  if (y_quantity && (options.y_quantity = rlx_quantity_from_string (y_quantity)) == RLX_QUANTITY_OTHER)
    return rlx_cli_usage_error (context, _("unknown quantity “%s”"), y_quantity);
  if (!parse_separator (separator, &options.separator))
    return rlx_cli_usage_error (context, _("unknown separator “%s”"), separator);
  if (decimal != NULL)
    {
      if (strcmp (decimal, ".") != 0 && strcmp (decimal, ",") != 0)
        return rlx_cli_usage_error (context, "%s", _("--decimal must be . or ,"));
      options.decimal_mark = decimal[0];
    }

  if (sample == NULL)
    options.default_sample = series_sample = rlx_import_guess_series_sample ((const char * const *) paths);

  db_existed = g_file_test (db, G_FILE_TEST_EXISTS);
  store = rlx_store_open (db, &error);
  if (store == NULL)
    return rlx_cli_fail ("import", error);

  json_builder_begin_array (builder);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(GPtrArray) runs = NULL;
      g_autofree char *detected = NULL;
      RlxImportResult result = { 0 };
      gboolean ok;

      ok = rlx_import_file_into_store_full (store, paths[i], sample, format, &options, &detected,
                                            &result, &runs, &local);
      if (json)
        {
          json_builder_begin_object (builder);
          add_string (builder, "path", paths[i]);
          json_builder_set_member_name (builder, "ok");
          json_builder_add_boolean_value (builder, ok);
          add_string (builder, "format", detected);
        }
      if (!ok)
        {
          status = RLX_CLI_EXIT_FAILURE;
          fprintf (stderr, "relaxun-cli import: %s\n", local->message);
          if (json)
            {
              add_string (builder, "error", local->message);
              json_builder_end_object (builder);
            }
          continue;
        }

      if (json)
        {
          json_builder_set_member_name (builder, "duplicate");
          json_builder_add_boolean_value (builder, result.duplicate);
          json_builder_set_member_name (builder, "source_id");
          json_builder_add_int_value (builder, result.source_id);
          json_builder_set_member_name (builder, "runs");
          json_builder_begin_array (builder);
        }
      else if (result.duplicate)
        printf ("%s: %s, already imported (source %" G_GINT64_FORMAT "); nothing written\n",
                paths[i], detected, result.source_id);
      else
        printf ("%s: %s, %u run%s\n", paths[i], detected, runs->len, runs->len == 1 ? "" : "s");

      for (guint k = 0; k < runs->len; k++)
        {
          gint64 id = result.run_ids && k < result.run_ids->len ? g_array_index (result.run_ids, gint64, k) : 0;
          g_autofree char *stored_sample = dup_stored_sample (store, id);

          if (json)
            run_to_json (builder, g_ptr_array_index (runs, k), stored_sample, id);
          else if (!result.duplicate)
            print_run (g_ptr_array_index (runs, k), stored_sample, id);
        }
      if (json)
        {
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      if (result.run_ids != NULL && result.run_ids->len > 0)
        stored_any = TRUE;
      rlx_import_result_clear (&result);
    }
  json_builder_end_array (builder);

  if (stored_any)
    {
      g_autoptr(GError) pair_error = NULL;
      guint n_paired = rlx_pairing_pair_unpaired (store, 0, &pair_error);

      if (pair_error != NULL)
        fprintf (stderr, "relaxun-cli import: %s\n", pair_error->message);
      else if (n_paired > 0 && !json)
        printf (g_dngettext (GETTEXT_PACKAGE, "Paired %u annealed run with its reference.\n",
                             "Paired %u annealed runs with their references.\n", n_paired),
                n_paired);
    }

  /* A database that this command created for files that all failed would only be clutter. */
  if (!db_existed && !stored_any)
    {
      g_clear_pointer (&store, rlx_store_close);
      rlx_store_remove_files (db, NULL);
    }

  if (json)
    rlx_cli_print_json (json_builder_get_root (builder));

  return status;
}
