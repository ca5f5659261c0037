/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-plot"

#include "config.h"

#include "rlx-plot-kinds.h"

#include <math.h>

/* Palette entries, so that a figure keeps its meaning across themes. */
enum
{
  PAL_DATA = 0,
  PAL_FIT = 1,
  PAL_SECOND = 2,
  PAL_THIRD = 3,
};

/* A DMA sweep with more points than this shows them as a line with every k-th point marked. */
#define DMA_MAX_MARKERS 80

/* Families with more curves than this get a colour bar instead of a legend. */
#define MAX_LEGEND_ENTRIES 8

static void
use_palette (RlxSeries *s,
             int        index)
{
  s->color_mode = RLX_COLOR_PALETTE;
  s->color_value = index;
}

static RlxSeries *
add_curve_line (RlxPanel           *panel,
                const RlxPlotCurve *c)
{
  return rlx_panel_add_line (panel, c->label, c->x, c->y, c->n);
}

RlxFigure *
rlx_plot_run (const RlxPlotCurve *curves,
              guint               n_curves,
              const char         *x_label,
              const char         *y_label,
              gboolean            y_log)
{
  RlxFigure *figure = rlx_figure_new ();
  RlxPanel *panel = rlx_figure_add_panel (figure, x_label, y_label);

  if (y_log)
    panel->y.scale = RLX_AXIS_SCALE_LOG10;
  for (guint i = 0; i < n_curves; i++)
    {
      RlxSeries *s = add_curve_line (panel, &curves[i]);

      if (n_curves == 1)
        {
          s->color_mode = RLX_COLOR_FOREGROUND;
          g_clear_pointer (&s->label, g_free);
        }
    }
  panel->legend = n_curves > 1 ? RLX_LEGEND_AUTO : RLX_LEGEND_NONE;
  return figure;
}

RlxFigure *
rlx_plot_peak (const RlxPlotPeak *peak)
{
  RlxFigure *figure = rlx_figure_new ();
  RlxPanel *top = rlx_figure_add_panel (figure, peak->x_label, peak->y_label);
  RlxSeries *s;

  figure->share_x = TRUE;

  if (isfinite (peak->window_lo) && isfinite (peak->window_hi) && peak->window_hi > peak->window_lo)
    {
      RlxBand *b = rlx_panel_add_band (top, NULL, RLX_ORIENTATION_VERTICAL, peak->window_lo,
                                       peak->window_hi);
      b->opacity = 0.08;
    }

  for (guint i = 0; i < peak->n_components; i++)
    {
      const RlxPlotCurve *c = &peak->components[i];
      /* Components on the peak's grid with a baseline are shaded down to the baseline. */
      const double *low = (peak->baseline != NULL && c->n == peak->n && c->x == peak->x)
                          ? peak->baseline : NULL;
      RlxFill *f = rlx_panel_add_fill (top, NULL, c->x, low, c->y, c->n);

      f->color_mode = RLX_COLOR_PALETTE;
      f->color_value = PAL_SECOND + i;
      f->opacity = 0.22;
    }

  s = rlx_panel_add_line (top, "Data", peak->x, peak->y, peak->n);
  s->color_mode = RLX_COLOR_FOREGROUND;
  s->line_width = 0.8;

  if (peak->baseline != NULL)
    {
      s = rlx_panel_add_line (top, "Baseline", peak->x, peak->baseline, peak->n);
      s->color_mode = RLX_COLOR_MUTED;
      s->line = RLX_LINE_DOTTED;
    }

  for (guint i = 0; i < peak->n_components; i++)
    {
      const RlxPlotCurve *c = &peak->components[i];

      s = add_curve_line (top, c);
      s->line = RLX_LINE_DASHED;
      s->line_width = 0.9;
      use_palette (s, PAL_SECOND + i);
    }

  if (peak->fit != NULL)
    {
      s = rlx_panel_add_line (top, peak->fit_label != NULL ? peak->fit_label : "Fit", peak->x,
                              peak->fit, peak->n);
      use_palette (s, PAL_FIT);
      s->line_width = 1.1;

      {
        RlxPanel *bottom = rlx_figure_add_panel (figure, peak->x_label, "Residual");
        g_autofree double *r = g_new (double, peak->n);

        for (gsize i = 0; i < peak->n; i++)
          r[i] = peak->y[i] - peak->fit[i];
        bottom->weight = 0.34;
        bottom->legend = RLX_LEGEND_NONE;
        rlx_panel_add_ref_line (bottom, NULL, RLX_ORIENTATION_HORIZONTAL, 0.0);
        s = rlx_panel_add_line (bottom, NULL, peak->x, r, peak->n);
        s->color_mode = RLX_COLOR_FOREGROUND;
        s->line_width = 0.7;
        bottom->y.include_zero = TRUE;
        bottom->y.padding = 0.12;
      }
    }

  top->legend = RLX_LEGEND_AUTO;
  return figure;
}

