/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-plot"

#include "config.h"

#include "rlx-render-private.h"

#include <math.h>
#include <string.h>

#include "rlx-markup.h"

/*
 * Drawing a figure with libplot. The canvas is width × height points with libplot's y axis
 * pointing up; every panel is drawn between savestate/restorestate with its own transform
 * (data → points) and our own clipping to its plot box.
 */

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

/* ---------------------------------------------------------------------------------------- */
/* Small helpers */

static int
channel (double v)
{
  return (int) lround (CLAMP (v, 0.0, 1.0) * 65535.0);
}

static void
set_pen (Ctx      *ctx,
         RlxColor  c)
{
  pl_pencolor_r (ctx->pl, channel (c.r), channel (c.g), channel (c.b));
}

static void
set_fill (Ctx      *ctx,
          RlxColor  c)
{
  pl_fillcolor_r (ctx->pl, channel (c.r), channel (c.g), channel (c.b));
}

static void
set_font (Ctx        *ctx,
          const char *font,
          double      size)
{
  pl_ffontname_r (ctx->pl, font);
  pl_ffontsize_r (ctx->pl, size);
}

static double
text_width (Ctx        *ctx,
            const char *markup)
{
  g_autofree char *s = rlx_markup_to_libplot (markup);

  return pl_flabelwidth_r (ctx->pl, s);
}

static void
draw_text (Ctx        *ctx,
           double      x,
           double      y,
           int         hjust,
           int         vjust,
           const char *markup)
{
  g_autofree char *s = rlx_markup_to_libplot (markup);

  if (s == NULL || *s == '\0')
    return;
  pl_fmove_r (ctx->pl, x, y);
  pl_alabel_r (ctx->pl, hjust, vjust, s);
}

static void
set_line_style (Ctx          *ctx,
                RlxLineStyle  style,
                double        width)
{
  double u = MAX (width, 0.4);

  pl_flinewidth_r (ctx->pl, width);
  switch (style)
    {
    case RLX_LINE_DASHED:
      {
        double d[] = { 4.0 * u, 2.5 * u };
        pl_flinedash_r (ctx->pl, 2, d, 0.0);
      }
      break;
    case RLX_LINE_DOTTED:
      {
        double d[] = { 0.9 * u, 1.8 * u };
        pl_flinedash_r (ctx->pl, 2, d, 0.0);
      }
      break;
    case RLX_LINE_DASH_DOT:
      {
        double d[] = { 4.5 * u, 1.8 * u, 0.9 * u, 1.8 * u };
        pl_flinedash_r (ctx->pl, 4, d, 0.0);
      }
      break;
    case RLX_LINE_NONE:
    case RLX_LINE_SOLID:
    default:
      pl_linemod_r (ctx->pl, "solid");
      break;
    }
}

