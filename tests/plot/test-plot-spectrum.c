/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-plot-test"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "plot-test-figures.h"
#include "plot-test-svg.h"
#include "rlx-render.h"
#include "rlx-test-util.h"

/*
 * The spectrum figures: stems over the peak with its fit and residual, the L-curve, the family
 * map. Checked in their SVG (what is drawn, how many of each) and as PNG (something is drawn).
 */

#define N_GRID 40
#define N_POINTS 300

typedef struct
{
  double tp[N_GRID], w[N_GRID];
  double t[N_POINTS], y[N_POINTS], fit[N_POINTS];
} Spectrum;

/* Two lobes of weights on a grid; the peak is their sum of Debye peaks plus a little noise. */
static void
make_spectrum (Spectrum *sp)
{
  guint32 seed = 99;

  for (int j = 0; j < N_GRID; j++)
    {
      sp->tp[j] = 300.0 + 2.5 * j;
      sp->w[j] = 0.2 * exp (-pow ((sp->tp[j] - 330.0) / 6.0, 2)) +
                 0.1 * exp (-pow ((sp->tp[j] - 370.0) / 5.0, 2));
      if (sp->w[j] < 1e-3)
        sp->w[j] = 0.0;
    }
  for (int i = 0; i < N_POINTS; i++)
    {
      sp->t[i] = 290.0 + 0.35 * i;
      sp->fit[i] = 0;
      for (int j = 0; j < N_GRID; j++)
        sp->fit[i] += plot_test_debye_peak (sp->t[i], sp->tp[j], 120.0, sp->w[j]);
      seed = seed * 1664525u + 1013904223u;
      sp->y[i] = sp->fit[i] + 2e-4 * ((seed >> 8) / 16777216.0 - 0.5);
    }
}

static char *
to_svg (RlxFigure        *figure,
        RlxFigureLayout **layout)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = rlx_figure_to_svg (figure, rlx_theme_get (RLX_THEME_LIGHT), 600, 480,
                                               layout, &error);

  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* Elements whose attributes contain every one of the given strings. */
static guint
count_with (const char *svg,
            const char *element,
            const char *attr1,
            const char *attr2)
{
  g_autofree char *open = g_strdup_printf ("<%s ", element);
  guint n = 0;

  for (const char *p = strstr (svg, open); p != NULL; p = strstr (p + 1, open))
    {
      const char *end = strchr (p, '>');
      g_autofree char *el = g_strndup (p, end != NULL ? (gsize) (end - p) : strlen (p));

      if ((attr1 == NULL || strstr (el, attr1) != NULL) && (attr2 == NULL || strstr (el, attr2) != NULL))
        n++;
    }
  return n;
}

/* Pixels that differ from the corner pixel by more than a little. */
static double
drawn_fraction (RlxFigure *figure)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *s = rlx_figure_render_image (figure, rlx_theme_get (RLX_THEME_LIGHT), 640, 480,
                                                1.0, NULL, NULL, &error);
  int w, h, stride;
  const guint8 *data;
  guint32 bg;
  gsize differ = 0;

  g_assert_no_error (error);
  w = cairo_image_surface_get_width (s);
  h = cairo_image_surface_get_height (s);
  stride = cairo_image_surface_get_stride (s);
  data = cairo_image_surface_get_data (s);
  bg = *(const guint32 *) data;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 p = *(const guint32 *) (data + y * stride + 4 * x);
        int d = 0;

        for (int c = 0; c < 32; c += 8)
          d = MAX (d, ABS ((int) ((p >> c) & 0xff) - (int) ((bg >> c) & 0xff)));
        if (d > 24)
          differ++;
      }
  cairo_surface_destroy (s);
  return (double) differ / ((double) w * h);
}