/* The median of five neighbours: a peak's own shape passes, a one-point noise spike does not. */
static double
median5 (const double *y,
         gsize         n,
         gsize         i)
{
  double w[5];
  guint m = 0;

  for (gsize j = i >= 2 ? i - 2 : 0; j <= i + 2 && j < n; j++)
    if (isfinite (y[j]))
      w[m++] = y[j];
  if (m == 0)
    return NAN;
  /* Insertion sort of at most five. */
  for (guint a = 1; a < m; a++)
    for (guint b = a; b > 0 && w[b - 1] > w[b]; b--)
      {
        double t = w[b];
        w[b] = w[b - 1];
        w[b - 1] = t;
      }
  return w[m / 2];
}

/*
 * A log heat-flow axis is about the peak tops. The floor sits at a third of the lowest curve's
 * top (so that every peak of the family shows, above the noise of its tails), but one to three
 * decades below the highest; the x
 * range covers where some curve is above a sixth of its own top. Tops and that test use the
 * five-point median, so the noise of flat tails, which on a log axis fills the whole plot,
 * decides neither.
 */
#define FAMILY_MAX_DECADES 3.0
#define FAMILY_MIN_DECADES 1.0
#define FAMILY_FLOOR_FRACTION 0.3
#define FAMILY_X_FRACTION (1.0 / 6.0)

static void
set_family_log_range (RlxPanel           *panel,
                      const RlxPlotCurve *curves,
                      guint               n_curves)
{
  g_autofree double *top = g_new0 (double, n_curves + 1);
  double hi = 0.0, low_top = INFINITY, floor_v, lo, xlo = INFINITY, xhi = -INFINITY;

  for (guint i = 0; i < n_curves; i++)
    {
      for (gsize j = 0; j < curves[i].n; j++)
        {
          double m = median5 (curves[i].y, curves[i].n, j);

          if (m > top[i])
            top[i] = m;
        }
      if (top[i] > 0)
        {
          hi = MAX (hi, top[i]);
          low_top = MIN (low_top, top[i]);
        }
    }
  if (!(hi > 0))
    return;
  /* The raw maximum may stand above the median one by a noise spike: keep it inside. */
  {
    double lo_data, hi_data;

    if (rlx_panel_get_data_range (panel, FALSE, RLX_AXIS_SCALE_LOG10, &lo_data, &hi_data))
      hi = MAX (hi, MIN (hi_data, hi * 1.5));
  }
  floor_v = MAX (hi * pow (10.0, -FAMILY_MAX_DECADES), low_top * FAMILY_FLOOR_FRACTION);
  floor_v = MIN (floor_v, hi * pow (10.0, -FAMILY_MIN_DECADES));
  rlx_axis_auto_range (RLX_AXIS_SCALE_LOG10, floor_v, hi, 0.04, FALSE, &lo, &hi);
  rlx_axis_set_range (&panel->y, lo, hi);

  for (guint i = 0; i < n_curves; i++)
    for (gsize j = 0; j < curves[i].n; j++)
      {
        double m;

        if (!isfinite (curves[i].x[j]) || !(curves[i].y[j] > 0))
          continue;
        m = median5 (curves[i].y, curves[i].n, j);
        if (m >= MAX (top[i] * FAMILY_X_FRACTION, floor_v))
          {
            xlo = MIN (xlo, curves[i].x[j]);
            xhi = MAX (xhi, curves[i].x[j]);
          }
      }
  if (xlo < xhi)
    {
      /* The flanks below a sixth of the top take about as much again on each side. */
      double pad = 0.25 * (xhi - xlo);

      rlx_axis_set_range (&panel->x, xlo - pad, xhi + pad);
    }
}

