/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-plot"

#include "config.h"

#include "rlx-render-private.h"

#include <math.h>
#include <string.h>

/* The legend of a panel and the colour bar of the figure. */

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

void
rlx_render_draw_legend (Ctx             *ctx,
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
    w = MAX (w, rlx_render_text_width (ctx, g_array_index (entries, LegendEntry, i).label));
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

    gboolean solid_fill = FALSE;

    /* Solid areas (the cells of a map) are everywhere beneath: a legend needs its own ground. */
    for (guint i = 0; i < p->fills->len; i++)
      solid_fill |= ((const RlxFill *) g_ptr_array_index (p->fills, i))->opacity >= 0.99;
    if (solid_fill || count_points_in (p, g, &r) > 0)
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
          rlx_render_set_line_style (ctx, e->line, t->line_width * e->line_width);
          pl_fline_r (ctx->pl, sx0, cy, sx1, cy);
          pl_linemod_r (ctx->pl, "solid");
        }
      if (e->marker != RLX_MARKER_NONE)
        rlx_render_draw_marker (ctx, e->marker, (sx0 + sx1) / 2, cy, t->marker_size, e->filled, e->color);

      set_pen (ctx, t->foreground);
      set_font (ctx, t->font, size);
      rlx_render_draw_text (ctx, sx1 + size * 0.6, cy, 'l', 'c', e->label);
    }
}


void
rlx_render_draw_color_bar (Ctx *ctx)
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
      RlxColor c = rlx_render_resolve_color (ctx, RLX_COLOR_SCALE, t->foreground, v, NULL);
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
                             ctx->c_lo, ctx->c_hi, rlx_render_max_ticks (y1 - y0, fs * 2.6));
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

              rlx_render_draw_text (ctx, x1 + fs * 0.35, y, 'l', 'c', label);
              label_w = MAX (label_w, rlx_render_text_width (ctx, label));
            }
        }
    }

  if (ctx->figure->color_scale.label != NULL)
    {
      set_font (ctx, t->font, t->label_size);
      pl_ftextangle_r (ctx->pl, 90.0);
      rlx_render_draw_text (ctx, x1 + fs * 0.35 + label_w + fs * 0.45, (y0 + y1) / 2, 'c', 't',
                 ctx->figure->color_scale.label);
      pl_ftextangle_r (ctx->pl, 0.0);
    }
}

