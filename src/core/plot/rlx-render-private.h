/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <math.h>
#include <stdio.h>
#include <plot.h>

#include "rlx-geometry.h"
#include "rlx-render.h"

G_BEGIN_DECLS

/*
 * Shared between the drawing code (rlx-render.c and its parts rlx-render-axes.c,
 * rlx-render-series.c, rlx-render-legend.c) and the outputs (rlx-render-output.c).
 */

/* How finely long traces are decimated: columns per point of plot-box width. */
#define RLX_RENDER_DEFAULT_COLUMNS_PER_PT 3.0

gboolean rlx_render_figure (const RlxFigure  *figure,
                            const RlxTheme   *theme,
                            const char       *plotter_type,
                            FILE             *out,
                            double            width_pt,
                            double            height_pt,
                            double            columns_per_pt,
                            RlxFigureLayout **layout,
                            GError          **error);

/* The drawing state of one figure: the plotter, the theme and every panel's geometry. */
typedef struct
{
  RlxBox    box;                /* plot box in canvas points, y up */
  double    x_lo, x_hi;         /* axis limits (lo < hi) */
  double    y_lo, y_hi;
  gboolean  x_log, y_log;
  gboolean  x_rev, y_rev;
  RlxTicks *x_ticks;
  RlxTicks *y_ticks;
  gboolean  x_labels;           /* draw x tick labels and axis label */
} PanelGeom;

typedef struct
{
  plPlotter       *pl;
  const RlxTheme  *theme;
  const RlxFigure *figure;
  double           width;
  double           height;
  double           columns_per_pt;
  gboolean         has_color_scale;
  double           c_lo, c_hi;
  gboolean         c_log;
  PanelGeom       *geom;
  guint            n_panels;
} Ctx;


/* Pens, fonts and the data → canvas transform of a panel (canvas points, y up). */

static inline int
channel (double v)
{
  return (int) lround (CLAMP (v, 0.0, 1.0) * 65535.0);
}

static inline void
set_pen (Ctx      *ctx,
         RlxColor  c)
{
  pl_pencolor_r (ctx->pl, channel (c.r), channel (c.g), channel (c.b));
}

static inline void
set_fill (Ctx      *ctx,
          RlxColor  c)
{
  pl_fillcolor_r (ctx->pl, channel (c.r), channel (c.g), channel (c.b));
}

static inline void
set_font (Ctx        *ctx,
          const char *font,
          double      size)
{
  pl_ffontname_r (ctx->pl, font);
  pl_ffontsize_r (ctx->pl, size);
}


static inline double
axis_t (double   v,
        gboolean log_scale)
{
  if (!log_scale)
    return v;
  return v > 0 ? log10 (v) : -INFINITY;
}

static inline double
map_x (const PanelGeom *g,
       double           x)
{
  double a = axis_t (g->x_lo, g->x_log), b = axis_t (g->x_hi, g->x_log);
  double f = (axis_t (x, g->x_log) - a) / (b - a);

  if (g->x_rev)
    f = 1.0 - f;
  return g->box.x0 + f * (g->box.x1 - g->box.x0);
}

static inline double
map_y (const PanelGeom *g,
       double           y)
{
  double a = axis_t (g->y_lo, g->y_log), b = axis_t (g->y_hi, g->y_log);
  double f = (axis_t (y, g->y_log) - a) / (b - a);

  if (g->y_rev)
    f = 1.0 - f;
  return g->box.y0 + f * (g->box.y1 - g->box.y0);
}

/* For areas: a non-positive value on a log axis sits just outside the box edge. */
static inline double
map_y_area (const PanelGeom *g,
            double           y)
{
  if (g->y_log && !(y > 0))
    return g->y_rev ? g->box.y1 + 1.0 : g->box.y0 - 1.0;
  return map_y (g, y);
}

static inline gboolean
in_box (const RlxBox *b,
        double        x,
        double        y)
{
  return x >= b->x0 - 1e-6 && x <= b->x1 + 1e-6 && y >= b->y0 - 1e-6 && y <= b->y1 + 1e-6;
}

/* rlx-render.c */
double   rlx_render_text_width      (Ctx             *ctx,
                                     const char      *markup);
void     rlx_render_draw_text       (Ctx             *ctx,
                                     double           x,
                                     double           y,
                                     int              hjust,
                                     int              vjust,
                                     const char      *markup);
void     rlx_render_set_line_style  (Ctx             *ctx,
                                     RlxLineStyle     style,
                                     double           width);
RlxColor rlx_render_resolve_color   (Ctx             *ctx,
                                     RlxColorMode     mode,
                                     RlxColor         color,
                                     double           value,
                                     guint           *auto_index);

/* rlx-render-axes.c */
guint    rlx_render_max_ticks       (double           length,
                                     double           spacing);
void     rlx_render_compute_layout  (Ctx             *ctx);
void     rlx_render_draw_axes       (Ctx             *ctx,
                                     const RlxPanel  *p,
                                     const RlxPanel  *xsrc,
                                     const PanelGeom *g);

/* rlx-render-series.c */
void     rlx_render_draw_polygon    (Ctx             *ctx,
                                     const double    *x,
                                     const double    *y,
                                     gsize            n);
void     rlx_render_draw_marker     (Ctx             *ctx,
                                     RlxMarker        marker,
                                     double           x,
                                     double           y,
                                     double           size,
                                     gboolean         filled,
                                     RlxColor         color);
void     rlx_render_draw_bands      (Ctx             *ctx,
                                     const RlxPanel  *p,
                                     const PanelGeom *g);
void     rlx_render_draw_fills      (Ctx             *ctx,
                                     const RlxPanel  *p,
                                     const PanelGeom *g,
                                     const RlxColor  *colors);
void     rlx_render_draw_ref_lines  (Ctx             *ctx,
                                     const RlxPanel  *p,
                                     const PanelGeom *g);
void     rlx_render_draw_series     (Ctx             *ctx,
                                     const RlxSeries *s,
                                     const PanelGeom *g,
                                     RlxColor         color);
void     rlx_render_draw_annotations (Ctx            *ctx,
                                     const RlxPanel  *p,
                                     const PanelGeom *g);

/* rlx-render-legend.c */
void     rlx_render_draw_legend     (Ctx             *ctx,
                                     const RlxPanel  *p,
                                     const PanelGeom *g,
                                     const RlxColor  *series_colors,
                                     const RlxColor  *fill_colors);
void     rlx_render_draw_color_bar  (Ctx             *ctx);

G_END_DECLS
