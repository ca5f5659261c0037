/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-cli"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rlx-cli.h"
#include "rlx-cli-store.h"
#include "rlx-export-figures.h"
#include "rlx-fit.h"
#include "rlx-model.h"
#include "rlx-peak.h"
#include "rlx-peak-fit.h"
#include "rlx-plot-kinds.h"
#include "rlx-recipe.h"
#include "rlx-render.h"
#include "rlx-selection.h"
#include "rlx-store.h"

/*
 * relaxun-cli export: the figures of the field from a database, as SVG, PNG, PDF or EPS.
 * The figure builders take plain arrays; this file only gathers them from the store.
 */

#define EXPORT_ERROR (g_quark_from_static_string ("relaxun-cli-export-error"))

typedef struct
{
  RlxStore   *store;
  GArray     *run_ids;        /* gint64, the selection in store order */
  gboolean    color_by_time;
  gboolean    map_axis_e;     /* spectrum-map rows: E (TRUE) or Tp */
} Source;

/* ---------------------------------------------------------------------------------------- */
/* Options */

static gboolean
parse_size (const char *text,
            double      dpi,
            double     *width_pt,
            double     *height_pt)
{
  g_autofree char *copy = g_ascii_strdown (text, -1);
  char *end = NULL;
  double w, h, factor = 72.0 / dpi;    /* pixels by default */

  w = g_ascii_strtod (copy, &end);
  if (end == copy || (*end != 'x' && *end != '*'))
    return FALSE;
  {
    char *start = end + 1;

    h = g_ascii_strtod (start, &end);
    if (end == start)
      return FALSE;
  }
  while (*end == ' ')
    end++;
  if (*end == '\0' || g_str_equal (end, "px"))
    factor = 72.0 / dpi;
  else if (g_str_equal (end, "pt"))
    factor = 1.0;
  else if (g_str_equal (end, "in"))
    factor = 72.0;
  else if (g_str_equal (end, "cm"))
    factor = 72.0 / 2.54;
  else if (g_str_equal (end, "mm"))
    factor = 72.0 / 25.4;
  else
    return FALSE;
  if (!(w > 0) || !(h > 0))
    return FALSE;
  *width_pt = w * factor;
  *height_pt = h * factor;
  return TRUE;
}

static RlxSelection *
parse_runs (const char  *text,
            GError     **error)
{
  g_autofree char *query = NULL;

  if (text == NULL || g_ascii_strcasecmp (text, "all") == 0)
    return rlx_selection_parse ("", error);
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && *p != ',' && *p != '-' && *p != ' ')
      {
        g_set_error (error, EXPORT_ERROR, 0,
                     "--runs “%s” is not a list of run ids: write ids and ranges like 3,5-9, "
                     "or “all”", text);
        return NULL;
      }
  query = g_strdup_printf ("ids=%s", text);
  return rlx_selection_parse (query, error);
}

/* ---------------------------------------------------------------------------------------- */
/* Gathering data */

static double
anneal_value (const RlxRunData *data,
              gboolean          time)
{
  const RlxAnnealStep *step;

  if (data == NULL || data->anneal_steps == NULL || data->anneal_steps->len == 0)
    return NAN;
  /* The last step is the one that shaped the peak. */
  step = &g_array_index (data->anneal_steps, RlxAnnealStep, data->anneal_steps->len - 1);
  return time ? step->duration : step->temperature;
}

static char *
axis_label (RlxQuantity quantity)
{
  const char *unit = rlx_quantity_get_unit (quantity);

  if (unit == NULL || *unit == '\0' || g_str_equal (unit, "1"))
    return g_strdup (rlx_quantity_get_label (quantity));
  return g_strdup_printf ("%s (%s)", rlx_quantity_get_label (quantity), unit);
}

static RlxChannel *
find_channel (const RlxRunData  *data,
              const RlxQuantity *order,
              guint              n)
{
  for (guint i = 0; i < n; i++)
    {
      RlxChannel *c = rlx_run_data_get_channel (data, order[i]);

      if (c != NULL && c->n_values > 0)
        return c;
    }
  return NULL;
}

static const RlxQuantity x_order[] = {
  RLX_QUANTITY_TEMPERATURE, RLX_QUANTITY_PROGRAM_TEMPERATURE, RLX_QUANTITY_TIME,
};
static const RlxQuantity y_order[] = {
  RLX_QUANTITY_SPECIFIC_HEAT_FLOW, RLX_QUANTITY_HEAT_FLOW, RLX_QUANTITY_LOSS_MODULUS,
  RLX_QUANTITY_STORAGE_MODULUS, RLX_QUANTITY_TAN_DELTA, RLX_QUANTITY_MASS,
};

