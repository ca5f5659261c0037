/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-plot"

#include "config.h"

#include "rlx-render-private.h"

#include <math.h>
#include <string.h>

/* The data of a panel: bands, filled areas, reference lines, series with markers and error
 * bars, annotations. Everything is clipped to the plot box here, because libplot does not. */
/* Nothing moves by more than this fraction of a device pixel when a line is simplified. */
#define SIMPLIFY_PX 0.2
#define SIMPLIFY_MIN_POINTS 64

void
rlx_render_draw_polygon (Ctx          *ctx,
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

void
rlx_render_draw_bands (Ctx            *ctx,
                       const RlxPanel *p,
                       const PanelGeom *g)
{
  const RlxTheme *t = ctx->theme;

  for (guint i = 0; i < p->bands->len; i++)
    {
      const RlxBand *b = g_ptr_array_index (p->bands, i);
      guint auto_index = 0;
      RlxColor c = rlx_render_resolve_color (ctx, b->color_mode, b->color, NAN, &auto_index);
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
            rlx_render_draw_text (ctx, x1 - t->tick_length - t->font_size * 0.4, (y0 + y1) / 2, 'r', 'c', b->label);
          else
            rlx_render_draw_text (ctx, (x0 + x1) / 2, y1 - t->font_size * 0.4, 'c', 't', b->label);
        }
    }
}

void
rlx_render_draw_fills (Ctx             *ctx,
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
      /* The outline of a component is as smooth as its line: simplify it the same way. */
      g_free (px);
      g_free (py);
      px = g_new (double, k + 1);
      py = g_new (double, k + 1);
      k = rlx_simplify_polyline (cx, cy, k, SIMPLIFY_PX / MAX (ctx->columns_per_pt, 0.1), px, py);

      pl_filltype_r (ctx->pl, 1);
      set_fill (ctx, rlx_color_mix (t->background, c, f->opacity));
      pl_pentype_r (ctx->pl, 0);
      rlx_render_draw_polygon (ctx, px, py, k);
      pl_pentype_r (ctx->pl, 1);
      pl_filltype_r (ctx->pl, 0);
    }
}

