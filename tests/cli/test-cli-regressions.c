/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include "cli-test-util.h"
#include "rlx-test-util.h"

/*
 * Regression tests for bugs the end-to-end tests found in relaxun-cli: each case failed before
 * its fix and must keep passing.
 */

/* The usage line of every subcommand drops the program name and repeats the command:
   `runs --help` says "Usage:\n  runs [OPTION…] runs" and `import --help`
   "import [OPTION…] PATH… import PATH…" instead of "relaxun-cli runs [OPTION…]" and
   "relaxun-cli import [OPTION…] PATH…". rlx_cli_context_new (src/cli/rlx-cli-common.c:17) puts the
   command into GOption's parameter string, while GOption prints the prgname (argv[0], the bare
   subcommand) and, for import, the G_OPTION_REMAINING description "PATH…" as well. */
static void
test_usage_line (void)
{
  g_autofree char *runs = NULL;
  g_autofree char *import = NULL;

  g_assert_cmpint (cli_run (&runs, NULL, "runs", "--help", NULL), ==, 0);
  g_assert_true (cli_contains (runs, "\n  relaxun-cli runs [OPTION…]\n"));
  g_assert_cmpint (cli_run (&import, NULL, "import", "--help", NULL), ==, 0);
  g_assert_true (cli_contains (import, "\n  relaxun-cli import [OPTION…] PATH…\n"));
}

/* A failed import into a database that did not exist leaves an empty database file behind. */
static void
test_failed_import_creates_db (void)
{
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *db = g_build_filename (dir, "new.relaxun", NULL);
  g_autofree char *empty = rlx_test_write_tmp_file (dir, "empty.txt", "", 0);

  g_assert_cmpint (cli_run (NULL, NULL, "import", "--db", db, empty, NULL), ==, 1);
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  cli_remove_tree (dir);
}

/* `import --json` reports "sample": null for every run, even with --sample S1 (the run is stored
   under S1, as `runs` shows): src/cli/rlx-cmd-import.c:55 prints the sample name parsed from the
   file, not the sample the run was stored under. */
static void
test_import_json_sample (void)
{
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *db = g_build_filename (dir, "s.relaxun", NULL);
  g_autofree char *csv = rlx_test_write_tmp_file (dir, "u.csv", "T [K],y\n300,1\n301,2\n302,1\n", -1);
  g_autofree char *out = NULL;

  g_assert_cmpint (cli_run (&out, NULL, "import", "--db", db, "--sample", "S1", "--json", csv, NULL), ==, 0);
  g_assert_true (cli_contains (out, "\"sample\" : \"S1\""));
  cli_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/relaxun/cli/regressions/usage-line", test_usage_line);
  g_test_add_func ("/relaxun/cli/regressions/failed-import-creates-db", test_failed_import_creates_db);
  g_test_add_func ("/relaxun/cli/regressions/import-json-sample", test_import_json_sample);

  return g_test_run ();
}