static void
test_spectrum_figure (void)
{
  Spectrum sp;
  double comp_tp[3] = { 330.2, 369.8, 395.0 }, comp_frac[3] = { 0.62, 0.36, 0.02 };
  RlxPlotSpectrum desc = { 0 };
  g_autoptr(RlxFigure) figure = NULL;
  g_autoptr(RlxFigureLayout) layout = NULL;
  g_autofree char *svg = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  guint n_stems = 0;
  double fraction;

  make_spectrum (&sp);
  for (int j = 0; j < N_GRID; j++)
    n_stems += sp.w[j] > 0;
  desc = (RlxPlotSpectrum) { sp.tp, sp.w, N_GRID, sp.t, sp.y, sp.fit, N_POINTS, comp_tp, comp_frac, 3,
                             "T (K)", "dQ/dT (J g^{-1} K^{-1})", "w (J g^{-1})" };
  figure = rlx_plot_spectrum (&desc);
  g_assert_cmpuint (rlx_figure_get_n_panels (figure), ==, 3);
  g_assert_true (figure->share_x);

  svg = to_svg (figure, &layout);
  texts = svg_texts (svg);
  g_assert_cmpuint (layout->n_panels, ==, 3);
  /* Stems above, peak in the middle, residual below: the stems panel is on top. */
  g_assert_cmpfloat (layout->panels[0].box_y, <, layout->panels[1].box_y);
  g_assert_cmpfloat (layout->panels[1].box_y, <, layout->panels[2].box_y);
  g_assert_cmpfloat (layout->panels[0].y_min, ==, 0.0);

  /* Every non-zero weight is one stem: a two-point path, which libplot writes as a <line>, in
   * the data colour of the light theme; units of weight zero draw nothing. */
  g_assert_cmpuint (n_stems, <, N_GRID);
  g_assert_cmpuint (count_with (svg, "line", "stroke=\"#0b62a4\"", NULL), ==, n_stems);
  /* Peak, fit, residual. */
  g_assert_cmpuint (svg_count_stroked_polylines (svg), ==, 3);
  g_assert_true (svg_has_text (texts, "Spectrum fit"));
  g_assert_true (svg_has_text (texts, "Peak"));
  g_assert_true (svg_has_text (texts, "Residual"));
  g_assert_true (svg_has_text (texts, "330 K, 62 %"));
  g_assert_true (svg_has_text (texts, "370 K, 36 %"));
  /* A lobe of 2 % is not labelled. */
  g_assert_false (svg_has_text (texts, "395 K, 2 %"));

  fraction = drawn_fraction (figure);
  g_test_message ("%.1f %% drawn", 100 * fraction);
  g_assert_cmpfloat (fraction, >, 0.02);
  g_assert_cmpfloat (fraction, <, 0.5);

  /* Without a fit: two panels, no residual. */
  desc.fit = NULL;
  {
    g_autoptr(RlxFigure) f2 = rlx_plot_spectrum (&desc);

    g_assert_cmpuint (rlx_figure_get_n_panels (f2), ==, 2);
  }
}

static void
test_lcurve (void)
{
  enum { N = 24 };
  double res[N], sol[N], lam[N];
  g_autoptr(RlxFigure) figure = NULL;
  g_autoptr(RlxFigureLayout) layout = NULL;
  g_autofree char *svg = NULL;
  g_autoptr(GPtrArray) texts = NULL;

  /* An L: the residual grows slowly then fast with λ, the solution norm the other way. */
  for (int i = 0; i < N; i++)
    {
      double l = pow (10.0, 1.0 - 0.25 * i);

      lam[i] = l;
      res[i] = 1e-3 * (1.0 + pow (l / 1e-2, 2));
      sol[i] = 0.5 * (1.0 + pow (1e-2 / l, 1.5));
    }
  figure = rlx_plot_lcurve (res, sol, lam, N, 12, lam[14], res[14] * 1.01, sol[14], "|K w − y|", "|L w|");
  svg = to_svg (figure, &layout);
  texts = svg_texts (svg);

  g_assert_true (layout->panels[0].x_log);
  g_assert_true (layout->panels[0].y_log);
  /* The scan's points (circles, one more in the legend), its line, and both marked λ. */
  g_assert_cmpuint (svg_count_elements (svg, "circle"), ==, N + 1);
  g_assert_cmpuint (svg_count_stroked_polylines (svg), ==, 1);
  /* Greek letters are runs of their own (libplot draws them in its symbol font). */
  g_assert_true (svg_has_text (texts, "λ"));
  g_assert_true (svg_has_text (texts, " scan"));
  g_assert_true (svg_has_text (texts, "Corner: "));
  g_assert_true (svg_has_text (texts, "Used: "));
  g_assert_true (svg_has_text (texts, " = 0.01"));
  /* The corner is a filled diamond in the fit colour (a closed four-point polyline), on the
   * curve and in the legend. */
  g_assert_cmpuint (count_with (svg, "polyline", "fill=\"#d1531d\"", "stroke=\"#d1531d\""), ==, 2);
  g_assert_cmpfloat (drawn_fraction (figure), >, 0.01);

  /* The corner is the λ used: one entry saying both. */
  {
    g_autoptr(RlxFigure) f2 = rlx_plot_lcurve (res, sol, lam, N, 12, lam[12] * 1.01, res[12], sol[12], "r", "s");
    RlxPanel *p = rlx_figure_get_panel (f2, 0);

    g_assert_cmpuint (p->series->len, ==, 2);
    g_assert_nonnull (strstr (((RlxSeries *) g_ptr_array_index (p->series, 1))->label, "Corner, used"));
  }
  /* No corner: only the scan. */
  {
    g_autoptr(RlxFigure) f3 = rlx_plot_lcurve (res, sol, lam, N, G_MAXSIZE, NAN, NAN, NAN, "r", "s");

    g_assert_cmpuint (rlx_figure_get_panel (f3, 0)->series->len, ==, 1);
  }
}

