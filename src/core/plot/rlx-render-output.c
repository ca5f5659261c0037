/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-plot"

#include "config.h"

#include "rlx-render-private.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <librsvg/rsvg.h>

/* Logical screen pixels per point. */
#define PX_PER_PT (96.0 / 72.0)

G_DEFINE_QUARK (rlx-plot-error-quark, rlx_plot_error)

/* ---------------------------------------------------------------------------------------- */
/* SVG clean-up */

/*
 * libplot writes ISO-8859-1 and draws Greek letters and symbols as Latin letters in the
 * PostScript Symbol font ("t" for τ). Renderers without that font (librsvg, browsers) would
 * show a Latin "t", so these runs become Unicode text in the figure's own font, and the fonts
 * get fallbacks with Helvetica's metrics (libplot places every run with Helvetica widths).
 */
static gunichar
symbol_to_unicode (guchar c)
{
  static const gunichar upper[26] = {
    0x0391, 0x0392, 0x03A7, 0x0394, 0x0395, 0x03A6, 0x0393, 0x0397, 0x0399, 0x03D1, 0x039A,
    0x039B, 0x039C, 0x039D, 0x039F, 0x03A0, 0x0398, 0x03A1, 0x03A3, 0x03A4, 0x03A5, 0x03C2,
    0x03A9, 0x039E, 0x03A8, 0x0396,
  };
  static const gunichar lower[26] = {
    0x03B1, 0x03B2, 0x03C7, 0x03B4, 0x03B5, 0x03C6, 0x03B3, 0x03B7, 0x03B9, 0x03D5, 0x03BA,
    0x03BB, 0x03BC, 0x03BD, 0x03BF, 0x03C0, 0x03B8, 0x03C1, 0x03C3, 0x03C4, 0x03C5, 0x03D6,
    0x03C9, 0x03BE, 0x03C8, 0x03B6,
  };
  static const struct { guchar c; gunichar u; } other[] = {
    { 0x2d, 0x2212 }, { 0x2a, 0x2217 }, { 0x40, 0x2245 }, { 0x7e, 0x223C }, { 0x5e, 0x22A5 },
    { 0xa2, 0x2032 }, { 0xb2, 0x2033 }, { 0xa3, 0x2264 }, { 0xb3, 0x2265 }, { 0xa5, 0x221E },
    { 0xb9, 0x2260 }, { 0xbb, 0x2248 }, { 0xb1, 0x00B1 }, { 0xb4, 0x00D7 }, { 0xb7, 0x2022 },
    { 0xae, 0x2192 }, { 0xac, 0x2190 }, { 0xad, 0x2191 }, { 0xaf, 0x2193 }, { 0xb0, 0x00B0 },
    { 0xd6, 0x221A }, { 0xb6, 0x2202 }, { 0xd1, 0x2207 }, { 0xba, 0x2261 }, { 0xb5, 0x221D },
    { 0xbc, 0x2026 }, { 0xc6, 0x2205 }, { 0xc7, 0x2229 }, { 0xc8, 0x222A }, { 0xce, 0x2208 },
    { 0xe5, 0x2211 }, { 0xd5, 0x220F }, { 0xf2, 0x222B }, { 0xa6, 0x0192 }, { 0xa4, 0x2044 },
  };

  if (c >= 'A' && c <= 'Z')
    return upper[c - 'A'];
  if (c >= 'a' && c <= 'z')
    return lower[c - 'a'];
  for (guint i = 0; i < G_N_ELEMENTS (other); i++)
    if (other[i].c == c)
      return other[i].u;
  return c < 0x80 ? c : 0xFFFD;
}

static const char *
family_fallbacks (const char *family)
{
  if (g_str_has_prefix (family, "Times"))
    return "Times,Nimbus Roman,Times New Roman,DejaVu Serif Condensed,serif";
  if (g_str_has_prefix (family, "Courier"))
    return "Courier,Nimbus Mono PS,Courier New,DejaVu Sans Mono,monospace";
  return "Helvetica,Nimbus Sans,Arial,Liberation Sans,DejaVu Sans Condensed,sans-serif";
}

