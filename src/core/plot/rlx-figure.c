/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-plot"

#include "config.h"

#include "rlx-figure.h"

#include <math.h>
#include <string.h>

static double *
dup_array (const double *values,
           gsize         n)
{
  return values != NULL && n > 0 ? g_memdup2 (values, n * sizeof (double)) : NULL;
}

static void
series_free (gpointer data)
{
  RlxSeries *s = data;

  g_free (s->label);
  g_free (s->x);
  g_free (s->y);
  g_free (s->y_err);
  g_free (s->color_values);
  g_free (s);
}

static void
fill_free (gpointer data)
{
  RlxFill *f = data;

  g_free (f->label);
  g_free (f->x);
  g_free (f->y_low);
  g_free (f->y_high);
  g_free (f);
}

static void
band_free (gpointer data)
{
  RlxBand *b = data;

  g_free (b->label);
  g_free (b);
}

static void
ref_line_free (gpointer data)
{
  RlxRefLine *l = data;

  g_free (l->label);
  g_free (l);
}

static void
annotation_free (gpointer data)
{
  RlxAnnotation *a = data;

  g_free (a->text);
  g_free (a);
}

static void
panel_free (gpointer data)
{
  RlxPanel *p = data;

  rlx_axis_clear (&p->x);
  rlx_axis_clear (&p->y);
  g_free (p->tag);
  g_ptr_array_unref (p->series);
  g_ptr_array_unref (p->fills);
  g_ptr_array_unref (p->bands);
  g_ptr_array_unref (p->ref_lines);
  g_ptr_array_unref (p->annotations);
  g_free (p);
}

static RlxPanel *
panel_new (void)
{
  RlxPanel *p = g_new0 (RlxPanel, 1);

  p->weight = 1.0;
  p->legend = RLX_LEGEND_AUTO;
  p->series = g_ptr_array_new_with_free_func (series_free);
  p->fills = g_ptr_array_new_with_free_func (fill_free);
  p->bands = g_ptr_array_new_with_free_func (band_free);
  p->ref_lines = g_ptr_array_new_with_free_func (ref_line_free);
  p->annotations = g_ptr_array_new_with_free_func (annotation_free);
  return p;
}

RlxFigure *
rlx_figure_new (void)
{
  RlxFigure *figure = g_new0 (RlxFigure, 1);

  figure->panels = g_ptr_array_new_with_free_func (panel_free);
  figure->color_scale.scale = RLX_AXIS_SCALE_LINEAR;
  return figure;
}

void
rlx_figure_free (RlxFigure *figure)
{
  if (figure == NULL)
    return;
  g_free (figure->title);
  g_free (figure->color_scale.label);
  g_ptr_array_unref (figure->panels);
  g_free (figure);
}

