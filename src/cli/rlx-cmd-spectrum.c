/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-cli"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rlx-json.h"
#include "rlx-cli.h"
#include "rlx-peak.h"
#include "rlx-recipe.h"
#include "rlx-selection.h"
#include "rlx-spectrum.h"
#include "rlx-spectrum-compare.h"
#include "rlx-store.h"

typedef struct
{
  char    *law;
  char    *reg;
  char    *lambda;
  double   sigma;
  double   grid_fraction;
  char    *window;
  double   rate;
  gboolean json;
  gboolean store;
  gboolean no_compare;
  char    *db;
  gint64   run;
  gint64   reference;
  char    *select;
  double   window_lo;
  double   window_hi;
  RlxSpectrumOptions options;
} Settings;

static void
settings_clear (Settings *s)
{
  g_free (s->law);
  g_free (s->reg);
  g_free (s->lambda);
  g_free (s->window);
  g_free (s->db);
  g_free (s->select);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Settings, settings_clear)

static gboolean
parse_number (const char *text,
              double     *value)
{
  char *end = NULL;

  errno = 0;
  *value = g_ascii_strtod (text, &end);
  return errno == 0 && end != text && *end == '\0' && isfinite (*value);
}

/* Two columns, T in K and the peak (dQ/dT); comments (#) and a header line are skipped. */
static gboolean
read_two_columns (const char  *path,
                  GArray      *t,
                  GArray      *y,
                  GError     **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return FALSE;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      char *line = g_strstrip (lines[i]);
      const char *v[2] = { NULL, NULL };
      guint nf = 0;
      double a, b;

      if (*line == '\0' || *line == '#')
        continue;
      fields = g_strsplit_set (line, " \t,;", -1);
      for (guint k = 0; fields[k] != NULL; k++)
        if (*fields[k] != '\0' && nf < 2)
          v[nf++] = fields[k];
      if (nf < 2 || !parse_number (v[0], &a) || !parse_number (v[1], &b))
        {
          if (t->len == 0)
            continue;
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s, line %u: expected two numbers (T in K, dQ/dT)", path, i + 1);
          return FALSE;
        }
      g_array_append_val (t, a);
      g_array_append_val (y, b);
    }
  if (t->len < 5)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: found %u data rows; a spectrum needs at least 5 (T in K, dQ/dT)", path, t->len);
      return FALSE;
    }
  return TRUE;
}

static void
apply_window (const Settings *s,
              GArray         *t,
              GArray         *y)
{
  guint k = 0;

  if (s->window == NULL)
    return;
  for (guint i = 0; i < t->len; i++)
    {
      double ti = g_array_index (t, double, i);

      if (ti >= s->window_lo && ti <= s->window_hi)
        {
          g_array_index (t, double, k) = ti;
          g_array_index (y, double, k) = g_array_index (y, double, i);
          k++;
        }
    }
  g_array_set_size (t, k);
  g_array_set_size (y, k);
}

static RlxSpectrumResult *
run_spectrum (const Settings *s,
              GArray         *t,
              GArray         *y,
              double          rate,
              GError        **error)
{
  g_autoptr(RlxSpectrumLaw) law = NULL;
  RlxSpectrumResult *result;

  apply_window (s, t, y);
  if (g_strcmp0 (s->law, "fit") == 0)
    law = rlx_spectrum_law_new_from_fit ((double *) t->data, (double *) y->data, t->len, rate,
                                         NULL, error);
  else
    law = rlx_spectrum_law_parse (s->law, rate, error);
  if (law == NULL)
    return NULL;

  result = rlx_spectrum_compute ((double *) t->data, (double *) y->data, t->len, law, &s->options,
                                 NULL, error);
  if (result != NULL && !s->no_compare)
    rlx_spectrum_compare_fits (result, rate, NULL);
  return result;
}