static void
append_latin1 (GString    *out,
               const char *p,
               gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) p[i];

      if (c < 0x80)
        g_string_append_c (out, (char) c);
      else
        g_string_append_unichar (out, c);
    }
}

static void
append_xml_unichar (GString  *out,
                    gunichar  u)
{
  switch (u)
    {
    case '&': g_string_append (out, "&amp;"); break;
    case '<': g_string_append (out, "&lt;"); break;
    case '>': g_string_append (out, "&gt;"); break;
    case '"': g_string_append (out, "&quot;"); break;
    case '\'': g_string_append (out, "&apos;"); break;
    default: g_string_append_unichar (out, u); break;
    }
}

/* Symbol-font text content up to "</text>": entities decoded, glyphs mapped, re-escaped. */
static const char *
append_symbol_text (GString    *out,
                    const char *p,
                    const char *end)
{
  static const struct { const char *name; char c; } entities[] = {
    { "&quot;", '"' }, { "&apos;", '\'' }, { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
  };

  while (p < end && !g_str_has_prefix (p, "</text>"))
    {
      guchar c = (guchar) *p;
      gsize adv = 1;

      if (c == '&')
        for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
          if (g_str_has_prefix (p, entities[i].name))
            {
              c = (guchar) entities[i].c;
              adv = strlen (entities[i].name);
              break;
            }
      append_xml_unichar (out, symbol_to_unicode (c));
      p += adv;
    }
  return p;
}

static GBytes *
clean_svg (const char     *svg,
           gsize           len,
           const RlxTheme *theme)
{
  GString *out = g_string_sized_new (len + len / 8);
  const char *p = svg, *end = svg + len;
  const char *text_family = family_fallbacks (theme->font);
  static const char attr[] = "font-family=\"";

  while (p < end)
    {
      const char *hit = g_strstr_len (p, end - p, attr);
      const char *value, *close;
      g_autofree char *family = NULL;

      if (hit == NULL)
        {
          append_latin1 (out, p, end - p);
          break;
        }
      append_latin1 (out, p, hit - p);
      value = hit + strlen (attr);
      close = memchr (value, '"', end - value);
      if (close == NULL)
        {
          append_latin1 (out, hit, end - hit);
          break;
        }
      family = g_strndup (value, close - value);
      g_string_append (out, attr);
      if (g_str_equal (family, "Symbol"))
        {
          const char *gt = memchr (close, '>', end - close);

          g_string_append (out, text_family);
          if (gt == NULL)
            {
              append_latin1 (out, close, end - close);
              break;
            }
          append_latin1 (out, close, gt + 1 - close);
          p = append_symbol_text (out, gt + 1, end);
          continue;
        }
      g_string_append (out, family_fallbacks (family));
      p = close;
    }

  /* The bytes are UTF-8 now; say so. */
  {
    const char *decl = "encoding=\"ISO-8859-1\"";
    char *at = strstr (out->str, decl);

    if (at != NULL && at - out->str < 200)
      {
        gsize pos = at - out->str;
        g_string_erase (out, pos, strlen (decl));
        g_string_insert (out, pos, "encoding=\"UTF-8\"");
      }
  }
  return g_string_free_to_bytes (out);
}

/* ---------------------------------------------------------------------------------------- */

gboolean
rlx_figure_plot (const RlxFigure  *figure,
                 const RlxTheme   *theme,
                 const char       *plotter_type,
                 FILE             *out,
                 double            width_pt,
                 double            height_pt,
                 RlxFigureLayout **layout,
                 GError          **error)
{
  return rlx_render_figure (figure, theme, plotter_type, out, width_pt, height_pt,
                            RLX_RENDER_DEFAULT_COLUMNS_PER_PT, layout, error);
}

static GBytes *
figure_to_svg (const RlxFigure  *figure,
               const RlxTheme   *theme,
               double            width_pt,
               double            height_pt,
               double            columns_per_pt,
               RlxFigureLayout **layout,
               GError          **error)
{
  char *buffer = NULL;
  size_t size = 0;
  FILE *stream = open_memstream (&buffer, &size);
  gboolean ok;
  GBytes *bytes;

  if (stream == NULL)
    {
      int saved = errno;
      g_set_error (error, RLX_PLOT_ERROR, RLX_PLOT_ERROR_FAILED,
                   "Could not open a memory stream for the figure: %s", g_strerror (saved));
      return NULL;
    }
  ok = rlx_render_figure (figure, theme, "svg", stream, width_pt, height_pt, columns_per_pt,
                          layout, error);
  fclose (stream);
  if (!ok)
    {
      free (buffer);
      return NULL;
    }
  bytes = clean_svg (buffer, size, theme);
  free (buffer);
  return bytes;
}

GBytes *
rlx_figure_to_svg (const RlxFigure  *figure,
                   const RlxTheme   *theme,
                   double            width_pt,
                   double            height_pt,
                   RlxFigureLayout **layout,
                   GError          **error)
{
  return figure_to_svg (figure, theme, width_pt, height_pt, RLX_RENDER_DEFAULT_COLUMNS_PER_PT,
                        layout, error);
}

static gboolean
render_svg_to_cairo (GBytes   *svg,
                     cairo_t  *cr,
                     double    width,
                     double    height,
                     GError  **error)
{
  g_autoptr(GError) local = NULL;
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (svg, &len);
  RsvgHandle *handle = rsvg_handle_new_from_data (data, len, &local);
  RsvgRectangle viewport = { 0.0, 0.0, width, height };
  gboolean drawn;

  if (handle == NULL)
    {
      g_set_error (error, RLX_PLOT_ERROR, RLX_PLOT_ERROR_FAILED,
                   "librsvg could not read the figure's SVG: %s", local->message);
      return FALSE;
    }
  drawn = rsvg_handle_render_document (handle, cr, &viewport, &local);
  g_object_unref (handle);
  if (!drawn)
    {
      g_set_error (error, RLX_PLOT_ERROR, RLX_PLOT_ERROR_FAILED,
                   "librsvg could not draw the figure: %s", local->message);
      return FALSE;
    }
  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, RLX_PLOT_ERROR, RLX_PLOT_ERROR_FAILED,
                   "cairo could not draw the figure: %s",
                   cairo_status_to_string (cairo_status (cr)));
      return FALSE;
    }
  return TRUE;
}

