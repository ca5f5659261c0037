/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-cli"

#include "config.h"

#include "rlx-cli.h"
#include "rlx-json.h"

#include <stdio.h>

GOptionContext *
rlx_cli_context_new (const char *command,
                     const char *parameter_string,
                     const char *summary)
{
  g_autofree char *program = g_strdup_printf ("relaxun-cli %s", command);
  GOptionContext *context = g_option_context_new (parameter_string);

  /* GOption's usage line starts with the program name: make it the full command a user types. */
  g_set_prgname (program);
  if (summary != NULL)
    g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  return context;
}

/**
 * rlx_cli_parse_options:
 * @status: (out): the exit status to return when this returns %FALSE
 *
 * Parses a subcommand's options; an unknown option or a malformed value is a usage error
 * (exit status 2) with the subcommand's help on stderr.
 */
gboolean
rlx_cli_parse_options (GOptionContext   *context,
                       int              *argc,
                       char           ***argv,
                       int              *status)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = rlx_cli_usage_error (context, "%s", error->message);
      return FALSE;
    }

  *status = RLX_CLI_EXIT_OK;
  return TRUE;
}

int
rlx_cli_usage_error (GOptionContext *context,
                     const char     *format,
                     ...)
{
  g_autofree char *message = NULL;
  g_autofree char *help = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  help = g_option_context_get_help (context, TRUE, NULL);
  fprintf (stderr, "relaxun-cli: %s\n\n%s", message, help);

  return RLX_CLI_EXIT_USAGE;
}

int
rlx_cli_fail (const char   *command,
              const GError *error)
{
  fprintf (stderr, "relaxun-cli %s: %s\n", command, error ? error->message : "failed");
  return RLX_CLI_EXIT_FAILURE;
}

void
rlx_cli_print_json (JsonNode *node)
{
  g_autofree char *text = rlx_json_to_string (node, TRUE);

  printf ("%s\n", text);
}
