/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "rlx-cli.h"
#include "rlx-cli-store.h"
#include "rlx-store.h"

/* relaxun-cli export-data: the channels of a stored run as CSV, in canonical units. */

static void
append_csv_field (GString    *out,
                  const char *field)
{
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static GString *
run_to_csv (const RlxRunData *data)
{
  GString *out = g_string_new (NULL);
  gsize n_rows = rlx_run_data_get_n_points (data);
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint c = 0; c < data->channels->len; c++)
    {
      RlxChannel *channel = g_ptr_array_index (data->channels, c);
      const char *unit = rlx_quantity_get_unit (channel->quantity);
      g_autofree char *header = NULL;

      /* The values are canonical, so the header names the canonical unit, not the file's. */
      if (*unit != '\0')
        header = g_strdup_printf ("%s [%s]", channel->name, unit);
      else
        header = g_strdup (channel->name);
      if (c > 0)
        g_string_append_c (out, ',');
      append_csv_field (out, header);
    }
  g_string_append_c (out, '\n');

  for (gsize i = 0; i < n_rows; i++)
    {
      for (guint c = 0; c < data->channels->len; c++)
        {
          RlxChannel *channel = g_ptr_array_index (data->channels, c);

          if (c > 0)
            g_string_append_c (out, ',');
          /* A shorter channel leaves its cells empty; numbers never depend on the locale. */
          if (i < channel->n_values)
            g_string_append (out, g_ascii_formatd (number, sizeof number, "%.10g",
                                                   channel->values[i]));
        }
      g_string_append_c (out, '\n');
    }

  return out;
}

int
rlx_cmd_export_data (int    argc,
                     char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database (default: the user’s)"), N_("FILE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("Output format: csv (the default)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to this file instead of the standard output"), N_("OUT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rlx_cli_context_new ("export-data", "RUN",
                         _("Write the channels of a stored run as CSV, in canonical units "
                           "(K, s, mW, W/g, MPa, Hz)."));
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxStore) store = NULL;
  g_autoptr(RlxRunRecord) run = NULL;
  g_autoptr(GString) csv = NULL;
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
  if (format != NULL && g_ascii_strcasecmp (format, "csv") != 0)
    return rlx_cli_usage_error (context, _("unknown format “%s”; the format is csv"), format);

  store = rlx_cli_open_store (db_path, TRUE, &error);
  if (store == NULL)
    return rlx_cli_fail ("export-data", error);
  run = rlx_store_load_run (store, run_id, TRUE, &error);
  if (run == NULL)
    return rlx_cli_fail ("export-data", error);

  csv = run_to_csv (run->data);
  if (output != NULL && strcmp (output, "-") != 0)
    {
      if (!g_file_set_contents (output, csv->str, (gssize) csv->len, &error))
        return rlx_cli_fail ("export-data", error);
    }
  else if (fwrite (csv->str, 1, csv->len, stdout) != csv->len || fflush (stdout) != 0)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write the CSV to the standard output"));
      return rlx_cli_fail ("export-data", error);
    }

  return RLX_CLI_EXIT_OK;
}
