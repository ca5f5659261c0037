/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-io"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rlx-import-private.h"

/* Below this |dT/dt| a run is isothermal (0.06 K/min). */
#define ISOTHERMAL_RATE 1e-3
/* Conventional DSCs stop near 10 K/s; chip calorimeters sample at ≥ 100 Hz. */
/* A run whose temperature stays within this span (K) is held, whatever its noise. */
#define ISOTHERMAL_SPAN 1.0
#define FLASH_RATE      10.0
#define FLASH_STEP      0.01

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *v,
        gsize   n)
{
  if (n == 0)
    return NAN;
  qsort (v, n, sizeof (double), compare_doubles);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/**
 * rlx_import_estimate_rate:
 *
 * Local slopes over windows of n/64 points are robust against sensor noise; the median of
 * the windows that ramp in the dominant direction ignores isothermal holds at the ends.
 */
double
rlx_import_estimate_rate (const double *time,
                          const double *temperature,
                          gsize         n)
{
  g_autofree double *slopes = NULL;
  g_autofree double *ramp = NULL;
  gsize k = MAX (1, n / 64);
  gsize n_slopes = 0, n_up = 0, n_down = 0, n_ramp = 0;

  double lo = INFINITY, hi = -INFINITY;

  if (time == NULL || temperature == NULL || n < 3)
    return NAN;

  /* Sensor noise of a held temperature is not a rate. */
  for (gsize i = 0; i < n; i++)
    if (isfinite (temperature[i]))
      {
        lo = MIN (lo, temperature[i]);
        hi = MAX (hi, temperature[i]);
      }
  if (!(hi - lo >= ISOTHERMAL_SPAN))
    return hi >= lo ? 0.0 : NAN;

  slopes = g_new (double, n / k + 1);
  for (gsize i = 0; i + k < n; i += k)
    {
      double dt = time[i + k] - time[i];
      double dT = temperature[i + k] - temperature[i];

      if (dt > 0 && isfinite (dt) && isfinite (dT))
        {
          double s = dT / dt;

          slopes[n_slopes++] = s;
          if (s > ISOTHERMAL_RATE)
            n_up++;
          else if (s < -ISOTHERMAL_RATE)
            n_down++;
        }
    }
  if (n_slopes == 0)
    return NAN;

  /* Mostly isothermal: no ramp to speak of. */
  if ((n_up + n_down) * 4 < n_slopes)
    return 0.0;

  ramp = g_new (double, n_slopes);
  for (gsize i = 0; i < n_slopes; i++)
    if ((n_up >= n_down && slopes[i] > ISOTHERMAL_RATE) ||
        (n_up < n_down && slopes[i] < -ISOTHERMAL_RATE))
      ramp[n_ramp++] = slopes[i];

  return median (ramp, n_ramp);
}

static double
median_step (const double *time,
             gsize         n)
{
  g_autofree double *steps = NULL;
  gsize m = 0;

  if (time == NULL || n < 2)
    return NAN;
  steps = g_new (double, MIN (n, 1001));
  for (gsize i = 1; i < n && m < 1000; i++)
    if (isfinite (time[i]) && isfinite (time[i - 1]))
      steps[m++] = time[i] - time[i - 1];
  return median (steps, m);
}

static void
value_range (const RlxChannel *channel,
             double           *lo,
             double           *hi)
{
  *lo = INFINITY;
  *hi = -INFINITY;
  if (channel == NULL)
    return;
  for (gsize i = 0; i < channel->n_values; i++)
    if (isfinite (channel->values[i]))
      {
        *lo = MIN (*lo, channel->values[i]);
        *hi = MAX (*hi, channel->values[i]);
      }
}

static RlxRunKind
classify (RlxRunData        *run,
          const RlxRunHints *hints,
          double             rate)
{
  RlxChannel *time = rlx_run_data_get_channel (run, RLX_QUANTITY_TIME);
  RlxChannel *temperature = rlx_run_data_get_channel (run, RLX_QUANTITY_TEMPERATURE);
  RlxChannel *frequency = rlx_run_data_get_channel (run, RLX_QUANTITY_FREQUENCY);
  const char *class = hints ? hints->instrument_class : NULL;
  gboolean has_heat_flow = rlx_run_data_get_channel (run, RLX_QUANTITY_HEAT_FLOW) ||
                           rlx_run_data_get_channel (run, RLX_QUANTITY_SPECIFIC_HEAT_FLOW);
  gboolean has_modulus = rlx_run_data_get_channel (run, RLX_QUANTITY_STORAGE_MODULUS) ||
                         rlx_run_data_get_channel (run, RLX_QUANTITY_LOSS_MODULUS);
  gboolean has_mass = rlx_run_data_get_channel (run, RLX_QUANTITY_MASS) ||
                      rlx_run_data_get_channel (run, RLX_QUANTITY_MASS_PERCENT);
  gboolean isothermal = !isfinite (rate) || fabs (rate) < ISOTHERMAL_RATE;

  if (temperature == NULL)
    temperature = rlx_run_data_get_channel (run, RLX_QUANTITY_PROGRAM_TEMPERATURE);

  if (has_modulus)
    {
      double f_lo, f_hi, t_lo, t_hi;

      value_range (frequency, &f_lo, &f_hi);
      value_range (temperature, &t_lo, &t_hi);
      if (frequency != NULL && f_lo > 0 && f_hi <= f_lo * (1 + 1e-6))
        run->frequency = f_lo;

      if (frequency != NULL && f_lo > 0 && f_hi > 1.5 * f_lo && (temperature == NULL || t_hi - t_lo < 5.0))
        return RLX_RUN_KIND_DMA_FREQUENCY_SWEEP;
      if (temperature != NULL && t_hi - t_lo >= 5.0)
        return RLX_RUN_KIND_DMA_TEMPERATURE_SWEEP;
      return RLX_RUN_KIND_RHEOLOGY;
    }

  if (has_heat_flow && (class == NULL || strcmp (class, "tga") != 0))
    {
      gboolean flash;

      if (class != NULL && strcmp (class, "flash-dsc") == 0)
        flash = TRUE;
      else if (class != NULL && strcmp (class, "dsc") == 0)
        flash = FALSE;
      else
        flash = (isfinite (rate) && fabs (rate) >= FLASH_RATE) ||
                (time != NULL && median_step (time->values, time->n_values) <= FLASH_STEP);

      /* Without a time column the direction still shows in the row order. */
      if (!isfinite (rate) && temperature != NULL && temperature->n_values >= 2)
        {
          double t_lo, t_hi;
          double first = temperature->values[0];
          double last = temperature->values[temperature->n_values - 1];

          value_range (temperature, &t_lo, &t_hi);
          if (t_hi - t_lo >= ISOTHERMAL_SPAN && isfinite (first) && isfinite (last))
            return last > first ? (flash ? RLX_RUN_KIND_FLASH_DSC_HEATING : RLX_RUN_KIND_DSC_HEATING)
                                : (flash ? RLX_RUN_KIND_FLASH_DSC_COOLING : RLX_RUN_KIND_DSC_COOLING);
        }
      if (isothermal)
        return RLX_RUN_KIND_DSC_ISOTHERMAL;
      if (rate > 0)
        return flash ? RLX_RUN_KIND_FLASH_DSC_HEATING : RLX_RUN_KIND_DSC_HEATING;
      return flash ? RLX_RUN_KIND_FLASH_DSC_COOLING : RLX_RUN_KIND_DSC_COOLING;
    }

  if (has_mass)
    return RLX_RUN_KIND_TGA;
  if (class != NULL && strcmp (class, "rheometer") == 0)
    return RLX_RUN_KIND_RHEOLOGY;
  return RLX_RUN_KIND_UNKNOWN;
}

void
rlx_import_finish_run (RlxImportContext  *ctx,
                       RlxRunData        *run,
                       const RlxRunHints *hints)
{
  RlxChannel *time = rlx_run_data_get_channel (run, RLX_QUANTITY_TIME);
  RlxChannel *temperature = rlx_run_data_get_channel (run, RLX_QUANTITY_PROGRAM_TEMPERATURE);
  RlxNameCondition condition, from_title;
  double rate = NAN;

  if (temperature == NULL)
    temperature = rlx_run_data_get_channel (run, RLX_QUANTITY_TEMPERATURE);

  if (hints != NULL && isfinite (hints->file_rate))
    {
      rate = hints->file_rate;
      rlx_run_data_set_metadata (run, "rate-source", "file");
    }
  else if (time != NULL && temperature != NULL)
    {
      rate = rlx_import_estimate_rate (time->values, temperature->values, time->n_values);
      if (isfinite (rate))
        rlx_run_data_set_metadata (run, "rate-source", "slope");
    }

  run->kind = classify (run, hints, rate);

  /* Rates belong to ramps; a frequency sweep or a flow test has none. */
  if (run->kind == RLX_RUN_KIND_DMA_FREQUENCY_SWEEP || run->kind == RLX_RUN_KIND_RHEOLOGY ||
      run->kind == RLX_RUN_KIND_DSC_ISOTHERMAL)
    rate = NAN;

  if (isfinite (rate) && rate > ISOTHERMAL_RATE)
    run->heating_rate = rate;
  else if (isfinite (rate) && rate < -ISOTHERMAL_RATE)
    run->cooling_rate = -rate;   /* the run is itself a cooling */

  /* Name-encoded annealing condition: the file name first, then the curve title, where only
   * a duration next to an "anneal…" word counts (titles hold other numbers with units). */
  rlx_import_parse_name_condition (ctx->file_name, FALSE, &condition);
  if (run->title != NULL)
    {
      rlx_import_parse_name_condition (run->title, TRUE, &from_title);
      if (condition.role == RLX_RUN_ROLE_OTHER)
        condition.role = from_title.role;
      if (!isfinite (condition.anneal_temperature))
        condition.anneal_temperature = from_title.anneal_temperature;
      if (!isfinite (condition.anneal_time))
        condition.anneal_time = from_title.anneal_time;
    }

  if (condition.role == RLX_RUN_ROLE_REFERENCE)
    {
      run->role = RLX_RUN_ROLE_REFERENCE;
      if (isfinite (condition.anneal_temperature))
        {
          g_autofree char *value = g_strdup_printf ("%.2f", condition.anneal_temperature);

          /* The annealed run this reference belongs to; the reference itself was not held. */
          rlx_run_data_set_metadata (run, "reference-for-anneal-temperature-K", value);
        }
    }
  else if (isfinite (condition.anneal_temperature))
    {
      run->role = RLX_RUN_ROLE_ANNEALED;
      rlx_run_data_add_anneal_step (run, condition.anneal_temperature, condition.anneal_time);
    }
}

/* ---- name-encoded metadata ---- */

static gboolean
parse_number_prefix (const char  *s,
                     double      *value,
                     const char **rest)
{
  const char *p = s;
  const char *start = s;

  if (*p == '-' || *p == '+')
    p++;
  if (!(*p >= '0' && *p <= '9'))
    return FALSE;
  while ((*p >= '0' && *p <= '9') || *p == '.' || (*p == 'p' && p[1] >= '0' && p[1] <= '9'))
    p++;
  {
    g_autofree char *number = g_strndup (start, p - start);

    g_strdelimit (number, "p", '.');
    if (rlx_parse_number (number, strlen (number), '.', value, NULL) != RLX_NUMBER_OK)
      return FALSE;
  }
  *rest = p;
  return TRUE;
}

static double
duration_unit (const char *unit)
{
  if (strcmp (unit, "s") == 0 || strcmp (unit, "sec") == 0)
    return 1.0;
  if (strcmp (unit, "ms") == 0)
    return 1e-3;
  if (strcmp (unit, "min") == 0)
    return 60.0;
  if (strcmp (unit, "h") == 0)
    return 3600.0;
  return NAN;
}

static double
temperature_unit (const char *unit,
                  double      value)
{
  if (strcmp (unit, "K") == 0)
    return value;
  if (strcmp (unit, "C") == 0 || strcmp (unit, "°C") == 0 || strcmp (unit, "degC") == 0 ||
      strcmp (unit, "deg") == 0)
    return value + 273.15;
  return NAN;
}

/**
 * rlx_import_parse_name_condition:
 * @durations_need_anneal_word: a bare duration ("30min") counts only right after a token
 *   containing "anneal"
 *
 * Reads "…_20deg", "…_minus40deg", "Ta=303K", "Ta303K", "ta=5s", "ta5s", "30min", "_ref".
 * "Ta" (capital T) is the annealing temperature and "ta" the annealing time.
 */
void
rlx_import_parse_name_condition (const char       *name,
                                 gboolean          durations_need_anneal_word,
                                 RlxNameCondition *condition)
{
  g_autofree char *stem = NULL;
  g_auto(GStrv) tokens = NULL;
  gboolean after_anneal = FALSE;
  char *dot;

  condition->role = RLX_RUN_ROLE_OTHER;
  condition->anneal_temperature = NAN;
  condition->anneal_time = NAN;
  if (name == NULL)
    return;

  stem = g_path_get_basename (name);
  dot = strrchr (stem, '.');
  if (dot != NULL && strlen (dot) <= 5 && dot != stem && !g_ascii_isdigit (dot[1]))
    *dot = '\0';

  tokens = g_strsplit_set (stem, "_ ,;()[]", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      const char *t = tokens[i];
      g_autofree char *lower = g_ascii_strdown (t, -1);
      const char *rest;
      double v;
      gboolean anneal_word = strstr (lower, "anneal") != NULL;

      if (*t == '\0')
        continue;

      if (strcmp (lower, "ref") == 0 || strcmp (lower, "reference") == 0)
        condition->role = RLX_RUN_ROLE_REFERENCE;
      else if (g_str_has_suffix (lower, "deg") || g_str_has_suffix (lower, "degc"))
        {
          const char *p = lower;
          gboolean minus = FALSE;

          if (g_str_has_prefix (p, "minus"))
            {
              minus = TRUE;
              p += 5;
            }
          if (parse_number_prefix (p, &v, &rest) && (strcmp (rest, "deg") == 0 || strcmp (rest, "degc") == 0))
            condition->anneal_temperature = (minus ? -v : v) + 273.15;
        }
      else if (t[0] == 'T' && t[1] == 'a')
        {
          const char *p = t + 2;

          if (*p == '=')
            p++;
          if (g_str_has_prefix (p, "minus"))
            {
              if (parse_number_prefix (p + 5, &v, &rest))
                condition->anneal_temperature = temperature_unit (rest, -v);
            }
          else if (parse_number_prefix (p, &v, &rest))
            condition->anneal_temperature = temperature_unit (rest, v);
        }
      else if (t[0] == 't' && t[1] == 'a' && (t[2] == '=' || g_ascii_isdigit (t[2])))
        {
          const char *p = t + 2 + (t[2] == '=');

          if (parse_number_prefix (p, &v, &rest) && v >= 0)
            condition->anneal_time = v * duration_unit (rest);
        }
      else if (g_ascii_isdigit (t[0]) && (!durations_need_anneal_word || after_anneal))
        {
          if (parse_number_prefix (t, &v, &rest) && isfinite (duration_unit (rest)))
            condition->anneal_time = v * duration_unit (rest);
        }

      after_anneal = anneal_word;
    }
}

void
rlx_import_split_name_mass (const char  *text,
                            char       **name,
                            double      *mass_mg)
{
  const char *comma = strrchr (text, ',');

  *mass_mg = NAN;
  if (comma != NULL)
    {
      double m = rlx_units_parse_mass (comma + 1);

      if (isfinite (m))
        {
          *name = g_strstrip (g_strndup (text, comma - text));
          *mass_mg = m;
          return;
        }
    }
  *name = g_strstrip (g_strdup (text));
}
