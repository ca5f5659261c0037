/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-plot"

#include "config.h"

#include "rlx-axis.h"

#include <math.h>

/* Log axes label decades as plain numbers inside this exponent range, else as 10^{n}. */
#define PLAIN_EXP_MIN (-3)
#define PLAIN_EXP_MAX 4

void
rlx_axis_init (RlxAxis      *axis,
               RlxAxisScale  scale,
               const char   *label)
{
  axis->label = g_strdup (label);
  axis->scale = scale;
  axis->auto_range = TRUE;
  axis->min = 0.0;
  axis->max = 1.0;
  axis->reversed = FALSE;
  axis->include_zero = FALSE;
  axis->padding = 0.04;
  axis->show_labels = TRUE;
}

void
rlx_axis_clear (RlxAxis *axis)
{
  g_clear_pointer (&axis->label, g_free);
}

void
rlx_axis_copy (RlxAxis       *dest,
               const RlxAxis *src)
{
  *dest = *src;
  dest->label = g_strdup (src->label);
}

void
rlx_axis_set_range (RlxAxis *axis,
                    double   min,
                    double   max)
{
  axis->auto_range = FALSE;
  axis->min = MIN (min, max);
  axis->max = MAX (min, max);
}

gboolean
rlx_axis_auto_range (RlxAxisScale  scale,
                     double        data_min,
                     double        data_max,
                     double        padding,
                     gboolean      include_zero,
                     double       *lo,
                     double       *hi)
{
  double a = MIN (data_min, data_max);
  double b = MAX (data_min, data_max);

  if (!isfinite (padding) || padding < 0.0)
    padding = 0.0;

  if (scale == RLX_AXIS_SCALE_LOG10)
    {
      double la, lb, span;

      if (!isfinite (b) || b <= 0.0)
        {
          *lo = 1.0;
          *hi = 10.0;
          return FALSE;
        }
      if (!isfinite (a) || a <= 0.0)
        a = b * 1e-3;
      la = log10 (a);
      lb = log10 (b);
      span = lb - la;
      if (span < 1e-9)
        {
          la -= 0.5;
          lb += 0.5;
        }
      else
        {
          la -= padding * span;
          lb += padding * span;
        }
      *lo = pow (10.0, la);
      *hi = pow (10.0, lb);
      return TRUE;
    }

  if (!isfinite (a) || !isfinite (b))
    {
      *lo = 0.0;
      *hi = 1.0;
      return FALSE;
    }

  if (include_zero)
    {
      a = MIN (a, 0.0);
      b = MAX (b, 0.0);
    }

  if (b - a <= 1e-12 * MAX (fabs (a), fabs (b)) || b - a <= 0.0)
    {
      double half = a != 0.0 ? 0.1 * fabs (a) : 1.0;

      *lo = a - half;
      *hi = b + half;
      return TRUE;
    }

  {
    double span = b - a;
    double pa = padding * span;
    double pb = padding * span;

    /* An axis that includes zero starts exactly there: a baseline at zero reads better. */
    if (include_zero && a == 0.0)
      pa = 0.0;
    if (include_zero && b == 0.0)
      pb = 0.0;
    *lo = a - pa;
    *hi = b + pb;
  }
  return TRUE;
}

double
rlx_ticks_nice_step (double span,
                     guint  max_major)
{
  static const double mantissas[] = { 1.0, 2.0, 5.0, 10.0 };
  double raw, magnitude;

  if (max_major < 1)
    max_major = 1;
  span = fabs (span);
  if (!isfinite (span) || span <= 0.0)
    return 1.0;

  raw = span / max_major;
  magnitude = pow (10.0, floor (log10 (raw)));
  for (guint i = 0; i < G_N_ELEMENTS (mantissas); i++)
    if (mantissas[i] * magnitude >= raw * (1.0 - 1e-9))
      return mantissas[i] * magnitude;
  return 10.0 * magnitude;
}

