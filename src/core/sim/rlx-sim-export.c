/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-sim"

#include "config.h"

#include "rlx-sim-export.h"

#include <complex.h>
#include <math.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "rlx-core.h"

#define FIELD 14

/* ---- DMA ------------------------------------------------------------------------------- */

void
rlx_sim_dma_params_init_demo (RlxSimDmaParams *p)
{
  *p = (RlxSimDmaParams) { 0 };
  p->frequency = 2.0;
  p->eu0 = 30000.0;
  p->eu_slope = 2.5e-4;
  /* α: HN 340 kJ/mol (science.md §8), KWW-like shape a = 0.8, b = 0.45. */
  p->alpha_e = 340000.0;
  p->alpha_t1 = 418.0;
  p->alpha_a = 0.8;
  p->alpha_b = 0.45;
  /* β: 86 kJ/mol, the 2 Hz maximum near 301 K (§2.6), broad and symmetric. */
  p->beta_e = 86000.0;
  p->beta_t1 = 301.0;
  p->beta_a = 0.35;
  p->beta_b = 1.0;
  p->beta_fraction = 0.03;
  p->t_start = 223.15;
  p->t_end = 448.15;
  p->t_step = 0.5;
  p->heating_rate = 0.05;
  p->noise_rel = 0.002;
}

/* (1 + (iωτ)^a)^(−b) with y = ln ωτ; the large-y branch keeps cexp from overflowing. */
static double complex
hn_response (double y,
             double a,
             double b)
{
  double complex w = a * (y + I * G_PI / 2.0);
  double complex log1pz;

  if (a * y > 30.0)
    log1pz = w + clog (1.0 + cexp (-w));
  else
    log1pz = clog (1.0 + cexp (w));
  return cexp (-b * log1pz);
}

void
rlx_sim_dma_modulus (const RlxSimDmaParams *p,
                     double                 t,
                     double                *e_storage,
                     double                *e_loss)
{
  double eu = p->eu0 * (1.0 - p->eu_slope * (t - 300.0));
  double y_a = p->alpha_e / RLX_GAS_CONSTANT * (1.0 / t - 1.0 / p->alpha_t1);
  double y_b = p->beta_e / RLX_GAS_CONSTANT * (1.0 / t - 1.0 / p->beta_t1);
  double complex pa = hn_response (y_a, p->alpha_a, p->alpha_b);
  double complex pb = hn_response (y_b, p->beta_a, p->beta_b);
  double d_beta = p->beta_fraction * eu;
  double d_alpha = eu - d_beta;
  double complex e = eu - d_alpha * pa - d_beta * pb;

  *e_storage = creal (e);
  *e_loss = cimag (e);
}

RlxSimDmaSweep *
rlx_sim_dma_run (const RlxSimDmaParams *p,
                 void                  *rng,
                 GError               **error)
{
  g_autoptr (RlxSimDmaSweep) sweep = g_new0 (RlxSimDmaSweep, 1);
  gsize n;

  if (!(p->t_step > 0.0 && p->t_end > p->t_start && p->t_start > 0.0 && p->heating_rate > 0.0
        && p->frequency > 0.0 && p->eu0 > 0.0))
    {
      g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_INVALID,
                   "A DMA sweep needs 0 < T_start < T_end, a step, a rate, a frequency and "
                   "a modulus above 0");
      return NULL;
    }
  n = (gsize) floor ((p->t_end - p->t_start) / p->t_step + 1e-9) + 1;
  sweep->n = n;
  sweep->time = g_new (double, n);
  sweep->temperature = g_new (double, n);
  sweep->e_storage = g_new (double, n);
  sweep->e_loss = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    {
      double t = p->t_start + i * p->t_step;

      sweep->temperature[i] = t;
      sweep->time[i] = (t - p->t_start) / p->heating_rate;
      rlx_sim_dma_modulus (p, t, &sweep->e_storage[i], &sweep->e_loss[i]);
      if (rng != NULL && p->noise_rel > 0.0)
        {
          sweep->e_storage[i] *= 1.0 + gsl_ran_gaussian_ziggurat (rng, p->noise_rel);
          sweep->e_loss[i] *= 1.0 + gsl_ran_gaussian_ziggurat (rng, p->noise_rel);
        }
    }
  return g_steal_pointer (&sweep);
}

void
rlx_sim_dma_sweep_free (RlxSimDmaSweep *sweep)
{
  if (sweep == NULL)
    return;
  g_free (sweep->time);
  g_free (sweep->temperature);
  g_free (sweep->e_storage);
  g_free (sweep->e_loss);
  g_free (sweep);
}

/* ---- STARe fixed-width writers --------------------------------------------------------- */

/* Right-aligns a latin-1 field in FIELD bytes. */
static void
put_field (GString    *out,
           const char *text)
{
  gsize len = strlen (text);

  for (gsize i = len; i < FIELD; i++)
    g_string_append_c (out, ' ');
  g_string_append (out, text);
}

static void
put_number (GString  *out,
            double    value,
            gboolean  comma)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, "%.5e", value);
  if (comma)
    for (char *c = buf; *c != '\0'; c++)
      if (*c == '.')
        *c = ',';
  put_field (out, buf);
}

static void
put_index (GString *out,
           gsize    index)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GSIZE_FORMAT, index);
  put_field (out, buf);
}

