/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "rlx-dma-figure.h"
#include "rlx-window-private.h"

#include "rlx-peak-fit.h"
#include "rlx-plot-kinds.h"

/* What the plot shows for the selected run. */

static char *
axis_label (const RlxChannel *channel)
{
  const char *unit = rlx_quantity_get_unit (channel->quantity);
  const char *label = rlx_quantity_get_label (channel->quantity);

  if (channel->quantity == RLX_QUANTITY_OTHER)
    {
      label = channel->name;
      unit = channel->original_unit;
    }
  if (unit == NULL || unit[0] == '\0')
    return g_strdup (label);
  return g_strdup_printf ("%s (%s)", label, unit);
}

static const RlxChannel *
find_channel (const RlxRunData  *data,
              const RlxQuantity *quantities,
              guint              n)
{
  for (guint i = 0; i < n; i++)
    {
      RlxChannel *channel = rlx_run_data_get_channel (data, quantities[i]);

      if (channel != NULL && channel->n_values > 0)
        return channel;
    }
  return NULL;
}

static RlxFigure *
build_run_figure (const RlxRunData  *data,
                  GError           **error)
{
  static const RlxQuantity x_quantities[] = {
    RLX_QUANTITY_TEMPERATURE, RLX_QUANTITY_PROGRAM_TEMPERATURE, RLX_QUANTITY_TIME,
  };
  static const RlxQuantity dsc_quantities[] = {
    RLX_QUANTITY_SPECIFIC_HEAT_FLOW, RLX_QUANTITY_HEAT_FLOW,
  };
  static const RlxQuantity dma_quantities[] = {
    RLX_QUANTITY_LOSS_MODULUS, RLX_QUANTITY_STORAGE_MODULUS, RLX_QUANTITY_TAN_DELTA,
  };
  const RlxChannel *x = find_channel (data, x_quantities, G_N_ELEMENTS (x_quantities));
  gboolean dma = data->kind == RLX_RUN_KIND_DMA_TEMPERATURE_SWEEP
                 || data->kind == RLX_RUN_KIND_DMA_FREQUENCY_SWEEP;
  RlxPlotCurve curves[2] = { { 0 } };
  guint n_curves = 0;
  g_autofree char *x_label = NULL;
  g_autofree char *y_label = NULL;
  const RlxChannel *y;

  if (dma && data->kind == RLX_RUN_KIND_DMA_FREQUENCY_SWEEP)
    x = rlx_run_data_get_channel (data, RLX_QUANTITY_FREQUENCY);
  y = dma ? find_channel (data, dma_quantities, G_N_ELEMENTS (dma_quantities))
          : find_channel (data, dsc_quantities, G_N_ELEMENTS (dsc_quantities));
  if (y == NULL)
    {
      /* The first channel that is neither a temperature nor a time or index. */
      for (guint i = 0; i < data->channels->len && y == NULL; i++)
        {
          RlxChannel *channel = g_ptr_array_index (data->channels, i);

          if (channel != x && channel->quantity != RLX_QUANTITY_INDEX
              && channel->quantity != RLX_QUANTITY_TIME)
            y = channel;
        }
    }
  if (x == NULL || y == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("This run has no temperature or no signal channel to draw."));
      return NULL;
    }

  curves[n_curves++] = (RlxPlotCurve) {
    .label = dma ? rlx_quantity_get_label (y->quantity) : NULL,
    .x = x->values, .y = y->values, .n = MIN (x->n_values, y->n_values), .value = NAN,
  };
  if (dma && y->quantity == RLX_QUANTITY_LOSS_MODULUS)
    {
      const RlxChannel *storage = rlx_run_data_get_channel (data, RLX_QUANTITY_STORAGE_MODULUS);

      if (storage != NULL && storage->n_values > 0)
        curves[n_curves++] = (RlxPlotCurve) {
          .label = rlx_quantity_get_label (storage->quantity),
          .x = x->values, .y = storage->values, .n = MIN (x->n_values, storage->n_values), .value = NAN,
        };
    }

  x_label = axis_label (x);
  y_label = dma && n_curves > 1 ? g_strdup (_("Modulus (MPa)")) : axis_label (y);
  return rlx_plot_run (curves, n_curves, x_label, y_label, dma);
}

static RlxFigure *
build_peak_figure (RlxWindow *self,
                   const RlxPeak *peak)
{
  const RlxFitResult *result = rlx_fit_panel_get_result (self->fit_panel);
  const RlxRecipe *recipe = rlx_fit_panel_get_recipe (self->fit_panel);
  g_autofree double *fit = NULL;
  g_autofree char *y_label = g_strdup_printf (_("Annealed − reference (%s)"), peak->signal_unit);
  RlxPlotPeak description = {
    .x = peak->t,
    .y = peak->difference,
    .n = peak->n,
    .baseline = peak->baseline,
    .window_lo = NAN,
    .window_hi = NAN,
    .x_label = _("Temperature (K)"),
    .y_label = y_label,
  };

  if (recipe != NULL && recipe->has_window)
    {
      description.window_lo = recipe->window.lo;
      description.window_hi = recipe->window.hi;
    }

  /* The fitted peak on every grid point, on top of the baseline it was fitted above. */
  if (result != NULL && recipe != NULL && rlx_fit_result_is_success (result))
    {
      g_autoptr(RlxFitRequest) request = rlx_peak_fit_request_new (peak, recipe, NULL);
      g_autofree double *values = rlx_fit_result_dup_values (result);

      fit = g_new (double, peak->n);
      if (request != NULL
          && rlx_model_evaluate (rlx_fit_request_get_model (request), values, peak->t, peak->n, fit, NULL))
        {
          for (gsize i = 0; i < peak->n; i++)
            fit[i] += peak->baseline[i];
          description.fit = fit;
          description.fit_label = rlx_model_id_get_label (result->model_id);
        }
    }
  return rlx_plot_peak (&description);
}

