/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-plot-test"

#include "config.h"

#include <math.h>

#include "rlx-axis.h"

typedef struct
{
  const char   *name;
  RlxAxisScale  scale;
  double        lo, hi;
  guint         max_major;
  const char   *majors;   /* "value=label" separated by ';' */
  int           n_minor;  /* -1: not checked */
} TickCase;

static const TickCase tick_cases[] = {
  { "linear-0-10", RLX_AXIS_SCALE_LINEAR, 0, 10, 5, "0=0;2=2;4=4;6=6;8=8;10=10", 15 },
  { "linear-0-1", RLX_AXIS_SCALE_LINEAR, 0, 1, 5,
    "0=0;0.2=0.2;0.4=0.4;0.6=0.6;0.8=0.8;1=1.0", 15 },
  { "linear-temperature", RLX_AXIS_SCALE_LINEAR, 250, 450, 5,
    "250=250;300=300;350=350;400=400;450=450", 16 },
  { "linear-offset", RLX_AXIS_SCALE_LINEAR, 243.7, 418.2, 4, "250=250;300=300;350=350;400=400", -1 },
  { "linear-negative", RLX_AXIS_SCALE_LINEAR, -1, 1, 4,
    "-1=−1.0;-0.5=−0.5;0=0;0.5=0.5;1=1.0", 16 },
  { "linear-reversed", RLX_AXIS_SCALE_LINEAR, 10, 0, 5, "0=0;2=2;4=4;6=6;8=8;10=10", 15 },
  { "linear-tiny", RLX_AXIS_SCALE_LINEAR, 1e-9, 5e-9, 4,
    "1e-9=10^{-9};2e-9=2×10^{-9};3e-9=3×10^{-9};4e-9=4×10^{-9};5e-9=5×10^{-9}", -1 },
  { "linear-huge", RLX_AXIS_SCALE_LINEAR, 0, 3e6, 3, "0=0;1e6=10^{6};2e6=2×10^{6};3e6=3×10^{6}", -1 },
  { "linear-small-step", RLX_AXIS_SCALE_LINEAR, 0.0012, 0.0031, 4,
    "0.0015=0.0015;0.002=0.0020;0.0025=0.0025;0.003=0.0030", -1 },
  { "degenerate", RLX_AXIS_SCALE_LINEAR, 5, 5, 5, "5=5", 0 },
  { "log-decades", RLX_AXIS_SCALE_LOG10, 1, 1000, 5, "1=1;10=10;100=100;1000=1000", 24 },
  { "log-small", RLX_AXIS_SCALE_LOG10, 1e-3, 0.1, 5, "0.001=0.001;0.01=0.01;0.1=0.1", 16 },
  { "log-wide", RLX_AXIS_SCALE_LOG10, 1e-6, 1e2, 4,
    "1e-6=10^{-6};1e-4=10^{-4};0.01=10^{-2};1=10^{0};100=10^{2}", 4 },
  { "log-sub-decade", RLX_AXIS_SCALE_LOG10, 2, 8, 5, "2=2;5=5", 5 },
  { "log-reversed", RLX_AXIS_SCALE_LOG10, 1000, 10, 5, "10=10;100=100;1000=1000", 16 },
  { "log-narrow", RLX_AXIS_SCALE_LOG10, 3, 4.5, 3, "3=3.0;3.5=3.5;4=4.0;4.5=4.5", -1 },
};

static void
test_ticks_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (tick_cases); i++)
    {
      const TickCase *c = &tick_cases[i];
      g_autoptr(RlxTicks) ticks = rlx_ticks_compute (c->scale, c->lo, c->hi, c->max_major);
      g_auto(GStrv) parts = g_strsplit (c->majors, ";", -1);

      g_test_message ("case %s", c->name);
      g_assert_cmpuint (ticks->major->len, ==, g_strv_length (parts));
      for (guint j = 0; parts[j] != NULL; j++)
        {
          g_auto(GStrv) kv = g_strsplit (parts[j], "=", 2);
          RlxTick *t = &g_array_index (ticks->major, RlxTick, j);
          double expected = g_ascii_strtod (kv[0], NULL);

          g_assert_cmpfloat_with_epsilon (t->value, expected, 1e-9 * MAX (1.0, fabs (expected)));
          g_assert_cmpstr (t->label, ==, kv[1]);
        }
      if (c->n_minor >= 0)
        g_assert_cmpint ((int) ticks->minor->len, ==, c->n_minor);

      /* Minor ticks lie inside the range and never on a major tick. */
      for (guint j = 0; j < ticks->minor->len; j++)
        {
          double v = g_array_index (ticks->minor, double, j);

          g_assert_cmpfloat (v, >=, MIN (c->lo, c->hi) * (1 - 1e-9) - 1e-12);
          g_assert_cmpfloat (v, <=, MAX (c->lo, c->hi) * (1 + 1e-9) + 1e-12);
          for (guint k = 0; k < ticks->major->len; k++)
            g_assert_cmpfloat (fabs (v - g_array_index (ticks->major, RlxTick, k).value), >,
                               1e-12 * MAX (1.0, fabs (v)));
        }
    }
}

