/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "rlx-batch.h"
#include "rlx-cli.h"
#include "rlx-cli-recipe.h"
#include "rlx-cli-store.h"
#include "rlx-peak-fit.h"
#include "rlx-peak.h"

/* relaxun-cli peak: one run's relaxation peak, its metrics and optionally a Debye fit. */

static void
print_row (const char *label,
           double      value,
           const char *unit,
           int         digits)
{
  if (isfinite (value) && digits < 0)
    printf ("  %-28s %.5g %s\n", label, value, unit);
  else if (isfinite (value))
    printf ("  %-28s %.*f %s\n", label, digits, value, unit);
  else
    printf ("  %-28s —\n", label);
}

static void
print_metrics (const RlxPeak *peak)
{
  const RlxPeakMetrics *m = &peak->metrics;

  printf ("Run %" G_GINT64_FORMAT, peak->run_id);
  if (peak->reference_id > 0)
    printf (" − reference %" G_GINT64_FORMAT, peak->reference_id);
  else
    printf (" (no reference)");
  printf (": %" G_GSIZE_FORMAT " points, %.4g K grid, %.1f–%.1f K, %s, Rh %.5g K/s",
          peak->n, peak->grid_step, peak->t[0], peak->t[peak->n - 1], peak->signal_unit,
          peak->heating_rate);
  if (isfinite (peak->mass_mg))
    printf (", mass %.4g mg", peak->mass_mg);
  printf ("\n");
  print_row ("Peak temperature Tp", m->tp, "K", 2);
  print_row ("Height", m->height, peak->signal_unit, -1);
  print_row ("FWHM", m->fwhm, "K", 2);
  print_row ("Low-T half width", m->half_low, "K", 2);
  print_row ("High-T half width", m->half_high, "K", 2);
  print_row ("Onset", m->onset, "K", 2);
  print_row ("Area", m->area, peak->is_dqdt ? peak->enthalpy_unit :
             g_str_equal (peak->signal_unit, "W/g") ? "W·K/g" : "mW·K", -1);
  print_row ("Recovered enthalpy ΔH", m->delta_h, peak->enthalpy_unit, -1);
  print_row ("E from FWHM", m->e_fwhm / 1000, "kJ/mol", 1);
  print_row ("E from high half width", m->e_high / 1000, "kJ/mol", 1);
  print_row ("E from low half width", m->e_low / 1000, "kJ/mol", 1);
  print_row ("Width ratio W/W_Debye(E_hi)", m->width_ratio, "", 3);
  for (guint i = 0; i < peak->warnings->len; i++)
    printf ("Note: %s\n", (const char *) g_ptr_array_index (peak->warnings, i));
}

static void
print_fit (const RlxFitResult *result)
{
  printf ("Fit (%s): %s", result->model_id, rlx_fit_status_to_string (result->status));
  if (result->message != NULL && !rlx_fit_result_is_success (result))
    printf (" — %s", result->message);
  printf (", χ²_red %.4g, %u iterations\n", result->reduced_chi2, result->iterations);
  for (guint i = 0; i < result->params->len; i++)
    {
      const RlxFitParam *p = &g_array_index (result->params, RlxFitParam, i);
      double scale = g_strcmp0 (p->unit, "J/mol") == 0 ? 1e-3 : 1;
      const char *unit = scale != 1 ? "kJ/mol" : p->unit;

      printf ("  %-10s %.6g ± %.2g %s%s\n", p->name, p->value * scale, p->stderr * scale,
              unit ? unit : "", p->fixed ? " (fixed)" : "");
    }
  for (guint i = 0; result->derived != NULL && i < result->derived->len; i++)
    {
      const RlxDerived *d = g_ptr_array_index (result->derived, i);
      printf ("  %-10s %.6g ± %.2g %s (derived)\n", d->name, d->value, d->stderr,
              d->unit ? d->unit : "");
    }
}

