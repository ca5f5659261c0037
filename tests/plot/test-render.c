/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-plot-test"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "plot-test-figures.h"
#include "plot-test-svg.h"
#include "rlx-render.h"
#include "rlx-test-util.h"

static char *
figure_svg (RlxFigure      *figure,
            RlxThemeKind    theme,
            RlxFigureLayout **layout)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = rlx_figure_to_svg (figure, rlx_theme_get (theme), 600, 420, layout, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* Pixels that differ from the background colour by more than a little. */
static double
non_background_fraction (cairo_surface_t *surface)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 bg = *(const guint32 *) data;
  gsize differ = 0;

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
  return (double) differ / ((double) w * h);
}

static void
test_kind_content (gconstpointer data)
{
  PlotKind kind = GPOINTER_TO_INT (data);
  const PlotKindExpect *expect = plot_test_expect (kind);
  g_autoptr(RlxFigure) figure = plot_test_build (kind);
  g_autoptr(RlxFigureLayout) layout = NULL;
  g_autofree char *svg = figure_svg (figure, RLX_THEME_LIGHT, &layout);
  g_autoptr(GPtrArray) texts = svg_texts (svg);
  guint n_legend = 0;

  g_assert_true (g_str_has_prefix (svg, "<?xml version=\"1.0\" encoding=\"UTF-8\""));
  g_assert_true (g_utf8_validate (svg, -1, NULL));
  g_assert_null (strstr (svg, "font-family=\"Symbol\""));

  g_assert_cmpuint (svg_count_stroked_polylines (svg), ==, expect->n_line_series);

  for (guint i = 0; i < G_N_ELEMENTS (expect->tick_text) && expect->tick_text[i] != NULL; i++)
    {
      g_test_message ("tick label %s", expect->tick_text[i]);
      g_assert_true (svg_has_text (texts, expect->tick_text[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (expect->legend_text) && expect->legend_text[i] != NULL; i++)
    {
      g_test_message ("legend entry %s", expect->legend_text[i]);
      g_assert_true (svg_has_text (texts, expect->legend_text[i]));
    }

  /* Legend entries: labelled series and fills of panels that show a legend. */
  for (guint p = 0; p < figure->panels->len; p++)
    {
      RlxPanel *panel = g_ptr_array_index (figure->panels, p);

      if (panel->legend == RLX_LEGEND_NONE)
        continue;
      for (guint i = 0; i < panel->series->len; i++)
        if (((RlxSeries *) g_ptr_array_index (panel->series, i))->label != NULL)
          n_legend++;
      for (guint i = 0; i < panel->fills->len; i++)
        if (((RlxFill *) g_ptr_array_index (panel->fills, i))->label != NULL)
          n_legend++;
    }
  g_assert_cmpuint (n_legend, ==, expect->n_legend);

  /* A colour bar is 64 slices. */
  if (expect->color_bar)
    g_assert_cmpuint (svg_count_elements (svg, "rect"), >=, 64);
  else
    g_assert_cmpuint (svg_count_elements (svg, "rect"), <, 20);

  g_assert_cmpuint (layout->n_panels, ==, figure->panels->len);
}

static void
test_kind_png (gconstpointer data)
{
  PlotKind kind = GPOINTER_TO_INT (data);
  g_autoptr(RlxFigure) figure = plot_test_build (kind);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "figure.png", NULL);
  cairo_surface_t *png;
  double fraction;

  /* 8.5 cm × 6 cm at 300 dpi. */
  g_assert_true (rlx_figure_export (figure, rlx_theme_get (RLX_THEME_PRINT), RLX_EXPORT_PNG, path,
                                    240.94, 170.08, 300, &error));
  g_assert_no_error (error);
  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 1004);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 709);
  fraction = non_background_fraction (png);
  g_test_message ("%.1f %% of the pixels are drawn", 100 * fraction);
  g_assert_cmpfloat (fraction, >, 0.02);
  g_assert_cmpfloat (fraction, <, 0.6);
  cairo_surface_destroy (png);

  /* The resolution is recorded: a pHYs chunk with 300 dpi = 11811 px/m. */
  {
    g_autofree char *contents = NULL;
    gsize len;
    const guint8 *phys;

    g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
    phys = memmem (contents, len, "pHYs", 4);
    g_assert_nonnull (phys);
    g_assert_cmpuint (((guint32) phys[4] << 24) | (phys[5] << 16) | (phys[6] << 8) | phys[7], ==, 11811);
  }
  g_remove (path);
  g_rmdir (dir);
}

