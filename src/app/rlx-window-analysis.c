/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "rlx-window-private.h"

#ifdef RLX_HAVE_RENDER
# include "rlx-plot-kinds.h"
#endif

/* What the plot shows for the selected run. */

#ifdef RLX_HAVE_RENDER
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
#endif

void
rlx_window_update_figure (RlxWindow *self)
{
  RlxRunItem *run = rlx_fit_panel_get_run (self->fit_panel);
  g_autoptr(GError) error = NULL;

  if (run == NULL || self->project == NULL)
    {
      rlx_plot_view_set_editable (self->plot_view, FALSE);
      rlx_plot_view_set_figure (self->plot_view, NULL);
      rlx_plot_view_set_placeholder (self->plot_view, "rlx-curve-symbolic",
                                     _("No Run Selected"),
                                     _("Choose a run in the sidebar to see its curve, its recovery peak and the fit."));
      return;
    }

#ifdef RLX_HAVE_RENDER
  {
    g_autoptr(RlxRunRecord) record = rlx_store_load_run (rlx_project_get_store (self->project),
                                                         rlx_run_item_get_id (run), TRUE, &error);
    RlxFigure *figure = record != NULL ? build_run_figure (record->data, &error) : NULL;

    if (figure != NULL)
      {
        rlx_figure_set_title (figure, NULL);
        rlx_plot_view_set_figure (self->plot_view, figure);
        return;
      }
  }
#else
  g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("This build of Relaxun has no figure renderer."));
#endif

  rlx_plot_view_set_figure (self->plot_view, NULL);
  rlx_plot_view_set_placeholder (self->plot_view, "dialog-warning-symbolic",
                                 _("Cannot Show This Run"), error->message);
}

void
rlx_window_init_analysis (RlxWindow *self)
{
}
