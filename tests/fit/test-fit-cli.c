/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test-fit-cli"

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "rlx-core.h"
#include "rlx-debye.h"
#include "rlx-test-util.h"

/*
 * relaxun-cli fit as a user runs it: an exact Debye peak (§7.1 A07: E = 100 kJ/mol,
 * Tp = 330 K at 1000 K/s) in a two-column text file, fitted with --json; and exit status 2 for
 * an option that does not exist.
 */

static int
run_cli (const char * const *args,
         char              **out,
         char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) out_bytes = NULL, err_bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("RLX_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, NULL, NULL, &out_bytes, &err_bytes, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  /* empty output comes back as NULL data */
  *out = g_bytes_get_size (out_bytes) > 0
         ? g_strndup (g_bytes_get_data (out_bytes, NULL), g_bytes_get_size (out_bytes)) : g_strdup ("");
  *err = g_bytes_get_size (err_bytes) > 0
         ? g_strndup (g_bytes_get_data (err_bytes, NULL), g_bytes_get_size (err_bytes)) : g_strdup ("");
  return g_subprocess_get_exit_status (process);
}

static char *
write_peak (const char *dir)
{
  double b = 100e3 / RLX_GAS_CONSTANT;
  g_autoptr(GString) text = g_string_new ("# T/K  dQ/dT/(J/(g K))\n");

  for (int i = 0; i < 400; i++)
    {
      char xs[G_ASCII_DTOSTR_BUF_SIZE], ys[G_ASCII_DTOSTR_BUF_SIZE];
      double t = 300.0 + 0.1 * i;

      g_ascii_dtostr (xs, sizeof xs, t);
      g_ascii_dtostr (ys, sizeof ys, rlx_debye_heating_dqdt (t, 1.0, b, 330.0, 0.0, NAN));
      g_string_append_printf (text, "%s %s\n", xs, ys);
    }
  return rlx_test_write_tmp_file (dir, "peak.txt", text->str, (gssize) text->len);
}

static double
member_value (JsonObject *group,
              const char *name)
{
  JsonObject *entry;

  g_assert_true (json_object_has_member (group, name));
  entry = json_object_get_object_member (group, name);
  g_assert_true (json_object_has_member (entry, "value"));
  g_assert_true (json_object_has_member (entry, "unit"));
  return json_object_get_double_member (entry, "value");
}

static void
test_json (void)
{
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *path = write_peak (dir);
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "fit", "--model", "debye", "--rate", "1000", "--json", path, NULL };
  static const char *keys[] = { "model", "status", "message", "parameters", "derived", "chi2",
                                "reduced_chi2", "dof", "aic", "bic", "r2", "iterations",
                                "n_points", "correlation", "parameter_order", "x_unit", "y_unit" };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *params, *derived, *e;
  JsonArray *order;
  int status = run_cli (args, &out, &err);

  g_test_message ("stderr: %s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      if (!json_object_has_member (root, keys[i]))
        g_error ("the JSON of relaxun-cli fit has no key “%s”", keys[i]);
    }

  g_assert_cmpstr (json_object_get_string_member (root, "model"), ==, "debye");
  g_assert_cmpstr (json_object_get_string_member (root, "status"), ==, "converged");
  g_assert_cmpint (json_object_get_int_member (root, "n_points"), ==, 400);
  g_assert_cmpint (json_object_get_int_member (root, "dof"), ==, 397);
  g_assert_cmpstr (json_object_get_string_member (root, "x_unit"), ==, "K");
  g_assert_cmpfloat (json_object_get_double_member (root, "r2"), >, 1.0 - 1e-12);

  params = json_object_get_object_member (root, "parameters");
  g_assert_cmpfloat_with_epsilon (member_value (params, "E") / 100e3, 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (member_value (params, "Tp") / 330.0, 1.0, 1e-7);
  g_assert_cmpfloat_with_epsilon (member_value (params, "Q_inf"), 1.0, 1e-6);
  e = json_object_get_object_member (params, "E");
  g_assert_cmpstr (json_object_get_string_member (e, "unit"), ==, "J/mol");
  g_assert_false (json_object_get_boolean_member (e, "fixed"));
  g_assert_false (json_object_get_boolean_member (e, "at_bound"));
  g_assert_true (json_object_has_member (e, "stderr"));

  /* derived quantities against the A07 row of science.md §7.1 */
  derived = json_object_get_object_member (root, "derived");
  g_assert_cmpfloat_with_epsilon (member_value (derived, "log10_tau0"), -17.8715, 1e-4);
  g_assert_cmpfloat_with_epsilon (member_value (derived, "f_eq"), 17.58, 0.006);
  g_assert_cmpfloat_with_epsilon (member_value (derived, "tau_Tp"), 9.0544e-3, 1e-7);
  g_assert_cmpfloat_with_epsilon (member_value (derived, "dS_R"), 11.22, 0.006);

  order = json_object_get_array_member (root, "parameter_order");
  g_assert_cmpuint (json_array_get_length (order), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (order, 1), ==, "E");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "correlation")), ==, 3);
}

static void
test_unknown_option (void)
{
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *path = write_peak (dir);
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "fit", "--model", "debye", "--no-such-option", path, NULL };

  g_assert_cmpint (run_cli (args, &out, &err), ==, 2);
  g_assert_cmpstr (err, !=, "");
  g_assert_cmpstr (out, ==, "");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  rlx_core_init ();
  g_test_add_func ("/relaxun/fit/cli/json", test_json);
  g_test_add_func ("/relaxun/fit/cli/unknown-option", test_unknown_option);
  return g_test_run ();
}
