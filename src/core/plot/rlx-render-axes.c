/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-plot"

#include "config.h"

#include "rlx-render-private.h"

#include <math.h>
#include <string.h>

/*
 * Axes: their ranges, the ticks that fit, the margins they need (the layout of the panels),
 * and the frame, ticks and labels drawn around each plot box.
 */
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
guint
rlx_render_max_ticks (double length,
                      double spacing)
{
  return (guint) CLAMP (floor (length / spacing), 3, 8);
}

/* Fewer x ticks until neighbouring labels keep a gap of about one character. */
static RlxTicks *
fit_x_ticks (Ctx       *ctx,
             PanelGeom *g)
{
  guint max_major = rlx_render_max_ticks (g->box.x1 - g->box.x0, ctx->theme->font_size * 4.5);

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
          double w = rlx_render_text_width (ctx, t->label);

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
    w = MAX (w, rlx_render_text_width (ctx, g_array_index (ticks->major, RlxTick, i).label));
  return w;
}

void
rlx_render_compute_layout (Ctx *ctx)
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
  /* The x label's descenders (g, parentheses) need a little room below its line: screen fonts
   * go deeper than the Helvetica metrics libplot places them with. */
  bottom = fs * 0.6 + fs * 1.25 + ls * 1.85;
  gap_shared = fs * 0.7;
  gap_free = fs * 0.6 + fs * 1.25 + ls * 1.85 + fs * 0.9;
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
                                      rlx_render_max_ticks (h, fs * 2.6));
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


/*
 * All ticks of a panel are one compound path (one SVG element): librsvg spends about as much on
 * setting up an element as on drawing a short line, and a panel has a hundred ticks.
 */
static void
tick (Ctx    *ctx,
      double  x0,
      double  y0,
      double  x1,
      double  y1)
{
  pl_fmove_r (ctx->pl, x0, y0);
  pl_fcont_r (ctx->pl, x1, y1);
  pl_endsubpath_r (ctx->pl);
}

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
              tick (ctx, x, g->box.y0, x, g->box.y0 + len);
              tick (ctx, x, g->box.y1, x, g->box.y1 - len);
            }
          else
            {
              double y = map_y (g, v);

              if (!isfinite (y) || y < g->box.y0 - 0.01 || y > g->box.y1 + 0.01)
                continue;
              tick (ctx, g->box.x0, y, g->box.x0 + len, y);
              tick (ctx, g->box.x1, y, g->box.x1 - len, y);
            }
        }
    }
}

void
rlx_render_draw_axes (Ctx             *ctx,
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
  pl_endpath_r (ctx->pl);

  set_font (ctx, t->font, fs);
  if (g->x_labels)
    {
      for (guint i = 0; i < g->x_ticks->major->len; i++)
        {
          RlxTick *tick = &g_array_index (g->x_ticks->major, RlxTick, i);
          double x = map_x (g, tick->value);

          if (x < g->box.x0 - 0.01 || x > g->box.x1 + 0.01)
            continue;
          rlx_render_draw_text (ctx, x, g->box.y0 - fs * 0.55, 'c', 't', tick->label);
        }
    }
  for (guint i = 0; i < g->y_ticks->major->len; i++)
    {
      RlxTick *tick = &g_array_index (g->y_ticks->major, RlxTick, i);
      double y = map_y (g, tick->value);

      if (y < g->box.y0 - 0.01 || y > g->box.y1 + 0.01)
        continue;
      rlx_render_draw_text (ctx, g->box.x0 - fs * 0.5, y, 'r', 'c', tick->label);
    }

  set_font (ctx, t->font, ls);
  if (g->x_labels && xsrc->x.label != NULL)
    rlx_render_draw_text (ctx, (g->box.x0 + g->box.x1) / 2, g->box.y0 - fs * 0.55 - fs * 1.3 - ls * 0.25,
               'c', 't', xsrc->x.label);
  if (p->y.label != NULL && p->y.show_labels)
    {
      /* A short panel (a residual, a spectrum's stems) may be lower than its label is long:
       * the label shrinks to the panel's height (and a tick label's height), down to 60 %. */
      double room = g->box.y1 - g->box.y0 + fs * 1.2;
      double w = rlx_render_text_width (ctx, p->y.label);

      if (w > room)
        set_font (ctx, t->font, ls * MAX (room / w, 0.6));
      pl_ftextangle_r (ctx->pl, 90.0);
      rlx_render_draw_text (ctx, fs * 0.4, (g->box.y0 + g->box.y1) / 2, 'c', 't', p->y.label);
      pl_ftextangle_r (ctx->pl, 0.0);
    }
  if (p->tag != NULL)
    {
      set_font (ctx, t->font, ls * 1.1);
      rlx_render_draw_text (ctx, g->box.x0 + fs * 0.5, g->box.y1 - fs * 0.5, 'l', 't', p->tag);
    }
}

