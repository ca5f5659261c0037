/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rlx-figure.h"

G_BEGIN_DECLS

#define RLX_TYPE_PLOT_VIEW (rlx_plot_view_get_type ())

G_DECLARE_FINAL_TYPE (RlxPlotView, rlx_plot_view, RLX, PLOT_VIEW, GtkWidget)

void             rlx_plot_view_set_figure      (RlxPlotView  *self,
                                                RlxFigure    *figure);
const RlxFigure *rlx_plot_view_get_figure      (RlxPlotView  *self);
gboolean         rlx_plot_view_get_has_figure  (RlxPlotView  *self);
void             rlx_plot_view_set_placeholder (RlxPlotView  *self,
                                                const char   *icon_name,
                                                const char   *title,
                                                const char   *description);
gboolean         rlx_plot_view_get_dark        (RlxPlotView  *self);

/* Peak editing: fit window, masked ranges and baseline anchors in data units of panel 0. */
void             rlx_plot_view_set_editable    (RlxPlotView  *self,
                                                gboolean      editable);
gboolean         rlx_plot_view_get_editable    (RlxPlotView  *self);
void             rlx_plot_view_set_window      (RlxPlotView  *self,
                                                double        lo,
                                                double        hi);
gboolean         rlx_plot_view_get_window      (RlxPlotView  *self,
                                                double       *lo,
                                                double       *hi);
void             rlx_plot_view_set_masks       (RlxPlotView  *self,
                                                const double *ranges,
                                                guint         n_ranges);
const double    *rlx_plot_view_get_masks       (RlxPlotView  *self,
                                                guint        *n_ranges);
void             rlx_plot_view_set_anchors     (RlxPlotView  *self,
                                                const double *points,
                                                guint         n_points);
const double    *rlx_plot_view_get_anchors     (RlxPlotView  *self,
                                                guint        *n_points);
gboolean         rlx_plot_view_data_to_widget  (RlxPlotView  *self,
                                                double        x,
                                                double        y,
                                                double       *px,
                                                double       *py);
gboolean         rlx_plot_view_widget_to_data  (RlxPlotView  *self,
                                                double        px,
                                                double        py,
                                                double       *x,
                                                double       *y);

G_END_DECLS