static void
scale_layout (RlxFigureLayout *layout,
              double           f)
{
  layout->width *= f;
  layout->height *= f;
  for (guint i = 0; i < layout->n_panels; i++)
    {
      RlxPanelLayout *p = &layout->panels[i];

      p->box_x *= f;
      p->box_y *= f;
      p->box_width *= f;
      p->box_height *= f;
    }
}

static cairo_surface_t *
rasterize (GBytes   *svg,
           int       width_px,
           int       height_px,
           GError  **error)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width_px, height_px);
  cairo_t *cr;
  gboolean ok;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, RLX_PLOT_ERROR, RLX_PLOT_ERROR_FAILED,
                   "Could not make a %d × %d image: %s", width_px, height_px,
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }
  cr = cairo_create (surface);
  ok = render_svg_to_cairo (svg, cr, width_px, height_px, error);
  cairo_destroy (cr);
  if (!ok)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_flush (surface);
  return surface;
}

cairo_surface_t *
rlx_figure_render_image (const RlxFigure  *figure,
                         const RlxTheme   *theme,
                         int               width,
                         int               height,
                         double            scale,
                         RlxFigureLayout **layout,
                         RlxRenderTiming  *timing,
                         GError          **error)
{
  g_autoptr(GBytes) svg = NULL;
  RlxFigureLayout *l = NULL;
  cairo_surface_t *surface;
  gint64 t0, t1, t2;
  int width_px, height_px;

  if (!(scale >= 1.0) || scale > 8.0)
    scale = 1.0;
  if (width < 48 || height < 48 || width > 20000 || height > 20000)
    {
      g_set_error (error, RLX_PLOT_ERROR, RLX_PLOT_ERROR_INVALID,
                   "Cannot draw a figure of %d × %d pixels: use 48 to 20000 on each side",
                   width, height);
      return NULL;
    }
  width_px = (int) lround (width * scale);
  height_px = (int) lround (height * scale);

  t0 = g_get_monotonic_time ();
  svg = figure_to_svg (figure, theme, width / PX_PER_PT, height / PX_PER_PT,
                       PX_PER_PT * scale, layout != NULL ? &l : NULL, error);
  if (svg == NULL)
    return NULL;
  t1 = g_get_monotonic_time ();
  surface = rasterize (svg, width_px, height_px, error);
  t2 = g_get_monotonic_time ();
  if (surface == NULL)
    {
      rlx_figure_layout_free (l);
      return NULL;
    }

  if (timing != NULL)
    {
      timing->libplot_ms = (t1 - t0) / 1000.0;
      timing->rsvg_ms = (t2 - t1) / 1000.0;
    }
  if (layout != NULL)
    {
      scale_layout (l, PX_PER_PT);
      *layout = l;
    }
  return surface;
}