int
rlx_cmd_peak (int    argc,
              char **argv)
{
  g_autofree char *db = NULL, *run_text = NULL, *csv = NULL, *recipe_name = NULL;
  g_auto(RlxCliRecipeOptions) options = { 0 };
  gboolean json = FALSE, no_store = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Database file"), N_("FILE") },
    { "run", 0, 0, G_OPTION_ARG_STRING, &run_text, N_("The annealed run"), N_("ID") },
    { "recipe", 0, 0, G_OPTION_ARG_STRING, &recipe_name, N_("Start from a saved recipe"), N_("NAME") },
    { "reference", 0, 0, G_OPTION_ARG_STRING, &options.reference, N_("Reference run: auto (default), none or an id"), N_("ID") },
    { "baseline", 0, 0, G_OPTION_ARG_STRING, &options.baseline, N_("Baseline: none, auto, linear:A:B,C:D, poly:N:A:B,C:D, tangent:…, sigmoidal:…, spline:T1,T2,…, anchors:…, or JSON"), N_("SPEC") },
    { "window", 0, 0, G_OPTION_ARG_STRING, &options.window, N_("Fit and metrics window (K)"), N_("A:B") },
    { "mask", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.masks, N_("Masked range (K); repeatable"), N_("A:B") },
    { "grid", 0, 0, G_OPTION_ARG_STRING, &options.grid, N_("Grid step in K (default: from the data)"), N_("K") },
    { "lag", 0, 0, G_OPTION_ARG_STRING, &options.lag, N_("Thermal-lag time constant: T − lag·dT/dt"), N_("S") },
    { "mass", 0, 0, G_OPTION_ARG_STRING, &options.mass, N_("Sample mass for W/g (default: the run's)"), N_("MG") },
    { "no-mass", 0, 0, G_OPTION_ARG_NONE, &options.no_mass, N_("Do not normalise by the mass"), NULL },
    { "heat-flow", 0, 0, G_OPTION_ARG_NONE, &options.heat_flow, N_("Keep the heat flow instead of dividing by the rate (dQ/dT)"), NULL },
    { "fit", 0, 0, G_OPTION_ARG_NONE, &options.fit, N_("Fit the peak (Debye unit unless --model)"), NULL },
    { "model", 0, 0, G_OPTION_ARG_STRING, &options.model, N_("Fit model id (debye, debye-vft, kww, …)"), N_("ID") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, N_("Write the peak as CSV"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "no-store", 0, 0, G_OPTION_ARG_NONE, &no_store, N_("Do not store the analyses"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rlx_cli_context_new ("peak", NULL,
                                                           _("Extract the relaxation peak of a run (annealed − reference, baseline, window) and print its metrics."));
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxStore) store = NULL;
  g_autoptr(RlxRecipe) recipe = NULL;
  g_autoptr(RlxPeak) peak = NULL;
  g_autoptr(RlxFitResult) result = NULL;
  gint64 run_id, peak_id = 0, fit_id = 0;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!rlx_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (run_text == NULL || !rlx_cli_parse_run_id (run_text, &run_id))
    return rlx_cli_usage_error (context, _("give the run with --run ID"));

  store = rlx_cli_open_store (db, TRUE, &error);
  if (store == NULL)
    return rlx_cli_fail ("peak", error);

  if (recipe_name != NULL)
    {
      g_autofree char *text = rlx_store_dup_recipe (store, recipe_name, &error);
      if (text == NULL || (recipe = rlx_recipe_from_json (text, &error)) == NULL)
        return rlx_cli_fail ("peak", error);
    }
  else
    recipe = rlx_recipe_new ();
  if (!rlx_cli_recipe_options_apply (&options, recipe, &error))
    return rlx_cli_usage_error (context, "%s", error->message);

  peak = rlx_peak_extract (store, run_id, recipe, &error);
  if (peak == NULL)
    return rlx_cli_fail ("peak", error);
  if (recipe->fit)
    {
      result = rlx_peak_fit (peak, recipe, NULL, &error);
      if (result == NULL)
        return rlx_cli_fail ("peak", error);
    }
  if (csv != NULL && !rlx_peak_write_csv (peak, csv, &error))
    return rlx_cli_fail ("peak", error);
  if (!no_store &&
      !rlx_batch_store_peak (store, peak, result, recipe, recipe_name, &peak_id, &fit_id, &error))
    return rlx_cli_fail ("peak", error);

  if (json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();
      JsonObject *ids = json_object_new ();

      json_object_set_member (object, "peak", rlx_peak_to_json (peak, FALSE));
      if (result != NULL)
        json_object_set_member (object, "fit", rlx_peak_fit_to_json (peak, result));
      json_object_set_member (object, "recipe", rlx_recipe_to_node (recipe));
      if (peak_id > 0)
        json_object_set_int_member (ids, "peak", peak_id);
      if (fit_id > 0)
        json_object_set_int_member (ids, "peak-fit", fit_id);
      json_object_set_object_member (object, "analyses", ids);
      json_node_take_object (root, object);
      rlx_cli_print_json (root);
    }
  else
    {
      print_metrics (peak);
      if (result != NULL)
        print_fit (result);
      if (peak_id > 0)
        {
          printf ("Stored analysis %" G_GINT64_FORMAT " (peak)", peak_id);
          if (fit_id > 0)
            printf (" and %" G_GINT64_FORMAT " (peak-fit)", fit_id);
          printf ("\n");
        }
      if (csv != NULL)
        printf ("Wrote %s\n", csv);
    }
  return result != NULL && !rlx_fit_result_is_success (result) ? RLX_CLI_EXIT_FAILURE : RLX_CLI_EXIT_OK;
}
