/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-plot"

#include "config.h"

#include "rlx-plot-kinds.h"

#include <math.h>

/*
 * The spectrum figures (rlx-plot-kinds.h, 7): stems over the peak, the L-curve, the family map.
 * Like every builder they take plain arrays; the CLI and the GUI read them from a stored
 * spectrum result.
 */

/* Palette entries, as in rlx-plot-kinds.c. */
enum
{
  PAL_DATA = 0,
  PAL_FIT = 1,
};

/* Components beyond this many are not marked: their labels would run into each other. */
#define MAX_MARKED_COMPONENTS 4
#define MIN_MARKED_FRACTION 0.05

/* Colour levels of the map, as many as the colour bar has slices. */
#define MAP_LEVELS 64

static void
use_palette (RlxSeries *s,
             int        index)
{
  s->color_mode = RLX_COLOR_PALETTE;
  s->color_value = index;
}

/* Vertical bars from zero to each non-zero value, as one line series broken by NaN. */
static RlxSeries *
add_stems (RlxPanel     *panel,
           const char   *label,
           const double *x,
           const double *y,
           gsize         n)
{
  g_autofree double *sx = g_new (double, 3 * n + 1);
  g_autofree double *sy = g_new (double, 3 * n + 1);
  gsize m = 0;
  RlxSeries *s;

  for (gsize j = 0; j < n; j++)
    {
      /* Units the spectrum left out (weight exactly 0) are not drawn as dots on the axis. */
      if (!isfinite (x[j]) || !isfinite (y[j]) || y[j] == 0.0)
        continue;
      sx[m] = x[j];
      sy[m++] = 0.0;
      sx[m] = x[j];
      sy[m++] = y[j];
      sx[m] = NAN;
      sy[m++] = NAN;
    }
  s = rlx_panel_add_line (panel, label, sx, sy, m);
  s->line_width = 1.6;
  s->line = RLX_LINE_SOLID;
  return s;
}

/* A λ for a legend entry. Plain "3.8e-03", not a superscript: libplot places a superscript
 * after the text before it with its own font metrics, and a legend entry already mixes fonts
 * (λ), so the exponent would land on the mantissa with the screen's fonts. */
static char *
format_lambda (double v)
{
  if (!isfinite (v))
    return g_strdup ("?");
  return g_strdup_printf ("%.2g", v);
}

RlxFigure *
rlx_plot_spectrum (const RlxPlotSpectrum *sp)
{
  RlxFigure *figure = rlx_figure_new ();
  RlxPanel *stems = rlx_figure_add_panel (figure, sp->x_label, sp->weight_label);
  RlxPanel *peak = rlx_figure_add_panel (figure, sp->x_label, sp->y_label);
  RlxSeries *s;

  figure->share_x = TRUE;

  stems->weight = 0.6;
  stems->y.include_zero = TRUE;
  stems->y.padding = 0.08;
  stems->legend = RLX_LEGEND_NONE;
  s = add_stems (stems, NULL, sp->tp, sp->weight, sp->n_grid);
  use_palette (s, PAL_DATA);

  if (sp->component_tp != NULL && sp->n_components <= MAX_MARKED_COMPONENTS)
    for (guint i = 0; i < sp->n_components; i++)
      {
        g_autofree char *label = NULL;
        RlxRefLine *l;

        /* Lobes of a per cent or two are noise at the grid's ends: not worth a label. */
        if (!isfinite (sp->component_tp[i]) ||
            (sp->component_fraction != NULL && sp->component_fraction[i] < MIN_MARKED_FRACTION))
          continue;
        if (sp->component_fraction != NULL && isfinite (sp->component_fraction[i]))
          label = g_strdup_printf ("%.0f K, %.0f %%", sp->component_tp[i],
                                   100.0 * sp->component_fraction[i]);
        else
          label = g_strdup_printf ("%.0f K", sp->component_tp[i]);
        l = rlx_panel_add_ref_line (stems, label, RLX_ORIENTATION_VERTICAL, sp->component_tp[i]);
        l->color_mode = RLX_COLOR_MUTED;
        l->line = RLX_LINE_DOTTED;
      }

  s = rlx_panel_add_line (peak, "Peak", sp->t, sp->y, sp->n_points);
  s->color_mode = RLX_COLOR_FOREGROUND;
  s->line_width = 0.8;
  if (sp->fit != NULL)
    {
      RlxPanel *bottom;
      g_autofree double *r = g_new (double, sp->n_points);

      s = rlx_panel_add_line (peak, "Spectrum fit", sp->t, sp->fit, sp->n_points);
      use_palette (s, PAL_FIT);
      s->line_width = 1.1;

      bottom = rlx_figure_add_panel (figure, sp->x_label, "Residual");
      for (gsize i = 0; i < sp->n_points; i++)
        r[i] = sp->y[i] - sp->fit[i];
      bottom->weight = 0.34;
      bottom->legend = RLX_LEGEND_NONE;
      bottom->y.include_zero = TRUE;
      bottom->y.padding = 0.12;
      rlx_panel_add_ref_line (bottom, NULL, RLX_ORIENTATION_HORIZONTAL, 0.0);
      s = rlx_panel_add_line (bottom, NULL, sp->t, r, sp->n_points);
      s->color_mode = RLX_COLOR_FOREGROUND;
      s->line_width = 0.7;
    }
  peak->legend = RLX_LEGEND_AUTO;
  return figure;
}