/* Keep the footer on one latin-1 line whatever the caller passed. */
static void
put_footer (GString    *out,
            const char *curve_name)
{
  for (const char *c = curve_name; *c != '\0'; c++)
    g_string_append_c (out, (*c == '\n' || *c == '\r' || (guchar) *c >= 0x80) ? '_' : *c);
  g_string_append (out, ", 01.06.2023 12:00:00\n");
}

GBytes *
rlx_sim_format_stare_dsc (const RlxSimScan *scan,
                          const char       *curve_name)
{
  GString *out = g_string_sized_new (80 * (scan->n + 3));
  static const char *names[] = { "Index", "t", "Heat Flow", "Ts", "Tr" };
  const char *units[] = { "[#]", "[s]", scan->per_gram ? "[W/g]" : "[mW]", "[\xb0" "C]",
                          "[\xb0" "C]" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    put_field (out, names[i]);
  g_string_append_c (out, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    put_field (out, units[i]);
  g_string_append_c (out, '\n');
  for (gsize p = 0; p < scan->n; p++)
    {
      put_index (out, p);
      put_number (out, scan->time[p], TRUE);
      put_number (out, scan->heat_flow[p], TRUE);
      put_number (out, scan->t_sample[p] - RLX_KELVIN_OFFSET, TRUE);
      put_number (out, scan->t_program[p] - RLX_KELVIN_OFFSET, TRUE);
      g_string_append_c (out, '\n');
    }
  put_footer (out, curve_name);
  return g_string_free_to_bytes (out);
}

GBytes *
rlx_sim_format_stare_dma (const RlxSimDmaSweep *sweep,
                          double                frequency,
                          const char           *curve_name)
{
  GString *out = g_string_sized_new (160 * (sweep->n + 3));
  static const char *names[] = { "Index", "Ts", "t", "f", "Phase", "Tr", "E'", "E\"", "E*",
                                 "tan_delta" };
  static const char *units[] = { "[#]", "[\xb0" "C]", "[s]", "[Hz]", "[rad]", "[\xb0" "C]",
                                 "[MPa]", "[MPa]", "[MPa]", "[]" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    put_field (out, names[i]);
  g_string_append_c (out, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    put_field (out, units[i]);
  g_string_append_c (out, '\n');
  for (gsize p = 0; p < sweep->n; p++)
    {
      double e1 = sweep->e_storage[p], e2 = sweep->e_loss[p];
      double t_c = sweep->temperature[p] - RLX_KELVIN_OFFSET;

      put_index (out, p);
      put_number (out, t_c, FALSE);
      put_number (out, sweep->time[p], FALSE);
      put_number (out, frequency, FALSE);
      put_number (out, atan2 (e2, e1), FALSE);
      put_number (out, t_c, FALSE);
      put_number (out, e1, FALSE);
      put_number (out, e2, FALSE);
      put_number (out, hypot (e1, e2), FALSE);
      put_number (out, e2 / e1, FALSE);
      g_string_append_c (out, '\n');
    }
  put_footer (out, curve_name);
  return g_string_free_to_bytes (out);
}

GBytes *
rlx_sim_format_csv (const RlxSimScan *scan)
{
  GString *out = g_string_sized_new (64 * (scan->n + 1));
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
  char c[G_ASCII_DTOSTR_BUF_SIZE], d[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (out, "t_s,Tr_K,Ts_K,%s\n",
                          scan->per_gram ? "heat_flow_W_per_g" : "heat_flow_mW");
  for (gsize p = 0; p < scan->n; p++)
    g_string_append_printf (out, "%s,%s,%s,%s\n",
                            g_ascii_formatd (a, sizeof a, "%.7g", scan->time[p]),
                            g_ascii_formatd (b, sizeof b, "%.8g", scan->t_program[p]),
                            g_ascii_formatd (c, sizeof c, "%.8g", scan->t_sample[p]),
                            g_ascii_formatd (d, sizeof d, "%.8g", scan->heat_flow[p]));
  return g_string_free_to_bytes (out);
}

gboolean
rlx_sim_write_bytes (const char  *path,
                     GBytes      *bytes,
                     GError     **error)
{
  g_autoptr (GError) local = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (!g_file_set_contents (path, data, (gssize) size, &local))
    {
      g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_IO, "Could not write %s: %s", path,
                   local->message);
      return FALSE;
    }
  return TRUE;
}

char *
rlx_sim_condition_stem (const GArray *anneal_steps)
{
  GString *stem = g_string_new (NULL);

  if (anneal_steps == NULL || anneal_steps->len == 0)
    {
      g_string_free (stem, TRUE);
      return g_strdup ("ref");
    }
  for (guint i = 0; i < anneal_steps->len; i++)
    {
      const RlxAnnealStep *s = &g_array_index ((GArray *) anneal_steps, RlxAnnealStep, i);
      char ta[G_ASCII_DTOSTR_BUF_SIZE], tt[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (ta, sizeof ta, "%.6g", s->temperature);
      g_ascii_formatd (tt, sizeof tt, "%.6g", s->duration);
      g_string_append_printf (stem, "%sTa%sK_ta%ss", i > 0 ? "_" : "", ta, tt);
    }
  return g_string_free (stem, FALSE);
}