/* The recipe that made the run's current analysis of this kind, else the default one. */
static RlxRecipe *
recipe_for (RlxStore   *store,
            gint64      run_id,
            const char *kind)
{
  g_autoptr(RlxAnalysisRecord) a = rlx_store_get_current_analysis (store, run_id, kind, NULL);

  if (a != NULL && a->recipe_json != NULL)
    {
      RlxRecipe *r = rlx_recipe_from_json (a->recipe_json, NULL);

      if (r != NULL)
        return r;
    }
  return rlx_recipe_new ();
}

static RlxFigure *
build_run (Source  *src,
           GError **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) rlx_run_record_free);
  g_autoptr(GArray) curves = g_array_new (FALSE, TRUE, sizeof (RlxPlotCurve));
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *x_label = NULL, *y_label = NULL;
  RlxQuantity xq = RLX_QUANTITY_OTHER, yq = RLX_QUANTITY_OTHER;

  for (guint i = 0; i < src->run_ids->len && curves->len < 12; i++)
    {
      gint64 id = g_array_index (src->run_ids, gint64, i);
      RlxRunRecord *rec = rlx_store_load_run (src->store, id, TRUE, error);
      RlxChannel *cx, *cy;
      RlxPlotCurve c = { 0 };

      if (rec == NULL)
        return NULL;
      g_ptr_array_add (records, rec);
      cx = find_channel (rec->data, x_order, G_N_ELEMENTS (x_order));
      cy = find_channel (rec->data, y_order, G_N_ELEMENTS (y_order));
      if (cx == NULL || cy == NULL || cx->n_values != cy->n_values)
        continue;
      /* All curves of one figure share the quantities of the first. */
      if (xq == RLX_QUANTITY_OTHER)
        {
          xq = cx->quantity;
          yq = cy->quantity;
        }
      if (cx->quantity != xq || cy->quantity != yq)
        continue;
      g_ptr_array_add (labels, g_strdup_printf ("Run %" G_GINT64_FORMAT "%s%s", id,
                                                rec->sample_name ? " · " : "",
                                                rec->sample_name ? rec->sample_name : ""));
      c.label = g_ptr_array_index (labels, labels->len - 1);
      c.x = cx->values;
      c.y = cy->values;
      c.n = cx->n_values;
      c.value = NAN;
      g_array_append_val (curves, c);
    }
  if (curves->len == 0)
    {
      g_set_error (error, EXPORT_ERROR, 0,
                   "None of the selected runs has a temperature or time channel with a heat-flow "
                   "or modulus channel to draw: check --runs with “relaxun-cli runs”");
      return NULL;
    }
  x_label = axis_label (xq);
  y_label = axis_label (yq);
  return rlx_plot_run ((RlxPlotCurve *) curves->data, curves->len, x_label, y_label, FALSE);
}

static char *
peak_y_label (const RlxPeak *peak)
{
  return g_strdup_printf ("%s (%s)", peak->is_dqdt ? "dQ/dT" : "Heat flow",
                          peak->signal_unit != NULL ? peak->signal_unit : "a.u.");
}

/* The fit curve and components of a stored "peak-fit" result, evaluated on the peak's grid. */
static gboolean
evaluate_stored_fit (const RlxPeak   *peak,
                     const RlxRecipe *recipe,
                     const char      *result_json,
                     double         **fit,
                     GPtrArray       *components)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RlxFitRequest) request = NULL;
  g_autoptr(RlxFitResult) result = NULL;
  g_autofree double *values = NULL;
  RlxModel *model;
  guint n_comp;

  if (!json_parser_load_from_data (parser, result_json, -1, NULL))
    return FALSE;
  result = rlx_fit_result_from_json (json_parser_get_root (parser), NULL);
  if (result == NULL || result->params == NULL)
    return FALSE;
  request = rlx_peak_fit_request_new (peak, recipe, NULL);
  if (request == NULL)
    return FALSE;
  model = rlx_fit_request_get_model (request);
  if (model == NULL || rlx_model_get_n_params (model) != result->params->len)
    return FALSE;
  values = rlx_fit_result_dup_values (result);
  *fit = g_new (double, peak->n);
  if (!rlx_model_evaluate (model, values, peak->t, peak->n, *fit, NULL))
    {
      g_clear_pointer (fit, g_free);
      return FALSE;
    }
  n_comp = rlx_model_get_n_components (model);
  for (guint k = 1; n_comp > 1 && k <= n_comp; k++)
    {
      double *c = g_new (double, peak->n);

      if (rlx_model_evaluate_component (model, values, k, peak->t, peak->n, c))
        g_ptr_array_add (components, c);
      else
        g_free (c);
    }
  return TRUE;
}