static void
print_summary (const char              *title,
               const RlxSpectrumResult *r,
               gboolean                 compared)
{
  g_autofree char *law = rlx_spectrum_law_describe (r->law);

  printf ("%s\n", title);
  printf ("  E(Tp) law       %s\n", law);
  printf ("  regularisation  %s", rlx_spectrum_regularisation_to_string (r->regularisation));
  if (r->regularisation != RLX_SPECTRUM_REG_NONE)
    printf (", λ = %.4g (%s)", r->lambda, rlx_spectrum_lambda_method_to_string (r->lambda_method));
  printf ("\n  grid            %zu kernels, %.1f–%.1f K\n", r->n_grid, r->tp[0], r->tp[r->n_grid - 1]);
  printf ("  noise σ         %.4g (%s)\n", r->sigma, r->sigma_estimated ? "estimated" : "given");
  printf ("  total           %.5g (area units of the peak)\n", r->total);
  printf ("  mean            Tp = %.2f K, E = %.2f kJ/mol\n", r->mean_tp, r->mean_e / 1000.0);
  printf ("  rms/σ           %.3f\n", r->rms_over_sigma);
  printf ("  components      %u above 1 %% of the area\n", r->components->len);
  printf ("    %8s  %10s  %12s  %8s  %s\n", "Tp/K", "E/(kJ/mol)", "weight", "fraction", "Tp range/K");
  for (guint i = 0; i < r->components->len; i++)
    {
      const RlxSpectrumComponent *c = &g_array_index (r->components, RlxSpectrumComponent, i);

      printf ("    %8.2f  %10.2f  %12.5g  %7.1f%%  %.1f–%.1f\n", c->tp, c->e / 1000.0, c->weight,
              100.0 * c->fraction, c->tp_min, c->tp_max);
    }
  if (compared)
    {
      printf ("  comparison with single-peak fits\n");
      if (r->comparison.has_debye)
        printf ("    single Debye  E = %.2f kJ/mol at Tp = %.2f K (law: %.2f kJ/mol), χ² = %.4g\n",
                r->comparison.debye_e / 1000.0, r->comparison.debye_tp,
                r->comparison.debye_law_e / 1000.0, r->comparison.debye_chi2);
      else
        printf ("    single Debye  no converged fit (see warnings)\n");
      if (r->comparison.has_kww)
        printf ("    single KWW    E = %.2f kJ/mol at Tp = %.2f K, β = %.3f, χ² = %.4g\n",
                r->comparison.kww_e / 1000.0, r->comparison.kww_tp, r->comparison.kww_beta,
                r->comparison.kww_chi2);
      else
        printf ("    single KWW    no converged fit (see warnings)\n");
    }
  for (guint i = 0; i < r->warnings->len; i++)
    {
      const RlxSpectrumWarning *w = g_ptr_array_index (r->warnings, i);

      printf ("  warning [%s]   %s\n", w->code, w->message);
    }
}

static char *
recipe_json (const Settings *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "law");
  json_builder_add_string_value (b, s->law);
  json_builder_set_member_name (b, "regularisation");
  json_builder_add_string_value (b, rlx_spectrum_regularisation_to_string (s->options.regularisation));
  json_builder_set_member_name (b, "lambda");
  json_builder_add_string_value (b, s->lambda);
  json_builder_set_member_name (b, "sigma");
  if (isfinite (s->sigma))
    json_builder_add_double_value (b, s->sigma);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "grid_fraction");
  json_builder_add_double_value (b, s->options.grid_fraction);
  json_builder_set_member_name (b, "window");
  if (s->window != NULL)
    json_builder_add_string_value (b, s->window);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "reference");
  json_builder_add_int_value (b, s->reference);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return rlx_json_to_string (root, FALSE);
}

static int
finish_settings (GOptionContext *context,
                 Settings       *s)
{
  rlx_spectrum_options_init (&s->options);
  if (s->law == NULL)
    s->law = g_strdup ("tau0:1e-13");
  if (s->reg != NULL && !rlx_spectrum_regularisation_from_string (s->reg, &s->options.regularisation))
    return rlx_cli_usage_error (context, "--reg must be none, identity or second-difference (got “%s”)", s->reg);
  if (s->lambda == NULL)
    s->lambda = g_strdup ("discrepancy");
  if (!rlx_spectrum_lambda_method_from_string (s->lambda, &s->options.lambda_method))
    {
      if (!parse_number (s->lambda, &s->options.lambda) || s->options.lambda < 0.0)
        return rlx_cli_usage_error (context, "--lambda must be a number ≥ 0, discrepancy, lcurve or gcv (got “%s”)",
                                    s->lambda);
      s->options.lambda_method = RLX_SPECTRUM_LAMBDA_FIXED;
    }
  s->options.sigma = s->sigma;
  if (isfinite (s->grid_fraction))
    s->options.grid_fraction = s->grid_fraction;
  if (s->window != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (s->window, ":", 2);

      if (g_strv_length (parts) != 2 || !parse_number (parts[0], &s->window_lo) ||
          !parse_number (parts[1], &s->window_hi) || !(s->window_hi > s->window_lo))
        return rlx_cli_usage_error (context, "--window must be LOW:HIGH in K (got “%s”)", s->window);
    }
  return RLX_CLI_EXIT_OK;
}