RlxFigure *
rlx_plot_family (const RlxPlotCurve *curves,
                 guint               n_curves,
                 const char         *x_label,
                 const char         *y_label,
                 const char         *color_label,
                 gboolean            color_log,
                 gboolean            y_log)
{
  RlxFigure *figure = rlx_figure_new ();
  RlxPanel *panel = rlx_figure_add_panel (figure, x_label, y_label);
  gboolean any_value = FALSE;

  if (y_log)
    panel->y.scale = RLX_AXIS_SCALE_LOG10;

  for (guint i = 0; i < n_curves; i++)
    any_value |= isfinite (curves[i].value);

  for (guint i = 0; i < n_curves; i++)
    {
      RlxSeries *s = add_curve_line (panel, &curves[i]);

      s->line_width = 0.9;
      if (any_value)
        {
          s->color_mode = RLX_COLOR_SCALE;
          s->color_value = curves[i].value;
        }
    }

  if (any_value)
    {
      rlx_figure_set_color_scale (figure, color_label,
                                  color_log ? RLX_AXIS_SCALE_LOG10 : RLX_AXIS_SCALE_LINEAR, 0, 0);
      panel->legend = RLX_LEGEND_NONE;
    }
  else
    panel->legend = n_curves <= MAX_LEGEND_ENTRIES ? RLX_LEGEND_AUTO : RLX_LEGEND_NONE;

  if (y_log)
    set_family_log_range (panel, curves, n_curves);
  return figure;
}

static void
add_component (RlxPanel           *panel,
               const RlxPlotCurve *c,
               int                 palette)
{
  RlxFill *f;
  RlxSeries *s;

  if (c == NULL || c->n == 0)
    return;
  f = rlx_panel_add_fill (panel, c->label, c->x, NULL, c->y, c->n);
  f->color_mode = RLX_COLOR_PALETTE;
  f->color_value = palette;
  f->opacity = 0.25;
  s = rlx_panel_add_line (panel, NULL, c->x, c->y, c->n);
  s->line = RLX_LINE_DASHED;
  s->line_width = 0.8;
  use_palette (s, palette);
}

RlxFigure *
rlx_plot_dma (const RlxPlotDma *dma)
{
  RlxFigure *figure = rlx_figure_new ();
  RlxPanel *panel = rlx_figure_add_panel (figure, dma->x_label, dma->y_label);
  RlxSeries *s;

  if (dma->y_log)
    panel->y.scale = RLX_AXIS_SCALE_LOG10;

  add_component (panel, dma->alpha, PAL_SECOND);
  add_component (panel, dma->beta, PAL_THIRD);

  if (dma->data.n > DMA_MAX_MARKERS)
    {
      /* A sweep of hundreds of points as touching circles would hide the fit beneath: the
       * measured curve is a thin line, with a marker on every k-th point to say it is data. */
      gsize step = (dma->data.n + DMA_MAX_MARKERS - 1) / DMA_MAX_MARKERS, m = 0;
      g_autofree double *mx = g_new (double, dma->data.n / step + 1);
      g_autofree double *my = g_new (double, dma->data.n / step + 1);

      s = rlx_panel_add_line (panel, NULL, dma->data.x, dma->data.y, dma->data.n);
      s->color_mode = RLX_COLOR_FOREGROUND;
      s->line_width = 0.6;
      for (gsize i = 0; i < dma->data.n; i += step, m++)
        {
          mx[m] = dma->data.x[i];
          my[m] = dma->data.y[i];
        }
      s = rlx_panel_add_markers (panel, dma->data.label != NULL ? dma->data.label : "Data",
                                 mx, my, NULL, m);
    }
  else
    s = rlx_panel_add_markers (panel, dma->data.label != NULL ? dma->data.label : "Data",
                               dma->data.x, dma->data.y, dma->data.y_err, dma->data.n);
  s->color_mode = RLX_COLOR_FOREGROUND;
  s->marker_filled = FALSE;
  s->marker_size = 0.8;

  if (dma->hn_fit != NULL && dma->hn_fit->n > 0)
    {
      s = add_curve_line (panel, dma->hn_fit);
      use_palette (s, PAL_FIT);
    }
  if (dma->debye_fit != NULL && dma->debye_fit->n > 0)
    {
      s = add_curve_line (panel, dma->debye_fit);
      use_palette (s, 6);
      s->line = RLX_LINE_DASH_DOT;
    }
  /* On a log axis the components' far tails (10⁻⁵ MPa) would stretch the range over many empty
   * decades: the measured curve sets it. */
  if (dma->y_log)
    {
      double lo = INFINITY, hi = -INFINITY;

      for (gsize i = 0; i < dma->data.n; i++)
        if (dma->data.y[i] > 0 && isfinite (dma->data.y[i]))
          {
            lo = MIN (lo, dma->data.y[i]);
            hi = MAX (hi, dma->data.y[i]);
          }
      if (lo < hi)
        {
          rlx_axis_auto_range (RLX_AXIS_SCALE_LOG10, lo / 1.5, hi, 0.04, FALSE, &lo, &hi);
          rlx_axis_set_range (&panel->y, lo, hi);
        }
    }
  panel->legend = RLX_LEGEND_AUTO;
  return figure;
}