static void
test_screen_path (void)
{
  g_autoptr(RlxFigure) figure = plot_test_build (PLOT_KIND_PEAK);
  g_autoptr(RlxFigureLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  RlxRenderTiming timing = { -1, -1 };
  cairo_surface_t *surface = rlx_figure_render_image (figure, rlx_theme_get (RLX_THEME_DARK), 800,
                                                      560, 2.0, &layout, &timing, &error);
  const RlxPanelLayout *p;
  double px, py, x, y;

  g_assert_no_error (error);
  g_assert_nonnull (surface);
  g_assert_cmpint (cairo_image_surface_get_format (surface), ==, CAIRO_FORMAT_ARGB32);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 1600);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 1120);
  g_assert_cmpfloat (timing.libplot_ms, >=, 0);
  g_assert_cmpfloat (timing.rsvg_ms, >=, 0);

  /* Dark theme: the corner pixel is the dark background. */
  {
    const guint8 *d = cairo_image_surface_get_data (surface);
    guint32 bg = *(const guint32 *) d;

    g_assert_cmpuint ((bg >> 16) & 0xff, <, 0x40);
  }
  g_assert_cmpfloat (non_background_fraction (surface), >, 0.02);

  /* The layout is in logical pixels: two panels stacked, sharing x, inside the widget. */
  g_assert_cmpuint (layout->n_panels, ==, 2);
  g_assert_cmpfloat_with_epsilon (layout->width, 800, 1e-6);
  p = &layout->panels[0];
  g_assert_cmpfloat (p->box_x, >, 20);
  g_assert_cmpfloat (p->box_x + p->box_width, <, 800);
  g_assert_cmpfloat (p->box_y + p->box_height, <, layout->panels[1].box_y);
  g_assert_cmpfloat (layout->panels[1].box_y + layout->panels[1].box_height, <, 560);
  g_assert_cmpfloat (p->x_min, ==, layout->panels[1].x_min);
  g_assert_cmpfloat (p->box_height, >, 2 * layout->panels[1].box_height);

  /* data → pixel → data, and the box corners map to the axis limits. */
  g_assert_true (rlx_figure_layout_data_to_pixel (layout, 0, 320.0, 0.02, &px, &py));
  g_assert_true (rlx_figure_layout_pixel_to_data (layout, 0, px, py, &x, &y));
  g_assert_cmpfloat_with_epsilon (x, 320.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 0.02, 1e-12);
  g_assert_true (rlx_figure_layout_data_to_pixel (layout, 0, p->x_min, p->y_max, &px, &py));
  g_assert_cmpfloat_with_epsilon (px, p->box_x, 1e-9);
  g_assert_cmpfloat_with_epsilon (py, p->box_y, 1e-9);
  g_assert_cmpint (rlx_figure_layout_find_panel (layout, p->box_x + 5, p->box_y + 5), ==, 0);
  g_assert_cmpint (rlx_figure_layout_find_panel (layout, 1, 1), ==, -1);
  g_assert_false (rlx_figure_layout_data_to_pixel (layout, 7, 1, 1, &px, &py));

  cairo_surface_destroy (surface);
}

