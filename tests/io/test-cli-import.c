/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "rlx-test-util.h"

static int
run_cli (const char * const *args,
         char              **out,
         char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, (gpointer) g_getenv ("RLX_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                               &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli_import (void)
{
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *db = g_build_filename (dir, "cli.rlx", NULL);
  g_autofree char *good = rlx_test_source_path ("tests/io/samples/stare-flash_Ta303K_ta5s.txt");
  g_autofree char *bad = rlx_test_source_path ("tests/io/broken/11-stare-garbage-number.txt");
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "import", "--db", db, "--sample", "chip", good, bad, NULL };
  int status;

  status = run_cli (args, &out, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (out, "stare-curve, 2 runs"));
  g_assert_nonnull (strstr (out, "flash-dsc-heating"));
  g_assert_nonnull (strstr (out, "Ta 303.00 K ta 5 s"));
  g_assert_nonnull (strstr (err, "11-stare-garbage-number.txt, line 8"));

  /* again: the good file is a duplicate, JSON says so */
  {
    const char *json_args[] = { "import", "--db", db, "--json", good, NULL };
    g_autofree char *jout = NULL, *jerr = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonArray *files;
    JsonObject *file;

    g_assert_cmpint (run_cli (json_args, &jout, &jerr), ==, 0);
    g_assert_true (json_parser_load_from_data (parser, jout, -1, NULL));
    files = json_node_get_array (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (files), ==, 1);
    file = json_array_get_object_element (files, 0);
    g_assert_true (json_object_get_boolean_member (file, "ok"));
    g_assert_true (json_object_get_boolean_member (file, "duplicate"));
    g_assert_cmpstr (json_object_get_string_member (file, "format"), ==, "stare-curve");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (file, "runs")), ==, 2);
  }
}

static void
test_cli_usage (void)
{
  g_autofree char *out = NULL, *err = NULL;
  const char *no_db[] = { "import", "x.txt", NULL };
  const char *bad_format[] = { "import", "--db", "/nonexistent/x.rlx", "--as", "nope", "x.txt", NULL };
  const char *list[] = { "import", "--list-formats", NULL };

  g_assert_cmpint (run_cli (no_db, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (bad_format, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (list, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "stare-curve"));
  g_assert_nonnull (strstr (out, "trios-lims"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("RLX_CLI") == NULL)
    {
      g_printerr ("RLX_CLI is not set\n");
      return 77;
    }
  g_test_add_func ("/relaxun/io/cli/import", test_cli_import);
  g_test_add_func ("/relaxun/io/cli/usage", test_cli_usage);
  return g_test_run ();
}