RlxFigure *
rlx_plot_lcurve (const double *residual_norm,
                 const double *solution_norm,
                 const double *lambda,
                 gsize         n,
                 gsize         corner,
                 double        used_lambda,
                 double        used_residual,
                 double        used_solution,
                 const char   *x_label,
                 const char   *y_label)
{
  RlxFigure *figure = rlx_figure_new ();
  RlxPanel *panel = rlx_figure_add_panel (figure, x_label, y_label);
  gboolean have_used = used_residual > 0 && used_solution > 0;
  gboolean same = FALSE;
  RlxSeries *s;

  panel->x.scale = RLX_AXIS_SCALE_LOG10;
  panel->y.scale = RLX_AXIS_SCALE_LOG10;
  panel->x.padding = 0.06;
  panel->y.padding = 0.06;

  s = rlx_panel_add_markers (panel, "λ scan", residual_norm, solution_norm, NULL, n);
  s->line = RLX_LINE_SOLID;
  s->line_width = 0.7;
  s->marker_size = 0.7;
  s->color_mode = RLX_COLOR_MUTED;

  /* The corner is the λ used when they agree to a few per cent. */
  if (corner < n && have_used && lambda != NULL && lambda[corner] > 0 && used_lambda > 0)
    same = fabs (log (lambda[corner] / used_lambda)) < 0.05;

  if (corner < n)
    {
      g_autofree char *lam = format_lambda (lambda != NULL ? lambda[corner] : NAN);
      g_autofree char *label = g_strdup_printf (same ? "Corner, used: λ = %s" : "Corner: λ = %s", lam);

      s = rlx_panel_add_markers (panel, label, &residual_norm[corner], &solution_norm[corner], NULL, 1);
      s->marker = RLX_MARKER_DIAMOND;
      s->marker_size = 1.8;
      use_palette (s, PAL_FIT);
    }
  if (have_used && !same)
    {
      g_autofree char *lam = format_lambda (used_lambda);
      g_autofree char *label = g_strdup_printf ("Used: λ = %s", lam);

      s = rlx_panel_add_markers (panel, label, &used_residual, &used_solution, NULL, 1);
      s->marker = RLX_MARKER_SQUARE;
      s->marker_size = 1.6;
      s->marker_filled = FALSE;
      use_palette (s, PAL_DATA);
    }
  panel->legend = RLX_LEGEND_AUTO;
  return figure;
}

static int
compare_by_value (gconstpointer a,
                  gconstpointer b,
                  gpointer      data)
{
  const double *v = data;
  double x = v[*(const gsize *) a], y = v[*(const gsize *) b];

  return (x > y) - (x < y);
}

/* Edges of cells centred on ascending values: halfway between neighbours, the outer ones as far
 * out as the inner ones; a single value gets ±`lone` around it. */
static void
cell_edges (const double *centre,
            gsize         n,
            double        lone,
            double       *edge)
{
  if (n == 1)
    {
      edge[0] = centre[0] - lone;
      edge[1] = centre[0] + lone;
      return;
    }
  for (gsize i = 1; i < n; i++)
    edge[i] = 0.5 * (centre[i - 1] + centre[i]);
  edge[0] = centre[0] - (edge[1] - centre[0]);
  edge[n] = centre[n - 1] + (centre[n - 1] - edge[n - 1]);
}

static void
add_cell (RlxPanel *panel,
          double    x0,
          double    x1,
          double    y0,
          double    y1,
          double    value)
{
  double x[2] = { x0, x1 }, lo[2] = { y0, y0 }, hi[2] = { y1, y1 };
  RlxFill *f = rlx_panel_add_fill (panel, NULL, x, lo, hi, 2);

  f->color_mode = RLX_COLOR_SCALE;
  f->color_value = value;
  f->opacity = 1.0;
}