static RlxFigure *
build_peak (Source  *src,
            GError **error)
{
  gint64 id;
  g_autoptr(RlxRecipe) recipe = NULL;
  g_autoptr(RlxPeak) peak = NULL;
  g_autoptr(RlxAnalysisRecord) fit_rec = NULL;
  g_autoptr(GPtrArray) comps = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree double *fit = NULL;
  g_autofree char *y_label = NULL;
  g_autofree RlxPlotCurve *curves = NULL;
  RlxPlotPeak p = { 0 };
  double lo = INFINITY, hi = -INFINITY;

  if (src->run_ids->len == 0)
    {
      g_set_error (error, EXPORT_ERROR, 0, "No run selected: give the annealed run with --runs ID");
      return NULL;
    }
  id = g_array_index (src->run_ids, gint64, 0);
  fit_rec = rlx_store_get_current_analysis (src->store, id, "peak-fit", NULL);
  recipe = recipe_for (src->store, id, fit_rec != NULL ? "peak-fit" : "peak");
  peak = rlx_peak_extract (src->store, id, recipe, error);
  if (peak == NULL)
    return NULL;

  if (fit_rec != NULL && fit_rec->result_json != NULL &&
      !evaluate_stored_fit (peak, recipe, fit_rec->result_json, &fit, comps))
    g_printerr ("relaxun-cli export: the stored fit of run %" G_GINT64_FORMAT
                " could not be evaluated; drawing the peak without it\n", id);

  for (gsize i = 0; i < peak->n; i++)
    if (peak->use != NULL && peak->use[i])
      {
        lo = MIN (lo, peak->t[i]);
        hi = MAX (hi, peak->t[i]);
      }

  curves = g_new0 (RlxPlotCurve, comps->len + 1);
  for (guint k = 0; k < comps->len; k++)
    {
      g_ptr_array_add (names, g_strdup_printf ("Unit %u", k + 1));
      curves[k] = (RlxPlotCurve) { g_ptr_array_index (names, k), peak->t,
                                   g_ptr_array_index (comps, k), NULL, peak->n, NAN };
    }

  /* The fit was made on the corrected peak: drawn over the difference it sits on the baseline. */
  if (fit != NULL)
    for (gsize i = 0; i < peak->n; i++)
      fit[i] += peak->baseline[i];
  for (guint k = 0; k < comps->len; k++)
    {
      double *c = g_ptr_array_index (comps, k);

      for (gsize i = 0; i < peak->n; i++)
        c[i] += peak->baseline[i];
    }

  y_label = peak_y_label (peak);
  p.x = peak->t;
  p.y = peak->difference;
  p.n = peak->n;
  p.baseline = peak->baseline;
  p.fit = fit;
  p.fit_label = fit_rec != NULL ? "Fit" : NULL;
  p.components = curves;
  p.n_components = comps->len;
  p.window_lo = lo < hi ? lo : NAN;
  p.window_hi = lo < hi ? hi : NAN;
  p.x_label = "T (K)";
  p.y_label = y_label;
  return rlx_plot_peak (&p);
}

static RlxFigure *
build_family (Source  *src,
              GError **error)
{
  g_autoptr(GPtrArray) peaks = g_ptr_array_new_with_free_func ((GDestroyNotify) rlx_peak_free);
  g_autoptr(GArray) curves = g_array_new (FALSE, TRUE, sizeof (RlxPlotCurve));
  g_autofree char *y_label = NULL;
  guint skipped = 0;

  for (guint i = 0; i < src->run_ids->len; i++)
    {
      gint64 id = g_array_index (src->run_ids, gint64, i);
      g_autoptr(RlxRunRecord) rec = rlx_store_load_run (src->store, id, FALSE, NULL);
      g_autoptr(RlxRecipe) recipe = NULL;
      RlxPeak *peak;
      RlxPlotCurve c = { 0 };

      if (rec == NULL || rec->data->role != RLX_RUN_ROLE_ANNEALED)
        continue;
      recipe = recipe_for (src->store, id, "peak");
      peak = rlx_peak_extract (src->store, id, recipe, NULL);
      if (peak == NULL)
        {
          skipped++;
          continue;
        }
      g_ptr_array_add (peaks, peak);
      c.x = peak->t;
      c.y = peak->peak;
      c.n = peak->n;
      c.value = src->color_by_time ? peak->anneal_time : peak->anneal_temperature;
      if (!isfinite (c.value))
        c.value = anneal_value (rec->data, src->color_by_time);
      g_array_append_val (curves, c);
    }
  if (curves->len == 0)
    {
      g_set_error (error, EXPORT_ERROR, 0,
                   "No peak could be extracted from the selected runs: a family needs annealed "
                   "runs paired with their references (%u runs failed)", skipped);
      return NULL;
    }
  y_label = peak_y_label (g_ptr_array_index (peaks, 0));
  return rlx_plot_family ((RlxPlotCurve *) curves->data, curves->len, "T (K)", y_label,
                          src->color_by_time ? "t_a (s)" : "T_a (K)", src->color_by_time, TRUE);
}

