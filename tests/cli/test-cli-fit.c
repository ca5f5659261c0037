/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cli-test-util.h"
#include "rlx-debye.h"
#include "rlx-test-util.h"

/*
 * `fit` and `spectrum` on a two-column file holding an exact Debye peak: science.md §7.3, A07
 * (B = 12027.235504 K, i.e. E = 100 kJ/mol, Tp = 330 K, Q∞ = 1, 1000 K/s).
 */

#define A07_B     12027.235504
#define A07_TP    330.0
#define A07_RATE  "1000"
#define GAS_R     8.314462618

static char *
write_a07 (const char *dir)
{
  GString *s = g_string_new ("T [K],dQ/dT [J/(g K)]\n");
  g_autofree char *text = NULL;

  /* the generator itself agrees with science.md §7.3 (Ts = 173.15 K) */
  g_assert_cmpfloat_with_epsilon (rlx_debye_heating_dqdt (330.0, 1.0, A07_B, A07_TP, 0.0, 173.15),
                                  4.2746810758e-02, 1e-10);
  g_assert_cmpfloat_with_epsilon (rlx_debye_heating_dqdt (310.0, 1.0, A07_B, A07_TP, 0.0, 173.15),
                                  9.7096156549e-03, 1e-10);

  for (int i = 0; i <= 480; i++)
    {
      double t = 270.0 + 0.25 * i;
      char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (s, "%s,%s\n", g_ascii_formatd (a, sizeof a, "%.2f", t),
                              g_ascii_dtostr (b, sizeof b, rlx_debye_heating_dqdt (t, 1.0, A07_B, A07_TP, 0.0, NAN)));
    }
  text = g_string_free (s, FALSE);

  return rlx_test_write_tmp_file (dir, "a07.csv", text, -1);
}

static double
parameter (JsonObject *result,
           const char *name,
           const char *unit)
{
  JsonObject *p = json_object_get_object_member (json_object_get_object_member (result, "parameters"), name);

  g_assert_nonnull (p);
  g_assert_cmpstr (json_object_get_string_member (p, "unit"), ==, unit);
  return json_object_get_double_member (p, "value");
}

static void
test_fit_debye_exact (void)
{
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *path = write_a07 (dir);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *result;
  double e_expected = A07_B * GAS_R;
  double e;
  int status;

  status = cli_run (&out, &err, "fit", path, "--model", "debye", "--rate", A07_RATE, "--json", NULL);
  if (status != 0)
    g_test_message ("fit failed: %s", err);
  g_assert_cmpint (status, ==, 0);
  root = cli_parse_json (out, "fit --json");
  result = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (result, "model"), ==, "debye");
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "converged");

  e = parameter (result, "E", "J/mol");
  g_test_message ("E = %.6f J/mol (exact %.6f)", e, e_expected);
  g_assert_cmpfloat (fabs (e / e_expected - 1.0), <, 1e-4);
  g_assert_cmpfloat (fabs (e - 100e3) / 100e3, <, 1e-4);
  g_assert_cmpfloat_with_epsilon (parameter (result, "Tp", "K"), A07_TP, 1e-3);
  g_assert_cmpfloat_with_epsilon (parameter (result, "Q_inf", "J/g"), 1.0, 1e-3);

  /* the same with the human-readable output: E printed in kJ/mol */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli_run (&out, &err, "fit", path, "--model", "debye", "--rate", A07_RATE, NULL), ==, 0);
  {
    g_autoptr(GRegex) line = g_regex_new ("\\n\\s*E\\s+(99\\.999\\d*|100(\\.0*)?)\\s+±[^\\n]*kJ/mol\\n", G_REGEX_DEFAULT,
                                          G_REGEX_MATCH_DEFAULT, NULL);

    g_assert_true (g_regex_match (line, out, G_REGEX_MATCH_DEFAULT, NULL));
  }

  cli_remove_tree (dir);
}

static void
test_spectrum_file (void)
{
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *path = write_a07 (dir);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *result;
  JsonArray *components;
  double total = 0.0, mean_tp = 0.0;
  int status;

  /* E(Tp) law through A07's own τ0, so the kernels have the width of the true peak */
  status = cli_run (&out, &err, "spectrum", path, "--rate", A07_RATE, "--law", "constant:100", "--json", NULL);
  if (status != 0)
    g_test_message ("spectrum failed: %s", err);
  g_assert_cmpint (status, ==, 0);
  root = cli_parse_json (out, "spectrum --json");
  result = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (result, "kind"), ==, "spectrum");
  components = json_object_get_array_member (result, "components");
  g_assert_nonnull (components);
  g_assert_cmpuint (json_array_get_length (components), >=, 1);
  g_assert_cmpint (json_object_get_int_member (result, "n_components"), ==, json_array_get_length (components));

  for (guint i = 0; i < json_array_get_length (components); i++)
    {
      JsonObject *c = json_array_get_object_element (components, i);
      double w = json_object_get_double_member (c, "weight");

      g_assert_cmpfloat (w, >=, 0.0);
      total += w;
      mean_tp += w * json_object_get_double_member (c, "Tp_K");
    }
  mean_tp /= total;
  g_test_message ("%u components, total %.4f J/g, mean Tp %.2f K", json_array_get_length (components), total, mean_tp);
  /* the whole area (Q∞ = 1 J/g) at the true peak */
  g_assert_cmpfloat (fabs (total - 1.0), <, 0.05);
  g_assert_cmpfloat (fabs (mean_tp - A07_TP), <, 2.0);
  g_assert_cmpfloat (fabs (json_object_get_double_member (result, "mean_Tp_K") - A07_TP), <, 2.0);

  /* the default law (τ0 = 1e-13 s) still gives valid JSON with components */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpint (cli_run (&out, &err, "spectrum", path, "--rate", A07_RATE, "--json", NULL), ==, 0);
  root = cli_parse_json (out, "spectrum --json (default law)");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "components")),
                    >=, 1);

  cli_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/relaxun/cli/fit/debye-exact", test_fit_debye_exact);
  g_test_add_func ("/relaxun/cli/spectrum/file", test_spectrum_file);

  return g_test_run ();
}