static RlxColor
resolve_color (Ctx          *ctx,
               RlxColorMode  mode,
               RlxColor      color,
               double        value,
               guint        *auto_index)
{
  const RlxTheme *t = ctx->theme;

  switch (mode)
    {
    case RLX_COLOR_EXPLICIT:
      return color;
    case RLX_COLOR_SCALE:
      {
        double a = ctx->c_lo, b = ctx->c_hi, v = value, f;

        if (!isfinite (v))
          return t->muted;
        if (ctx->c_log)
          {
            if (v <= 0)
              return t->muted;
            a = log10 (a);
            b = log10 (b);
            v = log10 (v);
          }
        f = b > a ? (v - a) / (b - a) : 0.5;
        /* The map's lightest end vanishes on white, its darkest on a dark window. */
        if (t->kind == RLX_THEME_DARK)
          return rlx_colormap_eval (0.12 + 0.88 * f);
        return rlx_colormap_eval (0.9 * f);
      }
    case RLX_COLOR_FOREGROUND:
      return t->foreground;
    case RLX_COLOR_MUTED:
      return t->muted;
    case RLX_COLOR_PALETTE:
      {
        int i = isfinite (value) ? (int) value : 0;

        return t->palette[((guint) ABS (i)) % t->n_palette];
      }
    case RLX_COLOR_AUTO:
    default:
      {
        RlxColor c = t->palette[*auto_index % t->n_palette];

        (*auto_index)++;
        return c;
      }
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Transforms */

static double
axis_t (double   v,
        gboolean log_scale)
{
  if (!log_scale)
    return v;
  return v > 0 ? log10 (v) : -INFINITY;
}

static double
map_x (const PanelGeom *g,
       double           x)
{
  double a = axis_t (g->x_lo, g->x_log), b = axis_t (g->x_hi, g->x_log);
  double f = (axis_t (x, g->x_log) - a) / (b - a);

  if (g->x_rev)
    f = 1.0 - f;
  return g->box.x0 + f * (g->box.x1 - g->box.x0);
}

static double
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
static double
map_y_area (const PanelGeom *g,
            double           y)
{
  if (g->y_log && !(y > 0))
    return g->y_rev ? g->box.y1 + 1.0 : g->box.y0 - 1.0;
  return map_y (g, y);
}

static gboolean
in_box (const RlxBox *b,
        double        x,
        double        y)
{
  return x >= b->x0 - 1e-6 && x <= b->x1 + 1e-6 && y >= b->y0 - 1e-6 && y <= b->y1 + 1e-6;
}

/* ---------------------------------------------------------------------------------------- */
/* Layout */

static void
resolve_axis (RlxAxis      *axis,
              gboolean      have_data,
              double        dmin,
              double        dmax,
              double       *lo,
              double       *hi)
{
  if (!axis->auto_range && isfinite (axis->min) && isfinite (axis->max) && axis->min != axis->max &&
      (axis->scale != RLX_AXIS_SCALE_LOG10 || (axis->min > 0 && axis->max > 0)))
    {
      *lo = MIN (axis->min, axis->max);
      *hi = MAX (axis->min, axis->max);
      return;
    }
  if (!have_data)
    {
      dmin = NAN;
      dmax = NAN;
    }
  rlx_axis_auto_range (axis->scale, dmin, dmax, axis->padding, axis->include_zero, lo, hi);
}

/* At least three labelled ticks even on a short residual panel; never a crowded axis. */
static guint
max_ticks_for (double length,
               double spacing)
{
  return (guint) CLAMP (floor (length / spacing), 3, 8);
}

/* Fewer x ticks until neighbouring labels keep a gap of about one character. */
static RlxTicks *
fit_x_ticks (Ctx       *ctx,
             PanelGeom *g)
{
  guint max_major = max_ticks_for (g->box.x1 - g->box.x0, ctx->theme->font_size * 4.5);

  for (;;)
    {
      RlxTicks *ticks = rlx_ticks_compute (g->x_log ? RLX_AXIS_SCALE_LOG10 : RLX_AXIS_SCALE_LINEAR,
                                           g->x_lo, g->x_hi, max_major);
      gboolean overlap = FALSE;
      double prev_right = -INFINITY;

      for (guint i = 0; i < ticks->major->len; i++)
        {
          guint k = g->x_rev ? ticks->major->len - 1 - i : i;
          RlxTick *t = &g_array_index (ticks->major, RlxTick, k);
          double x = map_x (g, t->value);
          double w = text_width (ctx, t->label);

          if (x - w / 2 < prev_right + ctx->theme->font_size * 0.8)
            overlap = TRUE;
          prev_right = x + w / 2;
        }
      if (!overlap || max_major <= 1)
        return ticks;
      rlx_ticks_free (ticks);
      max_major--;
    }
}

static double
max_label_width (Ctx      *ctx,
                 RlxTicks *ticks)
{
  double w = 0.0;

  for (guint i = 0; i < ticks->major->len; i++)
    w = MAX (w, text_width (ctx, g_array_index (ticks->major, RlxTick, i).label));
  return w;
}

static void
compute_layout (Ctx *ctx)
{
  const RlxTheme *t = ctx->theme;
  const RlxFigure *fig = ctx->figure;
  double fs = t->font_size, ls = t->label_size;
  double top, bottom, left, right, gap_shared, gap_free, total_weight = 0.0, avail, y;
  double shared_lo = 0, shared_hi = 1;
  double cbar_width = 0.0;

  ctx->geom = g_new0 (PanelGeom, ctx->n_panels);

  set_font (ctx, t->font, fs);

  /* x ranges: one for all panels when shared. */
  if (fig->share_x)
    {
      double lo = INFINITY, hi = -INFINITY;
      RlxPanel *first = g_ptr_array_index (fig->panels, 0);

      for (guint i = 0; i < ctx->n_panels; i++)
        {
          RlxPanel *p = g_ptr_array_index (fig->panels, i);
          double a, b;

          if (rlx_panel_get_data_range (p, TRUE, first->x.scale, &a, &b))
            {
              lo = MIN (lo, a);
              hi = MAX (hi, b);
            }
        }
      resolve_axis (&first->x, lo <= hi, lo, hi, &shared_lo, &shared_hi);
    }

  for (guint i = 0; i < ctx->n_panels; i++)
    {
      RlxPanel *p = g_ptr_array_index (fig->panels, i);
      PanelGeom *g = &ctx->geom[i];
      RlxPanel *xsrc = fig->share_x ? g_ptr_array_index (fig->panels, 0) : p;
      double a, b;

      g->x_log = xsrc->x.scale == RLX_AXIS_SCALE_LOG10;
      g->x_rev = xsrc->x.reversed;
      g->y_log = p->y.scale == RLX_AXIS_SCALE_LOG10;
      g->y_rev = p->y.reversed;
      if (fig->share_x)
        {
          g->x_lo = shared_lo;
          g->x_hi = shared_hi;
        }
      else
        {
          gboolean have = rlx_panel_get_data_range (p, TRUE, p->x.scale, &a, &b);
          resolve_axis (&p->x, have, a, b, &g->x_lo, &g->x_hi);
        }
      {
        gboolean have = rlx_panel_get_data_range (p, FALSE, p->y.scale, &a, &b);
        resolve_axis (&p->y, have, a, b, &g->y_lo, &g->y_hi);
      }
      g->x_labels = (!fig->share_x || i == ctx->n_panels - 1) && xsrc->x.show_labels;
      total_weight += p->weight > 0 ? p->weight : 1.0;
    }

  /* Vertical: title, panels with their x labels, gaps. */
  top = fs * 0.9 + (fig->title != NULL ? ls * 1.9 : 0.0);
  bottom = fs * 0.6 + fs * 1.25 + ls * 1.55;
  gap_shared = fs * 0.7;
  gap_free = fs * 0.6 + fs * 1.25 + ls * 1.55 + fs * 0.9;
  avail = ctx->height - top - bottom;
  for (guint i = 0; i + 1 < ctx->n_panels; i++)
    avail -= ctx->geom[i].x_labels ? gap_free : gap_shared;
  avail = MAX (avail, 10.0);

  y = ctx->height - top;
  for (guint i = 0; i < ctx->n_panels; i++)
    {
      RlxPanel *p = g_ptr_array_index (fig->panels, i);
      PanelGeom *g = &ctx->geom[i];
      double h = avail * (p->weight > 0 ? p->weight : 1.0) / total_weight;

      g->box.y1 = y;
      g->box.y0 = y - h;
      y = g->box.y0 - (g->x_labels ? gap_free : gap_shared);
      g->y_ticks = rlx_ticks_compute (p->y.scale, g->y_lo, g->y_hi,
                                      max_ticks_for (h, fs * 2.6));
    }

  /* Horizontal: the widest y tick label decides the left margin for every panel. */
  left = 0.0;
  for (guint i = 0; i < ctx->n_panels; i++)
    left = MAX (left, max_label_width (ctx, ctx->geom[i].y_ticks));
  left += fs * 0.5 + ls * 1.6 + fs * 0.4;

  right = fs * 1.2;
  if (ctx->has_color_scale)
    {
      g_autoptr(RlxTicks) cticks = rlx_ticks_compute (ctx->c_log ? RLX_AXIS_SCALE_LOG10
                                                                 : RLX_AXIS_SCALE_LINEAR,
                                                      ctx->c_lo, ctx->c_hi, 5);

      cbar_width = fs * 0.9;
      right = fs * 1.2 + cbar_width + fs * 0.5 + max_label_width (ctx, cticks) + ls * 1.7;
    }

  for (guint i = 0; i < ctx->n_panels; i++)
    {
      PanelGeom *g = &ctx->geom[i];

      g->box.x0 = left;
      g->box.x1 = MAX (left + 10.0, ctx->width - right);
      g->x_ticks = fit_x_ticks (ctx, g);
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Panel content */

static void
draw_polygon (Ctx          *ctx,
              const double *x,
              const double *y,
              gsize         n)
{
  if (n < 3)
    return;
  pl_fmove_r (ctx->pl, x[0], y[0]);
  for (gsize i = 1; i < n; i++)
    pl_fcont_r (ctx->pl, x[i], y[i]);
  pl_closepath_r (ctx->pl);
  pl_endpath_r (ctx->pl);
}

static void
draw_bands (Ctx            *ctx,
            const RlxPanel *p,
            const PanelGeom *g)
{
  const RlxTheme *t = ctx->theme;

  for (guint i = 0; i < p->bands->len; i++)
    {
      const RlxBand *b = g_ptr_array_index (p->bands, i);
      guint auto_index = 0;
      RlxColor c = resolve_color (ctx, b->color_mode, b->color, NAN, &auto_index);
      RlxColor fill = rlx_color_mix (t->background, c, b->opacity);
      double a0, a1, x0, x1, y0, y1;

      if (b->orientation == RLX_ORIENTATION_HORIZONTAL)
        {
          a0 = map_y_area (g, b->from);
          a1 = map_y_area (g, b->to);
          x0 = g->box.x0;
          x1 = g->box.x1;
          y0 = CLAMP (MIN (a0, a1), g->box.y0, g->box.y1);
          y1 = CLAMP (MAX (a0, a1), g->box.y0, g->box.y1);
        }
      else
        {
          a0 = map_x (g, b->from);
          a1 = map_x (g, b->to);
          y0 = g->box.y0;
          y1 = g->box.y1;
          x0 = CLAMP (MIN (a0, a1), g->box.x0, g->box.x1);
          x1 = CLAMP (MAX (a0, a1), g->box.x0, g->box.x1);
        }
      if (!(x1 > x0) || !(y1 > y0))
        continue;

      pl_filltype_r (ctx->pl, 1);
      set_fill (ctx, fill);
      pl_pentype_r (ctx->pl, 0);
      pl_fbox_r (ctx->pl, x0, y0, x1, y1);
      pl_pentype_r (ctx->pl, 1);
      pl_filltype_r (ctx->pl, 0);

      if (b->label != NULL)
        {
          set_pen (ctx, rlx_color_mix (t->background, c, 0.9));
          set_font (ctx, t->font, t->legend_size);
          if (b->orientation == RLX_ORIENTATION_HORIZONTAL)
            draw_text (ctx, x1 - t->tick_length - t->font_size * 0.4, (y0 + y1) / 2, 'r', 'c', b->label);
          else
            draw_text (ctx, (x0 + x1) / 2, y1 - t->font_size * 0.4, 'c', 't', b->label);
        }
    }
}

static void
draw_fills (Ctx             *ctx,
            const RlxPanel  *p,
            const PanelGeom *g,
            const RlxColor  *colors)
{
  const RlxTheme *t = ctx->theme;

  for (guint i = 0; i < p->fills->len; i++)
    {
      const RlxFill *f = g_ptr_array_index (p->fills, i);
      RlxColor c = colors[i];
      g_autofree double *px = g_new (double, 2 * f->n + 1);
      g_autofree double *py = g_new (double, 2 * f->n + 1);
      g_autofree double *cx = NULL;
      g_autofree double *cy = NULL;
      gsize m = 0, k;

      for (gsize j = 0; j < f->n; j++)
        if (isfinite (f->x[j]) && isfinite (f->y_high[j]) && (!g->x_log || f->x[j] > 0))
          {
            px[m] = map_x (g, f->x[j]);
            py[m] = map_y_area (g, f->y_high[j]);
            m++;
          }
      for (gsize j = f->n; j-- > 0;)
        {
          double low = f->y_low != NULL ? f->y_low[j] : 0.0;

          if (isfinite (f->x[j]) && isfinite (f->y_high[j]) && isfinite (low) &&
              (!g->x_log || f->x[j] > 0))
            {
              px[m] = map_x (g, f->x[j]);
              py[m] = map_y_area (g, low);
              m++;
            }
        }
      if (m < 3)
        continue;
      cx = g_new (double, 2 * m + 4);
      cy = g_new (double, 2 * m + 4);
      k = rlx_clip_polygon (&g->box, px, py, m, cx, cy);

      pl_filltype_r (ctx->pl, 1);
      set_fill (ctx, rlx_color_mix (t->background, c, f->opacity));
      pl_pentype_r (ctx->pl, 0);
      draw_polygon (ctx, cx, cy, k);
      pl_pentype_r (ctx->pl, 1);
      pl_filltype_r (ctx->pl, 0);
    }
}

static void
draw_marker (Ctx       *ctx,
             RlxMarker  marker,
             double     x,
             double     y,
             double     size,
             gboolean   filled,
             RlxColor   color)
{
  double r = size / 2.0;
  const RlxTheme *t = ctx->theme;

  set_pen (ctx, color);
  pl_flinewidth_r (ctx->pl, MAX (t->line_width * 0.6, 0.3));
  pl_linemod_r (ctx->pl, "solid");
  if (filled)
    {
      pl_filltype_r (ctx->pl, 1);
      set_fill (ctx, color);
    }
  else
    {
      pl_filltype_r (ctx->pl, 1);
      set_fill (ctx, t->background);
    }

  switch (marker)
    {
    case RLX_MARKER_CIRCLE:
      pl_fcircle_r (ctx->pl, x, y, r * 0.95);
      break;
    case RLX_MARKER_SQUARE:
      pl_fbox_r (ctx->pl, x - r * 0.85, y - r * 0.85, x + r * 0.85, y + r * 0.85);
      break;
    case RLX_MARKER_TRIANGLE:
      {
        double px[] = { x, x - r, x + r }, py[] = { y + r, y - 0.75 * r, y - 0.75 * r };
        draw_polygon (ctx, px, py, 3);
      }
      break;
    case RLX_MARKER_TRIANGLE_DOWN:
      {
        double px[] = { x, x - r, x + r }, py[] = { y - r, y + 0.75 * r, y + 0.75 * r };
        draw_polygon (ctx, px, py, 3);
      }
      break;
    case RLX_MARKER_DIAMOND:
      {
        double px[] = { x, x + r, x, x - r }, py[] = { y + 1.1 * r, y, y - 1.1 * r, y };
        draw_polygon (ctx, px, py, 4);
      }
      break;
    case RLX_MARKER_PLUS:
      pl_filltype_r (ctx->pl, 0);
      pl_fline_r (ctx->pl, x - r, y, x + r, y);
      pl_fline_r (ctx->pl, x, y - r, x, y + r);
      break;
    case RLX_MARKER_CROSS:
      pl_filltype_r (ctx->pl, 0);
      pl_fline_r (ctx->pl, x - 0.8 * r, y - 0.8 * r, x + 0.8 * r, y + 0.8 * r);
      pl_fline_r (ctx->pl, x - 0.8 * r, y + 0.8 * r, x + 0.8 * r, y - 0.8 * r);
      break;
    case RLX_MARKER_NONE:
    case RLX_N_MARKERS:
    default:
      break;
    }
  pl_filltype_r (ctx->pl, 0);
}

/* Draws a polyline through device points, breaking at NaN and clipping to the box. */
static void
draw_polyline (Ctx          *ctx,
               const RlxBox *box,
               const double *x,
               const double *y,
               gsize         n)
{
  gboolean open = FALSE;
  double cur_x = NAN, cur_y = NAN;

  for (gsize i = 0; i + 1 < n; i++)
    {
      double x0 = x[i], y0 = y[i], x1 = x[i + 1], y1 = y[i + 1];
      gboolean clipped_end;

      if (!rlx_clip_segment (box, &x0, &y0, &x1, &y1))
        {
          if (open)
            pl_endpath_r (ctx->pl);
          open = FALSE;
          continue;
        }
      clipped_end = (x1 != x[i + 1] || y1 != y[i + 1]);
      if (!open || x0 != cur_x || y0 != cur_y)
        {
          if (open)
            pl_endpath_r (ctx->pl);
          pl_fmove_r (ctx->pl, x0, y0);
          open = TRUE;
        }
      pl_fcont_r (ctx->pl, x1, y1);
      cur_x = x1;
      cur_y = y1;
      if (clipped_end)
        {
          pl_endpath_r (ctx->pl);
          open = FALSE;
        }
    }
  if (open)
    pl_endpath_r (ctx->pl);
}

static void
draw_series (Ctx             *ctx,
             const RlxSeries *s,
             const PanelGeom *g,
             RlxColor         color)
{
  const RlxTheme *t = ctx->theme;
  g_autofree double *px = NULL;
  g_autofree double *py = NULL;
  gsize m = 0;

  if (s->n == 0)
    return;

  px = g_new (double, s->n);
  py = g_new (double, s->n);
  for (gsize j = 0; j < s->n; j++)
    {
      gboolean ok = isfinite (s->x[j]) && isfinite (s->y[j]) &&
                    (!g->x_log || s->x[j] > 0) && (!g->y_log || s->y[j] > 0);

      px[m] = ok ? map_x (g, s->x[j]) : NAN;
      py[m] = ok ? map_y (g, s->y[j]) : NAN;
      m++;
    }

  if (s->line != RLX_LINE_NONE)
    {
      double width_pt = g->box.x1 - g->box.x0;
      guint columns = (guint) MAX (1.0, ceil (width_pt * ctx->columns_per_pt));

      set_pen (ctx, color);
      set_line_style (ctx, s->line, t->line_width * (s->line_width > 0 ? s->line_width : 1.0));
      if (m > 4 * (gsize) columns)
        {
          g_autofree double *dx = g_new (double, m);
          g_autofree double *dy = g_new (double, m);
          gsize k = rlx_decimate_minmax (px, py, m, g->box.x0, g->box.x1, columns, dx, dy);

          draw_polyline (ctx, &g->box, dx, dy, k);
        }
      else
        draw_polyline (ctx, &g->box, px, py, m);
      pl_linemod_r (ctx->pl, "solid");
    }

  if (s->y_err != NULL)
    {
      double cap = t->marker_size * 0.35 * (s->marker_size > 0 ? s->marker_size : 1.0);

      for (gsize j = 0; j < s->n; j++)
        {
          double e = s->y_err[j], x0, y0, x1, y1, lo, hi;
          RlxColor c = color;

          if (!isfinite (px[j]) || !isfinite (e) || e <= 0)
            continue;
          if (s->color_values != NULL && s->color_mode == RLX_COLOR_SCALE)
            c = resolve_color (ctx, RLX_COLOR_SCALE, color, s->color_values[j], NULL);
          lo = map_y_area (g, s->y[j] - e);
          hi = map_y_area (g, s->y[j] + e);
          set_pen (ctx, c);
          pl_flinewidth_r (ctx->pl, MAX (t->line_width * 0.6, 0.3));
          pl_linemod_r (ctx->pl, "solid");
          x0 = x1 = px[j];
          y0 = lo;
          y1 = hi;
          if (rlx_clip_segment (&g->box, &x0, &y0, &x1, &y1))
            pl_fline_r (ctx->pl, x0, y0, x1, y1);
          for (int side = 0; side < 2; side++)
            {
              double yy = side == 0 ? lo : hi;
              double ax = px[j] - cap, ay = yy, bx = px[j] + cap, by = yy;

              if (rlx_clip_segment (&g->box, &ax, &ay, &bx, &by) && ay >= g->box.y0 &&
                  ay <= g->box.y1)
                pl_fline_r (ctx->pl, ax, ay, bx, by);
            }
        }
    }

  if (s->marker != RLX_MARKER_NONE)
    {
      double size = t->marker_size * (s->marker_size > 0 ? s->marker_size : 1.0);

      for (gsize j = 0; j < s->n; j++)
        {
          RlxColor c = color;

          if (!isfinite (px[j]) || !in_box (&g->box, px[j], py[j]))
            continue;
          if (s->color_values != NULL && s->color_mode == RLX_COLOR_SCALE)
            c = resolve_color (ctx, RLX_COLOR_SCALE, color, s->color_values[j], NULL);
          draw_marker (ctx, s->marker, px[j], py[j], size, s->marker_filled, c);
        }
    }
}

static void
draw_ref_lines (Ctx             *ctx,
                const RlxPanel  *p,
                const PanelGeom *g)
{
  const RlxTheme *t = ctx->theme;

  for (guint i = 0; i < p->ref_lines->len; i++)
    {
      const RlxRefLine *l = g_ptr_array_index (p->ref_lines, i);
      guint auto_index = 0;
      RlxColor c = resolve_color (ctx, l->color_mode, l->color, NAN, &auto_index);
      double x0, y0, x1, y1;

      if ((l->orientation == RLX_ORIENTATION_VERTICAL && g->x_log && !(l->value > 0)) ||
          (l->orientation == RLX_ORIENTATION_HORIZONTAL && g->y_log && !(l->value > 0)))
        continue;
      if (l->orientation == RLX_ORIENTATION_VERTICAL)
        {
          x0 = x1 = map_x (g, l->value);
          y0 = g->box.y0;
          y1 = g->box.y1;
        }
      else
        {
          y0 = y1 = map_y (g, l->value);
          x0 = g->box.x0;
          x1 = g->box.x1;
        }
      if (!rlx_clip_segment (&g->box, &x0, &y0, &x1, &y1))
        continue;
      set_pen (ctx, c);
      set_line_style (ctx, l->line == RLX_LINE_NONE ? RLX_LINE_DASHED : l->line,
                      t->line_width * 0.7);
      pl_fline_r (ctx->pl, x0, y0, x1, y1);
      pl_linemod_r (ctx->pl, "solid");

      if (l->label != NULL)
        {
          set_font (ctx, t->font, t->legend_size);
          if (l->orientation == RLX_ORIENTATION_VERTICAL)
            {
              pl_ftextangle_r (ctx->pl, 90.0);
              draw_text (ctx, x0 - t->legend_size * 0.3, y1 - t->font_size * 0.4, 'r', 'b',
                         l->label);
              pl_ftextangle_r (ctx->pl, 0.0);
            }
          else
            draw_text (ctx, x1 - t->font_size * 0.4, y0 + t->legend_size * 0.3, 'r', 'b',
                       l->label);
        }
    }
}

static void
anchor_just (RlxTextAnchor  anchor,
             int       *h,
             int       *v)
{
  switch (anchor)
    {
    case RLX_TEXT_ANCHOR_LEFT:         *h = 'l'; *v = 'c'; break;
    case RLX_TEXT_ANCHOR_RIGHT:        *h = 'r'; *v = 'c'; break;
    case RLX_TEXT_ANCHOR_TOP_LEFT:     *h = 'l'; *v = 't'; break;
    case RLX_TEXT_ANCHOR_TOP_RIGHT:    *h = 'r'; *v = 't'; break;
    case RLX_TEXT_ANCHOR_BOTTOM_LEFT:  *h = 'l'; *v = 'b'; break;
    case RLX_TEXT_ANCHOR_BOTTOM_RIGHT: *h = 'r'; *v = 'b'; break;
    case RLX_TEXT_ANCHOR_CENTER:
    default:                      *h = 'c'; *v = 'c'; break;
    }
}

static void
draw_annotations (Ctx             *ctx,
                  const RlxPanel  *p,
                  const PanelGeom *g)
{
  const RlxTheme *t = ctx->theme;

  set_pen (ctx, t->foreground);
  set_font (ctx, t->font, t->legend_size);
  for (guint i = 0; i < p->annotations->len; i++)
    {
      const RlxAnnotation *a = g_ptr_array_index (p->annotations, i);
      double x, y;
      int h, v;

      if (a->in_data)
        {
          if ((g->x_log && !(a->x > 0)) || (g->y_log && !(a->y > 0)))
            continue;
          x = map_x (g, a->x);
          y = map_y (g, a->y);
          if (!in_box (&g->box, x, y))
            continue;
        }
      else
        {
          x = g->box.x0 + a->x * (g->box.x1 - g->box.x0);
          y = g->box.y0 + a->y * (g->box.y1 - g->box.y0);
        }
      anchor_just (a->anchor, &h, &v);
      draw_text (ctx, x, y, h, v, a->text);
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Frame, ticks, labels */

static void
draw_ticks_along (Ctx             *ctx,
                  const PanelGeom *g,
                  gboolean         along_x,
                  const RlxTicks  *ticks)
{
  const RlxTheme *t = ctx->theme;
  double major = t->tick_length, minor = t->tick_length * 0.55;

  for (int pass = 0; pass < 2; pass++)
    {
      GArray *arr = pass == 0 ? ticks->major : ticks->minor;
      double len = pass == 0 ? major : minor;

      for (guint i = 0; i < arr->len; i++)
        {
          double v = pass == 0 ? g_array_index (arr, RlxTick, i).value
                               : g_array_index (arr, double, i);

          if (along_x)
            {
              double x = map_x (g, v);

              if (!isfinite (x) || x < g->box.x0 - 0.01 || x > g->box.x1 + 0.01)
                continue;
              pl_fline_r (ctx->pl, x, g->box.y0, x, g->box.y0 + len);
              pl_fline_r (ctx->pl, x, g->box.y1, x, g->box.y1 - len);
            }
          else
            {
              double y = map_y (g, v);

              if (!isfinite (y) || y < g->box.y0 - 0.01 || y > g->box.y1 + 0.01)
                continue;
              pl_fline_r (ctx->pl, g->box.x0, y, g->box.x0 + len, y);
              pl_fline_r (ctx->pl, g->box.x1, y, g->box.x1 - len, y);
            }
        }
    }
}

static void
draw_frame_and_axes (Ctx             *ctx,
                     const RlxPanel  *p,
                     const RlxPanel  *xsrc,
                     const PanelGeom *g)
{
  const RlxTheme *t = ctx->theme;
  double fs = t->font_size, ls = t->label_size;

  set_pen (ctx, t->foreground);
  pl_linemod_r (ctx->pl, "solid");
  pl_flinewidth_r (ctx->pl, t->frame_width);
  pl_filltype_r (ctx->pl, 0);
  pl_fbox_r (ctx->pl, g->box.x0, g->box.y0, g->box.x1, g->box.y1);
  pl_flinewidth_r (ctx->pl, t->frame_width * 0.9);
  draw_ticks_along (ctx, g, TRUE, g->x_ticks);
  draw_ticks_along (ctx, g, FALSE, g->y_ticks);

  set_font (ctx, t->font, fs);
  if (g->x_labels)
    {
      for (guint i = 0; i < g->x_ticks->major->len; i++)
        {
          RlxTick *tick = &g_array_index (g->x_ticks->major, RlxTick, i);
          double x = map_x (g, tick->value);

          if (x < g->box.x0 - 0.01 || x > g->box.x1 + 0.01)
            continue;
          draw_text (ctx, x, g->box.y0 - fs * 0.55, 'c', 't', tick->label);
        }
    }
  for (guint i = 0; i < g->y_ticks->major->len; i++)
    {
      RlxTick *tick = &g_array_index (g->y_ticks->major, RlxTick, i);
      double y = map_y (g, tick->value);

      if (y < g->box.y0 - 0.01 || y > g->box.y1 + 0.01)
        continue;
      draw_text (ctx, g->box.x0 - fs * 0.5, y, 'r', 'c', tick->label);
    }

  set_font (ctx, t->font, ls);
  if (g->x_labels && xsrc->x.label != NULL)
    draw_text (ctx, (g->box.x0 + g->box.x1) / 2, g->box.y0 - fs * 0.55 - fs * 1.3 - ls * 0.25,
               'c', 't', xsrc->x.label);
  if (p->y.label != NULL && p->y.show_labels)
    {
      pl_ftextangle_r (ctx->pl, 90.0);
      draw_text (ctx, fs * 0.4, (g->box.y0 + g->box.y1) / 2, 'c', 't', p->y.label);
      pl_ftextangle_r (ctx->pl, 0.0);
    }
  if (p->tag != NULL)
    {
      set_font (ctx, t->font, ls * 1.1);
      draw_text (ctx, g->box.x0 + fs * 0.5, g->box.y1 - fs * 0.5, 'l', 't', p->tag);
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Legend */

typedef struct
{
  const char  *label;
  RlxColor     color;
  RlxLineStyle line;
  RlxMarker    marker;
  gboolean     filled;
  gboolean     is_fill;
  double       line_width;
} LegendEntry;

static guint
count_points_in (const RlxPanel  *p,
                 const PanelGeom *g,
                 const RlxBox    *r)
{
  guint count = 0;

  for (guint i = 0; i < p->series->len; i++)
    {
      const RlxSeries *s = g_ptr_array_index (p->series, i);
      gsize stride = MAX ((gsize) 1, s->n / 400);

      for (gsize j = 0; j < s->n; j += stride)
        {
          double x, y;

          if (!isfinite (s->x[j]) || !isfinite (s->y[j]) || (g->x_log && !(s->x[j] > 0)) ||
              (g->y_log && !(s->y[j] > 0)))
            continue;
          x = map_x (g, s->x[j]);
          y = map_y (g, s->y[j]);
          if (x >= r->x0 && x <= r->x1 && y >= r->y0 && y <= r->y1)
            count++;
        }
    }
  return count;
}

static void
draw_legend (Ctx             *ctx,
             const RlxPanel  *p,
             const PanelGeom *g,
             const RlxColor  *series_colors,
             const RlxColor  *fill_colors)
{
  const RlxTheme *t = ctx->theme;
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (LegendEntry));
  double size = t->legend_size, row = size * 1.45, sample = size * 2.4, pad = size * 0.5;
  double w = 0.0, h, x0, y1;
  RlxLegendPosition pos = p->legend;

  if (pos == RLX_LEGEND_NONE)
    return;

  for (guint i = 0; i < p->fills->len; i++)
    {
      const RlxFill *f = g_ptr_array_index (p->fills, i);
      LegendEntry e = { f->label, fill_colors[i], RLX_LINE_NONE, RLX_MARKER_NONE, FALSE, TRUE, 1 };

      if (f->label != NULL)
        g_array_append_val (entries, e);
    }
  for (guint i = 0; i < p->series->len; i++)
    {
      const RlxSeries *s = g_ptr_array_index (p->series, i);
      LegendEntry e = { s->label, series_colors[i], s->line, s->marker, s->marker_filled, FALSE,
                        s->line_width > 0 ? s->line_width : 1.0 };

      if (s->label != NULL)
        g_array_append_val (entries, e);
    }
  if (entries->len == 0)
    return;

  set_font (ctx, t->font, size);
  for (guint i = 0; i < entries->len; i++)
    w = MAX (w, text_width (ctx, g_array_index (entries, LegendEntry, i).label));
  w += sample + size * 0.6 + 2 * pad;
  h = entries->len * row + 2 * pad - (row - size * 1.1);

  if (pos == RLX_LEGEND_AUTO)
    {
      static const RlxLegendPosition order[] = { RLX_LEGEND_TOP_RIGHT, RLX_LEGEND_TOP_LEFT,
                                                 RLX_LEGEND_BOTTOM_RIGHT, RLX_LEGEND_BOTTOM_LEFT };
      guint best = G_MAXUINT;

      for (guint i = 0; i < G_N_ELEMENTS (order); i++)
        {
          RlxBox r;
          guint n;
          double m = t->tick_length + size * 0.3;
          gboolean right = order[i] == RLX_LEGEND_TOP_RIGHT || order[i] == RLX_LEGEND_BOTTOM_RIGHT;
          gboolean top = order[i] == RLX_LEGEND_TOP_RIGHT || order[i] == RLX_LEGEND_TOP_LEFT;

          r.x0 = right ? g->box.x1 - m - w : g->box.x0 + m;
          r.x1 = r.x0 + w;
          r.y1 = top ? g->box.y1 - m : g->box.y0 + m + h;
          r.y0 = r.y1 - h;
          /* The panel tag sits top-left. */
          n = count_points_in (p, g, &r) + ((p->tag != NULL && order[i] == RLX_LEGEND_TOP_LEFT) ? 5 : 0);
          if (n < best)
            {
              best = n;
              pos = order[i];
            }
        }
    }

  {
    double m = t->tick_length + size * 0.3;
    gboolean right = pos == RLX_LEGEND_TOP_RIGHT || pos == RLX_LEGEND_BOTTOM_RIGHT;
    gboolean top = pos == RLX_LEGEND_TOP_RIGHT || pos == RLX_LEGEND_TOP_LEFT;

    x0 = right ? g->box.x1 - m - w : g->box.x0 + m;
    y1 = top ? g->box.y1 - m : g->box.y0 + m + h;
  }

  /* An opaque background keeps the entries readable over curves beneath; over empty space
   * it would only hide bands and fit windows. */
  {
    RlxBox r = { x0, y1 - h, x0 + w, y1 };

    if (count_points_in (p, g, &r) > 0)
      {
        pl_filltype_r (ctx->pl, 1);
        set_fill (ctx, t->background);
        pl_pentype_r (ctx->pl, 0);
        pl_fbox_r (ctx->pl, x0, y1 - h, x0 + w, y1);
        pl_pentype_r (ctx->pl, 1);
        pl_filltype_r (ctx->pl, 0);
      }
  }

  for (guint i = 0; i < entries->len; i++)
    {
      LegendEntry *e = &g_array_index (entries, LegendEntry, i);
      double cy = y1 - pad - size * 0.55 - i * row;
      double sx0 = x0 + pad, sx1 = x0 + pad + sample;

      if (e->is_fill)
        {
          pl_filltype_r (ctx->pl, 1);
          set_fill (ctx, rlx_color_mix (t->background, e->color, 0.35));
          pl_pentype_r (ctx->pl, 0);
          pl_fbox_r (ctx->pl, sx0, cy - size * 0.4, sx1, cy + size * 0.4);
          pl_pentype_r (ctx->pl, 1);
          pl_filltype_r (ctx->pl, 0);
        }
      if (e->line != RLX_LINE_NONE)
        {
          set_pen (ctx, e->color);
          set_line_style (ctx, e->line, t->line_width * e->line_width);
          pl_fline_r (ctx->pl, sx0, cy, sx1, cy);
          pl_linemod_r (ctx->pl, "solid");
        }
      if (e->marker != RLX_MARKER_NONE)
        draw_marker (ctx, e->marker, (sx0 + sx1) / 2, cy, t->marker_size, e->filled, e->color);

      set_pen (ctx, t->foreground);
      set_font (ctx, t->font, size);
      draw_text (ctx, sx1 + size * 0.6, cy, 'l', 'c', e->label);
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Colour bar */

static void
draw_color_bar (Ctx *ctx)
{
  const RlxTheme *t = ctx->theme;
  const PanelGeom *first = &ctx->geom[0], *last = &ctx->geom[ctx->n_panels - 1];
  double fs = t->font_size;
  double x0 = first->box.x1 + fs * 1.2, x1 = x0 + fs * 0.9;
  double y0 = last->box.y0, y1 = first->box.y1;
  const int steps = 64;
  PanelGeom bar = { 0 };
  g_autoptr(RlxTicks) ticks = NULL;
  double label_w = 0.0;

  /* A tall stack of panels gets a bar of at most 80 % of its height, centred. */
  if (y1 - y0 > 0.0 && ctx->n_panels > 1)
    {
      double h = (y1 - y0) * 0.8, mid = (y0 + y1) / 2;
      y0 = mid - h / 2;
      y1 = mid + h / 2;
    }

  pl_pentype_r (ctx->pl, 0);
  pl_filltype_r (ctx->pl, 1);
  for (int i = 0; i < steps; i++)
    {
      double f = (i + 0.5) / steps;
      double v = ctx->c_log ? pow (10.0, log10 (ctx->c_lo) + f * (log10 (ctx->c_hi) - log10 (ctx->c_lo)))
                            : ctx->c_lo + f * (ctx->c_hi - ctx->c_lo);
      RlxColor c = resolve_color (ctx, RLX_COLOR_SCALE, t->foreground, v, NULL);
      double ya = y0 + (y1 - y0) * i / steps, yb = y0 + (y1 - y0) * (i + 1) / steps;

      set_fill (ctx, c);
      /* Overlap each slice a little so no hairline gaps show after antialiasing. */
      pl_fbox_r (ctx->pl, x0, ya, x1, MIN (yb + (y1 - y0) * 0.004, y1));
    }
  pl_filltype_r (ctx->pl, 0);
  pl_pentype_r (ctx->pl, 1);

  set_pen (ctx, t->foreground);
  pl_flinewidth_r (ctx->pl, t->frame_width);
  pl_fbox_r (ctx->pl, x0, y0, x1, y1);

  bar.box = (RlxBox) { x0, y0, x1, y1 };
  bar.y_lo = ctx->c_lo;
  bar.y_hi = ctx->c_hi;
  bar.y_log = ctx->c_log;
  bar.x_lo = 0;
  bar.x_hi = 1;
  ticks = rlx_ticks_compute (ctx->c_log ? RLX_AXIS_SCALE_LOG10 : RLX_AXIS_SCALE_LINEAR,
                             ctx->c_lo, ctx->c_hi, max_ticks_for (y1 - y0, fs * 2.6));
  set_font (ctx, t->font, fs);
  pl_flinewidth_r (ctx->pl, t->frame_width * 0.9);
  for (int pass = 0; pass < 2; pass++)
    {
      GArray *arr = pass == 0 ? ticks->major : ticks->minor;

      for (guint i = 0; i < arr->len; i++)
        {
          double v = pass == 0 ? g_array_index (arr, RlxTick, i).value : g_array_index (arr, double, i);
          double y = map_y (&bar, v);
          double len = pass == 0 ? t->tick_length * 0.8 : t->tick_length * 0.45;

          if (y < y0 - 0.01 || y > y1 + 0.01)
            continue;
          pl_fline_r (ctx->pl, x1, y, x1 - len, y);
          if (pass == 0)
            {
              const char *label = g_array_index (arr, RlxTick, i).label;

              draw_text (ctx, x1 + fs * 0.35, y, 'l', 'c', label);
              label_w = MAX (label_w, text_width (ctx, label));
            }
        }
    }

  if (ctx->figure->color_scale.label != NULL)
    {
      set_font (ctx, t->font, t->label_size);
      pl_ftextangle_r (ctx->pl, 90.0);
      draw_text (ctx, x1 + fs * 0.35 + label_w + fs * 0.45, (y0 + y1) / 2, 'c', 't',
                 ctx->figure->color_scale.label);
      pl_ftextangle_r (ctx->pl, 0.0);
    }
}

/* ---------------------------------------------------------------------------------------- */

static void
draw_panel (Ctx  *ctx,
            guint index)
{
  const RlxPanel *p = g_ptr_array_index (ctx->figure->panels, index);
  const RlxPanel *xsrc = ctx->figure->share_x ? g_ptr_array_index (ctx->figure->panels, 0) : p;
  const PanelGeom *g = &ctx->geom[index];
  g_autofree RlxColor *series_colors = g_new0 (RlxColor, p->series->len + 1);
  g_autofree RlxColor *fill_colors = g_new0 (RlxColor, p->fills->len + 1);
  guint auto_index = 0;

  pl_savestate_r (ctx->pl);
  pl_capmod_r (ctx->pl, "round");
  pl_joinmod_r (ctx->pl, "round");

  /* Colours are fixed in figure order so that fills and lines keep theirs when reordered. */
  for (guint i = 0; i < p->series->len; i++)
    {
      const RlxSeries *s = g_ptr_array_index (p->series, i);

      series_colors[i] = resolve_color (ctx, s->color_mode, s->color, s->color_value, &auto_index);
    }
  for (guint i = 0; i < p->fills->len; i++)
    {
      const RlxFill *f = g_ptr_array_index (p->fills, i);

      fill_colors[i] = resolve_color (ctx, f->color_mode, f->color, f->color_value, &auto_index);
    }

  draw_bands (ctx, p, g);
  draw_fills (ctx, p, g, fill_colors);
  draw_ref_lines (ctx, p, g);
  for (guint i = 0; i < p->series->len; i++)
    draw_series (ctx, g_ptr_array_index (p->series, i), g, series_colors[i]);
  draw_annotations (ctx, p, g);
  draw_frame_and_axes (ctx, p, xsrc, g);
  draw_legend (ctx, p, g, series_colors, fill_colors);

  pl_restorestate_r (ctx->pl);
}

static void
fill_layout (Ctx              *ctx,
             RlxFigureLayout **layout)
{
  RlxFigureLayout *l = g_new0 (RlxFigureLayout, 1);

  l->width = ctx->width;
  l->height = ctx->height;
  l->n_panels = ctx->n_panels;
  l->panels = g_new0 (RlxPanelLayout, ctx->n_panels);
  for (guint i = 0; i < ctx->n_panels; i++)
    {
      const PanelGeom *g = &ctx->geom[i];
      RlxPanelLayout *pl = &l->panels[i];

      pl->box_x = g->box.x0;
      pl->box_y = ctx->height - g->box.y1;
      pl->box_width = g->box.x1 - g->box.x0;
      pl->box_height = g->box.y1 - g->box.y0;
      pl->x_min = g->x_lo;
      pl->x_max = g->x_hi;
      pl->y_min = g->y_lo;
      pl->y_max = g->y_hi;
      pl->x_log = g->x_log;
      pl->y_log = g->y_log;
      pl->x_reversed = g->x_rev;
      pl->y_reversed = g->y_rev;
    }
  *layout = l;
}

gboolean
rlx_render_figure (const RlxFigure  *figure,
                   const RlxTheme   *theme,
                   const char       *plotter_type,
                   FILE             *out,
                   double            width_pt,
                   double            height_pt,
                   double            columns_per_pt,
                   RlxFigureLayout **layout,
                   GError          **error)
{
  plPlotterParams *params;
  Ctx ctx = { 0 };
  g_autofree char *page = NULL;
  char bg[16];
  gboolean ok = TRUE;

  if (figure == NULL || figure->panels->len == 0)
    {
      g_set_error (error, RLX_PLOT_ERROR, RLX_PLOT_ERROR_INVALID,
                   "The figure has no panels: add at least one panel before drawing it");
      return FALSE;
    }
  if (!(width_pt >= 36.0) || !(height_pt >= 36.0) || width_pt > 14400 || height_pt > 14400)
    {
      g_set_error (error, RLX_PLOT_ERROR, RLX_PLOT_ERROR_INVALID,
                   "A figure of %.0f × %.0f pt cannot be drawn: use between 36 pt (0.5 in) and "
                   "14400 pt (200 in) on each side", width_pt, height_pt);
      return FALSE;
    }

  /* Every parameter we rely on is set: unset ones would come from the environment. */
  page = g_strdup_printf ("a4,xsize=%.4fin,ysize=%.4fin,xorigin=0in,yorigin=0in",
                          width_pt / 72.0, height_pt / 72.0);
  g_snprintf (bg, sizeof bg, "#%02x%02x%02x", (int) lround (theme->background.r * 255),
              (int) lround (theme->background.g * 255), (int) lround (theme->background.b * 255));
  params = pl_newplparams ();
  pl_setplparam (params, "PAGESIZE", page);
  pl_setplparam (params, "BG_COLOR", bg);
  pl_setplparam (params, "EMULATE_COLOR", (void *) "no");
  pl_setplparam (params, "MAX_LINE_LENGTH", (void *) "1000000");
  pl_setplparam (params, "ROTATION", (void *) "0");
  pl_setplparam (params, "INTERLACE", (void *) "no");
  pl_setplparam (params, "META_PORTABLE", (void *) "no");

  ctx.pl = pl_newpl_r (plotter_type, NULL, out, NULL, params);
  pl_deleteplparams (params);
  if (ctx.pl == NULL)
    {
      g_set_error (error, RLX_PLOT_ERROR, RLX_PLOT_ERROR_FAILED,
                   "libplot could not make a “%s” plotter", plotter_type);
      return FALSE;
    }
  if (pl_openpl_r (ctx.pl) < 0)
    {
      pl_deletepl_r (ctx.pl);
      g_set_error (error, RLX_PLOT_ERROR, RLX_PLOT_ERROR_FAILED,
                   "libplot could not open its “%s” plotter", plotter_type);
      return FALSE;
    }

  ctx.theme = theme;
  ctx.figure = figure;
  ctx.width = width_pt;
  ctx.height = height_pt;
  ctx.columns_per_pt = columns_per_pt > 0 ? columns_per_pt : RLX_RENDER_DEFAULT_COLUMNS_PER_PT;
  ctx.n_panels = figure->panels->len;
  ctx.has_color_scale = figure->color_scale.enabled;
  ctx.c_log = figure->color_scale.scale == RLX_AXIS_SCALE_LOG10;
  rlx_figure_get_color_range (figure, &ctx.c_lo, &ctx.c_hi);
  if (ctx.c_log && !(ctx.c_lo > 0))
    ctx.c_lo = ctx.c_hi > 0 ? ctx.c_hi / 1000.0 : 1.0;
  if (ctx.c_log && !(ctx.c_hi > ctx.c_lo))
    ctx.c_hi = ctx.c_lo * 10.0;

  pl_fspace_r (ctx.pl, 0.0, 0.0, width_pt, height_pt);
  pl_erase_r (ctx.pl);

  /* The background as a shape too, so EPS bounding boxes span the whole canvas. */
  pl_savestate_r (ctx.pl);
  pl_pentype_r (ctx.pl, 0);
  pl_filltype_r (ctx.pl, 1);
  set_fill (&ctx, theme->background);
  pl_fbox_r (ctx.pl, 0.0, 0.0, width_pt, height_pt);
  pl_restorestate_r (ctx.pl);

  compute_layout (&ctx);

  for (guint i = 0; i < ctx.n_panels; i++)
    draw_panel (&ctx, i);

  if (ctx.has_color_scale)
    {
      pl_savestate_r (ctx.pl);
      draw_color_bar (&ctx);
      pl_restorestate_r (ctx.pl);
    }

  if (figure->title != NULL)
    {
      set_pen (&ctx, theme->foreground);
      set_font (&ctx, theme->font, theme->label_size);
      draw_text (&ctx, (ctx.geom[0].box.x0 + ctx.geom[0].box.x1) / 2,
                 height_pt - theme->font_size * 0.5, 'c', 't', figure->title);
    }

  if (pl_closepl_r (ctx.pl) < 0)
    {
      g_set_error (error, RLX_PLOT_ERROR, RLX_PLOT_ERROR_FAILED,
                   "libplot could not finish the “%s” drawing", plotter_type);
      ok = FALSE;
    }
  pl_deletepl_r (ctx.pl);

  if (ok && layout != NULL)
    fill_layout (&ctx, layout);

  for (guint i = 0; i < ctx.n_panels; i++)
    {
      rlx_ticks_free (ctx.geom[i].x_ticks);
      rlx_ticks_free (ctx.geom[i].y_ticks);
    }
  g_free (ctx.geom);

  return ok;
}