static RlxFigure *
build_dma (Source  *src,
           GError **error)
{
  static const RlxQuantity loss[] = { RLX_QUANTITY_LOSS_MODULUS };
  static const RlxQuantity temp[] = { RLX_QUANTITY_TEMPERATURE, RLX_QUANTITY_PROGRAM_TEMPERATURE };

  for (guint i = 0; i < src->run_ids->len; i++)
    {
      gint64 id = g_array_index (src->run_ids, gint64, i);
      g_autoptr(RlxRunRecord) rec = rlx_store_load_run (src->store, id, TRUE, NULL);
      g_autoptr(RlxAnalysisRecord) fit_rec = NULL;
      RlxChannel *cx, *cy;
      RlxPlotDma dma = { 0 };
      RlxPlotCurve fit_curve = { 0 }, comp[2] = { { 0 } };
      g_autofree double *fit = NULL, *grid = NULL;
      g_autoptr(GPtrArray) comps = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *freq = NULL;
      const gsize n_grid = 400;

      if (rec == NULL)
        continue;
      cx = find_channel (rec->data, temp, G_N_ELEMENTS (temp));
      cy = find_channel (rec->data, loss, G_N_ELEMENTS (loss));
      if (cx == NULL || cy == NULL || cx->n_values != cy->n_values)
        continue;

      freq = isfinite (rec->data->frequency) ? g_strdup_printf ("E″ (%g Hz)", rec->data->frequency)
                                              : g_strdup ("E″");
      dma.data = (RlxPlotCurve) { freq, cx->values, cy->values, NULL, cx->n_values, NAN };
      dma.x_label = "T (K)";
      dma.y_label = "E″ (MPa)";
      /* The β process is a hundredth of the α peak: only a log axis shows both. */
      dma.y_log = TRUE;

      fit_rec = rlx_store_get_current_analysis (src->store, id, "dma-fit", NULL);
      if (fit_rec != NULL && fit_rec->result_json != NULL)
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          g_autoptr(RlxFitResult) result = NULL;
          g_autoptr(RlxModel) model = NULL;
          RlxModelOptions options;
          double tmin = INFINITY, tmax = -INFINITY;
          guint n_comp = 1;

          if (json_parser_load_from_data (parser, fit_rec->result_json, -1, NULL))
            result = rlx_fit_result_from_json (json_parser_get_root (parser), NULL);
          if (result != NULL)
            for (guint k = 0; k < result->params->len; k++)
              {
                const char *name = g_array_index (result->params, RlxFitParam, k).name;
                const char *us = strrchr (name, '_');

                if (us != NULL && g_ascii_isdigit (us[1]))
                  n_comp = MAX (n_comp, (guint) atoi (us + 1));
              }
          rlx_model_options_init (&options);
          options.n_components = n_comp;
          options.frequency = rec->data->frequency;
          if (result != NULL)
            model = rlx_model_new (result->model_id, &options, NULL);
          for (gsize k = 0; k < cx->n_values; k++)
            {
              tmin = MIN (tmin, cx->values[k]);
              tmax = MAX (tmax, cx->values[k]);
            }
          if (model != NULL && rlx_model_get_n_params (model) == result->params->len && tmin < tmax)
            {
              g_autofree double *values = rlx_fit_result_dup_values (result);

              grid = g_new (double, n_grid);
              fit = g_new (double, n_grid);
              for (gsize k = 0; k < n_grid; k++)
                grid[k] = tmin + (tmax - tmin) * k / (n_grid - 1);
              if (rlx_model_evaluate (model, values, grid, n_grid, fit, NULL))
                {
                  fit_curve = (RlxPlotCurve) { "Fit", grid, fit, NULL, n_grid, NAN };
                  dma.hn_fit = &fit_curve;
                  for (guint k = 1; n_comp > 1 && k <= MIN (n_comp, 2u); k++)
                    {
                      double *c = g_new (double, n_grid);

                      if (!rlx_model_evaluate_component (model, values, k, grid, n_grid, c))
                        {
                          g_free (c);
                          continue;
                        }
                      g_ptr_array_add (comps, c);
                    }
                }
              else
                g_printerr ("relaxun-cli export: the stored DMA fit of run %" G_GINT64_FORMAT
                            " could not be evaluated; drawing the data alone\n", id);
            }
          /* The higher-temperature process is α. */
          if (comps->len == 2)
            {
              double *a = g_ptr_array_index (comps, 0), *b = g_ptr_array_index (comps, 1);
              gsize ia = 0, ib = 0;

              for (gsize k = 1; k < n_grid; k++)
                {
                  if (a[k] > a[ia]) ia = k;
                  if (b[k] > b[ib]) ib = k;
                }
              comp[0] = (RlxPlotCurve) { "α", grid, ia > ib ? a : b, NULL, n_grid, NAN };
              comp[1] = (RlxPlotCurve) { "β", grid, ia > ib ? b : a, NULL, n_grid, NAN };
              dma.alpha = &comp[0];
              dma.beta = &comp[1];
            }
        }
      return rlx_plot_dma (&dma);
    }

  g_set_error (error, EXPORT_ERROR, 0,
               "None of the selected runs has a loss modulus (E″) against temperature: select a "
               "DMA temperature sweep with --runs");
  return NULL;
}

