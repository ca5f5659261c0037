/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rlx-cli.h"
#include "rlx-cli-store.h"
#include "rlx-core.h"
#include "rlx-fit.h"
#include "rlx-import.h"
#include "rlx-json.h"
#include "rlx-signal.h"
#include "rlx-store.h"

/* relaxun-cli fit: one model fitted to a file or a stored run (minus its reference). */

typedef struct
{
  double     *x;
  double     *y;
  gsize       n;
  RlxQuantity y_quantity;
  char        y_unit[32];   /* the file's unit of a signal of no known quantity, or "" */
  double      heating_rate;
  double      frequency;
  double      t_start;
} Curve;

static void
curve_clear (Curve *c)
{
  g_free (c->x);
  g_free (c->y);
}

static gboolean
parse_range (const char *text,
             double     *lo,
             double     *hi)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", 2);
  char *end;

  if (g_strv_length (parts) != 2)
    return FALSE;
  *lo = g_ascii_strtod (parts[0], &end);
  if (end == parts[0] || *end != '\0')
    return FALSE;
  *hi = g_ascii_strtod (parts[1], &end);
  if (end == parts[1] || *end != '\0')
    return FALSE;
  return isfinite (*lo) && isfinite (*hi) && *lo != *hi;
}

static gboolean
parse_assignment (const char  *text,
                  char       **name,
                  char       **value)
{
  const char *eq = strchr (text, '=');

  if (eq == NULL || eq == text || eq[1] == '\0')
    return FALSE;
  *name = g_strndup (text, eq - text);
  *value = g_strdup (eq + 1);
  return TRUE;
}

static gboolean
parse_double (const char *text,
              double     *value)
{
  char *end;
  *value = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && isfinite (*value);
}

static const RlxChannel *
find_channel (const RlxRunData *run,
              const char       *name,
              const RlxQuantity *preferred,
              guint             n_preferred)
{
  if (name != NULL)
    {
      RlxChannel *c = rlx_run_data_get_channel_by_name (run, name);
      if (c == NULL && rlx_quantity_from_string (name) != RLX_QUANTITY_OTHER)
        c = rlx_run_data_get_channel (run, rlx_quantity_from_string (name));
      return c;
    }
  for (guint i = 0; i < n_preferred; i++)
    {
      RlxChannel *c = rlx_run_data_get_channel (run, preferred[i]);
      if (c != NULL)
        return c;
    }
  return NULL;
}

/* A table of temperature and signals of no known quantity (a peak written by `relaxun-cli peak
   --csv`, a digitised curve): the first such column is the signal, as in a two-column file. */
static RlxChannel *
find_first_other_channel (const RlxRunData *run)
{
  for (guint i = 0; i < run->channels->len; i++)
    {
      RlxChannel *c = g_ptr_array_index (run->channels, i);

      if (c->quantity == RLX_QUANTITY_OTHER)
        return c;
    }
  return NULL;
}