static void
test_nice_step (void)
{
  static const struct { double span; guint n; double step; } cases[] = {
    { 10, 5, 2 }, { 7, 5, 2 }, { 1, 4, 0.5 }, { 100, 10, 10 }, { 3, 10, 0.5 }, { 0.03, 3, 0.01 },
    { 12, 5, 5 }, { 1e6, 4, 5e5 }, { 0, 5, 1 }, { -10, 5, 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpfloat_with_epsilon (rlx_ticks_nice_step (cases[i].span, cases[i].n), cases[i].step,
                                    1e-12 * cases[i].step);
}

static void
test_auto_range (void)
{
  static const struct
  {
    RlxAxisScale scale;
    double a, b, pad;
    gboolean zero;
    double lo, hi;
    gboolean ok;
  } cases[] = {
    { RLX_AXIS_SCALE_LINEAR, 0, 10, 0.04, FALSE, -0.4, 10.4, TRUE },
    { RLX_AXIS_SCALE_LINEAR, 5, 10, 0.04, TRUE, 0, 10.4, TRUE },
    { RLX_AXIS_SCALE_LINEAR, -10, -5, 0.0, TRUE, -10, 0, TRUE },
    { RLX_AXIS_SCALE_LINEAR, 5, 5, 0.04, FALSE, 4.5, 5.5, TRUE },
    { RLX_AXIS_SCALE_LINEAR, 0, 0, 0.04, FALSE, -1, 1, TRUE },
    { RLX_AXIS_SCALE_LINEAR, NAN, NAN, 0.04, FALSE, 0, 1, FALSE },
    { RLX_AXIS_SCALE_LOG10, 1, 100, 0.0, FALSE, 1, 100, TRUE },
    { RLX_AXIS_SCALE_LOG10, 1, 100, 0.5, FALSE, 0.1, 1000, TRUE },
    { RLX_AXIS_SCALE_LOG10, -5, 100, 0.0, FALSE, 0.1, 100, TRUE },
    { RLX_AXIS_SCALE_LOG10, -5, -1, 0.0, FALSE, 1, 10, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double lo, hi;
      gboolean ok = rlx_axis_auto_range (cases[i].scale, cases[i].a, cases[i].b, cases[i].pad,
                                         cases[i].zero, &lo, &hi);

      g_test_message ("auto range case %u", i);
      g_assert_cmpint (ok, ==, cases[i].ok);
      g_assert_cmpfloat_with_epsilon (lo, cases[i].lo, 1e-9 * MAX (1.0, fabs (cases[i].lo)));
      g_assert_cmpfloat_with_epsilon (hi, cases[i].hi, 1e-9 * MAX (1.0, fabs (cases[i].hi)));
    }
}

static void
test_format (void)
{
  static const struct { double v, step; const char *label; } cases[] = {
    { 0, 1, "0" }, { 1e-17, 0.1, "0" }, { 12.5, 0.5, "12.5" }, { -3, 1, "−3" },
    { 300, 50, "300" }, { 2.5e5, 5e4, "2.5×10^{5}" }, { 1e-5, 1e-5, "10^{-5}" },
    { 0.05, 0.01, "0.05" }, { NAN, 1, "?" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = rlx_format_tick_value (cases[i].v, cases[i].step);

      g_assert_cmpstr (s, ==, cases[i].label);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/relaxun/plot/ticks/table", test_ticks_table);
  g_test_add_func ("/relaxun/plot/ticks/nice-step", test_nice_step);
  g_test_add_func ("/relaxun/plot/ticks/auto-range", test_auto_range);
  g_test_add_func ("/relaxun/plot/ticks/format", test_format);
  return g_test_run ();
}