static void
test_layout_log_reversed (void)
{
  g_autoptr(RlxFigure) figure = rlx_figure_new ();
  RlxPanel *panel = rlx_figure_add_panel (figure, "t (s)", "y");
  double x[] = { 1, 10, 100 }, y[] = { 1, 2, 3 };
  g_autoptr(RlxFigureLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *s;
  double px1, px2, py, x_back, y_back;

  rlx_panel_add_line (panel, NULL, x, y, 3);
  panel->x.scale = RLX_AXIS_SCALE_LOG10;
  rlx_axis_set_range (&panel->x, 1, 100);
  panel->x.reversed = TRUE;
  s = rlx_figure_render_image (figure, rlx_theme_get (RLX_THEME_LIGHT), 400, 300, 1.0, &layout,
                               NULL, &error);
  g_assert_no_error (error);
  cairo_surface_destroy (s);

  g_assert_true (layout->panels[0].x_log);
  g_assert_true (rlx_figure_layout_data_to_pixel (layout, 0, 1, 2, &px1, &py));
  g_assert_true (rlx_figure_layout_data_to_pixel (layout, 0, 100, 2, &px2, &py));
  g_assert_cmpfloat (px1, >, px2);  /* reversed: 1 on the right */
  g_assert_true (rlx_figure_layout_data_to_pixel (layout, 0, 10, 2, &px1, &py));
  g_assert_cmpfloat_with_epsilon (px1, layout->panels[0].box_x + layout->panels[0].box_width / 2, 1e-9);
  g_assert_true (rlx_figure_layout_pixel_to_data (layout, 0, px1, py, &x_back, &y_back));
  g_assert_cmpfloat_with_epsilon (x_back, 10, 1e-9);
  g_assert_false (rlx_figure_layout_data_to_pixel (layout, 0, -1, 2, &px1, &py));
}

static void
test_clipping_in_svg (void)
{
  /* A line that leaves the explicit y range is cut at the box: no point lies outside it. */
  g_autoptr(RlxFigure) figure = rlx_figure_new ();
  RlxPanel *panel = rlx_figure_add_panel (figure, "x", "y");
  double x[50], y[50];
  g_autoptr(RlxFigureLayout) layout = NULL;
  g_autofree char *svg = NULL;
  const char *p;
  double y_top;

  for (int i = 0; i < 50; i++)
    {
      x[i] = i;
      y[i] = (i - 25.0) * (i - 25.0);
    }
  rlx_panel_add_line (panel, NULL, x, y, 50);
  rlx_axis_set_range (&panel->y, 0, 100);
  svg = figure_svg (figure, RLX_THEME_LIGHT, &layout);
  /* Two pieces? No: one continuous dip through the box. */
  g_assert_cmpuint (svg_count_stroked_polylines (svg), ==, 1);
  /* libplot y is up in points: the box top is height − box_y. */
  y_top = layout->height - layout->panels[0].box_y;
  p = strstr (svg, "<polyline points=\"");
  g_assert_nonnull (p);
  p += strlen ("<polyline points=\"");
  while (*p != '"')
    {
      double px = g_ascii_strtod (p, (char **) &p);
      double py;

      g_assert_true (*p == ',');
      py = g_ascii_strtod (p + 1, (char **) &p);
      g_assert_cmpfloat (py, <=, y_top + 1e-3);
      g_assert_cmpfloat (px, >=, layout->panels[0].box_x - 1e-3);
      while (*p == ' ')
        p++;
    }
}

static void
test_greek_and_units (void)
{
  g_autoptr(RlxFigure) figure = rlx_figure_new ();
  RlxPanel *panel = rlx_figure_add_panel (figure, "τ (s)", "E″ (MPa)");
  double x[] = { 1, 2 }, y[] = { 1, 2 };
  g_autofree char *svg = NULL;

  rlx_panel_add_line (panel, "ΔH at 20 °C", x, y, 2);
  svg = figure_svg (figure, RLX_THEME_PRINT, NULL);
  g_assert_nonnull (strstr (svg, ">τ</text>"));
  g_assert_nonnull (strstr (svg, ">″</text>"));
  g_assert_nonnull (strstr (svg, ">Δ</text>"));
  g_assert_nonnull (strstr (svg, "°C"));
}

static void
test_files (void)
{
  g_autoptr(RlxFigure) figure = plot_test_build (PLOT_KIND_DMA);
  g_autofree char *dir = rlx_test_tmp_dir ();
  static const struct { RlxExportFormat format; const char *name; const char *magic; } files[] = {
    { RLX_EXPORT_SVG, "f.svg", "<?xml" },
    { RLX_EXPORT_PDF, "f.pdf", "%PDF-" },
    { RLX_EXPORT_EPS, "f.eps", "%!PS-Adobe-3.0 EPSF-3.0" },
    { RLX_EXPORT_PNG, "f.png", "\x89PNG\r\n\x1a\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i].name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      gsize len = 0;

      g_assert_true (rlx_figure_export (figure, rlx_theme_get (RLX_THEME_PRINT), files[i].format,
                                        path, 240.94, 170.08, 150, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_assert_cmpuint (len, >, 1000);
      g_assert_true (memcmp (contents, files[i].magic, strlen (files[i].magic)) == 0);
      if (files[i].format == RLX_EXPORT_EPS)
        {
          /* The bounding box is the whole canvas (libplot adds a point for strokes). */
          const char *bb = strstr (contents, "%%BoundingBox:");
          int x0, y0, x1, y1;

          g_assert_nonnull (bb);
          g_assert_cmpint (sscanf (bb, "%%%%BoundingBox: %d %d %d %d", &x0, &y0, &x1, &y1), ==, 4);
          g_assert_cmpint (x0, <=, 0);
          g_assert_cmpint (x0, >=, -2);
          g_assert_cmpint (y0, <=, 0);
          g_assert_cmpint (y0, >=, -2);
          g_assert_cmpint (x1, >=, 241);
          g_assert_cmpint (x1, <=, 243);
          g_assert_cmpint (y1, >=, 170);
          g_assert_cmpint (y1, <=, 172);
        }
      g_remove (path);
    }
  g_rmdir (dir);
}

static void
test_errors (void)
{
  g_autoptr(RlxFigure) empty = rlx_figure_new ();
  g_autoptr(RlxFigure) figure = plot_test_build (PLOT_KIND_RUN);
  g_autoptr(GError) error = NULL;
  RlxThemeKind theme;
  RlxExportFormat format;

  g_assert_null (rlx_figure_to_svg (empty, rlx_theme_get (RLX_THEME_LIGHT), 300, 200, NULL, &error));
  g_assert_error (error, RLX_PLOT_ERROR, RLX_PLOT_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (rlx_figure_render_image (figure, rlx_theme_get (RLX_THEME_LIGHT), 0, 10, 1, NULL,
                                          NULL, &error));
  g_assert_error (error, RLX_PLOT_ERROR, RLX_PLOT_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (rlx_figure_export (figure, rlx_theme_get (RLX_THEME_LIGHT), RLX_EXPORT_SVG,
                                     "/nonexistent-dir/x.svg", 300, 200, 96, &error));
  g_assert_error (error, RLX_PLOT_ERROR, RLX_PLOT_ERROR_IO);
  g_clear_error (&error);

  g_assert_true (rlx_theme_kind_from_string ("print", &theme));
  g_assert_cmpint (theme, ==, RLX_THEME_PRINT);
  g_assert_false (rlx_theme_kind_from_string ("neon", &theme));
  g_assert_true (rlx_export_format_from_string ("EPS", &format));
  g_assert_cmpint (format, ==, RLX_EXPORT_EPS);
  g_assert_false (rlx_export_format_from_string ("gif", &format));
}

static void
test_figure_copy (void)
{
  g_autoptr(RlxFigure) figure = plot_test_build (PLOT_KIND_PEAK);
  g_autoptr(RlxFigure) copy = rlx_figure_copy (figure);
  g_autofree char *a = figure_svg (figure, RLX_THEME_LIGHT, NULL);
  g_autofree char *b = NULL;

  g_clear_pointer (&figure, rlx_figure_free);
  b = figure_svg (copy, RLX_THEME_LIGHT, NULL);
  g_assert_cmpstr (a, ==, b);
}

/* A long sorted trace: its ranges come from the series' stats, it is decimated in data space
 * and drawn as the band it covers; zoomed in y, as a clipped line. */
static void
test_dense_trace (void)
{
  enum { N = 200000 };
  g_autofree double *x = g_new (double, N);
  g_autofree double *y = g_new (double, N);
  g_autoptr(RlxFigure) figure = rlx_figure_new ();
  RlxPanel *panel = rlx_figure_add_panel (figure, "t (s)", "Heat flow (mW)");
  RlxSeries *s;
  g_autofree char *svg = NULL;
  double lo, hi, bmin = INFINITY, bmax = -INFINITY;
  guint32 seed = 3;

  for (gsize i = 0; i < N; i++)
    {
      seed = seed * 1664525u + 1013904223u;
      x[i] = 10.0 + 0.001 * i;
      y[i] = sin (x[i] / 7.0) + 0.2 * ((seed >> 8) / 16777216.0 - 0.5);
      bmin = MIN (bmin, y[i]);
      bmax = MAX (bmax, y[i]);
    }
  s = rlx_panel_add_line (panel, NULL, x, y, N);
  rlx_series_set_color (s, 0.2, 0.4, 0.6);
  g_assert_true (s->stats.x_ascending);
  g_assert_false (s->stats.y_positive);
  g_assert_true (rlx_panel_get_data_range (panel, FALSE, RLX_AXIS_SCALE_LINEAR, &lo, &hi));
  g_assert_cmpfloat (lo, ==, bmin);
  g_assert_cmpfloat (hi, ==, bmax);
  g_assert_true (rlx_panel_get_data_range (panel, TRUE, RLX_AXIS_SCALE_LOG10, &lo, &hi));
  g_assert_cmpfloat (lo, ==, x[0]);
  g_assert_cmpfloat (hi, ==, x[N - 1]);

  svg = figure_svg (figure, RLX_THEME_LIGHT, NULL);
  g_test_message ("SVG of %u points: %zu bytes", N, strlen (svg));
  g_assert_cmpuint (strlen (svg), <, 120000);
  /* The band: one closed outline, filled and stroked in the line's colour. */
  g_assert_cmpuint (svg_count_elements (svg, "polyline"), ==, 1);
  g_assert_nonnull (strstr (svg, "stroke=\"#336699\""));
  g_assert_nonnull (strstr (svg, "fill=\"#336699\""));

  /* Zoomed into y, the band would leave the box: the line is drawn instead, clipped. */
  rlx_axis_set_range (&panel->y, -0.5, 0.5);
  g_clear_pointer (&svg, g_free);
  svg = figure_svg (figure, RLX_THEME_LIGHT, NULL);
  g_assert_null (strstr (svg, "fill=\"#336699\""));
  g_assert_cmpuint (svg_count_stroked_polylines (svg), >=, 2);

  /* On screen something is drawn. */
  {
    g_autoptr(GError) error = NULL;
    cairo_surface_t *img = rlx_figure_render_image (figure, rlx_theme_get (RLX_THEME_LIGHT), 500,
                                                    350, 1.0, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpfloat (non_background_fraction (img), >, 0.05);
    cairo_surface_destroy (img);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (int k = 0; k < N_PLOT_KINDS; k++)
    {
      g_autofree char *p1 = g_strdup_printf ("/relaxun/plot/render/%s/svg", plot_test_expect (k)->name);
      g_autofree char *p2 = g_strdup_printf ("/relaxun/plot/render/%s/png", plot_test_expect (k)->name);

      g_test_add_data_func (p1, GINT_TO_POINTER (k), test_kind_content);
      g_test_add_data_func (p2, GINT_TO_POINTER (k), test_kind_png);
    }
  g_test_add_func ("/relaxun/plot/render/screen-path", test_screen_path);
  g_test_add_func ("/relaxun/plot/render/layout-log-reversed", test_layout_log_reversed);
  g_test_add_func ("/relaxun/plot/render/clipping", test_clipping_in_svg);
  g_test_add_func ("/relaxun/plot/render/greek-and-units", test_greek_and_units);
  g_test_add_func ("/relaxun/plot/render/files", test_files);
  g_test_add_func ("/relaxun/plot/render/errors", test_errors);
  g_test_add_func ("/relaxun/plot/render/figure-copy", test_figure_copy);
  g_test_add_func ("/relaxun/plot/render/dense-trace", test_dense_trace);
  return g_test_run ();
}
