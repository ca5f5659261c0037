/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Exit statuses of relaxun-cli. */
#define RLX_CLI_EXIT_OK      0
#define RLX_CLI_EXIT_FAILURE 1
#define RLX_CLI_EXIT_USAGE   2

/* Every subcommand: argv[0] is the subcommand's name; returns the exit status. */
typedef int (*RlxCliCommandFunc) (int argc, char **argv);

gboolean rlx_cli_parse_options (GOptionContext  *context,
                                int             *argc,
                                char          ***argv,
                                int             *status);
int      rlx_cli_usage_error   (GOptionContext  *context,
                                const char      *format,
                                ...) G_GNUC_PRINTF (2, 3);
int      rlx_cli_fail          (const char      *command,
                                const GError    *error);
void     rlx_cli_print_json    (JsonNode        *node);
GOptionContext *rlx_cli_context_new (const char *command,
                                     const char *parameter_string,
                                     const char *summary);

/* One function per subcommand, each in its own rlx-cmd-<name>.c. */
int rlx_cmd_import      (int argc, char **argv);
int rlx_cmd_runs        (int argc, char **argv);
int rlx_cmd_show        (int argc, char **argv);
int rlx_cmd_export_data (int argc, char **argv);
int rlx_cmd_history     (int argc, char **argv);
int rlx_cmd_fit         (int argc, char **argv);
int rlx_cmd_peak        (int argc, char **argv);
int rlx_cmd_batch       (int argc, char **argv);
int rlx_cmd_recipe      (int argc, char **argv);
int rlx_cmd_export      (int argc, char **argv);
int rlx_cmd_simulate    (int argc, char **argv);
int rlx_cmd_demo        (int argc, char **argv);
int rlx_cmd_spectrum    (int argc, char **argv);

G_END_DECLS