/* The two curves (x, y) of a run, as the model needs them. */
static gboolean
curve_from_run (const RlxRunData *run,
                const char       *x_name,
                const char       *y_name,
                gboolean          dma,
                gboolean          storage,
                Curve            *curve,
                GError          **error)
{
  static const RlxQuantity xs[] = { RLX_QUANTITY_TEMPERATURE, RLX_QUANTITY_PROGRAM_TEMPERATURE };
  static const RlxQuantity dsc[] = { RLX_QUANTITY_SPECIFIC_HEAT_FLOW, RLX_QUANTITY_HEAT_FLOW };
  static const RlxQuantity loss[] = { RLX_QUANTITY_LOSS_MODULUS };
  static const RlxQuantity stor[] = { RLX_QUANTITY_STORAGE_MODULUS };
  const RlxChannel *cx = find_channel (run, x_name, xs, G_N_ELEMENTS (xs));
  const RlxChannel *cy = dma ? find_channel (run, y_name, storage ? stor : loss, 1)
                             : find_channel (run, y_name, dsc, G_N_ELEMENTS (dsc));
  gsize m = 0;

  if (cy == NULL && y_name == NULL && !dma)
    cy = find_first_other_channel (run);

  if (cx == NULL || cy == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "The run has no %s channel%s%s; name the columns with --x and --y.",
                   cx == NULL ? "temperature" : (dma ? (storage ? "storage-modulus" : "loss-modulus") : "heat-flow"),
                   (x_name || y_name) ? " called " : "",
                   cx == NULL ? (x_name ? x_name : "") : (y_name ? y_name : ""));
      return FALSE;
    }
  if (cx->n_values != cy->n_values)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Channels “%s” and “%s” have different lengths.", cx->name, cy->name);
      return FALSE;
    }
  curve->x = g_new (double, MAX (cx->n_values, 1));
  curve->y = g_new (double, MAX (cx->n_values, 1));
  for (gsize i = 0; i < cx->n_values; i++)
    if (isfinite (cx->values[i]) && isfinite (cy->values[i]))
      {
        curve->x[m] = cx->values[i];
        curve->y[m] = cy->values[i];
        m++;
      }
  curve->n = m;
  curve->y_quantity = cy->quantity;
  if (cy->quantity == RLX_QUANTITY_OTHER && cy->original_unit != NULL)
    g_strlcpy (curve->y_unit, cy->original_unit, sizeof curve->y_unit);
  curve->heating_rate = run->heating_rate;
  curve->frequency = run->frequency;
  curve->t_start = m > 0 ? curve->x[0] : NAN;
  return TRUE;
}

/* Plain text with two numeric columns (temperature in K, signal), for files no importer knows. */
static gboolean
curve_from_plain_text (const char *path,
                       Curve      *curve,
                       GError    **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));

  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *p = g_strstrip (lines[i]), *end;
      double a, b;

      if (*p == '\0' || *p == '#')
        continue;
      a = g_ascii_strtod (p, &end);
      if (end == p)
        continue;   /* a header line */
      p = end;
      while (*p == ',' || *p == ';' || *p == ' ' || *p == '\t')
        p++;
      b = g_ascii_strtod (p, &end);
      if (end == p)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s, line %u: expected two numbers (temperature in K and signal).", path, i + 1);
          return FALSE;
        }
      g_array_append_val (xs, a);
      g_array_append_val (ys, b);
    }
  curve->n = xs->len;
  curve->x = (double *) (gpointer) g_array_free (g_steal_pointer (&xs), FALSE);
  curve->y = (double *) (gpointer) g_array_free (g_steal_pointer (&ys), FALSE);
  curve->y_quantity = RLX_QUANTITY_OTHER;
  curve->heating_rate = NAN;
  curve->frequency = NAN;
  curve->t_start = curve->n > 0 ? curve->x[0] : NAN;
  return TRUE;
}

static void
print_report (const RlxFitResult *r)
{
  printf ("Model:       %s\n", r->model_id);
  printf ("Status:      %s — %s\n", rlx_fit_status_to_string (r->status), r->message);
  printf ("Points:      %" G_GSIZE_FORMAT " (dof %d), iterations %u\n", r->n_points, r->dof, r->iterations);
  printf ("χ²:          %.6g   reduced χ² %.6g   R² %.8f\n", r->chi2, r->reduced_chi2, r->r2);
  printf ("AIC / BIC:   %.4f / %.4f\n\nParameters:\n", r->aic, r->bic);
  for (guint i = 0; i < r->params->len; i++)
    {
      const RlxFitParam *p = &g_array_index (r->params, RlxFitParam, i);
      double scale = g_strcmp0 (p->unit, "J/mol") == 0 ? 1e-3 : 1.0;
      const char *unit = scale != 1.0 ? "kJ/mol" : p->unit;

      if (p->fixed)
        printf ("  %-12s %14.8g %-14s %s\n", p->name, p->value * scale, "(fixed)", unit);
      else if (!isfinite (p->stderr))
        /* No σ at a bound: say so instead of printing "nan". */
        printf ("  %-12s %14.8g %-14s %s%s\n", p->name, p->value * scale, "(no σ)", unit,
                p->at_bound ? "   AT BOUND" : "");
      else
        printf ("  %-12s %14.8g ± %-12.4g %s%s\n", p->name, p->value * scale, p->stderr * scale,
                unit, p->at_bound ? "   AT BOUND" : "");
    }
  if (r->derived->len > 0)
    printf ("\nDerived:\n");
  for (guint i = 0; i < r->derived->len; i++)
    {
      const RlxDerived *d = g_ptr_array_index (r->derived, i);

      if (isfinite (d->stderr))
        printf ("  %-12s %14.8g ± %-12.4g %s\n", d->name, d->value, d->stderr, d->unit);
      else
        printf ("  %-12s %14.8g %-14s %s\n", d->name, d->value, "(no σ)", d->unit);
    }
}

