/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-plot-test"

#include "config.h"

#include "rlx-markup.h"

static const struct { const char *in, *libplot; } libplot_cases[] = {
  { "T (K)", "T (K)" },
  { "E″ (MPa)", "E\\sd (MPa)" },
  { "E′ (MPa)", "E\\pr (MPa)" },
  { "T_a (K)", "T\\sba\\eb (K)" },
  { "t_{a,1} (s)", "t\\sba,1\\eb (s)" },
  { "kJ mol⁻¹", "kJ mol\\sp-1\\ep" },
  { "kJ mol^{-1}", "kJ mol\\sp-1\\ep" },
  { "J g⁻¹ K⁻¹", "J g\\sp-1\\ep K\\sp-1\\ep" },
  { "c₁₂", "c\\sb12\\eb" },
  { "τ (s)", "\\*t (s)" },
  { "ΔH", "\\*DH" },
  { "α β γ", "\\*a \\*b \\*g" },
  { "T (°C)", "T (\xb0" "C)" },
  { "µm and μm", "\xb5m and \xb5m" },
  { "10^{-3}", "10\\sp-3\\ep" },
  { "x^2 y", "x\\sp2\\ep y" },
  { "10^{T_g}", "10\\spT\\sbg\\eb\\ep" },
  { "a\\_b", "a_b" },
  { "a_", "a_" },
  { "x ≤ y ≥ z", "x \\<= y \\>= z" },
  { "−5 – 3", "-5 - 3" },
  { "γ/β′ 30–60", "\\*g/\\*b\\pr 30-60" },
  { "€", "?" },
  { "", "" },
};

static void
test_libplot (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (libplot_cases); i++)
    {
      g_autofree char *out = rlx_markup_to_libplot (libplot_cases[i].in);

      g_test_message ("markup “%s”", libplot_cases[i].in);
      g_assert_cmpstr (out, ==, libplot_cases[i].libplot);
    }
  {
    g_autofree char *empty = rlx_markup_to_libplot (NULL);
    g_assert_cmpstr (empty, ==, "");
  }
}

static void
test_pango_plain (void)
{
  static const struct { const char *in, *pango, *plain; } cases[] = {
    { "T_a (K)", "T<sub>a</sub> (K)", "Ta (K)" },
    { "kJ mol⁻¹", "kJ mol<sup>-1</sup>", "kJ mol-1" },
    { "E* & a<b", "E* &amp; a&lt;b", "E* & a<b" },
    { "τ_{1/2}", "τ<sub>1/2</sub>", "τ1/2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *p = rlx_markup_to_pango (cases[i].in);
      g_autofree char *t = rlx_markup_to_plain (cases[i].in);

      g_assert_cmpstr (p, ==, cases[i].pango);
      g_assert_cmpstr (t, ==, cases[i].plain);
    }
}

static void
test_invalid_utf8 (void)
{
  g_autofree char *out = rlx_markup_to_libplot ("T\xff (K)");

  g_assert_cmpstr (out, ==, "T? (K)");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/relaxun/plot/markup/libplot", test_libplot);
  g_test_add_func ("/relaxun/plot/markup/pango-plain", test_pango_plain);
  g_test_add_func ("/relaxun/plot/markup/invalid-utf8", test_invalid_utf8);
  return g_test_run ();
}