void
rlx_plot_add_process_bands (RlxPanel *panel,
                            double    scale)
{
  static const struct { const char *label; double from, to; } bands[] = {
    { "γ/β′", 30.0, 60.0 },
    { "β", 80.0, 120.0 },
    { "α", 340.0, 420.0 },
  };

  if (!(scale > 0))
    scale = 1.0;
  for (guint i = 0; i < G_N_ELEMENTS (bands); i++)
    rlx_panel_add_band (panel, bands[i].label, RLX_ORIENTATION_HORIZONTAL,
                        bands[i].from * scale, bands[i].to * scale);
}

static const RlxMarker method_markers[] = {
  RLX_MARKER_CIRCLE, RLX_MARKER_SQUARE, RLX_MARKER_TRIANGLE, RLX_MARKER_DIAMOND,
  RLX_MARKER_TRIANGLE_DOWN,
};

RlxFigure *
rlx_plot_estar_ta (const RlxPlotCurve *methods,
                   guint               n_methods,
                   const char         *x_label,
                   const char         *y_label,
                   gboolean            show_bands)
{
  RlxFigure *figure = rlx_figure_new ();
  RlxPanel *panel = rlx_figure_add_panel (figure, x_label, y_label);

  if (show_bands)
    rlx_plot_add_process_bands (panel, 1.0);
  panel->y.include_zero = TRUE;

  for (guint i = 0; i < n_methods; i++)
    {
      const RlxPlotCurve *c = &methods[i];
      RlxSeries *s = rlx_panel_add_markers (panel, c->label, c->x, c->y, c->y_err, c->n);

      s->marker = method_markers[i % G_N_ELEMENTS (method_markers)];
      s->marker_filled = (i % 2) == 0;
      use_palette (s, i == 0 ? PAL_DATA : (int) i);
    }
  panel->legend = n_methods > 1 ? RLX_LEGEND_TOP_LEFT : RLX_LEGEND_NONE;
  return figure;
}

RlxFigure *
rlx_plot_estar_ta_time (const RlxPlotCurve *per_ta,
                        guint               n_curves,
                        const char         *x_label,
                        const char         *y_label,
                        const char         *color_label)
{
  RlxFigure *figure = rlx_figure_new ();
  RlxPanel *panel = rlx_figure_add_panel (figure, x_label, y_label);
  gboolean legend = n_curves <= MAX_LEGEND_ENTRIES;

  panel->x.scale = RLX_AXIS_SCALE_LOG10;
  panel->x.padding = 0.06;
  for (guint i = 0; i < n_curves; i++)
    {
      const RlxPlotCurve *c = &per_ta[i];
      RlxSeries *s = rlx_panel_add_markers (panel, legend ? c->label : NULL, c->x, c->y, c->y_err,
                                            c->n);

      s->line = RLX_LINE_SOLID;
      s->line_width = 0.7;
      s->marker = method_markers[i % G_N_ELEMENTS (method_markers)];
      if (isfinite (c->value))
        {
          s->color_mode = RLX_COLOR_SCALE;
          s->color_value = c->value;
        }
    }
  if (n_curves > 0 && color_label != NULL)
    rlx_figure_set_color_scale (figure, color_label, RLX_AXIS_SCALE_LINEAR, 0, 0);
  panel->legend = legend ? RLX_LEGEND_AUTO : RLX_LEGEND_NONE;
  return figure;
}

