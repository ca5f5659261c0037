/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-plot"

#include "config.h"

#include "rlx-notebook-figure.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "rlx-fit.h"
#include "rlx-model.h"
#include "rlx-notebook-figure-private.h"
#include "rlx-peak.h"
#include "rlx-peak-fit.h"
#include "rlx-plot-kinds.h"
#include "rlx-recipe.h"

/*
 * The figures of the field from a database. The figure builders of rlx-plot-kinds.h take plain
 * arrays; this unit gathers them from the store, the peaks and the stored analyses.
 */

G_DEFINE_QUARK (rlx-notebook-figure-error-quark, rlx_notebook_figure_error)

void
rlx_notebook_figure_options_init (RlxNotebookFigureOptions *options)
{
  g_return_if_fail (options != NULL);
  memset (options, 0, sizeof *options);
  options->map_axis_e = TRUE;
}

void
rlx_notebook_note (const RlxNotebookSource *src,
                   const char              *format,
                   ...)
{
  va_list args;

  if (src->options->notes == NULL)
    return;
  va_start (args, format);
  g_ptr_array_add (src->options->notes, g_strdup_vprintf (format, args));
  va_end (args);
}

double
rlx_notebook_anneal_value (const RlxRunData *data,
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
build_run (RlxNotebookSource  *src,
           GError            **error)
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
      g_set_error (error, RLX_NOTEBOOK_FIGURE_ERROR, RLX_NOTEBOOK_FIGURE_ERROR_NO_DATA,
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
build_peak (RlxNotebookSource  *src,
            GError            **error)
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
      g_set_error (error, RLX_NOTEBOOK_FIGURE_ERROR, RLX_NOTEBOOK_FIGURE_ERROR_NO_DATA, "No run selected: give the annealed run with --runs ID");
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
    rlx_notebook_note (src, "the stored fit of run %" G_GINT64_FORMAT
                       " could not be evaluated; drawing the peak without it", id);

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
build_family (RlxNotebookSource  *src,
              GError            **error)
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
      c.value = src->options->color_by_time ? peak->anneal_time : peak->anneal_temperature;
      if (!isfinite (c.value))
        c.value = rlx_notebook_anneal_value (rec->data, src->options->color_by_time);
      g_array_append_val (curves, c);
    }
  if (curves->len == 0)
    {
      g_set_error (error, RLX_NOTEBOOK_FIGURE_ERROR, RLX_NOTEBOOK_FIGURE_ERROR_NO_DATA,
                   "No peak could be extracted from the selected runs: a family needs annealed "
                   "runs paired with their references (%u runs failed)", skipped);
      return NULL;
    }
  y_label = peak_y_label (g_ptr_array_index (peaks, 0));
  return rlx_plot_family ((RlxPlotCurve *) curves->data, curves->len, "T (K)", y_label,
                          src->options->color_by_time ? "t_a (s)" : "T_a (K)", src->options->color_by_time, TRUE);
}

static RlxFigure *
build_dma (RlxNotebookSource  *src,
           GError            **error)
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
                rlx_notebook_note (src, "the stored DMA fit of run %" G_GINT64_FORMAT
                                   " could not be evaluated; drawing the data alone", id);
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

  g_set_error (error, RLX_NOTEBOOK_FIGURE_ERROR, RLX_NOTEBOOK_FIGURE_ERROR_NO_DATA,
               "None of the selected runs has a loss modulus (E″) against temperature: select a "
               "DMA temperature sweep with --runs");
  return NULL;
}

typedef RlxFigure *(*BuildFunc) (RlxNotebookSource *src, GError **error);

static const RlxNotebookFigureKind kinds[] = {
  { "run", "Curves", FALSE },
  { "peak", "Recovery peak", FALSE },
  { "family", "Peak family", TRUE },
  { "dma", "Loss modulus", FALSE },
  { "estar-ta", "E* against Ta", TRUE },
  { "estar-ta-time", "E* against ta", TRUE },
  { "estar-enthalpy", "E* against recovered enthalpy", TRUE },
  { "spectrum", "Relaxation spectrum", FALSE },
  { "lcurve", "L-curve", FALSE },
  { "spectrum-map", "Spectrum map", TRUE },
};

static const BuildFunc builders[] = {
  build_run, build_peak, build_family, build_dma,
  rlx_notebook_estar_ta, rlx_notebook_estar_ta_time, rlx_notebook_estar_enthalpy,
  rlx_notebook_spectrum, rlx_notebook_lcurve, rlx_notebook_spectrum_map,
};

G_STATIC_ASSERT (G_N_ELEMENTS (kinds) == G_N_ELEMENTS (builders));

const RlxNotebookFigureKind *
rlx_notebook_figure_kind_list (guint *n_kinds)
{
  if (n_kinds != NULL)
    *n_kinds = G_N_ELEMENTS (kinds);
  return kinds;
}

RlxFigure *
rlx_notebook_figure_build (RlxStore                       *store,
                           const char                     *kind,
                           const gint64                   *run_ids,
                           guint                           n_run_ids,
                           const RlxNotebookFigureOptions *options,
                           GError                        **error)
{
  RlxNotebookFigureOptions defaults;
  g_autoptr(GArray) ids = NULL;
  RlxNotebookSource src;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (run_ids != NULL || n_run_ids == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    {
      rlx_notebook_figure_options_init (&defaults);
      options = &defaults;
    }
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_run_ids);
  if (n_run_ids > 0)
    g_array_append_vals (ids, run_ids, n_run_ids);
  src = (RlxNotebookSource) { store, ids, options };
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kind, kinds[i].id))
      return builders[i] (&src, error);
  g_set_error (error, RLX_NOTEBOOK_FIGURE_ERROR, RLX_NOTEBOOK_FIGURE_ERROR_UNKNOWN_KIND,
               "Unknown figure “%s”: use run, peak, family, dma, estar-ta, estar-ta-time, "
               "estar-enthalpy, spectrum, lcurve or spectrum-map", kind);
  return NULL;
}