/* ---------------------------------------------------------------------------------------- */
/* PNG with its resolution: cairo writes no pHYs chunk, so one is added after IHDR. */

static guint32
crc32_update (guint32       crc,
              const guint8 *data,
              gsize         len)
{
  static guint32 table[256];
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;
          for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
          table[n] = c;
        }
      g_once_init_leave (&initialised, 1);
    }
  crc ^= 0xFFFFFFFFu;
  for (gsize i = 0; i < len; i++)
    crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

static void
put_be32 (guint8  *p,
          guint32  v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

static cairo_status_t
write_to_byte_array (void                *closure,
                     const unsigned char *data,
                     unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
write_png (cairo_surface_t *surface,
           double           dpi,
           const char      *path,
           GError         **error)
{
  g_autoptr(GByteArray) png = g_byte_array_new ();
  g_autoptr(GByteArray) out = g_byte_array_new ();
  const gsize ihdr_end = 8 + 8 + 13 + 4;
  cairo_status_t status = cairo_surface_write_to_png_stream (surface, write_to_byte_array, png);
  guint8 chunk[21];
  guint32 ppm = (guint32) lround (dpi / 0.0254);

  if (status != CAIRO_STATUS_SUCCESS || png->len < ihdr_end)
    {
      g_set_error (error, RLX_PLOT_ERROR, RLX_PLOT_ERROR_FAILED, "cairo could not encode the PNG: %s",
                   cairo_status_to_string (status));
      return FALSE;
    }

  put_be32 (chunk, 9);
  memcpy (chunk + 4, "pHYs", 4);
  put_be32 (chunk + 8, ppm);
  put_be32 (chunk + 12, ppm);
  chunk[16] = 1; /* unit: metre */
  put_be32 (chunk + 17, crc32_update (0, chunk + 4, 13));

  g_byte_array_append (out, png->data, ihdr_end);
  g_byte_array_append (out, chunk, sizeof chunk);
  g_byte_array_append (out, png->data + ihdr_end, png->len - ihdr_end);

  return g_file_set_contents (path, (const char *) out->data, out->len, error);
}

/* ---------------------------------------------------------------------------------------- */

static gboolean
prefix_io_error (GError    **error,
                 const char *path)
{
  if (error != NULL && *error != NULL && (*error)->domain != RLX_PLOT_ERROR)
    {
      GError *e = *error;

      *error = g_error_new (RLX_PLOT_ERROR, RLX_PLOT_ERROR_IO,
                            "Could not write the figure to “%s”: %s", path, e->message);
      g_error_free (e);
    }
  return FALSE;
}

gboolean
rlx_figure_export (const RlxFigure  *figure,
                   const RlxTheme   *theme,
                   RlxExportFormat   format,
                   const char       *path,
                   double            width_pt,
                   double            height_pt,
                   double            dpi,
                   GError          **error)
{
  g_autoptr(GBytes) svg = NULL;

  switch (format)
    {
    case RLX_EXPORT_SVG:
      svg = rlx_figure_to_svg (figure, theme, width_pt, height_pt, NULL, error);
      if (svg == NULL)
        return FALSE;
      if (!g_file_set_contents (path, g_bytes_get_data (svg, NULL), g_bytes_get_size (svg), error))
        return prefix_io_error (error, path);
      return TRUE;

    case RLX_EXPORT_PNG:
      {
        cairo_surface_t *surface;
        int w, h;
        gboolean ok;

        if (!(dpi >= 10.0) || dpi > 4800.0)
          {
            g_set_error (error, RLX_PLOT_ERROR, RLX_PLOT_ERROR_INVALID,
                         "A resolution of %g dpi is not usable: choose 10 to 4800 dpi", dpi);
            return FALSE;
          }
        w = (int) lround (width_pt * dpi / 72.0);
        h = (int) lround (height_pt * dpi / 72.0);
        if (w < 16 || h < 16 || (double) w * h > 400e6)
          {
            g_set_error (error, RLX_PLOT_ERROR, RLX_PLOT_ERROR_INVALID,
                         "A PNG of %d × %d pixels is too small or too large: change the size "
                         "or the resolution", w, h);
            return FALSE;
          }
        svg = figure_to_svg (figure, theme, width_pt, height_pt, dpi / 72.0, NULL, error);
        if (svg == NULL)
          return FALSE;
        surface = rasterize (svg, w, h, error);
        if (surface == NULL)
          return FALSE;
        ok = write_png (surface, dpi, path, error);
        cairo_surface_destroy (surface);
        return ok ? TRUE : prefix_io_error (error, path);
      }

    case RLX_EXPORT_PDF:
      {
        cairo_surface_t *surface;
        cairo_t *cr;
        gboolean ok;
        cairo_status_t status;

        svg = rlx_figure_to_svg (figure, theme, width_pt, height_pt, NULL, error);
        if (svg == NULL)
          return FALSE;
        surface = cairo_pdf_surface_create (path, width_pt, height_pt);
        if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
          {
            g_set_error (error, RLX_PLOT_ERROR, RLX_PLOT_ERROR_IO,
                         "Could not write the figure to “%s”: %s", path,
                         cairo_status_to_string (cairo_surface_status (surface)));
            cairo_surface_destroy (surface);
            return FALSE;
          }
        cr = cairo_create (surface);
        ok = render_svg_to_cairo (svg, cr, width_pt, height_pt, error);
        cairo_destroy (cr);
        cairo_surface_finish (surface);
        status = cairo_surface_status (surface);
        cairo_surface_destroy (surface);
        if (ok && status != CAIRO_STATUS_SUCCESS)
          {
            g_set_error (error, RLX_PLOT_ERROR, RLX_PLOT_ERROR_IO,
                         "Could not write the figure to “%s”: %s", path,
                         cairo_status_to_string (status));
            return FALSE;
          }
        return ok;
      }

    case RLX_EXPORT_EPS:
      {
        FILE *f = fopen (path, "wb");
        gboolean ok;

        if (f == NULL)
          {
            int saved = errno;
            g_set_error (error, RLX_PLOT_ERROR, RLX_PLOT_ERROR_IO,
                         "Could not write the figure to “%s”: %s", path, g_strerror (saved));
            return FALSE;
          }
        ok = rlx_render_figure (figure, theme, "ps", f, width_pt, height_pt,
                                RLX_RENDER_DEFAULT_COLUMNS_PER_PT, NULL, error);
        if (fclose (f) != 0 && ok)
          {
            int saved = errno;
            g_set_error (error, RLX_PLOT_ERROR, RLX_PLOT_ERROR_IO,
                         "Could not write the figure to “%s”: %s", path, g_strerror (saved));
            return FALSE;
          }
        return ok;
      }

    default:
      g_set_error (error, RLX_PLOT_ERROR, RLX_PLOT_ERROR_INVALID, "Unknown figure format %d",
                   (int) format);
      return FALSE;
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Layout: data ↔ pixel */

void
rlx_figure_layout_free (RlxFigureLayout *layout)
{
  if (layout == NULL)
    return;
  g_free (layout->panels);
  g_free (layout);
}

int
rlx_figure_layout_find_panel (const RlxFigureLayout *layout,
                              double                 px,
                              double                 py)
{
  for (guint i = 0; i < layout->n_panels; i++)
    {
      const RlxPanelLayout *p = &layout->panels[i];

      if (px >= p->box_x && px <= p->box_x + p->box_width && py >= p->box_y &&
          py <= p->box_y + p->box_height)
        return (int) i;
    }
  return -1;
}

static gboolean
to_t (double    v,
      gboolean  log_scale,
      double   *t)
{
  if (log_scale)
    {
      if (!(v > 0))
        return FALSE;
      *t = log10 (v);
    }
  else
    *t = v;
  return isfinite (*t);
}

gboolean
rlx_figure_layout_data_to_pixel (const RlxFigureLayout *layout,
                                 guint                  panel,
                                 double                 x,
                                 double                 y,
                                 double                *px,
                                 double                *py)
{
  const RlxPanelLayout *p;
  double tx, ty, ax, bx, ay, by, fx, fy;

  if (layout == NULL || panel >= layout->n_panels)
    return FALSE;
  p = &layout->panels[panel];
  if (!to_t (x, p->x_log, &tx) || !to_t (y, p->y_log, &ty) || !to_t (p->x_min, p->x_log, &ax) ||
      !to_t (p->x_max, p->x_log, &bx) || !to_t (p->y_min, p->y_log, &ay) ||
      !to_t (p->y_max, p->y_log, &by) || ax == bx || ay == by)
    return FALSE;
  fx = (tx - ax) / (bx - ax);
  fy = (ty - ay) / (by - ay);
  if (p->x_reversed)
    fx = 1.0 - fx;
  if (p->y_reversed)
    fy = 1.0 - fy;
  *px = p->box_x + fx * p->box_width;
  *py = p->box_y + (1.0 - fy) * p->box_height;
  return TRUE;
}

gboolean
rlx_figure_layout_pixel_to_data (const RlxFigureLayout *layout,
                                 guint                  panel,
                                 double                 px,
                                 double                 py,
                                 double                *x,
                                 double                *y)
{
  const RlxPanelLayout *p;
  double ax, bx, ay, by, fx, fy, tx, ty;

  if (layout == NULL || panel >= layout->n_panels)
    return FALSE;
  p = &layout->panels[panel];
  if (!to_t (p->x_min, p->x_log, &ax) || !to_t (p->x_max, p->x_log, &bx) ||
      !to_t (p->y_min, p->y_log, &ay) || !to_t (p->y_max, p->y_log, &by) ||
      p->box_width <= 0 || p->box_height <= 0)
    return FALSE;
  fx = (px - p->box_x) / p->box_width;
  fy = 1.0 - (py - p->box_y) / p->box_height;
  if (p->x_reversed)
    fx = 1.0 - fx;
  if (p->y_reversed)
    fy = 1.0 - fy;
  tx = ax + fx * (bx - ax);
  ty = ay + fy * (by - ay);
  *x = p->x_log ? pow (10.0, tx) : tx;
  *y = p->y_log ? pow (10.0, ty) : ty;
  return TRUE;
}
