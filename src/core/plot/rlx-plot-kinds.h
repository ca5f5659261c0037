/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rlx-figure.h"

G_BEGIN_DECLS

/*
 * The figures of the field, built from plain arrays (never from the database). Each builder
 * returns a new RlxFigure the caller may still adjust before rendering. Arrays are copied.
 * Units are the caller's: pass labels that say them, e.g. "T (K)", "E* (kJ mol^{-1})".
 */

/* One curve: x, y (and optionally y_err) of n points; value colours it on a colour scale. */
typedef struct
{
  const char   *label;
  const double *x;
  const double *y;
  const double *y_err;
  gsize         n;
  double        value;         /* Ta, ta … for families; NAN otherwise */
} RlxPlotCurve;

/* (1) A run: one or more channels against T or t. */
RlxFigure *rlx_plot_run             (const RlxPlotCurve *curves,
                                     guint               n_curves,
                                     const char         *x_label,
                                     const char         *y_label,
                                     gboolean            y_log);

/* (2) A peak with its baseline, fit and components, and a residual panel below. */
typedef struct
{
  const double       *x;
  const double       *y;           /* the measured peak (after reference subtraction) */
  gsize               n;
  const double       *baseline;    /* on x, or NULL */
  const double       *fit;         /* on x, or NULL; the residual panel needs it */
  const char         *fit_label;   /* e.g. "Debye fit" */
  const RlxPlotCurve *components;  /* drawn dashed and shaded; a component on the peak's own x
                                    * array (same pointer) includes the baseline and is shaded
                                    * down to it, any other down to zero */
  guint               n_components;
  double              window_lo;   /* fit window (NAN: none) */
  double              window_hi;
  const char         *x_label;
  const char         *y_label;
} RlxPlotPeak;

RlxFigure *rlx_plot_peak            (const RlxPlotPeak  *peak);

/* (3) A family of peaks on a log heat-flow axis, coloured by Ta or ta (values in curves[i].value).
 * Non-positive y values are left out (log axis). */
RlxFigure *rlx_plot_family          (const RlxPlotCurve *curves,
                                     guint               n_curves,
                                     const char         *x_label,
                                     const char         *y_label,
                                     const char         *color_label,
                                     gboolean            color_log,
                                     gboolean            y_log);

/* (4) DMA E″(T) with HN and Debye fits; α and β components shaded. Any curve may be NULL. */
typedef struct
{
  RlxPlotCurve        data;        /* measured E″ */
  const RlxPlotCurve *hn_fit;
  const RlxPlotCurve *debye_fit;
  const RlxPlotCurve *alpha;       /* component, shaded */
  const RlxPlotCurve *beta;        /* component, shaded */
  const char         *x_label;
  const char         *y_label;
  gboolean            y_log;
} RlxPlotDma;

RlxFigure *rlx_plot_dma             (const RlxPlotDma   *dma);

/* (5) E* against Ta (one marker series per method, with error bars) over the bands of the
 * known processes: γ/β′ 30–60, β 80–120, α 340–420 kJ mol⁻¹ (energies in kJ/mol). */
RlxFigure *rlx_plot_estar_ta        (const RlxPlotCurve *methods,
                                     guint               n_methods,
                                     const char         *x_label,
                                     const char         *y_label,
                                     gboolean            show_bands);

/* The bands above, for figures that need them: label markup, from, to (kJ/mol). */
void       rlx_plot_add_process_bands (RlxPanel         *panel,
                                     double              scale);

/* (5b) E* against ta on a log time axis, one series per Ta, coloured by Ta. */
RlxFigure *rlx_plot_estar_ta_time   (const RlxPlotCurve *per_ta,
                                     guint               n_curves,
                                     const char         *x_label,
                                     const char         *y_label,
                                     const char         *color_label);

/* (6) E* against recovered enthalpy; every point coloured by its Ta (color_values). */
RlxFigure *rlx_plot_estar_enthalpy  (const double       *enthalpy,
                                     const double       *estar,
                                     const double       *estar_err,
                                     const double       *color_values,
                                     gsize               n,
                                     const char         *x_label,
                                     const char         *y_label,
                                     const char         *color_label);

/* Generic: any number of curves as lines, markers or both, linear or log axes. Also for
 * spectrum bars (use RLX_PLOT_STYLE_STEMS) and L-curves. */
typedef enum
{
  RLX_PLOT_STYLE_LINES = 0,
  RLX_PLOT_STYLE_MARKERS,
  RLX_PLOT_STYLE_LINES_MARKERS,
  RLX_PLOT_STYLE_STEMS,         /* vertical bars from zero to each point */
} RlxPlotStyle;

RlxFigure *rlx_plot_xy              (const RlxPlotCurve *curves,
                                     guint               n_curves,
                                     RlxPlotStyle        style,
                                     const char         *x_label,
                                     const char         *y_label,
                                     gboolean            x_log,
                                     gboolean            y_log);

G_END_DECLS
