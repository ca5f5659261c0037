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
 * (data → points) and our own clipping to its plot box. This file holds the shared drawing
 * helpers and the entry point; the parts of a panel are in rlx-render-{axes,series,legend}.c.
 */
/* ---------------------------------------------------------------------------------------- */
/* Shared helpers */

/*
 * libplot measures text with the Helvetica metrics it places it with, but what draws the text
 * is the font the screen has for Helvetica (Nimbus Sans, Liberation Sans, DejaVu Sans…), up to
 * 15 % wider. Room for text (margins, legend boxes, tick spacing) is planned with that much
 * slack, so that labels do not run into frames and neighbours.
 */
#define TEXT_WIDTH_SLACK 1.12

double
rlx_render_text_width (Ctx        *ctx,
                       const char *markup)
{
  g_autofree char *s = rlx_markup_to_libplot (markup);

  return pl_flabelwidth_r (ctx->pl, s) * TEXT_WIDTH_SLACK;
}

void
rlx_render_draw_text (Ctx        *ctx,
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

void
rlx_render_set_line_style (Ctx          *ctx,
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

RlxColor
rlx_render_resolve_color (Ctx          *ctx,
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

      series_colors[i] = rlx_render_resolve_color (ctx, s->color_mode, s->color, s->color_value, &auto_index);
    }
  for (guint i = 0; i < p->fills->len; i++)
    {
      const RlxFill *f = g_ptr_array_index (p->fills, i);

      fill_colors[i] = rlx_render_resolve_color (ctx, f->color_mode, f->color, f->color_value, &auto_index);
    }

  rlx_render_draw_bands (ctx, p, g);
  rlx_render_draw_fills (ctx, p, g, fill_colors);
  rlx_render_draw_ref_lines (ctx, p, g);
  for (guint i = 0; i < p->series->len; i++)
    rlx_render_draw_series (ctx, g_ptr_array_index (p->series, i), g, series_colors[i]);
  rlx_render_draw_annotations (ctx, p, g);
  rlx_render_draw_axes (ctx, p, xsrc, g);
  rlx_render_draw_legend (ctx, p, g, series_colors, fill_colors);

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

  rlx_render_compute_layout (&ctx);

  for (guint i = 0; i < ctx.n_panels; i++)
    draw_panel (&ctx, i);

  if (ctx.has_color_scale)
    {
      pl_savestate_r (ctx.pl);
      rlx_render_draw_color_bar (&ctx);
      pl_restorestate_r (ctx.pl);
    }

  if (figure->title != NULL)
    {
      set_pen (&ctx, theme->foreground);
      set_font (&ctx, theme->font, theme->label_size);
      rlx_render_draw_text (&ctx, (ctx.geom[0].box.x0 + ctx.geom[0].box.x1) / 2,
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