/* json-glib 1.6 writes 1e-10 as "1e-10.0"; the core's writer repairs that. */
static char *
to_json_text (JsonNode *node)
{
  return rlx_json_to_string (node, FALSE);
}

int
rlx_cmd_fit (int    argc,
             char **argv)
{
  g_autofree char *model_id = NULL, *x_name = NULL, *y_name = NULL, *window = NULL;
  g_autofree char *baseline = NULL, *db_path = NULL, *run_text = NULL, *ref_text = NULL;
  g_autofree char *method = NULL, *tau_law = NULL;
  g_auto(GStrv) masks = NULL, fixes = NULL, bounds = NULL, inits = NULL;
  double rate = NAN, freq = NAN, ts = NAN;
  int components = 1, starts = 1;
  gboolean json = FALSE, joint = FALSE;
  const GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_STRING, &model_id, N_("Model id: debye, debye-vft, debye-sum, kww, dma-debye, dma-cole-cole, dma-cole-davidson, dma-hn, dma-storage"), N_("NAME") },
    { "x", 0, 0, G_OPTION_ARG_STRING, &x_name, N_("Channel (name or quantity) for the temperature"), N_("COL") },
    { "y", 0, 0, G_OPTION_ARG_STRING, &y_name, N_("Channel (name or quantity) for the signal"), N_("COL") },
    { "window", 'w', 0, G_OPTION_ARG_STRING, &window, N_("Fit only A ≤ T ≤ B (K)"), N_("A:B") },
    { "mask", 0, 0, G_OPTION_ARG_STRING_ARRAY, &masks, N_("Leave out A…B (K); repeatable"), N_("A:B") },
    { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &rate, N_("Heating rate in K/s (default: the run’s)"), N_("K/S") },
    { "freq", 0, 0, G_OPTION_ARG_DOUBLE, &freq, N_("DMA frequency in Hz (default: the run’s)"), N_("HZ") },
    { "ts", 0, 0, G_OPTION_ARG_DOUBLE, &ts, N_("Scan start temperature in K, for Q0 (default: the first point)"), N_("K") },
    { "fix", 0, 0, G_OPTION_ARG_STRING_ARRAY, &fixes, N_("Hold a parameter fixed (SI units); repeatable"), N_("NAME=VALUE") },
    { "bound", 0, 0, G_OPTION_ARG_STRING_ARRAY, &bounds, N_("Bounds of a parameter; repeatable"), N_("NAME=LO:HI") },
    { "init", 0, 0, G_OPTION_ARG_STRING_ARRAY, &inits, N_("Starting value of a parameter; repeatable"), N_("NAME=VALUE") },
    { "baseline", 'b', 0, G_OPTION_ARG_STRING, &baseline, N_("none, constant, linear or quadratic"), N_("KIND") },
    { "components", 'n', 0, G_OPTION_ARG_INT, &components, N_("Number of Debye units or DMA processes"), N_("N") },
    { "tau-law", 0, 0, G_OPTION_ARG_STRING, &tau_law, N_("DMA τ(T): arrhenius (default) or vft"), N_("LAW") },
    { "method", 0, 0, G_OPTION_ARG_STRING, &method, N_("lm (default) or lm-accel"), N_("METHOD") },
    { "joint", 0, 0, G_OPTION_ARG_NONE, &joint, N_("Fit amplitudes and baseline jointly instead of by variable projection"), NULL },
    { "starts", 0, 0, G_OPTION_ARG_INT, &starts, N_("Number of starts (multi-start)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("Fit a stored run of this database and store the analysis"), N_("FILE") },
    { "run", 0, 0, G_OPTION_ARG_STRING, &run_text, N_("The run to fit (with --db)"), N_("ID") },
    { "reference", 0, 0, G_OPTION_ARG_STRING, &ref_text, N_("Subtract this reference run first (with --db)"), N_("ID") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rlx_cli_context_new ("fit", "[FILE]",
                         _("Fit a relaxation model to a two-column file (T in K, signal), any "
                           "importable export file, or a stored run minus its reference."));
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxStore) store = NULL;
  g_autoptr(RlxModel) model = NULL;
  g_autoptr(RlxFitRequest) request = NULL;
  g_autoptr(RlxFitResult) result = NULL;
  g_autoptr(JsonNode) result_json = NULL;
  RlxModelOptions options;
  RlxBaseline base = RLX_BASELINE_NONE;
  Curve curve = { 0 };
  gint64 run_id = 0, ref_id = 0;
  gboolean dma, per_time;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!rlx_cli_parse_options (context, &argc, &argv, &status))
    return status;

  if (model_id == NULL)
    return rlx_cli_usage_error (context, "%s", _("which model? give --model NAME"));
  if (rlx_model_id_get_label (model_id) == NULL)
    return rlx_cli_usage_error (context, _("unknown model “%s”"), model_id);
  dma = rlx_model_id_is_dma (model_id);
  if (baseline != NULL)
    {
      static const char *kinds[] = { "none", "constant", "linear", "quadratic" };
      guint k;
      for (k = 0; k < G_N_ELEMENTS (kinds) && g_strcmp0 (kinds[k], baseline) != 0; k++)
        ;
      if (k == G_N_ELEMENTS (kinds))
        return rlx_cli_usage_error (context, _("--baseline must be none, constant, linear or quadratic, not “%s”"), baseline);
      base = (RlxBaseline) k;
    }
  if (method != NULL && g_strcmp0 (method, "lm") != 0 && g_strcmp0 (method, "lm-accel") != 0)
    return rlx_cli_usage_error (context, _("--method must be lm or lm-accel, not “%s”"), method);
  if (tau_law != NULL && g_strcmp0 (tau_law, "arrhenius") != 0 && g_strcmp0 (tau_law, "vft") != 0)
    return rlx_cli_usage_error (context, _("--tau-law must be arrhenius or vft, not “%s”"), tau_law);
  if (components < 1 || starts < 1)
    return rlx_cli_usage_error (context, "%s", _("--components and --starts must be at least 1"));

  if (db_path != NULL)
    {
      if (argc != 1)
        return rlx_cli_usage_error (context, "%s", _("give either FILE or --db with --run, not both"));
      if (run_text == NULL || !rlx_cli_parse_run_id (run_text, &run_id))
        return rlx_cli_usage_error (context, "%s", _("--db needs --run ID (a positive whole number)"));
      if (ref_text != NULL && !rlx_cli_parse_run_id (ref_text, &ref_id))
        return rlx_cli_usage_error (context, _("“%s” is not a run id"), ref_text);
    }
  else
    {
      if (argc != 2)
        return rlx_cli_usage_error (context, "%s", _("give one FILE, or --db FILE --run ID"));
      if (run_text != NULL || ref_text != NULL)
        return rlx_cli_usage_error (context, "%s", _("--run and --reference need --db"));
    }

  rlx_core_init ();

  if (db_path != NULL)
    {
      g_autoptr(RlxRunRecord) run = NULL;

      store = rlx_cli_open_store (db_path, TRUE, &error);
      if (store == NULL)
        return rlx_cli_fail ("fit", error);
      run = rlx_store_load_run (store, run_id, TRUE, &error);
      if (run == NULL)
        return rlx_cli_fail ("fit", error);
      if (!curve_from_run (run->data, x_name, y_name, dma, g_str_equal (model_id, "dma-storage"), &curve, &error))
        return rlx_cli_fail ("fit", error);
      if (ref_id > 0)
        {
          g_autoptr(RlxRunRecord) ref = rlx_store_load_run (store, ref_id, TRUE, &error);
          Curve rc = { 0 };
          gsize m = 0;

          if (ref == NULL)
            {
              curve_clear (&curve);
              return rlx_cli_fail ("fit", error);
            }
          if (!curve_from_run (ref->data, x_name, y_name, dma, g_str_equal (model_id, "dma-storage"), &rc, &error) ||
              rc.n < 2)
            {
              curve_clear (&curve);
              curve_clear (&rc);
              if (error == NULL)
                g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The reference run has fewer than 2 points.");
              return rlx_cli_fail ("fit", error);
            }
          /* annealed − reference, on the annealed run's temperatures inside the reference's range */
          {
            g_autofree gsize *order = NULL;
            double lo = INFINITY, hi = -INFINITY;
            gboolean increasing = TRUE;
            for (gsize i = 0; i < rc.n; i++)
              {
                lo = MIN (lo, rc.x[i]);
                hi = MAX (hi, rc.x[i]);
                if (i > 0 && !(rc.x[i] > rc.x[i - 1]))
                  increasing = FALSE;
              }
            if (!increasing)
              {
                curve_clear (&curve);
                curve_clear (&rc);
                g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             "The reference's temperature does not rise steadily; extract the heating "
                             "segment first (relaxun-cli peak).");
                return rlx_cli_fail ("fit", error);
              }
            for (gsize i = 0; i < curve.n; i++)
              if (curve.x[i] >= lo && curve.x[i] <= hi)
                {
                  curve.x[m] = curve.x[i];
                  curve.y[m] = curve.y[i] - rlx_signal_interpolate (rc.x, rc.y, rc.n, curve.x[i]);
                  m++;
                }
            curve.n = m;
          }
          curve_clear (&rc);
        }
    }
  else
    {
      g_autoptr(GPtrArray) runs = rlx_import_read_file (argv[1], NULL, NULL, NULL);
      gboolean ok = FALSE;

      if (runs != NULL && runs->len > 0)
        ok = curve_from_run (g_ptr_array_index (runs, 0), x_name, y_name, dma,
                             g_str_equal (model_id, "dma-storage"), &curve, NULL);
      if (!ok)
        {
          curve_clear (&curve);
          curve = (Curve) { 0 };
          if (!curve_from_plain_text (argv[1], &curve, &error))
            return rlx_cli_fail ("fit", error);
        }
    }

  if (isfinite (rate))
    curve.heating_rate = rate;
  if (isfinite (freq))
    curve.frequency = freq;
  per_time = !dma && (curve.y_quantity == RLX_QUANTITY_HEAT_FLOW ||
                      curve.y_quantity == RLX_QUANTITY_SPECIFIC_HEAT_FLOW);

  rlx_model_options_init (&options);
  options.n_components = components;
  options.baseline = base;
  options.tau_law = g_strcmp0 (tau_law, "vft") == 0 ? RLX_TAU_LAW_VFT : RLX_TAU_LAW_ARRHENIUS;
  options.heating_rate = curve.heating_rate;
  options.frequency = curve.frequency;
  options.scan_start = dma ? NAN : isfinite (ts) ? ts : curve.t_start;
  options.signal_per_time = per_time;
  options.y_unit = dma ? "MPa"
                   : curve.y_quantity == RLX_QUANTITY_SPECIFIC_HEAT_FLOW ? "W/g"
                   : curve.y_quantity == RLX_QUANTITY_HEAT_FLOW ? "mW"
                   : curve.y_unit[0] != '\0' ? curve.y_unit : NULL;
  model = rlx_model_new (model_id, &options, &error);
  if (model == NULL)
    {
      curve_clear (&curve);
      return rlx_cli_fail ("fit", error);
    }

  request = rlx_fit_request_new (model, curve.x, curve.y, NULL, curve.n);
  curve_clear (&curve);
  if (window != NULL)
    {
      double lo, hi;
      if (!parse_range (window, &lo, &hi))
        return rlx_cli_usage_error (context, _("--window wants A:B in K, not “%s”"), window);
      rlx_fit_request_set_window (request, lo, hi);
    }
  for (guint i = 0; masks != NULL && masks[i] != NULL; i++)
    {
      double lo, hi;
      if (!parse_range (masks[i], &lo, &hi))
        return rlx_cli_usage_error (context, _("--mask wants A:B in K, not “%s”"), masks[i]);
      rlx_fit_request_add_mask (request, lo, hi);
    }
  for (guint i = 0; fixes != NULL && fixes[i] != NULL; i++)
    {
      g_autofree char *name = NULL, *value = NULL;
      double v;
      if (!parse_assignment (fixes[i], &name, &value) || !parse_double (value, &v))
        return rlx_cli_usage_error (context, _("--fix wants NAME=VALUE, not “%s”"), fixes[i]);
      if (!rlx_fit_request_fix (request, name, v, &error))
        return rlx_cli_usage_error (context, "%s", error->message);
    }
  for (guint i = 0; inits != NULL && inits[i] != NULL; i++)
    {
      g_autofree char *name = NULL, *value = NULL;
      double v;
      if (!parse_assignment (inits[i], &name, &value) || !parse_double (value, &v))
        return rlx_cli_usage_error (context, _("--init wants NAME=VALUE, not “%s”"), inits[i]);
      if (!rlx_fit_request_set_initial (request, name, v, &error))
        return rlx_cli_usage_error (context, "%s", error->message);
    }
  for (guint i = 0; bounds != NULL && bounds[i] != NULL; i++)
    {
      g_autofree char *name = NULL, *value = NULL;
      double lo, hi;
      if (!parse_assignment (bounds[i], &name, &value) || !parse_range (value, &lo, &hi))
        return rlx_cli_usage_error (context, _("--bound wants NAME=LO:HI, not “%s”"), bounds[i]);
      if (!rlx_fit_request_set_bounds (request, name, MIN (lo, hi), MAX (lo, hi), &error))
        return rlx_cli_usage_error (context, "%s", error->message);
    }
  if (g_strcmp0 (method, "lm-accel") == 0)
    rlx_fit_request_set_method (request, RLX_FIT_METHOD_LM_ACCEL);
  if (joint)
    rlx_fit_request_set_linear_mode (request, RLX_FIT_LINEAR_JOINT);
  if (starts > 1)
    rlx_fit_request_set_multi_start (request, starts, 0.2, 1);

  result = rlx_fit_run (request, NULL, NULL, NULL);
  result_json = rlx_fit_result_to_json (result);

  if (store != NULL)
    {
      g_autoptr(JsonNode) recipe = rlx_fit_request_to_json (request);
      g_autofree char *recipe_text = NULL, *result_text = NULL;
      gint64 analysis_id;

      json_object_set_string_member (json_node_get_object (recipe), "app_version", rlx_core_get_version ());
      if (ref_id > 0)
        json_object_set_int_member (json_node_get_object (recipe), "reference_id", ref_id);
      recipe_text = to_json_text (recipe);
      result_text = to_json_text (result_json);
      analysis_id = rlx_store_add_analysis (store, run_id, ref_id, dma ? "dma-fit" : "peak-fit",
                                            recipe_text, result_text, &error);
      if (analysis_id <= 0)
        return rlx_cli_fail ("fit", error);
      if (!json)
        printf ("Stored as analysis %" G_GINT64_FORMAT " of run %" G_GINT64_FORMAT ".\n\n", analysis_id, run_id);
    }

  if (json)
    rlx_cli_print_json (result_json);
  else
    print_report (result);

  if (!rlx_fit_result_is_success (result))
    {
      fprintf (stderr, "relaxun-cli fit: the fit did not converge (%s): %s\n",
               rlx_fit_status_to_string (result->status), result->message);
      return RLX_CLI_EXIT_FAILURE;
    }
  return RLX_CLI_EXIT_OK;
}