RlxFigure *
rlx_figure_copy (const RlxFigure *figure)
{
  RlxFigure *copy = rlx_figure_new ();

  copy->title = g_strdup (figure->title);
  copy->share_x = figure->share_x;
  copy->color_scale = figure->color_scale;
  copy->color_scale.label = g_strdup (figure->color_scale.label);

  for (guint i = 0; i < figure->panels->len; i++)
    {
      const RlxPanel *p = g_ptr_array_index (figure->panels, i);
      RlxPanel *q = panel_new ();

      rlx_axis_copy (&q->x, &p->x);
      rlx_axis_copy (&q->y, &p->y);
      q->weight = p->weight;
      q->tag = g_strdup (p->tag);
      q->legend = p->legend;

      for (guint j = 0; j < p->series->len; j++)
        {
          const RlxSeries *s = g_ptr_array_index (p->series, j);
          RlxSeries *t = g_memdup2 (s, sizeof *s);

          t->label = g_strdup (s->label);
          t->x = dup_array (s->x, s->n);
          t->y = dup_array (s->y, s->n);
          t->y_err = dup_array (s->y_err, s->n);
          t->color_values = dup_array (s->color_values, s->n);
          g_ptr_array_add (q->series, t);
        }
      for (guint j = 0; j < p->fills->len; j++)
        {
          const RlxFill *f = g_ptr_array_index (p->fills, j);
          RlxFill *g = g_memdup2 (f, sizeof *f);

          g->label = g_strdup (f->label);
          g->x = dup_array (f->x, f->n);
          g->y_low = dup_array (f->y_low, f->n);
          g->y_high = dup_array (f->y_high, f->n);
          g_ptr_array_add (q->fills, g);
        }
      for (guint j = 0; j < p->bands->len; j++)
        {
          const RlxBand *b = g_ptr_array_index (p->bands, j);
          RlxBand *c = g_memdup2 (b, sizeof *b);

          c->label = g_strdup (b->label);
          g_ptr_array_add (q->bands, c);
        }
      for (guint j = 0; j < p->ref_lines->len; j++)
        {
          const RlxRefLine *l = g_ptr_array_index (p->ref_lines, j);
          RlxRefLine *m = g_memdup2 (l, sizeof *l);

          m->label = g_strdup (l->label);
          g_ptr_array_add (q->ref_lines, m);
        }
      for (guint j = 0; j < p->annotations->len; j++)
        {
          const RlxAnnotation *a = g_ptr_array_index (p->annotations, j);
          RlxAnnotation *b = g_memdup2 (a, sizeof *a);

          b->text = g_strdup (a->text);
          g_ptr_array_add (q->annotations, b);
        }
      g_ptr_array_add (copy->panels, q);
    }
  return copy;
}

void
rlx_figure_set_title (RlxFigure  *figure,
                      const char *title)
{
  g_free (figure->title);
  figure->title = g_strdup (title);
}

RlxPanel *
rlx_figure_add_panel (RlxFigure  *figure,
                      const char *x_label,
                      const char *y_label)
{
  RlxPanel *panel = panel_new ();

  rlx_axis_init (&panel->x, RLX_AXIS_SCALE_LINEAR, x_label);
  rlx_axis_init (&panel->y, RLX_AXIS_SCALE_LINEAR, y_label);
  g_ptr_array_add (figure->panels, panel);
  return panel;
}

RlxPanel *
rlx_figure_get_panel (RlxFigure *figure,
                      guint      index)
{
  return index < figure->panels->len ? g_ptr_array_index (figure->panels, index) : NULL;
}

guint
rlx_figure_get_n_panels (const RlxFigure *figure)
{
  return figure->panels->len;
}

void
rlx_figure_set_color_scale (RlxFigure    *figure,
                            const char   *label,
                            RlxAxisScale  scale,
                            double        min,
                            double        max)
{
  figure->color_scale.enabled = TRUE;
  g_free (figure->color_scale.label);
  figure->color_scale.label = g_strdup (label);
  figure->color_scale.scale = scale;
  figure->color_scale.min = min;
  figure->color_scale.max = max;
}

static void
widen (double  v,
       double *lo,
       double *hi)
{
  if (!isfinite (v))
    return;
  *lo = MIN (*lo, v);
  *hi = MAX (*hi, v);
}

gboolean
rlx_figure_get_color_range (const RlxFigure *figure,
                            double          *min,
                            double          *max)
{
  const RlxColorScale *cs = &figure->color_scale;
  double lo = INFINITY, hi = -INFINITY;

  if (isfinite (cs->min) && isfinite (cs->max) && cs->min != cs->max)
    {
      *min = MIN (cs->min, cs->max);
      *max = MAX (cs->min, cs->max);
      return TRUE;
    }

  for (guint i = 0; i < figure->panels->len; i++)
    {
      const RlxPanel *p = g_ptr_array_index (figure->panels, i);

      for (guint j = 0; j < p->series->len; j++)
        {
          const RlxSeries *s = g_ptr_array_index (p->series, j);

          if (s->color_mode != RLX_COLOR_SCALE)
            continue;
          if (s->color_values != NULL)
            for (gsize k = 0; k < s->n; k++)
              {
                if (cs->scale != RLX_AXIS_SCALE_LOG10 || s->color_values[k] > 0)
                  widen (s->color_values[k], &lo, &hi);
              }
          else if (cs->scale != RLX_AXIS_SCALE_LOG10 || s->color_value > 0)
            widen (s->color_value, &lo, &hi);
        }
      for (guint j = 0; j < p->fills->len; j++)
        {
          const RlxFill *f = g_ptr_array_index (p->fills, j);

          if (f->color_mode == RLX_COLOR_SCALE &&
              (cs->scale != RLX_AXIS_SCALE_LOG10 || f->color_value > 0))
            widen (f->color_value, &lo, &hi);
        }
    }

  if (!(lo <= hi))
    {
      *min = 0.0;
      *max = 1.0;
      return FALSE;
    }
  if (lo == hi)
    {
      if (cs->scale == RLX_AXIS_SCALE_LOG10)
        {
          lo /= 2.0;
          hi *= 2.0;
        }
      else
        {
          double half = lo != 0.0 ? 0.05 * fabs (lo) : 1.0;
          lo -= half;
          hi += half;
        }
    }
  *min = lo;
  *max = hi;
  return TRUE;
}