void
rlx_render_draw_marker (Ctx       *ctx,
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
        rlx_render_draw_polygon (ctx, px, py, 3);
      }
      break;
    case RLX_MARKER_TRIANGLE_DOWN:
      {
        double px[] = { x, x - r, x + r }, py[] = { y - r, y + 0.75 * r, y + 0.75 * r };
        rlx_render_draw_polygon (ctx, px, py, 3);
      }
      break;
    case RLX_MARKER_DIAMOND:
      {
        double px[] = { x, x + r, x, x - r }, py[] = { y + 1.1 * r, y, y - 1.1 * r, y };
        rlx_render_draw_polygon (ctx, px, py, 4);
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

/*
 * librsvg (through cairo) rasterises a stroke by scanning the outline of the whole path row by
 * row: a jagged line (noise, a residual) whose every segment crosses the plot box puts all its
 * edges on every row. Cut into pieces of a dozen points, each piece only scans its own rows:
 * callgrind counts half the instructions for a 400-point residual. The pieces share their end
 * points and have round caps, so no seam shows. Dashed lines are not cut (the pattern would
 * restart), nor smooth ones (one element is cheaper there).
 */
#define JAGGED_CHUNK 12

/* Draws a polyline through canvas points, breaking at NaN, clipping to the box, and starting a
 * new path every `chunk` points (0: never). */
static void
draw_polyline (Ctx          *ctx,
               const RlxBox *box,
               const double *x,
               const double *y,
               gsize         n,
               guint         chunk)
{
  gboolean open = FALSE;
  double cur_x = NAN, cur_y = NAN;
  guint in_path = 0;

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
      if (!open || x0 != cur_x || y0 != cur_y || (chunk > 0 && in_path >= chunk))
        {
          if (open)
            pl_endpath_r (ctx->pl);
          pl_fmove_r (ctx->pl, x0, y0);
          open = TRUE;
          in_path = 1;
        }
      pl_fcont_r (ctx->pl, x1, y1);
      in_path++;
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

/* How many pieces a solid line is cut into: see JAGGED_CHUNK. */
static guint
chunk_for (const RlxSeries *s,
           const PanelGeom *g,
           const double    *py,
           gsize            n)
{
  double travel = 0.0, height = g->box.y1 - g->box.y0;

  if (s->line != RLX_LINE_SOLID || n <= 2 * JAGGED_CHUNK)
    return 0;
  for (gsize i = 0; i + 1 < n; i++)
    if (isfinite (py[i]) && isfinite (py[i + 1]))
      travel += fabs (py[i + 1] - py[i]);
  return travel > 4.0 * height ? JAGGED_CHUNK : 0;
}

static double
simplify_tolerance (Ctx *ctx)
{
  return SIMPLIFY_PX / MAX (ctx->columns_per_pt, 0.1);
}

/* A line through canvas points: simplified (a smooth curve of 400 points needs a few dozen at
 * screen resolution, and librsvg pays for every join), then cut if jagged, then drawn. */
static void
draw_line_points (Ctx             *ctx,
                  const RlxSeries *s,
                  const PanelGeom *g,
                  const double    *px,
                  const double    *py,
                  gsize            m)
{
  g_autofree double *sx = NULL;
  g_autofree double *sy = NULL;
  gsize k;

  /* A short line costs little either way, and keeps all its points for whoever edits the SVG. */
  if (m < SIMPLIFY_MIN_POINTS)
    {
      draw_polyline (ctx, &g->box, px, py, m, 0);
      return;
    }
  sx = g_new (double, m);
  sy = g_new (double, m);
  k = rlx_simplify_polyline (px, py, m, simplify_tolerance (ctx), sx, sy);
  draw_polyline (ctx, &g->box, sx, sy, k, chunk_for (s, g, sy, k));
}

/* Maps point j to canvas points, or NAN where the axes cannot show it. */
static inline void
map_point (const PanelGeom *g,
           const RlxSeries *s,
           gsize            j,
           double          *px,
           double          *py)
{
  gboolean ok = isfinite (s->x[j]) && isfinite (s->y[j]) &&
                (!g->x_log || s->x[j] > 0) && (!g->y_log || s->y[j] > 0);

  *px = ok ? map_x (g, s->x[j]) : NAN;
  *py = ok ? map_y (g, s->y[j]) : NAN;
}

/*
 * A dense solid trace as the band it covers: the polygon through the highest point of every
 * pixel column and back through the lowest, filled and outlined with the line's own pen. Every
 * point of the min/max polyline lies inside that band, so the picture is the same, but the
 * outline is smooth where the polyline zig-zags across the band on every column, and cairo
 * draws it about ten times faster. FALSE (nothing drawn) when the band leaves the box, where
 * its outline would trace the box's edge.
 */
static gboolean
draw_envelope (Ctx             *ctx,
               const RlxSeries *s,
               const PanelGeom *g,
               const gsize     *idx,
               guint            n_columns,
               RlxColor         color)
{
  g_autofree double *ex = g_new (double, 2 * (gsize) n_columns);
  g_autofree double *ey = g_new (double, 2 * (gsize) n_columns);
  gsize m = 2 * (gsize) n_columns;

  for (guint c = 0; c < n_columns; c++)
    {
      gsize a = idx[2 * c], b = idx[2 * c + 1];
      gsize hi = s->y[a] >= s->y[b] ? a : b, lo = hi == a ? b : a;

      map_point (g, s, hi, &ex[c], &ey[c]);
      map_point (g, s, lo, &ex[m - 1 - c], &ey[m - 1 - c]);
    }
  for (gsize j = 0; j < m; j++)
    if (!isfinite (ex[j]) || !isfinite (ey[j]) || !in_box (&g->box, ex[j], ey[j]))
      return FALSE;

  {
    g_autofree double *sx = g_new (double, m);
    g_autofree double *sy = g_new (double, m);
    gsize k = rlx_simplify_polyline (ex, ey, m, simplify_tolerance (ctx), sx, sy);

    set_fill (ctx, color);
    pl_filltype_r (ctx->pl, 1);
    pl_linemod_r (ctx->pl, "solid");
    rlx_render_draw_polygon (ctx, sx, sy, k);
  }
  pl_filltype_r (ctx->pl, 0);
  return TRUE;
}

/*
 * The line of a series. A long trace sorted along x is decimated in data space before anything
 * is transformed (binary search for the column edges, one pass for min/max): a 10⁶-point scan
 * then costs a few milliseconds, and what libplot and librsvg see is two points per device
 * pixel column. Anything else is transformed point by point and decimated in canvas space.
 */
static void
draw_series_line (Ctx             *ctx,
                  const RlxSeries *s,
                  const PanelGeom *g,
                  RlxColor         color)
{
  double width_pt = g->box.x1 - g->box.x0;
  guint columns = (guint) MAX (1.0, ceil (width_pt * ctx->columns_per_pt));
  g_autofree double *px = NULL;
  g_autofree double *py = NULL;
  gsize m = 0;

  if (s->stats.x_ascending && (!g->y_log || s->stats.y_positive) && s->n > 2 * (gsize) columns + 2)
    {
      g_autofree gsize *idx = g_new (gsize, 2 * (gsize) columns);
      gsize before, after;
      guint k = rlx_decimate_sorted (s->x, s->y, s->n, g->x_lo, g->x_hi, g->x_log, columns, idx,
                                     &before, &after);

      px = g_new (double, 2 * (gsize) k + 2);
      py = g_new (double, 2 * (gsize) k + 2);
      if (k > 1 && s->line == RLX_LINE_SOLID && draw_envelope (ctx, s, g, idx, k, color))
        {
          /* The pieces between the box's edges and the points beyond them. */
          if (before != G_MAXSIZE)
            {
              map_point (g, s, before, &px[0], &py[0]);
              map_point (g, s, idx[0], &px[1], &py[1]);
              draw_polyline (ctx, &g->box, px, py, 2, 0);
            }
          if (after != G_MAXSIZE)
            {
              map_point (g, s, idx[2 * k - 1], &px[0], &py[0]);
              map_point (g, s, after, &px[1], &py[1]);
              draw_polyline (ctx, &g->box, px, py, 2, 0);
            }
          return;
        }
      if (before != G_MAXSIZE)
        map_point (g, s, before, &px[m], &py[m]), m++;
      for (gsize j = 0; j < 2 * (gsize) k; j++)
        if (j % 2 == 0 || idx[j] != idx[j - 1])
          map_point (g, s, idx[j], &px[m], &py[m]), m++;
      if (after != G_MAXSIZE)
        map_point (g, s, after, &px[m], &py[m]), m++;
      draw_line_points (ctx, s, g, px, py, m);
      return;
    }

  px = g_new (double, s->n);
  py = g_new (double, s->n);
  for (gsize j = 0; j < s->n; j++)
    map_point (g, s, j, &px[m], &py[m]), m++;
  if (m > 4 * (gsize) columns)
    {
      g_autofree double *dx = g_new (double, m);
      g_autofree double *dy = g_new (double, m);
      gsize k = rlx_decimate_minmax (px, py, m, g->box.x0, g->box.x1, columns, dx, dy);

      draw_line_points (ctx, s, g, dx, dy, k);
    }
  else
    draw_line_points (ctx, s, g, px, py, m);
}

void
rlx_render_draw_series (Ctx             *ctx,
                        const RlxSeries *s,
                        const PanelGeom *g,
                        RlxColor         color)
{
  const RlxTheme *t = ctx->theme;
  g_autofree double *px = NULL;
  g_autofree double *py = NULL;

  if (s->n == 0)
    return;

  if (s->line != RLX_LINE_NONE)
    {
      set_pen (ctx, color);
      rlx_render_set_line_style (ctx, s->line, t->line_width * (s->line_width > 0 ? s->line_width : 1.0));
      draw_series_line (ctx, s, g, color);
      pl_linemod_r (ctx->pl, "solid");
    }
  if (s->y_err == NULL && s->marker == RLX_MARKER_NONE)
    return;

  px = g_new (double, s->n);
  py = g_new (double, s->n);
  for (gsize j = 0; j < s->n; j++)
    map_point (g, s, j, &px[j], &py[j]);

  if (s->y_err != NULL)
    {
      double cap = t->marker_size * 0.35 * (s->marker_size > 0 ? s->marker_size : 1.0);
      RlxColor pen = { -1, -1, -1 };

      /* One compound path per colour, like the ticks. */
      pl_flinewidth_r (ctx->pl, MAX (t->line_width * 0.6, 0.3));
      pl_linemod_r (ctx->pl, "solid");
      for (gsize j = 0; j < s->n; j++)
        {
          double e = s->y_err[j], x0, y0, x1, y1, lo, hi;
          RlxColor c = color;

          if (!isfinite (px[j]) || !isfinite (e) || e <= 0)
            continue;
          if (s->color_values != NULL && s->color_mode == RLX_COLOR_SCALE)
            c = rlx_render_resolve_color (ctx, RLX_COLOR_SCALE, color, s->color_values[j], NULL);
          if (c.r != pen.r || c.g != pen.g || c.b != pen.b)
            {
              pl_endpath_r (ctx->pl);
              set_pen (ctx, c);
              pen = c;
            }
          lo = map_y_area (g, s->y[j] - e);
          hi = map_y_area (g, s->y[j] + e);
          x0 = x1 = px[j];
          y0 = lo;
          y1 = hi;
          if (rlx_clip_segment (&g->box, &x0, &y0, &x1, &y1))
            {
              pl_fmove_r (ctx->pl, x0, y0);
              pl_fcont_r (ctx->pl, x1, y1);
              pl_endsubpath_r (ctx->pl);
            }
          for (int side = 0; side < 2; side++)
            {
              double yy = side == 0 ? lo : hi;
              double ax = px[j] - cap, ay = yy, bx = px[j] + cap, by = yy;

              if (rlx_clip_segment (&g->box, &ax, &ay, &bx, &by) && ay >= g->box.y0 &&
                  ay <= g->box.y1)
                {
                  pl_fmove_r (ctx->pl, ax, ay);
                  pl_fcont_r (ctx->pl, bx, by);
                  pl_endsubpath_r (ctx->pl);
                }
            }
        }
      pl_endpath_r (ctx->pl);
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
            c = rlx_render_resolve_color (ctx, RLX_COLOR_SCALE, color, s->color_values[j], NULL);
          rlx_render_draw_marker (ctx, s->marker, px[j], py[j], size, s->marker_filled, c);
        }
    }
}

void
rlx_render_draw_ref_lines (Ctx             *ctx,
                           const RlxPanel  *p,
                           const PanelGeom *g)
{
  const RlxTheme *t = ctx->theme;

  for (guint i = 0; i < p->ref_lines->len; i++)
    {
      const RlxRefLine *l = g_ptr_array_index (p->ref_lines, i);
      guint auto_index = 0;
      RlxColor c = rlx_render_resolve_color (ctx, l->color_mode, l->color, NAN, &auto_index);
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
      rlx_render_set_line_style (ctx, l->line == RLX_LINE_NONE ? RLX_LINE_DASHED : l->line,
                      t->line_width * 0.7);
      pl_fline_r (ctx->pl, x0, y0, x1, y1);
      pl_linemod_r (ctx->pl, "solid");

      if (l->label != NULL)
        {
          set_font (ctx, t->font, t->legend_size);
          if (l->orientation == RLX_ORIENTATION_VERTICAL)
            {
              pl_ftextangle_r (ctx->pl, 90.0);
              rlx_render_draw_text (ctx, x0 - t->legend_size * 0.3, y1 - t->font_size * 0.4, 'r', 'b',
                         l->label);
              pl_ftextangle_r (ctx->pl, 0.0);
            }
          else
            rlx_render_draw_text (ctx, x1 - t->font_size * 0.4, y0 + t->legend_size * 0.3, 'r', 'b',
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

void
rlx_render_draw_annotations (Ctx             *ctx,
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
      rlx_render_draw_text (ctx, x, y, h, v, a->text);
    }
}