int
rlx_cmd_spectrum (int    argc,
                  char **argv)
{
  g_auto(Settings) s = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &s.db, "Database to read the run(s) from", "DB" },
    { "run", 0, 0, G_OPTION_ARG_INT64, &s.run, "Annealed run id", "ID" },
    { "select", 0, 0, G_OPTION_ARG_STRING, &s.select, "Selection query: one spectrum per run (family mode)", "QUERY" },
    { "reference", 0, 0, G_OPTION_ARG_INT64, &s.reference, "Reference run id (default: automatic pairing)", "ID" },
    { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &s.rate, "Heating rate in K/s (FILE input)", "K/S" },
    { "law", 0, 0, G_OPTION_ARG_STRING, &s.law, "E(Tp) law: tau0:1e-13 (default), calibration:FILE, fit, constant:KJ, proportional:KJ@K", "LAW" },
    { "reg", 0, 0, G_OPTION_ARG_STRING, &s.reg, "Regulariser: none, identity or second-difference (default)", "L" },
    { "lambda", 0, 0, G_OPTION_ARG_STRING, &s.lambda, "λ: a value, discrepancy (default), lcurve or gcv", "λ" },
    { "sigma", 0, 0, G_OPTION_ARG_DOUBLE, &s.sigma, "Noise σ of the peak (default: estimated)", "S" },
    { "grid-fraction", 0, 0, G_OPTION_ARG_DOUBLE, &s.grid_fraction, "Grid spacing in kernel FWHM (default 0.25, at least 0.2)", "F" },
    { "window", 0, 0, G_OPTION_ARG_STRING, &s.window, "Temperature window in K", "A:B" },
    { "no-compare", 0, 0, G_OPTION_ARG_NONE, &s.no_compare, "Skip the single Debye and KWW comparison fits", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &s.json, "Print the result as JSON", NULL },
    { "store", 0, 0, G_OPTION_ARG_NONE, &s.store, "Store the result as an analysis of kind “spectrum” (--db)", NULL },
    { NULL }
  };

  s.sigma = NAN;
  s.grid_fraction = NAN;
  context = rlx_cli_context_new ("spectrum", "[FILE]",
                                 "Decompose a relaxation peak into a non-negative spectrum of Debye units.\n"
                                 "FILE has two columns: T in K and dQ/dT (e.g. J/(g·K)).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!rlx_cli_parse_options (context, &argc, &argv, &status))
    return status;
  status = finish_settings (context, &s);
  if (status != RLX_CLI_EXIT_OK)
    return status;

  if (s.db == NULL)
    {
      g_autoptr(GArray) t = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(RlxSpectrumResult) r = NULL;

      if (argc != 2)
        return rlx_cli_usage_error (context, "give one FILE, or --db with --run or --select");
      if (s.store)
        return rlx_cli_usage_error (context, "--store needs --db");
      if (!read_two_columns (argv[1], t, y, &error))
        return rlx_cli_fail ("spectrum", error);
      r = run_spectrum (&s, t, y, s.rate, &error);
      if (r == NULL)
        return rlx_cli_fail ("spectrum", error);
      if (s.json)
        {
          g_autoptr(JsonNode) node = rlx_spectrum_result_to_json (r);

          rlx_cli_print_json (node);
        }
      else
        print_summary (argv[1], r, !s.no_compare);
      return RLX_CLI_EXIT_OK;
    }

  {
    g_autoptr(RlxStore) store = NULL;
    g_autoptr(GArray) ids = NULL;
    g_autoptr(RlxRecipe) recipe = rlx_recipe_new ();
    g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) rlx_spectrum_result_free);
    g_autoptr(GArray) tas = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(JsonBuilder) b = json_builder_new ();
    g_autofree char *recipe_text = recipe_json (&s);

    if (argc != 1)
      return rlx_cli_usage_error (context, "give either FILE or --db, not both");
    if ((s.run > 0) == (s.select != NULL))
      return rlx_cli_usage_error (context, "with --db give exactly one of --run ID or --select QUERY");

    store = rlx_store_open (s.db, &error);
    if (store == NULL)
      return rlx_cli_fail ("spectrum", error);
    if (s.reference > 0)
      {
        recipe->reference_mode = RLX_REFERENCE_ID;
        recipe->reference_id = s.reference;
      }
    if (s.select != NULL)
      {
        g_autoptr(RlxSelection) selection = rlx_selection_parse (s.select, &error);

        if (selection == NULL || (ids = rlx_selection_select (selection, store, &error)) == NULL)
          return rlx_cli_fail ("spectrum", error);
        if (ids->len == 0)
          {
            fprintf (stderr, "relaxun-cli spectrum: no run matches “%s”\n", s.select);
            return RLX_CLI_EXIT_FAILURE;
          }
      }
    else
      {
        ids = g_array_new (FALSE, FALSE, sizeof (gint64));
        g_array_append_val (ids, s.run);
      }

    json_builder_begin_object (b);
    json_builder_set_member_name (b, "spectra");
    json_builder_begin_array (b);
    for (guint i = 0; i < ids->len; i++)
      {
        gint64 id = g_array_index (ids, gint64, i);
        g_autoptr(RlxPeak) peak = rlx_peak_extract (store, id, recipe, &error);
        g_autoptr(GArray) t = g_array_new (FALSE, FALSE, sizeof (double));
        g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (double));
        g_autofree double *pt = NULL;
        g_autofree double *py = NULL;
        g_autofree char *title = NULL;
        RlxSpectrumResult *r;
        gsize n;

        if (peak == NULL)
          return rlx_cli_fail ("spectrum", error);
        n = rlx_peak_get_fit_data (peak, &pt, &py);
        /* The kernels are dQ/dT (per K); a heat-flow peak is divided by the rate. */
        for (gsize k = 0; k < n; k++)
          {
            double v = peak->is_dqdt ? py[k] : py[k] / peak->heating_rate;

            g_array_append_val (t, pt[k]);
            g_array_append_val (y, v);
          }
        r = run_spectrum (&s, t, y, peak->heating_rate, &error);
        if (r == NULL)
          {
            g_prefix_error (&error, "run %" G_GINT64_FORMAT ": ", id);
            return rlx_cli_fail ("spectrum", error);
          }
        g_ptr_array_add (results, r);
        g_array_append_val (tas, peak->anneal_temperature);

        if (s.store)
          {
            g_autoptr(JsonNode) node = rlx_spectrum_result_to_json (r);
            g_autofree char *text = rlx_json_to_string (node, FALSE);

            if (rlx_store_add_analysis (store, id, peak->reference_id, "spectrum", recipe_text,
                                        text, &error) <= 0)
              return rlx_cli_fail ("spectrum", error);
          }

        if (s.json)
          {
            json_builder_begin_object (b);
            json_builder_set_member_name (b, "run_id");
            json_builder_add_int_value (b, id);
            json_builder_set_member_name (b, "reference_id");
            json_builder_add_int_value (b, peak->reference_id);
            json_builder_set_member_name (b, "Ta_K");
            if (isfinite (peak->anneal_temperature))
              json_builder_add_double_value (b, peak->anneal_temperature);
            else
              json_builder_add_null_value (b);
            json_builder_set_member_name (b, "result");
            json_builder_add_value (b, rlx_spectrum_result_to_json (r));
            json_builder_end_object (b);
          }
        else
          {
            title = g_strdup_printf ("run %" G_GINT64_FORMAT " (%s, Ta = %.1f K, reference %" G_GINT64_FORMAT ")%s",
                                     id, peak->sample_name != NULL ? peak->sample_name : "?",
                                     peak->anneal_temperature, peak->reference_id,
                                     s.store ? ", stored" : "");
            print_summary (title, r, !s.no_compare);
            printf ("\n");
          }
      }
    json_builder_end_array (b);

    if (results->len > 1)
      {
        g_autoptr(RlxSpectrumFamilyMap) map =
          rlx_spectrum_family_map_new ((const RlxSpectrumResult * const *) results->pdata,
                                       (double *) tas->data, results->len, TRUE, 100);

        json_builder_set_member_name (b, "family_map");
        json_builder_add_value (b, rlx_spectrum_family_map_to_json (map));
        if (!s.json)
          {
            printf ("Family: Ta/K, total, mean E/(kJ/mol)\n");
            for (gsize i = 0; i < map->n_runs; i++)
              printf ("  %8.2f  %12.5g  %8.2f\n", map->ta[i], map->totals[i], map->mean_axis[i] / 1000.0);
          }
      }
    json_builder_end_object (b);
    if (s.json)
      {
        g_autoptr(JsonNode) root = json_builder_get_root (b);

        rlx_cli_print_json (results->len == 1 ?
                            json_object_get_member (json_node_get_object (
                              json_array_get_element (json_object_get_array_member (
                                json_node_get_object (root), "spectra"), 0)), "result") :
                            root);
      }
  }
  return RLX_CLI_EXIT_OK;
}