gsize
rlx_figure_get_n_points (const RlxFigure *figure)
{
  gsize n = 0;

  for (guint i = 0; i < figure->panels->len; i++)
    {
      const RlxPanel *p = g_ptr_array_index (figure->panels, i);

      for (guint j = 0; j < p->series->len; j++)
        n += ((RlxSeries *) g_ptr_array_index (p->series, j))->n;
      for (guint j = 0; j < p->fills->len; j++)
        n += ((RlxFill *) g_ptr_array_index (p->fills, j))->n;
    }
  return n;
}

/* One pass over the data for everything the renderer asks again on every frame: a figure of
 * 10⁶ points would otherwise spend more time finding its ranges than drawing. */
static void
series_compute_stats (RlxSeries *s)
{
  RlxSeriesStats *st = &s->stats;
  double prev = -INFINITY;

  for (int a = 0; a < 2; a++)
    for (int l = 0; l < 2; l++)
      for (int o = 0; o < 2; o++)
        {
          st->range[a][l][o][0] = INFINITY;
          st->range[a][l][o][1] = -INFINITY;
        }
  st->x_ascending = s->n > 0;
  st->y_positive = s->n > 0;

  for (gsize i = 0; i < s->n; i++)
    {
      double x = s->x[i], y = s->y[i];
      double e = s->y_err != NULL && isfinite (s->y_err[i]) ? fabs (s->y_err[i]) : 0.0;
      gboolean xf = isfinite (x), yf = isfinite (y);

      if (!(y > 0))
        st->y_positive = FALSE;
      if (!xf || !yf || x < prev)
        st->x_ascending = FALSE;
      else
        prev = x;
      if (!xf || !yf)
        continue;
      for (int o = 0; o < 2; o++)
        {
          /* A point counts along one axis only where the other axis can show it. */
          if (o == 1 && !(y > 0))
            ;
          else
            {
              widen (x, &st->range[1][0][o][0], &st->range[1][0][o][1]);
              if (x > 0)
                widen (x, &st->range[1][1][o][0], &st->range[1][1][o][1]);
            }
          if (o == 1 && !(x > 0))
            continue;
          widen (y - e, &st->range[0][0][o][0], &st->range[0][0][o][1]);
          widen (y + e, &st->range[0][0][o][0], &st->range[0][0][o][1]);
          if (y > 0)
            {
              widen (y - e > 0 ? y - e : y, &st->range[0][1][o][0], &st->range[0][1][o][1]);
              widen (y + e, &st->range[0][1][o][0], &st->range[0][1][o][1]);
            }
        }
    }
}

static RlxSeries *
series_new (RlxPanel     *panel,
            const char   *label,
            const double *x,
            const double *y,
            const double *y_err,
            gsize         n)
{
  RlxSeries *s = g_new0 (RlxSeries, 1);

  s->label = g_strdup (label);
  s->x = dup_array (x, n);
  s->y = dup_array (y, n);
  s->y_err = dup_array (y_err, n);
  s->n = (s->x != NULL && s->y != NULL) ? n : 0;
  series_compute_stats (s);
  s->line_width = 1.0;
  s->marker_size = 1.0;
  s->color_mode = RLX_COLOR_AUTO;
  s->color_value = NAN;
  g_ptr_array_add (panel->series, s);
  return s;
}