RlxFigure *
rlx_plot_spectrum_map (const RlxPlotSpectrumMap *map)
{
  RlxFigure *figure = rlx_figure_new ();
  RlxPanel *panel = rlx_figure_add_panel (figure, map->x_label, map->y_label);
  g_autofree gsize *order = g_new (gsize, map->n_runs + 1);
  g_autofree double *unique = g_new (double, map->n_runs + 1);
  g_autofree double *x_edge = g_new (double, map->n_runs + 2);
  g_autofree double *y_edge = g_new (double, map->n_bins + 2);
  gsize n_unique = 0;
  double vmax = 0.0;

  panel->legend = RLX_LEGEND_NONE;
  if (map->n_runs == 0 || map->n_bins == 0)
    return figure;

  for (gsize i = 0; i < map->n_runs * map->n_bins; i++)
    if (isfinite (map->values[i]))
      vmax = MAX (vmax, map->values[i]);
  if (!(vmax > 0))
    vmax = 1.0;
  rlx_figure_set_color_scale (figure, map->color_label, RLX_AXIS_SCALE_LINEAR, 0.0, vmax);

  for (gsize r = 0; r < map->n_runs; r++)
    order[r] = r;
  g_qsort_with_data (order, map->n_runs, sizeof (gsize), compare_by_value, (gpointer) map->run_value);
  for (gsize k = 0; k < map->n_runs; k++)
    if (n_unique == 0 || map->run_value[order[k]] != unique[n_unique - 1])
      unique[n_unique++] = map->run_value[order[k]];
  cell_edges (unique, n_unique, MAX (fabs (unique[0]) * 0.02, 1.0), x_edge);
  cell_edges (map->axis, map->n_bins,
              MAX (fabs (map->axis[0]) * 0.02, 1.0), y_edge);

  /* Runs that share a value split its column, in the order given. */
  for (gsize u = 0, k = 0; u < n_unique; u++)
    {
      gsize first = k, count;

      while (k < map->n_runs && map->run_value[order[k]] == unique[u])
        k++;
      count = k - first;
      for (gsize j = 0; j < count; j++)
        {
          gsize r = order[first + j];
          double w = (x_edge[u + 1] - x_edge[u]) / count;
          double x0 = x_edge[u] + j * w, x1 = x0 + w;
          /* A hair of overlap, so that antialiased cell edges show no seams. */
          double ox = 0.08 * w;
          gsize b = 0;

          while (b < map->n_bins)
            {
              double v = map->values[b * map->n_runs + r];
              int level = isfinite (v) ? (int) CLAMP (floor (v / vmax * MAP_LEVELS), 0, MAP_LEVELS - 1) : -1;
              gsize e = b + 1;

              /* Neighbouring bins of one colour level are one cell. */
              while (e < map->n_bins)
                {
                  double v2 = map->values[e * map->n_runs + r];
                  int l2 = isfinite (v2) ? (int) CLAMP (floor (v2 / vmax * MAP_LEVELS), 0, MAP_LEVELS - 1) : -1;

                  if (l2 != level)
                    break;
                  e++;
                }
              /* Cells below the first level stay blank: the map shows where weight is. */
              if (level >= 1)
                {
                  double oy = 0.15 * (y_edge[e] - y_edge[b]) / (double) (e - b);

                  add_cell (panel, x0, x1 + (u + 1 < n_unique || j + 1 < count ? ox : 0.0),
                            y_edge[b], y_edge[e] + (e < map->n_bins ? oy : 0.0),
                            vmax * (level + 0.5) / MAP_LEVELS);
                }
              b = e;
            }
        }
    }

  rlx_axis_set_range (&panel->x, x_edge[0], x_edge[n_unique]);
  rlx_axis_set_range (&panel->y, y_edge[0], y_edge[map->n_bins]);

  if (map->mean_axis != NULL)
    {
      g_autofree double *mx = g_new (double, map->n_runs);
      g_autofree double *my = g_new (double, map->n_runs);
      RlxSeries *s;

      for (gsize k = 0; k < map->n_runs; k++)
        {
          mx[k] = map->run_value[order[k]];
          my[k] = map->mean_axis[order[k]];
        }
      s = rlx_panel_add_markers (panel, "Weighted mean", mx, my, NULL, map->n_runs);
      s->line = RLX_LINE_SOLID;
      s->line_width = 0.7;
      s->marker_filled = FALSE;
      s->marker_size = 0.9;
      s->color_mode = RLX_COLOR_FOREGROUND;
      panel->legend = RLX_LEGEND_AUTO;
    }
  return figure;
}