static void
test_spectrum_map (void)
{
  enum { RUNS = 6, BINS = 50 };
  double ta[RUNS] = { 253, 273, 293, 273, 313, 333 };  /* 273 K twice: the column is split */
  double axis[BINS], values[BINS * RUNS], mean[RUNS];
  RlxPlotSpectrumMap map = { 0 };
  g_autoptr(RlxFigure) figure = NULL;
  g_autoptr(RlxFigureLayout) layout = NULL;
  g_autofree char *svg = NULL;
  RlxPanel *panel;
  double lo, hi;

  for (int b = 0; b < BINS; b++)
    axis[b] = 20.0 + 4.0 * b;
  for (int r = 0; r < RUNS; r++)
    {
      mean[r] = 40.0 + 0.8 * (ta[r] - 253.0) + (r == 3 ? 10.0 : 0.0);
      for (int b = 0; b < BINS; b++)
        values[b * RUNS + r] = exp (-pow ((axis[b] - mean[r]) / 12.0, 2));
    }
  map = (RlxPlotSpectrumMap) { RUNS, ta, BINS, axis, values, mean, "T_a (K)", "E (kJ mol^{-1})",
                               "Relative weight" };
  figure = rlx_plot_spectrum_map (&map);
  panel = rlx_figure_get_panel (figure, 0);

  /* Cells: bins of one colour level merge, so fewer cells than bins per run, but more than one. */
  g_assert_cmpuint (panel->fills->len, >, 2 * RUNS);
  g_assert_cmpuint (panel->fills->len, <, RUNS * BINS);
  for (guint i = 0; i < panel->fills->len; i++)
    {
      RlxFill *f = g_ptr_array_index (panel->fills, i);

      g_assert_cmpint (f->color_mode, ==, RLX_COLOR_SCALE);
      g_assert_cmpfloat (f->color_value, >=, 0.0);
      g_assert_cmpfloat (f->color_value, <=, 1.0);
    }
  /* The axes span the cells: 253 K to 333 K with half a spacing beyond. */
  g_assert_false (panel->x.auto_range);
  g_assert_cmpfloat_with_epsilon (panel->x.min, 243.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (panel->x.max, 343.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (panel->y.min, 18.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (panel->y.max, 218.0, 1e-9);
  g_assert_true (figure->color_scale.enabled);
  g_assert_true (rlx_figure_get_color_range (figure, &lo, &hi));
  g_assert_cmpfloat (lo, ==, 0.0);
  g_assert_cmpfloat_with_epsilon (hi, 1.0, 1e-3);

  svg = to_svg (figure, &layout);
  /* A colour bar (64 slices) and one open circle per run for the weighted mean. */
  g_assert_cmpuint (svg_count_elements (svg, "rect"), >=, 64);
  g_assert_cmpuint (svg_count_elements (svg, "circle"), ==, RUNS + 1);  /* and one in the legend */
  g_assert_cmpfloat (drawn_fraction (figure), >, 0.1);

  /* The two runs at 273 K each got half of the column: no cell is wider than 20 K. */
  for (guint i = 0; i < panel->fills->len; i++)
    {
      RlxFill *f = g_ptr_array_index (panel->fills, i);

      g_assert_cmpfloat (f->x[1] - f->x[0], <=, 20.0 * 1.1);  /* with the seam overlap */
      if (f->x[0] > 263.0 && f->x[1] < 283.0 + 1)
        g_assert_cmpfloat (f->x[1] - f->x[0], <=, 10.0 * 1.1);
    }
}

static void
test_files (void)
{
  Spectrum sp;
  RlxPlotSpectrum desc;
  g_autoptr(RlxFigure) figure = NULL;
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *png = g_build_filename (dir, "spectrum.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "spectrum.pdf", NULL);
  g_autoptr(GError) error = NULL;

  make_spectrum (&sp);
  desc = (RlxPlotSpectrum) { sp.tp, sp.w, N_GRID, sp.t, sp.y, sp.fit, N_POINTS, NULL, NULL, 0,
                             "T (K)", "dQ/dT", "w" };
  figure = rlx_plot_spectrum (&desc);
  g_assert_true (rlx_figure_export (figure, rlx_theme_get (RLX_THEME_PRINT), RLX_EXPORT_PNG, png,
                                    240.94, 200, 150, &error));
  g_assert_no_error (error);
  g_assert_true (rlx_figure_export (figure, rlx_theme_get (RLX_THEME_PRINT), RLX_EXPORT_PDF, pdf,
                                    240.94, 200, 150, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  g_remove (png);
  g_remove (pdf);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/relaxun/plot/spectrum/stems-peak-residual", test_spectrum_figure);
  g_test_add_func ("/relaxun/plot/spectrum/lcurve", test_lcurve);
  g_test_add_func ("/relaxun/plot/spectrum/family-map", test_spectrum_map);
  g_test_add_func ("/relaxun/plot/spectrum/files", test_files);
  return g_test_run ();
}