static RlxFigure *
build_estar_ta (Source  *src,
                GError **error)
{
  return rlx_cli_export_estar_ta (src->store, src->run_ids, error);
}

static RlxFigure *
build_estar_ta_time (Source  *src,
                     GError **error)
{
  return rlx_cli_export_estar_ta_time (src->store, src->run_ids, error);
}

static RlxFigure *
build_estar_enthalpy (Source  *src,
                      GError **error)
{
  return rlx_cli_export_estar_enthalpy (src->store, src->run_ids, error);
}

static RlxFigure *
build_spectrum (Source  *src,
                GError **error)
{
  return rlx_cli_export_spectrum (src->store, src->run_ids, error);
}

static RlxFigure *
build_lcurve (Source  *src,
              GError **error)
{
  return rlx_cli_export_lcurve (src->store, src->run_ids, error);
}

static RlxFigure *
build_spectrum_map (Source  *src,
                    GError **error)
{
  return rlx_cli_export_spectrum_map (src->store, src->run_ids, src->map_axis_e, error);
}

typedef RlxFigure *(*BuildFunc) (Source *src, GError **error);

static const struct
{
  const char *name;
  BuildFunc   build;
} kinds[] = {
  { "run", build_run },
  { "peak", build_peak },
  { "family", build_family },
  { "dma", build_dma },
  { "estar-ta", build_estar_ta },
  { "estar-ta-time", build_estar_ta_time },
  { "estar-enthalpy", build_estar_enthalpy },
  { "spectrum", build_spectrum },
  { "lcurve", build_lcurve },
  { "spectrum-map", build_spectrum_map },
};