RlxSeries *
rlx_panel_add_line (RlxPanel     *panel,
                    const char   *label,
                    const double *x,
                    const double *y,
                    gsize         n)
{
  RlxSeries *s = series_new (panel, label, x, y, NULL, n);

  s->line = RLX_LINE_SOLID;
  s->marker = RLX_MARKER_NONE;
  return s;
}

RlxSeries *
rlx_panel_add_markers (RlxPanel     *panel,
                       const char   *label,
                       const double *x,
                       const double *y,
                       const double *y_err,
                       gsize         n)
{
  RlxSeries *s = series_new (panel, label, x, y, y_err, n);

  s->line = RLX_LINE_NONE;
  s->marker = RLX_MARKER_CIRCLE;
  s->marker_filled = TRUE;
  return s;
}

RlxFill *
rlx_panel_add_fill (RlxPanel     *panel,
                    const char   *label,
                    const double *x,
                    const double *y_low,
                    const double *y_high,
                    gsize         n)
{
  RlxFill *f = g_new0 (RlxFill, 1);

  f->label = g_strdup (label);
  f->x = dup_array (x, n);
  f->y_low = dup_array (y_low, n);
  f->y_high = dup_array (y_high, n);
  f->n = (f->x != NULL && f->y_high != NULL) ? n : 0;
  f->color_mode = RLX_COLOR_AUTO;
  f->color_value = NAN;
  f->opacity = 0.35;
  g_ptr_array_add (panel->fills, f);
  return f;
}

RlxBand *
rlx_panel_add_band (RlxPanel       *panel,
                    const char     *label,
                    RlxOrientation  orientation,
                    double          from,
                    double          to)
{
  RlxBand *b = g_new0 (RlxBand, 1);

  b->label = g_strdup (label);
  b->orientation = orientation;
  b->from = MIN (from, to);
  b->to = MAX (from, to);
  b->color_mode = RLX_COLOR_MUTED;
  b->opacity = 0.18;
  g_ptr_array_add (panel->bands, b);
  return b;
}

RlxRefLine *
rlx_panel_add_ref_line (RlxPanel       *panel,
                        const char     *label,
                        RlxOrientation  orientation,
                        double          value)
{
  RlxRefLine *l = g_new0 (RlxRefLine, 1);

  l->label = g_strdup (label);
  l->orientation = orientation;
  l->value = value;
  l->line = RLX_LINE_DASHED;
  l->color_mode = RLX_COLOR_MUTED;
  g_ptr_array_add (panel->ref_lines, l);
  return l;
}

RlxAnnotation *
rlx_panel_add_annotation (RlxPanel   *panel,
                          const char *text,
                          double      x,
                          double      y,
                          gboolean    in_data,
                          RlxTextAnchor   anchor)
{
  RlxAnnotation *a = g_new0 (RlxAnnotation, 1);

  a->text = g_strdup (text);
  a->x = x;
  a->y = y;
  a->in_data = in_data;
  a->anchor = anchor;
  g_ptr_array_add (panel->annotations, a);
  return a;
}

/* other/other_log: the values along the other axis; points it cannot show do not count. */
static void
widen_values (const double *v,
              const double *err,
              gsize         n,
              RlxAxisScale  scale,
              const double *other,
              gboolean      other_log,
              double       *lo,
              double       *hi)
{
  if (v == NULL)
    return;
  for (gsize i = 0; i < n; i++)
    {
      double e = err != NULL && isfinite (err[i]) ? fabs (err[i]) : 0.0;
      double a = v[i] - e, b = v[i] + e;

      if (other != NULL && (!isfinite (other[i]) || (other_log && !(other[i] > 0))))
        continue;

      if (scale == RLX_AXIS_SCALE_LOG10)
        {
          if (!(v[i] > 0))
            continue;
          if (!(a > 0))
            a = v[i];
        }
      widen (a, lo, hi);
      widen (b, lo, hi);
    }
}

