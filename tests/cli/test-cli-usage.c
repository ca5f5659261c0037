/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include <string.h>

#include "cli-test-util.h"
#include "rlx-test-util.h"

/* Usage errors exit with 2 and say what is wrong on stderr; help and --version exit with 0. */

static const char * const commands[] = {
  "import", "runs", "show", "export-data", "history", "fit", "peak", "recipe", "batch",
  "spectrum", "export", "simulate", "demo",
};

static void
test_unknown_option (gconstpointer data)
{
  const char *command = data;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (cli_run (&out, &err, command, "--no-such-option", NULL), ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (cli_contains (err, "--no-such-option"));
  g_assert_true (cli_contains (err, "Usage:"));
}

static void
test_command_help (gconstpointer data)
{
  const char *command = data;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (cli_run (&out, &err, command, "--help", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (cli_contains (out, "Usage:"));
  g_assert_true (cli_contains (out, command));
  g_assert_true (cli_contains (out, "--help"));
}

static void
test_top_level (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GRegex) version = g_regex_new ("^relaxun-cli [0-9]+\\.[0-9]+\\.[0-9]+\n$", G_REGEX_DEFAULT,
                                           G_REGEX_MATCH_DEFAULT, NULL);

  g_assert_cmpint (cli_run (&out, &err, "--version", NULL), ==, 0);
  g_assert_true (g_regex_match (version, out, G_REGEX_MATCH_DEFAULT, NULL));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cli_run (&out, &err, "--help", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *line = g_strdup_printf ("\n  %s ", commands[i]);

      g_assert_true (cli_contains (out, line));
    }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cli_run (&out, &err, "frobnicate", NULL), ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (cli_contains (err, "frobnicate"));
  g_assert_true (cli_contains (err, "Usage:"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cli_run (&out, &err, "--frobnicate", NULL), ==, 2);
  g_assert_true (cli_contains (err, "--frobnicate"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cli_run (&out, &err, NULL), ==, 2);
  g_assert_true (cli_contains (err, "Usage:"));
}

/* Malformed values and missing arguments are usage errors too (exit 2, nothing on stdout). */
static void
test_bad_values (void)
{
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *db = g_build_filename (dir, "u.relaxun", NULL);
  g_autofree char *svg = g_build_filename (dir, "u.svg", NULL);
  g_autofree char *csv = rlx_test_write_tmp_file (dir, "u.csv", "T [K],y\n300,1\n301,2\n302,1\n", -1);
  const char *cases[][12] = {
    { "import", "--db", db, NULL },                                   /* no file */
    { "import", csv, NULL },                                          /* no --db */
    { "import", "--db", db, "--as", "no-such-format", csv, NULL },
    { "import", "--db", db, "--decimal", ";", csv, NULL },
    { "history", "--db", db, "--limit", "many", NULL },
    { "history", "--db", db, "--limit", "-3", NULL },
    { "runs", "--db", db, "surplus", NULL },
    { "show", "--db", db, NULL },
    { "show", "--db", db, "first", NULL },
    { "show", "--db", db, "1", "2", NULL },
    { "export", "--db", db, "--figure", "no-such-figure", "-o", svg, NULL },
    { "export", "--db", db, "--figure", "estar-ta", "--size", "big", "-o", svg, NULL },
    { "export", "--db", db, "--figure", "estar-ta", "--dpi", "-5", "-o", svg, NULL },
    { "export", "--db", db, "--figure", "estar-ta", NULL },
    { "fit", csv, "--model", "no-such-model", NULL },
    { "fit", csv, "--model", "debye", "--window", "low:high", NULL },
    { "fit", csv, NULL },                                             /* no model */
    { "peak", "--db", db, "--run", "first", NULL },
    { "recipe", "--db", db, "frobnicate", NULL },
    { "spectrum", csv, "--reg", "no-such-regulariser", NULL },
    { "simulate", NULL },
  };

  /* the database exists, so only the arguments can be wrong */
  g_assert_cmpint (cli_run (NULL, NULL, "import", "--db", db, csv, NULL), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *line = g_strjoinv (" ", (char **) cases[i]);
      int status;

      status = cli_runv (cases[i], &out, &err);
      g_test_message ("%s → %d: %.*s", line, status, (int) strcspn (err, "\n"), err);
      g_assert_cmpint (status, ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (cli_contains (err, "Usage:"));
    }
  g_assert_false (g_file_test (svg, G_FILE_TEST_EXISTS));

  cli_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/relaxun/cli/usage/top-level", test_top_level);
  g_test_add_func ("/relaxun/cli/usage/bad-values", test_bad_values);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *unknown = g_strdup_printf ("/relaxun/cli/usage/unknown-option/%s", commands[i]);
      g_autofree char *help = g_strdup_printf ("/relaxun/cli/usage/help/%s", commands[i]);

      g_test_add_data_func (unknown, commands[i], test_unknown_option);
      g_test_add_data_func (help, commands[i], test_command_help);
    }

  return g_test_run ();
}
