/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include "rlx-dma-figure.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "rlx-fit.h"
#include "rlx-model.h"
#include "rlx-plot-kinds.h"

/* The window's view of a DMA temperature sweep: E″(T) as measured and, when the run has a
 * current "dma-fit" analysis, the fitted curve and its α and β processes, evaluated from the
 * stored result with the models of the core. UI glue: it decides what the window shows. */

#define N_GRID 400

static guint
count_components (const RlxFitResult *result)
{
  guint n = 1;

  /* Per-process parameters carry "_1", "_2" … when there is more than one process. */
  for (guint i = 0; i < result->params->len; i++)
    {
      const char *name = g_array_index (result->params, RlxFitParam, i).name;
      const char *suffix = strrchr (name, '_');

      if (suffix != NULL && g_ascii_isdigit (suffix[1]))
        n = MAX (n, (guint) g_ascii_strtoull (suffix + 1, NULL, 10));
    }
  return n;
}

static gsize
peak_index (const double *v,
            gsize         n)
{
  gsize best = 0;

  for (gsize i = 1; i < n; i++)
    if (v[i] > v[best])
      best = i;
  return best;
}

/* On the log axis the tails of a component fall through many decades below anything
 * measured; the axis keeps to the data, a little below the smallest E″ and above the largest. */
static RlxFigure *
limit_to_data (RlxFigure        *figure,
               const RlxChannel *loss)
{
  RlxPanel *panel = rlx_figure_get_panel (figure, 0);
  double lo = INFINITY, hi = -INFINITY;

  for (gsize i = 0; i < loss->n_values; i++)
    if (isfinite (loss->values[i]) && loss->values[i] > 0)
      {
        lo = MIN (lo, loss->values[i]);
        hi = MAX (hi, loss->values[i]);
      }
  if (panel != NULL && lo < hi)
    {
      panel->y.auto_range = FALSE;
      panel->y.min = lo / 3.0;
      panel->y.max = hi * 3.0;
    }
  return figure;
}

RlxFigure *
rlx_dma_figure_new (RlxStore           *store,
                    const RlxRunRecord *record,
                    gboolean           *has_fit)
{
  const RlxRunData *data = record->data;
  RlxChannel *t = rlx_run_data_get_channel (data, RLX_QUANTITY_TEMPERATURE);
  RlxChannel *loss = rlx_run_data_get_channel (data, RLX_QUANTITY_LOSS_MODULUS);
  g_autoptr(RlxAnalysisRecord) analysis = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(RlxFitResult) result = NULL;
  g_autoptr(RlxModel) model = NULL;
  g_autofree double *values = NULL;
  g_autofree double *grid = NULL;
  g_autofree double *fit = NULL;
  g_autofree double *first = NULL;
  g_autofree double *second = NULL;
  g_autofree char *data_label = NULL;
  RlxPlotCurve fit_curve, alpha, beta;
  RlxModelOptions options;
  RlxPlotDma dma = { { 0 } };
  double lo = INFINITY, hi = -INFINITY;
  guint n_components;

  *has_fit = FALSE;
  if (t == NULL)
    t = rlx_run_data_get_channel (data, RLX_QUANTITY_PROGRAM_TEMPERATURE);
  if (t == NULL || loss == NULL || t->n_values < 2)
    return NULL;

  data_label = isfinite (data->frequency)
               /* Translators: the measured loss modulus in the legend, with its frequency */
               ? g_strdup_printf (_("E″ measured (%g Hz)"), data->frequency)
               : g_strdup (_("E″ measured"));
  dma.data = (RlxPlotCurve) { data_label, t->values, loss->values, NULL, MIN (t->n_values, loss->n_values), NAN };
  dma.x_label = _("Temperature (K)");
  dma.y_label = _("Loss modulus E″ (MPa)");
  dma.y_log = TRUE;

  analysis = rlx_store_get_current_analysis (store, record->id, "dma-fit", NULL);
  if (analysis == NULL || analysis->result_json == NULL)
    return rlx_plot_dma (&dma);

  parser = json_parser_new ();
  if (json_parser_load_from_data (parser, analysis->result_json, -1, NULL))
    result = rlx_fit_result_from_json (json_parser_get_root (parser), NULL);
  if (result == NULL || !rlx_fit_result_is_success (result))
    return rlx_plot_dma (&dma);

  n_components = count_components (result);
  rlx_model_options_init (&options);
  options.n_components = n_components;
  options.frequency = data->frequency;
  options.y_unit = "MPa";
  model = rlx_model_new (result->model_id, &options, NULL);
  if (model == NULL || rlx_model_get_n_params (model) != result->params->len)
    return rlx_plot_dma (&dma);

  for (gsize i = 0; i < t->n_values; i++)
    if (isfinite (t->values[i]))
      {
        lo = MIN (lo, t->values[i]);
        hi = MAX (hi, t->values[i]);
      }
  values = rlx_fit_result_dup_values (result);
  grid = g_new (double, N_GRID);
  fit = g_new (double, N_GRID);
  for (gsize i = 0; i < N_GRID; i++)
    grid[i] = lo + (hi - lo) * i / (N_GRID - 1);
  if (!(lo < hi) || !rlx_model_evaluate (model, values, grid, N_GRID, fit, NULL))
    return rlx_plot_dma (&dma);

  fit_curve = (RlxPlotCurve) { rlx_model_id_get_label (result->model_id), grid, fit, NULL, N_GRID, NAN };
  dma.hn_fit = &fit_curve;
  *has_fit = TRUE;

  if (n_components >= 2)
    {
      first = g_new (double, N_GRID);
      second = g_new (double, N_GRID);
      if (rlx_model_evaluate_component (model, values, 1, grid, N_GRID, first)
          && rlx_model_evaluate_component (model, values, 2, grid, N_GRID, second))
        {
          /* α is the process at the higher temperature, whatever the fit's order. */
          gboolean first_is_alpha = grid[peak_index (first, N_GRID)] > grid[peak_index (second, N_GRID)];

          alpha = (RlxPlotCurve) { _("α process"), grid, first_is_alpha ? first : second, NULL, N_GRID, NAN };
          beta = (RlxPlotCurve) { _("β process"), grid, first_is_alpha ? second : first, NULL, N_GRID, NAN };
          dma.alpha = &alpha;
          dma.beta = &beta;
        }
    }
  return limit_to_data (rlx_plot_dma (&dma), loss);
}
