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

/*
 * (7) Spectrum figures, from the arrays of a Debye-spectrum decomposition (plain arrays: the
 * plot library knows nothing of how they were computed).
 */

/* Three panels on one temperature axis: the spectrum as stems (weight of each grid unit at its
 * Tp) above the peak with the spectrum's fit, and the residual below. */
typedef struct
{
  const double *tp;            /* grid peak temperatures */
  const double *weight;        /* weights ≥ 0 at tp */
  gsize         n_grid;
  const double *t;             /* the peak's abscissae */
  const double *y;             /* the peak */
  const double *fit;           /* the spectrum's model on t, or NULL (no residual panel) */
  gsize         n_points;
  const double *component_tp;  /* mean Tp of each component (lobe), marked on the stems; or NULL */
  const double *component_fraction; /* its share of the total (0…1), or NULL */
  guint         n_components;
  const char   *x_label;       /* "T (K)" */
  const char   *y_label;       /* of the peak, e.g. "dQ/dT (J g^{-1} K^{-1})" */
  const char   *weight_label;  /* of the stems, e.g. "w (J g^{-1})" */
} RlxPlotSpectrum;

RlxFigure *rlx_plot_spectrum        (const RlxPlotSpectrum *spectrum);

/* The L-curve: solution (semi)norm against residual norm on log–log axes, one point per λ of
 * the scan, with its corner (an index, or G_MAXSIZE for none) and the λ the spectrum used (its
 * own norms, NAN for none) marked. */
RlxFigure *rlx_plot_lcurve          (const double       *residual_norm,
                                     const double       *solution_norm,
                                     const double       *lambda,
                                     gsize               n,
                                     gsize               corner,
                                     double              used_lambda,
                                     double              used_residual,
                                     double              used_solution,
                                     const char         *x_label,
                                     const char         *y_label);

/* A family map: one column per run at its family value (e.g. Ta), one row per bin of the axis
 * (E or Tp), coloured by the weight in the cell, with a colour bar. Runs sharing a value split
 * its column. Cells below 1/64 of the largest value (the colour bar's first slice) are left
 * blank. */
typedef struct
{
  gsize         n_runs;
  const double *run_value;     /* n_runs, e.g. Ta (K) */
  gsize         n_bins;
  const double *axis;          /* n_bins bin centres, ascending */
  const double *values;        /* n_bins × n_runs, row-major (bin, run), ≥ 0 */
  const double *mean_axis;     /* n_runs weight-averaged axis value, drawn over the map; or NULL */
  const char   *x_label;       /* "T_a (K)" */
  const char   *y_label;       /* "E (kJ mol^{-1})" or "T_p (K)" */
  const char   *color_label;   /* "Relative weight" */
} RlxPlotSpectrumMap;

RlxFigure *rlx_plot_spectrum_map    (const RlxPlotSpectrumMap *map);

G_END_DECLS