int
rlx_cmd_export (int    argc,
                char **argv)
{
  g_autofree char *db = NULL, *figure_name = NULL, *runs = NULL, *format_name = NULL;
  g_autofree char *size = NULL, *theme_name = NULL, *output = NULL, *color_by = NULL;
  g_autofree char *map_axis = NULL;
  double dpi = 0.0;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The database", "FILE" },
    { "figure", 0, 0, G_OPTION_ARG_STRING, &figure_name,
      "run, peak, family, dma, estar-ta, estar-ta-time, estar-enthalpy, spectrum, lcurve or "
      "spectrum-map (the last three from spectra stored by “relaxun-cli spectrum --store”)", "KIND" },
    { "runs", 0, 0, G_OPTION_ARG_STRING, &runs, "Run ids and ranges (3,5-9) or “all” (default)", "SELECTION" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name, "svg, png, pdf or eps (default: from the file name)", "FORMAT" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size,
      "Size as WxH in px (at --dpi), or with a unit: 8.5x6cm, 3.3x2.4in, 240x170pt", "WxH" },
    { "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, "Resolution of PNG output (96 on screen themes, 600 for print)", "N" },
    { "theme", 0, 0, G_OPTION_ARG_STRING, &theme_name, "light, dark or print (default: light)", "THEME" },
    { "color-by", 0, 0, G_OPTION_ARG_STRING, &color_by, "Colour a family by Ta (default) or ta", "Ta|ta" },
    { "map-axis", 0, 0, G_OPTION_ARG_STRING, &map_axis, "Rows of a spectrum-map: E (default) or Tp", "E|Tp" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "The file to write", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rlx_cli_context_new ("export", NULL,
                                                           "Export a figure as SVG, PNG, PDF or EPS.");
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxSelection) selection = NULL;
  g_autoptr(RlxFigure) figure = NULL;
  RlxThemeKind theme = RLX_THEME_LIGHT;
  RlxExportFormat format;
  BuildFunc build = NULL;
  Source src = { 0 };
  double width_pt, height_pt;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!rlx_cli_parse_options (context, &argc, &argv, &status))
    return status;

  if (figure_name == NULL)
    return rlx_cli_usage_error (context, "--figure KIND is required");
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (figure_name, kinds[i].name))
      build = kinds[i].build;
  if (build == NULL)
    return rlx_cli_usage_error (context, "Unknown figure “%s”: use run, peak, family, dma, "
                                "estar-ta, estar-ta-time, estar-enthalpy, spectrum, lcurve or "
                                "spectrum-map", figure_name);
  if (output == NULL)
    return rlx_cli_usage_error (context, "-o FILE is required");
  if (format_name == NULL)
    {
      const char *dot = strrchr (output, '.');

      if (dot == NULL || !rlx_export_format_from_string (dot + 1, &format))
        return rlx_cli_usage_error (context, "Say the format with --format svg|png|pdf|eps "
                                    "(the file name “%s” does not tell)", output);
    }
  else if (!rlx_export_format_from_string (format_name, &format))
    return rlx_cli_usage_error (context, "Unknown format “%s”: use svg, png, pdf or eps", format_name);
  if (theme_name != NULL && !rlx_theme_kind_from_string (theme_name, &theme))
    return rlx_cli_usage_error (context, "Unknown theme “%s”: use light, dark or print", theme_name);
  if (color_by != NULL && !g_str_equal (color_by, "Ta") && !g_str_equal (color_by, "ta"))
    return rlx_cli_usage_error (context, "--color-by takes Ta or ta");
  if (map_axis != NULL && !g_str_equal (map_axis, "E") && !g_str_equal (map_axis, "Tp"))
    return rlx_cli_usage_error (context, "--map-axis takes E or Tp");
  if (dpi == 0.0)
    dpi = theme == RLX_THEME_PRINT ? 600.0 : 96.0;
  if (!(dpi >= 10.0 && dpi <= 4800.0))
    return rlx_cli_usage_error (context, "--dpi must be between 10 and 4800");
  if (size != NULL)
    {
      if (!parse_size (size, dpi, &width_pt, &height_pt))
        return rlx_cli_usage_error (context, "--size “%s” is not WxH (e.g. 1000x700, 8.5x6cm)", size);
    }
  else if (theme == RLX_THEME_PRINT)
    {
      width_pt = 8.5 / 2.54 * 72.0;   /* one journal column */
      height_pt = 6.4 / 2.54 * 72.0;
    }
  else
    {
      width_pt = 1000.0 * 72.0 / dpi;
      height_pt = 700.0 * 72.0 / dpi;
    }

  selection = parse_runs (runs, &error);
  if (selection == NULL)
    return rlx_cli_fail ("export", error);
  src.store = rlx_cli_open_store (db, TRUE, &error);
  if (src.store == NULL)
    return rlx_cli_fail ("export", error);
  src.color_by_time = color_by != NULL && g_str_equal (color_by, "ta");
  src.map_axis_e = map_axis == NULL || g_str_equal (map_axis, "E");
  src.run_ids = rlx_selection_select (selection, src.store, &error);
  if (src.run_ids == NULL)
    {
      rlx_store_close (src.store);
      return rlx_cli_fail ("export", error);
    }

  figure = build (&src, &error);
  g_array_unref (src.run_ids);
  rlx_store_close (src.store);
  if (figure == NULL)
    return rlx_cli_fail ("export", error);

  if (!rlx_figure_export (figure, rlx_theme_get (theme), format, output, width_pt, height_pt,
                          dpi, &error))
    return rlx_cli_fail ("export", error);

  return RLX_CLI_EXIT_OK;
}