static void
sync_overlays (RlxWindow *self)
{
  const RlxRecipe *recipe = rlx_fit_panel_get_recipe (self->fit_panel);
  g_autoptr(GArray) masks = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_anchors = 0;
  const double *anchors = rlx_fit_panel_get_anchors (self->fit_panel, &n_anchors);

  if (recipe == NULL)
    return;
  if (recipe->has_window)
    rlx_plot_view_set_window (self->plot_view, recipe->window.lo, recipe->window.hi);
  else
    rlx_plot_view_set_window (self->plot_view, NAN, NAN);
  for (guint i = 0; recipe->masks != NULL && i < recipe->masks->len; i++)
    {
      g_array_append_val (masks, g_array_index (recipe->masks, RlxRange, i).lo);
      g_array_append_val (masks, g_array_index (recipe->masks, RlxRange, i).hi);
    }
  rlx_plot_view_set_masks (self->plot_view, (const double *) (gpointer) masks->data, masks->len / 2);
  rlx_plot_view_set_anchors (self->plot_view, anchors, n_anchors);
}

void
rlx_window_update_figure (RlxWindow *self)
{
  RlxRunItem *run = rlx_fit_panel_get_run (self->fit_panel);
  g_autoptr(GError) error = NULL;

  if (run == NULL && self->sample != NULL && self->project != NULL)
    {
      rlx_window_update_sample_figure (self);
      return;
    }
  if (run == NULL || self->project == NULL)
    {
      rlx_plot_view_set_editable (self->plot_view, FALSE);
      rlx_plot_view_set_figure (self->plot_view, NULL);
      rlx_plot_view_set_placeholder (self->plot_view, "rlx-curve-symbolic",
                                     _("No Run Selected"),
                                     _("Choose a run in the sidebar to see its curve, its recovery peak and the fit."));
      return;
    }

  if (rlx_fit_panel_get_peak (self->fit_panel) != NULL)
    {
      RlxFigure *figure = build_peak_figure (self, rlx_fit_panel_get_peak (self->fit_panel));

      if (figure != NULL)
        {
          sync_overlays (self);
          rlx_plot_view_set_editable (self->plot_view, TRUE);
          rlx_plot_view_set_figure (self->plot_view, figure);
          return;
        }
    }
  rlx_plot_view_set_editable (self->plot_view, FALSE);
  {
    g_autoptr(RlxRunRecord) record = rlx_store_load_run (rlx_project_get_store (self->project),
                                                         rlx_run_item_get_id (run), TRUE, &error);
    RlxFigure *figure = NULL;
    gboolean has_fit = FALSE;

    if (record != NULL && record->data->kind == RLX_RUN_KIND_DMA_TEMPERATURE_SWEEP)
      figure = rlx_dma_figure_new (rlx_project_get_store (self->project), record, &has_fit);
    if (record != NULL && figure == NULL)
      figure = build_run_figure (record->data, &error);

    if (figure != NULL)
      {
        rlx_figure_set_title (figure, NULL);
        rlx_plot_view_set_figure (self->plot_view, figure);
        return;
      }
  }

  rlx_plot_view_set_figure (self->plot_view, NULL);
  rlx_plot_view_set_placeholder (self->plot_view, "dialog-warning-symbolic",
                                 _("Cannot Show This Run"), error->message);
}

static void
on_fit_panel_analysis_changed (RlxWindow *self)
{
  rlx_window_update_figure (self);
  rlx_window_update_actions (self);
}

/* A drag on the plot ended: the form takes the new window, masks and anchors, and the peak is
 * made again from them. */
static void
on_plot_view_edited (RlxWindow *self)
{
  double lo, hi;
  guint n_masks = 0, n_anchors = 0;
  const double *masks = rlx_plot_view_get_masks (self->plot_view, &n_masks);
  const double *anchors = rlx_plot_view_get_anchors (self->plot_view, &n_anchors);
  guint n_old = 0;

  rlx_fit_panel_get_anchors (self->fit_panel, &n_old);
  if (rlx_plot_view_get_window (self->plot_view, &lo, &hi))
    rlx_fit_panel_set_window (self->fit_panel, lo, hi);
  rlx_fit_panel_set_masks (self->fit_panel, masks, n_masks);
  if (n_anchors > 0 || n_old > 0)
    rlx_fit_panel_set_anchors (self->fit_panel, anchors, n_anchors);
  rlx_fit_panel_refresh (self->fit_panel);
}

void
rlx_window_init_analysis (RlxWindow *self)
{
  g_signal_connect_object (self->fit_panel, "analysis-changed",
                           G_CALLBACK (on_fit_panel_analysis_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->plot_view, "edited",
                           G_CALLBACK (on_plot_view_edited), self, G_CONNECT_SWAPPED);
}