static void
add_major (RlxTicks *ticks,
           double    value,
           char     *label)
{
  RlxTick tick = { value, label };

  g_array_append_val (ticks->major, tick);
}

static void
clear_tick (gpointer data)
{
  RlxTick *tick = data;

  g_free (tick->label);
}

static RlxTicks *
ticks_new (void)
{
  RlxTicks *ticks = g_new0 (RlxTicks, 1);

  ticks->major = g_array_new (FALSE, FALSE, sizeof (RlxTick));
  g_array_set_clear_func (ticks->major, clear_tick);
  ticks->minor = g_array_new (FALSE, FALSE, sizeof (double));
  return ticks;
}

void
rlx_ticks_free (RlxTicks *ticks)
{
  if (ticks == NULL)
    return;
  g_array_unref (ticks->major);
  g_array_unref (ticks->minor);
  g_free (ticks);
}

char *
rlx_format_tick_value (double value,
                       double step)
{
  double magnitude;
  int step_exp;

  step = fabs (step);
  if (!isfinite (value))
    return g_strdup ("?");
  if (!isfinite (step) || step <= 0.0)
    step = fabs (value) > 0.0 ? fabs (value) : 1.0;
  if (fabs (value) < step * 1e-6)
    return g_strdup ("0");

  magnitude = fabs (value);
  step_exp = (int) floor (log10 (step) + 1e-9);

  if (magnitude >= 1e5 || step_exp < -4 || (magnitude < 1e-3 && step_exp < -3))
    {
      int e = (int) floor (log10 (magnitude) + 1e-9);
      double mantissa = value / pow (10.0, e);
      int decimals = CLAMP (e - step_exp, 0, 6);
      g_autofree char *m = g_strdup_printf ("%.*f", decimals, fabs (mantissa));

      if (g_strcmp0 (m, "1") == 0)
        return g_strdup_printf ("%s10^{%d}", value < 0 ? "−" : "", e);
      return g_strdup_printf ("%s%s×10^{%d}", value < 0 ? "−" : "", m, e);
    }
  else
    {
      int decimals = MAX (0, -step_exp);

      return g_strdup_printf ("%s%.*f", value < 0 ? "−" : "", decimals, fabs (value));
    }
}

static void
linear_ticks (RlxTicks *ticks,
              double    lo,
              double    hi,
              guint     max_major)
{
  double step = rlx_ticks_nice_step (hi - lo, max_major);
  double mantissa = step / pow (10.0, floor (log10 (step) + 1e-9));
  double minor_step;
  double eps = step * 1e-9;
  double first = ceil ((lo - eps) / step);
  double last = floor ((hi + eps) / step);

  ticks->step = step;
  for (double k = first; k <= last; k++)
    {
      double v = k * step;

      if (fabs (v) < eps)
        v = 0.0;
      add_major (ticks, v, rlx_format_tick_value (v, step));
    }

  /* 1 → fifths, 2 → quarters (0.5), 5 → fifths (1): minor ticks on round values. */
  minor_step = step / (fabs (mantissa - 2.0) < 0.01 ? 4.0 : 5.0);
  {
    double mfirst = ceil ((lo - minor_step * 1e-9) / minor_step);
    double mlast = floor ((hi + minor_step * 1e-9) / minor_step);

    if (mlast - mfirst > 10000)
      return;
    for (double k = mfirst; k <= mlast; k++)
      {
        double v = k * minor_step;
        double r = v / step;

        if (fabs (r - round (r)) < 1e-6)
          continue;
        g_array_append_val (ticks->minor, v);
      }
  }
}

static char *
format_log_value (double   mantissa,
                  int      e,
                  gboolean plain)
{
  if (plain)
    {
      double v = mantissa * pow (10.0, e);

      return g_strdup_printf ("%.*f", MAX (0, -e), v);
    }
  if (mantissa == 1.0)
    return g_strdup_printf ("10^{%d}", e);
  return g_strdup_printf ("%g×10^{%d}", mantissa, e);
}