gboolean
rlx_panel_get_data_range (const RlxPanel *panel,
                          gboolean        along_x,
                          RlxAxisScale    scale,
                          double         *min,
                          double         *max)
{
  double lo = INFINITY, hi = -INFINITY;
  gboolean other_log = along_x ? panel->y.scale == RLX_AXIS_SCALE_LOG10
                               : panel->x.scale == RLX_AXIS_SCALE_LOG10;

  for (guint j = 0; j < panel->series->len; j++)
    {
      const RlxSeries *s = g_ptr_array_index (panel->series, j);

      const double *r = s->stats.range[along_x ? 1 : 0][scale == RLX_AXIS_SCALE_LOG10][other_log ? 1 : 0];

      if (r[0] <= r[1])
        {
          lo = MIN (lo, r[0]);
          hi = MAX (hi, r[1]);
        }
    }
  for (guint j = 0; j < panel->fills->len; j++)
    {
      const RlxFill *f = g_ptr_array_index (panel->fills, j);

      if (along_x)
        widen_values (f->x, NULL, f->n, scale, NULL, FALSE, &lo, &hi);
      else
        {
          widen_values (f->y_high, NULL, f->n, scale, f->x, other_log, &lo, &hi);
          if (f->y_low != NULL)
            widen_values (f->y_low, NULL, f->n, scale, f->x, other_log, &lo, &hi);
        }
    }
  /* Bands across this axis are part of what the reader must see. */
  for (guint j = 0; j < panel->bands->len; j++)
    {
      const RlxBand *b = g_ptr_array_index (panel->bands, j);

      if ((b->orientation == RLX_ORIENTATION_VERTICAL) == along_x)
        {
          if (scale != RLX_AXIS_SCALE_LOG10 || b->from > 0)
            widen (b->from, &lo, &hi);
          if (scale != RLX_AXIS_SCALE_LOG10 || b->to > 0)
            widen (b->to, &lo, &hi);
        }
    }

  *min = lo;
  *max = hi;
  return lo <= hi;
}

void
rlx_series_set_color (RlxSeries *series,
                      double     r,
                      double     g,
                      double     b)
{
  series->color_mode = RLX_COLOR_EXPLICIT;
  series->color = (RlxColor) { r, g, b };
}

void
rlx_series_set_color_values (RlxSeries    *series,
                             const double *values)
{
  g_free (series->color_values);
  series->color_values = dup_array (values, series->n);
  series->color_mode = RLX_COLOR_SCALE;
}

RlxColor
rlx_color_from_hex (guint32 rgb)
{
  return (RlxColor) { ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                      (rgb & 0xff) / 255.0 };
}

RlxColor
rlx_color_mix (RlxColor a,
               RlxColor b,
               double   t)
{
  t = CLAMP (t, 0.0, 1.0);
  return (RlxColor) { a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t };
}

/*
 * A dark-to-light map through violet, blue, teal, green and yellow. The control points were
 * chosen so that lightness rises steadily (about 15 → 90 L*), which keeps a family of
 * curves ordered in grey print and for colour-blind readers. Interpolated in sRGB between
 * closely spaced points, which is close enough to uniform at this spacing.
 */
RlxColor
rlx_colormap_eval (double t)
{
  static const guint32 stops[] = {
    0x440a57, 0x472d7b, 0x3d4e8a, 0x2f6b8e, 0x24868e, 0x20a386, 0x3fbc73, 0x7fd34e,
    0xc2df23, 0xf5e61f,
  };
  const guint n = G_N_ELEMENTS (stops);
  double pos;
  guint i;

  if (!isfinite (t))
    t = 0.0;
  t = CLAMP (t, 0.0, 1.0);
  pos = t * (n - 1);
  i = MIN ((guint) floor (pos), n - 2);
  return rlx_color_mix (rlx_color_from_hex (stops[i]), rlx_color_from_hex (stops[i + 1]),
                        pos - i);
}
