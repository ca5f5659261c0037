/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-cli"

#include "config.h"

#include "rlx-cli.h"

#include <stdio.h>

#include "rlx-demo.h"

int
rlx_cmd_demo (int argc, char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *write_dir = NULL;
  g_autofree char *exports = NULL;
  gint64 seed = (gint64) RLX_DEMO_DEFAULT_SEED;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "Build the demo database in FILE", "FILE" },
    { "exports", 0, 0, G_OPTION_ARG_FILENAME, &exports,
      "Folder of demo export files to import (default: the installed or source data/demo)",
      "DIR" },
    { "write-exports", 0, 0, G_OPTION_ARG_FILENAME, &write_dir,
      "Simulate and write the demo export files into DIR", "DIR" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the noise (default: the committed one)",
      "N" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = rlx_cli_context_new ("demo", NULL,
      "Write the demo export files and build the demo database");
  g_autoptr (GError) error = NULL;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!rlx_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (db == NULL && write_dir == NULL)
    return rlx_cli_usage_error (context, "give --write-exports DIR, --db FILE or both");
  if (seed < 0)
    return rlx_cli_usage_error (context, "--seed must not be negative");

  if (write_dir != NULL)
    {
      if (!rlx_demo_write_exports (write_dir, (guint64) seed, &error))
        return rlx_cli_fail ("demo", error);
      printf ("wrote the demo exports to %s\n", write_dir);
      if (exports == NULL)
        exports = g_strdup (write_dir);
    }
  if (db != NULL)
    {
      if (exports == NULL)
        exports = rlx_demo_find_exports_dir ();
      if (exports == NULL)
        {
          fprintf (stderr, "relaxun-cli demo: no demo export files found; run "
                   "relaxun-cli demo --write-exports DIR --db %s\n", db);
          return RLX_CLI_EXIT_FAILURE;
        }
      if (!rlx_demo_build_database (db, exports, NULL, &error))
        return rlx_cli_fail ("demo", error);
      printf ("built the demo database %s from %s\n", db, exports);
    }
  return RLX_CLI_EXIT_OK;
}
