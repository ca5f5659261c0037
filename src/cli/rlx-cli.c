/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "rlx-cli.h"
#include "rlx-core.h"

typedef struct
{
  const char        *name;
  const char        *summary;
  RlxCliCommandFunc  func;
} Command;

static const Command commands[] = {
  { "import",      N_("Import instrument export files into a database"), rlx_cmd_import },
  { "runs",        N_("List the samples and runs of a database"), rlx_cmd_runs },
  { "show",        N_("Show one run with its metadata and analyses"), rlx_cmd_show },
  { "export-data", N_("Write the channels of a run as CSV"), rlx_cmd_export_data },
  { "history",     N_("Show the change log of a database"), rlx_cmd_history },
  { "fit",         N_("Fit a relaxation model to a file or a stored run"), rlx_cmd_fit },
  { "peak",        N_("Extract a relaxation peak and print its metrics"), rlx_cmd_peak },
  { "recipe",      N_("Save, list and show named analysis recipes"), rlx_cmd_recipe },
  { "batch",       N_("Apply a recipe to a selection of runs"), rlx_cmd_batch },
  { "spectrum",    N_("Decompose a peak into a spectrum of Debye units"), rlx_cmd_spectrum },
  { "export",      N_("Export a figure as SVG, PNG, PDF or EPS"), rlx_cmd_export },
  { "simulate",    N_("Simulate a thermal protocol"), rlx_cmd_simulate },
  { "demo",        N_("Write the demo export files and build the demo database"), rlx_cmd_demo },
  { NULL, NULL, NULL }
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s", _("Usage:\n  relaxun-cli COMMAND [OPTION…]\n\n"
                          "Relaxun without a display: import, analyse and export glass relaxation data.\n\n"
                          "Commands:\n"));
  for (guint i = 0; commands[i].name != NULL; i++)
    fprintf (stream, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "%s", _("\nOptions:\n"
                          "  -h, --help      Show this help\n"
                          "  --version       Show the version\n\n"
                          "Run “relaxun-cli COMMAND --help” for the options of a command.\n"));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  rlx_core_init ();

  if (argc < 2)
    {
      print_usage (stderr);
      return RLX_CLI_EXIT_USAGE;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return RLX_CLI_EXIT_OK;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("relaxun-cli %s\n", rlx_core_get_version ());
      return RLX_CLI_EXIT_OK;
    }

  for (guint i = 0; commands[i].name != NULL; i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].func (argc - 1, argv + 1);

  if (argv[1][0] == '-')
    fprintf (stderr, _("relaxun-cli: unknown option “%s”\n\n"), argv[1]);
  else
    fprintf (stderr, _("relaxun-cli: unknown command “%s”\n\n"), argv[1]);
  print_usage (stderr);

  return RLX_CLI_EXIT_USAGE;
}
