/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rlx-plot-view.h"
#include "rlx-render.h"

G_BEGIN_DECLS

typedef enum
{
  DRAG_NONE,
  DRAG_WINDOW_LO,
  DRAG_WINDOW_HI,
  DRAG_ANCHOR,
  DRAG_NEW_MASK,
} DragKind;

struct _RlxPlotView
{
  GtkWidget        parent_instance;

  AdwStatusPage   *placeholder;

  RlxFigure       *figure;
  GdkTexture      *texture;
  RlxFigureLayout *layout;
  int              rendered_width;
  int              rendered_height;
  int              rendered_scale;
  gboolean         rendered_dark;
  char            *render_error;

  gboolean         hovering;
  double           hover_px;
  double           hover_py;

  gboolean         editable;
  double           window_lo;
  double           window_hi;
  GArray          *masks;        /* double pairs lo, hi */
  GArray          *anchors;      /* double pairs x, y */

  DragKind         drag;
  guint            drag_index;
  double           drag_start_px;
  double           drag_start_py;
};

/* rlx-plot-view.c */
void rlx_plot_view_append_rect           (GtkSnapshot   *snapshot,
                                          const GdkRGBA *color,
                                          double         x,
                                          double         y,
                                          double         width,
                                          double         height);
void rlx_plot_view_emit_edited           (RlxPlotView   *self);

/* rlx-plot-view-edit.c */
void rlx_plot_view_init_input            (RlxPlotView   *self);
void rlx_plot_view_snapshot_edit_overlay (RlxPlotView   *self,
                                          GtkSnapshot   *snapshot);

G_END_DECLS
