/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-plot-test"

#include "config.h"

#include <stdlib.h>

#include "plot-test-figures.h"
#include "rlx-render.h"
#include "rlx-test-util.h"

/*
 * A few figures compared with committed reference images. Fonts and antialiasing differ a
 * little between machines, so a pixel counts as different only beyond a channel tolerance,
 * and a small fraction of different pixels is allowed. To regenerate the references after a
 * deliberate change of the look: RLX_PLOT_UPDATE_REFERENCE=1 meson test … test-plot-reference
 */

#define CHANNEL_TOLERANCE 48
#define MAX_DIFFERENT_FRACTION 0.015
#define WIDTH 360
#define HEIGHT 252

typedef struct
{
  PlotKind      kind;
  RlxThemeKind  theme;
  const char   *file;
} ReferenceCase;

static const ReferenceCase cases[] = {
  { PLOT_KIND_PEAK, RLX_THEME_LIGHT, "peak-light.png" },
  { PLOT_KIND_FAMILY, RLX_THEME_LIGHT, "family-light.png" },
  { PLOT_KIND_ESTAR_TA, RLX_THEME_PRINT, "estar-ta-print.png" },
  { PLOT_KIND_DMA, RLX_THEME_DARK, "dma-dark.png" },
};

static double
different_fraction (cairo_surface_t *a,
                    cairo_surface_t *b)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  int sa = cairo_image_surface_get_stride (a), sb = cairo_image_surface_get_stride (b);
  const guint8 *da = cairo_image_surface_get_data (a), *db = cairo_image_surface_get_data (b);
  gsize differ = 0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 pa = *(const guint32 *) (da + y * sa + 4 * x);
        guint32 pb = *(const guint32 *) (db + y * sb + 4 * x);

        for (int c = 0; c < 32; c += 8)
          if (ABS ((int) ((pa >> c) & 0xff) - (int) ((pb >> c) & 0xff)) > CHANNEL_TOLERANCE)
            {
              differ++;
              break;
            }
      }
  return (double) differ / ((double) w * h);
}

static void
test_reference (gconstpointer data)
{
  const ReferenceCase *c = data;
  g_autoptr(RlxFigure) figure = plot_test_build (c->kind);
  g_autoptr(GError) error = NULL;
  g_autofree char *relative = g_build_filename ("tests", "plot", "reference", c->file, NULL);
  g_autofree char *path = rlx_test_source_path (relative);
  cairo_surface_t *image, *reference, *converted;
  cairo_t *cr;
  double fraction;

  image = rlx_figure_render_image (figure, rlx_theme_get (c->theme), WIDTH, HEIGHT, 1.0, NULL,
                                   NULL, &error);
  g_assert_no_error (error);

  if (g_getenv ("RLX_PLOT_UPDATE_REFERENCE") != NULL)
    {
      g_assert_cmpint (cairo_surface_write_to_png (image, path), ==, CAIRO_STATUS_SUCCESS);
      g_test_message ("wrote %s", path);
      cairo_surface_destroy (image);
      return;
    }

  reference = cairo_image_surface_create_from_png (path);
  if (cairo_surface_status (reference) != CAIRO_STATUS_SUCCESS)
    {
      g_test_message ("cannot read %s", path);
      g_test_fail ();
      cairo_surface_destroy (reference);
      cairo_surface_destroy (image);
      return;
    }
  g_assert_cmpint (cairo_image_surface_get_width (reference), ==, WIDTH);
  g_assert_cmpint (cairo_image_surface_get_height (reference), ==, HEIGHT);

  /* The reference may load as RGB24; compare in one format. */
  converted = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cr = cairo_create (converted);
  cairo_set_source_surface (cr, reference, 0, 0);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (converted);

  fraction = different_fraction (image, converted);
  g_test_message ("%s: %.3f %% of the pixels differ", c->file, 100 * fraction);
  g_assert_cmpfloat (fraction, <=, MAX_DIFFERENT_FRACTION);

  cairo_surface_destroy (converted);
  cairo_surface_destroy (reference);
  cairo_surface_destroy (image);
}

static void
test_detects_change (void)
{
  /* The comparison itself must notice a real change: a different figure differs. */
  g_autoptr(RlxFigure) a = plot_test_build (PLOT_KIND_PEAK);
  g_autoptr(RlxFigure) b = plot_test_build (PLOT_KIND_PEAK);
  cairo_surface_t *ia, *ib;
  RlxPanel *p = rlx_figure_get_panel (b, 0);

  rlx_axis_set_range (&p->y, 0, 0.08);
  ia = rlx_figure_render_image (a, rlx_theme_get (RLX_THEME_LIGHT), WIDTH, HEIGHT, 1, NULL, NULL, NULL);
  ib = rlx_figure_render_image (b, rlx_theme_get (RLX_THEME_LIGHT), WIDTH, HEIGHT, 1, NULL, NULL, NULL);
  g_assert_cmpfloat (different_fraction (ia, ib), >, MAX_DIFFERENT_FRACTION);
  g_assert_cmpfloat (different_fraction (ia, ia), ==, 0.0);
  cairo_surface_destroy (ia);
  cairo_surface_destroy (ib);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/relaxun/plot/reference/%s", cases[i].file);

      g_test_add_data_func (name, &cases[i], test_reference);
    }
  g_test_add_func ("/relaxun/plot/reference/detects-change", test_detects_change);
  return g_test_run ();
}