static void
log_ticks (RlxTicks *ticks,
           double    lo,
           double    hi,
           guint     max_major)
{
  double llo = log10 (lo);
  double lhi = log10 (hi);
  int dfirst = (int) ceil (llo - 1e-9);
  int dlast = (int) floor (lhi + 1e-9);
  int n_decades = dlast - dfirst + 1;
  /* One notation for the whole axis: plain numbers only when every label reads well so. */
  gboolean plain = floor (llo) >= PLAIN_EXP_MIN && ceil (lhi) <= PLAIN_EXP_MAX;

  if (n_decades >= 2)
    {
      /* Whole decades; when there are too many, every k-th decade with the rest as minors. */
      int k = 1;

      while ((n_decades - 1) / k + 1 > (int) max_major + 1)
        k = k == 1 ? 2 : (k == 2 ? 5 : k * 2);
      ticks->step = k;
      for (int e = (int) floor (llo) - 1; e <= (int) ceil (lhi) + 1; e++)
        {
          double v = pow (10.0, e);

          if (e >= dfirst && e <= dlast && (e % k) == 0)
            add_major (ticks, v, format_log_value (1.0, e, plain));
          else if (k > 1 && v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9))
            g_array_append_val (ticks->minor, v);
          if (k == 1)
            for (int m = 2; m <= 9; m++)
              {
                double mv = m * v;

                if (mv >= lo * (1 - 1e-9) && mv <= hi * (1 + 1e-9))
                  g_array_append_val (ticks->minor, mv);
              }
        }
      return;
    }

  /* Less than two decades: label 1, 2 and 5 × 10ⁿ as well. */
  {
    static const int labelled[] = { 1, 2, 5 };
    guint n = 0;

    ticks->step = 1;
    for (int e = (int) floor (llo) - 1; e <= (int) ceil (lhi) + 1; e++)
      for (int m = 1; m <= 9; m++)
        {
          double v = m * pow (10.0, e);
          gboolean is_major = FALSE;

          if (v < lo * (1 - 1e-9) || v > hi * (1 + 1e-9))
            continue;
          for (guint i = 0; i < G_N_ELEMENTS (labelled); i++)
            is_major |= (m == labelled[i]);
          if (is_major)
            n++;
        }

    if (n >= 2)
      {
        for (int e = (int) floor (llo) - 1; e <= (int) ceil (lhi) + 1; e++)
          for (int m = 1; m <= 9; m++)
            {
              double v = m * pow (10.0, e);

              if (v < lo * (1 - 1e-9) || v > hi * (1 + 1e-9))
                continue;
              if (m == 1 || m == 2 || m == 5)
                add_major (ticks, v, format_log_value (m, e, plain));
              else
                g_array_append_val (ticks->minor, v);
            }
        return;
      }
  }

  /* A narrow range on a log axis: ordinary linear ticks read best. */
  linear_ticks (ticks, lo, hi, max_major);
}

RlxTicks *
rlx_ticks_compute (RlxAxisScale scale,
                   double       lo,
                   double       hi,
                   guint        max_major)
{
  RlxTicks *ticks = ticks_new ();
  double a = MIN (lo, hi);
  double b = MAX (lo, hi);

  if (max_major < 1)
    max_major = 1;
  if (!isfinite (a) || !isfinite (b))
    return ticks;

  if (b - a <= 0.0)
    {
      /* A degenerate range still gets its one value labelled. */
      add_major (ticks, a, rlx_format_tick_value (a, a != 0.0 ? fabs (a) : 1.0));
      ticks->step = 0.0;
      return ticks;
    }

  if (scale == RLX_AXIS_SCALE_LOG10)
    {
      if (a <= 0.0)
        return ticks;
      log_ticks (ticks, a, b, max_major);
    }
  else
    linear_ticks (ticks, a, b, max_major);

  return ticks;
}