RlxFigure *
rlx_plot_estar_enthalpy (const double *enthalpy,
                         const double *estar,
                         const double *estar_err,
                         const double *color_values,
                         gsize         n,
                         const char   *x_label,
                         const char   *y_label,
                         const char   *color_label)
{
  RlxFigure *figure = rlx_figure_new ();
  RlxPanel *panel = rlx_figure_add_panel (figure, x_label, y_label);
  RlxSeries *s = rlx_panel_add_markers (panel, NULL, enthalpy, estar, estar_err, n);

  s->marker_size = 1.15;
  if (color_values != NULL)
    {
      rlx_series_set_color_values (s, color_values);
      rlx_figure_set_color_scale (figure, color_label, RLX_AXIS_SCALE_LINEAR, 0, 0);
    }
  else
    s->color_mode = RLX_COLOR_FOREGROUND;
  panel->legend = RLX_LEGEND_NONE;
  return figure;
}

RlxFigure *
rlx_plot_xy (const RlxPlotCurve *curves,
             guint               n_curves,
             RlxPlotStyle        style,
             const char         *x_label,
             const char         *y_label,
             gboolean            x_log,
             gboolean            y_log)
{
  RlxFigure *figure = rlx_figure_new ();
  RlxPanel *panel = rlx_figure_add_panel (figure, x_label, y_label);
  guint n_labels = 0;

  if (x_log)
    panel->x.scale = RLX_AXIS_SCALE_LOG10;
  if (y_log)
    panel->y.scale = RLX_AXIS_SCALE_LOG10;

  for (guint i = 0; i < n_curves; i++)
    {
      const RlxPlotCurve *c = &curves[i];
      RlxSeries *s;

      if (c->label != NULL)
        n_labels++;
      switch (style)
        {
        case RLX_PLOT_STYLE_STEMS:
          {
            /* Bars from zero (or the axis floor on a log axis) as broken line pieces. */
            g_autofree double *x = g_new (double, 3 * c->n);
            g_autofree double *y = g_new (double, 3 * c->n);

            for (gsize j = 0; j < c->n; j++)
              {
                x[3 * j] = c->x[j];
                y[3 * j] = y_log ? NAN : 0.0;
                x[3 * j + 1] = c->x[j];
                y[3 * j + 1] = c->y[j];
                x[3 * j + 2] = NAN;
                y[3 * j + 2] = NAN;
              }
            if (y_log)
              {
                /* On a log axis a stem starts at the smallest positive value shown. */
                double lo = INFINITY;

                for (gsize j = 0; j < c->n; j++)
                  if (c->y[j] > 0)
                    lo = MIN (lo, c->y[j]);
                for (gsize j = 0; j < c->n; j++)
                  y[3 * j] = isfinite (lo) ? lo / 3.0 : NAN;
              }
            s = rlx_panel_add_line (panel, c->label, x, y, 3 * c->n);
            s->line_width = 1.6;
            if (!y_log)
              panel->y.include_zero = TRUE;
          }
          break;
        case RLX_PLOT_STYLE_MARKERS:
          s = rlx_panel_add_markers (panel, c->label, c->x, c->y, c->y_err, c->n);
          s->marker = method_markers[i % G_N_ELEMENTS (method_markers)];
          break;
        case RLX_PLOT_STYLE_LINES_MARKERS:
          s = rlx_panel_add_markers (panel, c->label, c->x, c->y, c->y_err, c->n);
          s->line = RLX_LINE_SOLID;
          s->marker = method_markers[i % G_N_ELEMENTS (method_markers)];
          break;
        case RLX_PLOT_STYLE_LINES:
        default:
          s = rlx_panel_add_line (panel, c->label, c->x, c->y, c->n);
          break;
        }
      if (isfinite (c->value))
        {
          s->color_mode = RLX_COLOR_SCALE;
          s->color_value = c->value;
        }
    }
  panel->legend = n_labels > 0 && n_labels <= MAX_LEGEND_ENTRIES ? RLX_LEGEND_AUTO : RLX_LEGEND_NONE;
  return figure;
}
