/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-signal"

#include "config.h"

#include "rlx-peak.h"
#include "rlx-peak-private.h"

#include <math.h>
#include <string.h>

#include "rlx-pairing.h"

/* One run cut to its heating ramp, on a strictly increasing temperature, in the units the
   recipe asks for. */
typedef struct
{
  gsize   n;
  double *t;
  double *y;
  double  rate;       /* K/s */
  double  ts;         /* K */
  gboolean specific;  /* y is per gram */
} Prepared;

/* Labels are written for the middle of a sentence; a message may start with one. */
static char *
upper_first (const char *label)
{
  char *copy = g_strdup (label);

  if (copy[0] != '\0')
    copy[0] = g_ascii_toupper (copy[0]);
  return copy;
}

static void
prepared_clear (Prepared *p)
{
  g_clear_pointer (&p->t, g_free);
  g_clear_pointer (&p->y, g_free);
}

void
rlx_peak_free (RlxPeak *peak)
{
  if (peak == NULL)
    return;
  g_free (peak->t);
  g_free (peak->annealed);
  g_free (peak->reference);
  g_free (peak->difference);
  g_free (peak->baseline);
  g_free (peak->peak);
  g_free (peak->smoothed);
  g_free (peak->use);
  g_free (peak->sample_name);
  g_clear_pointer (&peak->baseline_spec, rlx_baseline_spec_free);
  g_clear_pointer (&peak->warnings, g_ptr_array_unref);
  g_free (peak);
}

RlxPeak *
rlx_peak_new (void)
{
  RlxPeak *peak = g_new0 (RlxPeak, 1);

  peak->warnings = g_ptr_array_new_with_free_func (g_free);
  peak->anneal_temperature = NAN;
  peak->anneal_time = NAN;
  peak->mass_mg = NAN;
  peak->heating_rate = NAN;
  peak->ts = NAN;
  return peak;
}

/* The part of preparing a run that depends only on the run and the lag, so a batch can keep
   it for a reference shared by many annealed runs. */
static gboolean
prepare_raw (const RlxRunData *run,
             const char       *label,
             double            lag,
             Prepared         *out,
             GError          **error)
{
  RlxChannel *temperature = rlx_run_data_get_channel (run, RLX_QUANTITY_TEMPERATURE);
  RlxChannel *signal = rlx_run_data_get_channel (run, RLX_QUANTITY_HEAT_FLOW);
  RlxChannel *time = rlx_run_data_get_channel (run, RLX_QUANTITY_TIME);
  g_autofree double *t = NULL;
  g_autofree gboolean *keep = NULL;
  g_autoptr(GError) local = NULL;
  gsize start, end, len, kept, n;

  memset (out, 0, sizeof (*out));
  if (temperature == NULL)
    temperature = rlx_run_data_get_channel (run, RLX_QUANTITY_PROGRAM_TEMPERATURE);
  if (signal == NULL)
    {
      signal = rlx_run_data_get_channel (run, RLX_QUANTITY_SPECIFIC_HEAT_FLOW);
      out->specific = signal != NULL;
    }
  if (temperature == NULL || signal == NULL)
    {
      g_autofree char *Label = upper_first (label);
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_NO_DATA,
                   "%s has no %s channel; a peak needs a temperature and a heat flow.", Label,
                   temperature == NULL ? "temperature" : "heat-flow");
      return FALSE;
    }
  n = MIN (temperature->n_values, signal->n_values);
  if (time != NULL && time->n_values < n)
    time = NULL;

  if (!rlx_signal_heating_segment (temperature->values, n, &start, &end, &local))
    {
      g_autofree char *Label = upper_first (label);
      g_set_error (error, RLX_SIGNAL_ERROR, local->code, "%s: %s", Label, local->message);
      return FALSE;
    }
  len = end - start;

  out->rate = run->heating_rate;
  if (!(out->rate > 0) && time != NULL)
    out->rate = rlx_signal_mean_slope (time->values + start, temperature->values + start, len);
  if (lag != 0)
    {
      if (time == NULL && !(out->rate > 0))
        {
          g_autofree char *Label = upper_first (label);
          g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_NO_DATA,
                       "%s has neither a time channel nor a known heating rate, so the thermal-lag "
                       "correction cannot be applied; set the lag to 0.", Label);
          return FALSE;
        }
      /* only the lag correction changes the temperatures: copy them just then */
      t = g_memdup2 (temperature->values + start, len * sizeof (double));
      rlx_signal_lag_correct (t, time ? time->values + start : NULL, len, out->rate, lag);
    }

  {
    const double *tt = t != NULL ? t : temperature->values + start;
    const double *yy = signal->values + start;

    keep = g_new (gboolean, len);
    kept = rlx_signal_monotonic_filter (tt, len, keep);
    if (kept < 0.9 * len || kept < 8)
      {
        g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_NOT_MONOTONIC,
                     "The temperature of %s is not monotonic inside its heating ramp "
                     "(%.1f–%.1f K): %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " points go back. "
                     "Check the temperature channel or use the program temperature.",
                     label, tt[0], tt[len - 1], len - kept, len);
        return FALSE;
      }
    out->t = g_new (double, kept);
    out->y = g_new (double, kept);
    out->n = 0;
    for (gsize i = 0; i < len; i++)
      if (keep[i])
        {
          out->t[out->n] = tt[i];
          out->y[out->n] = yy[i];
          out->n++;
        }
  }
  out->ts = out->t[0];
  return TRUE;
}

/* Mass normalisation and the notes that depend on the recipe; @out is already prepared. */
static void
prepare_finish (Prepared        *out,
                const char      *label,
                const RlxRecipe *recipe,
                double           mass_mg,
                GPtrArray       *warnings)
{
  if (!out->specific && recipe->normalise_mass && isfinite (mass_mg) && mass_mg > 0)
    {
      /* mW / mg = W/g */
      for (gsize i = 0; i < out->n; i++)
        out->y[i] /= mass_mg;
      out->specific = TRUE;
    }
  if (recipe->dqdt && !(out->rate > 0) && warnings != NULL)
    g_ptr_array_add (warnings, g_strdup_printf ("The heating rate of %s is unknown: the heat flow "
                                                "is kept as it is, not divided by the rate.", label));
}

static void
prepared_copy (const Prepared *from,
               Prepared       *to)
{
  *to = *from;
  to->t = g_memdup2 (from->t, from->n * sizeof (double));
  to->y = g_memdup2 (from->y, from->n * sizeof (double));
}

static double
nice_step (double step)
{
  double p = pow (10, floor (log10 (step)) - 1);

  return round (step / p) * p;
}

static gboolean
in_any (GArray *ranges,
        double  t)
{
  for (guint i = 0; i < ranges->len; i++)
    {
      RlxRange *r = &g_array_index (ranges, RlxRange, i);
      if (t >= r->lo && t <= r->hi)
        return TRUE;
    }
  return FALSE;
}

static RlxPeak *
extract (const RlxRunData *annealed,
         const char       *annealed_label,
         const RlxRunData *reference,
         const char       *reference_label,
         const Prepared   *reference_raw,
         const RlxRecipe  *recipe,
         GPtrArray        *warnings,
         GError          **error)
{
  g_autoptr(RlxPeak) peak = rlx_peak_new ();
  Prepared a = { 0 }, r = { 0 };
  double mass = recipe->mass_mg, lo, hi, step, rate;
  g_autofree gboolean *not_masked = NULL;
  gboolean ok = FALSE, dqdt;

  if (warnings != NULL)
    for (guint i = 0; i < warnings->len; i++)
      g_ptr_array_add (peak->warnings, g_strdup (g_ptr_array_index (warnings, i)));

  if (!isfinite (mass))
    mass = annealed->mass_mg;
  if (!isfinite (mass) && reference != NULL)
    mass = reference->mass_mg;
  if (!recipe->normalise_mass)
    mass = NAN;

  if (!prepare_raw (annealed, annealed_label, recipe->lag, &a, error))
    goto out;
  prepare_finish (&a, annealed_label, recipe, mass, peak->warnings);
  if (reference != NULL)
    {
      if (reference_raw != NULL)
        prepared_copy (reference_raw, &r);
      else if (!prepare_raw (reference, reference_label, recipe->lag, &r, error))
        goto out;
      prepare_finish (&r, reference_label, recipe, mass, peak->warnings);
    }
  if (reference != NULL && a.specific != r.specific)
    {
      g_autofree char *Label = upper_first (annealed_label);
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_PAIRING,
                   "%s is in %s but %s in %s; give the sample mass so both can be normalised.",
                   Label, a.specific ? "W/g" : "mW", reference_label,
                   r.specific ? "W/g" : "mW");
      goto out;
    }

  /* Each run is divided by its own rate: within the pairing tolerance the rates agree, and
     dividing by the measured rate keeps dQ/dT exact for each. */
  rate = a.rate;
  dqdt = recipe->dqdt && a.rate > 0 && (reference == NULL || r.rate > 0);
  if (dqdt)
    {
      for (gsize i = 0; i < a.n; i++)
        a.y[i] /= a.rate;
      for (gsize i = 0; i < r.n; i++)
        r.y[i] /= r.rate;
    }

  lo = a.t[0];
  hi = a.t[a.n - 1];
  if (reference != NULL)
    {
      double overlap;

      lo = MAX (lo, r.t[0]);
      hi = MIN (hi, r.t[r.n - 1]);
      overlap = hi - lo;
      if (!(overlap >= recipe->min_overlap))
        {
          g_autofree char *Label = upper_first (annealed_label);

          if (overlap > 0)
            g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_OVERLAP,
                         "%s (%.1f–%.1f K) and %s (%.1f–%.1f K) overlap only over %.1f–%.1f K "
                         "(%.1f K); the peak analysis needs at least %.1f K in common.",
                         Label, a.t[0], a.t[a.n - 1], reference_label, r.t[0],
                         r.t[r.n - 1], lo, hi, overlap, recipe->min_overlap);
          else
            g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_OVERLAP,
                         "%s (%.1f–%.1f K) and %s (%.1f–%.1f K) do not overlap in temperature; "
                         "the peak analysis needs at least %.1f K in common.",
                         Label, a.t[0], a.t[a.n - 1], reference_label, r.t[0],
                         r.t[r.n - 1], recipe->min_overlap);
          goto out;
        }
    }
  if (recipe->has_window && (recipe->window.hi <= lo || recipe->window.lo >= hi))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_OVERLAP,
                   "The window %.1f–%.1f K lies outside the common temperature range "
                   "%.1f–%.1f K of the data.", recipe->window.lo, recipe->window.hi, lo, hi);
      goto out;
    }

  step = recipe->grid_step;
  if (!(step > 0))
    {
      step = rlx_signal_median_spacing (a.t, a.n);
      if (reference != NULL)
        step = MAX (step, rlx_signal_median_spacing (r.t, r.n));
      step = nice_step (step);
    }
  peak->t = rlx_signal_make_grid (lo, hi, step, &peak->n);
  if (peak->t == NULL || peak->n < 5)
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_NO_DATA,
                   "A %.3g K grid gives fewer than 5 points over %.1f–%.1f K; use a finer grid.",
                   step, lo, hi);
      goto out;
    }
  peak->grid_step = step;
  peak->annealed = g_new (double, peak->n);
  peak->difference = g_new (double, peak->n);
  peak->baseline = g_new (double, peak->n);
  peak->peak = g_new (double, peak->n);
  peak->use = g_new (gboolean, peak->n);
  not_masked = g_new (gboolean, peak->n);
  if (!rlx_signal_resample (a.t, a.y, a.n, peak->t, peak->n, peak->annealed, error))
    goto out;
  memcpy (peak->difference, peak->annealed, peak->n * sizeof (double));
  if (reference != NULL)
    {
      peak->reference = g_new (double, peak->n);
      if (!rlx_signal_resample (r.t, r.y, r.n, peak->t, peak->n, peak->reference, error))
        goto out;
      for (gsize i = 0; i < peak->n; i++)
        peak->difference[i] -= peak->reference[i];
    }

  for (gsize i = 0; i < peak->n; i++)
    {
      not_masked[i] = !in_any (recipe->masks, peak->t[i]);
      peak->use[i] = not_masked[i] && (!recipe->has_window ||
                                       (peak->t[i] >= recipe->window.lo && peak->t[i] <= recipe->window.hi));
    }
  if (!rlx_baseline_spec_apply (recipe->baseline, peak->t, peak->difference, not_masked, peak->n,
                                peak->baseline, error))
    goto out;
  for (gsize i = 0; i < peak->n; i++)
    peak->peak[i] = peak->difference[i] - peak->baseline[i];

  if (recipe->smooth > 0 && peak->n > 2 * recipe->smooth + 1)
    {
      peak->smoothed = g_new (double, peak->n);
      if (!rlx_signal_savitzky_golay (peak->peak, peak->n, recipe->smooth, 2, peak->smoothed, error))
        goto out;
    }

  peak->is_dqdt = dqdt;
  peak->heating_rate = rate;
  peak->ts = a.ts;
  peak->lag = recipe->lag;
  peak->mass_mg = mass;
  peak->signal_unit = a.specific ? (dqdt ? "J/(g·K)" : "W/g") : (dqdt ? "mJ/K" : "mW");
  peak->enthalpy_unit = a.specific ? "J/g" : "mJ";
  peak->baseline_spec = rlx_baseline_spec_copy (recipe->baseline);
  peak->sample_name = g_strdup (annealed->sample_name);
  if (annealed->anneal_steps != NULL && annealed->anneal_steps->len > 0)
    {
      RlxAnnealStep *last = &g_array_index (annealed->anneal_steps, RlxAnnealStep,
                                            annealed->anneal_steps->len - 1);
      peak->anneal_temperature = last->temperature;
      peak->anneal_time = last->duration;
    }

  if (!rlx_peak_metrics_compute (peak->t, peak->peak, peak->use, peak->n,
                                 dqdt ? NAN : (rate > 0 ? rate : NAN), &peak->metrics, error))
    goto out;
  if (!dqdt && !(rate > 0))
    peak->metrics.delta_h = NAN;
  ok = TRUE;

out:
  prepared_clear (&a);
  prepared_clear (&r);
  return ok ? g_steal_pointer (&peak) : NULL;
}

RlxPeak *
rlx_peak_extract_data (const RlxRunData *annealed,
                       const RlxRunData *reference,
                       const RlxRecipe  *recipe,
                       GError          **error)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);

  if (reference != NULL &&
      !rlx_pairing_check (annealed, NULL, reference, NULL, recipe->rate_tolerance, warnings, error))
    return NULL;
  return extract (annealed, "the annealed run", reference, "the reference run", NULL, recipe,
                  warnings, error);
}

/* ---- the cache of a batch worker ---------------------------------------------------------- */

typedef struct
{
  RlxRunRecord *record;     /* with channels */
  char         *label;
  gboolean      has_raw;
  double        raw_lag;
  Prepared      raw;
} CachedReference;

#define CACHE_MAX_REFERENCES 8

struct _RlxPeakCache
{
  GHashTable *sample_runs;  /* gint64 * sample id → GPtrArray of RlxRunRecord (no channels) */
  GHashTable *references;   /* gint64 * run id → CachedReference */
};

static void
cached_reference_free (gpointer data)
{
  CachedReference *c = data;

  rlx_run_record_free (c->record);
  g_free (c->label);
  prepared_clear (&c->raw);
  g_free (c);
}

/**
 * rlx_peak_cache_new:
 *
 * Returns: (transfer full): an empty cache for rlx_peak_extract_cached()
 */
RlxPeakCache *
rlx_peak_cache_new (void)
{
  RlxPeakCache *cache = g_new0 (RlxPeakCache, 1);

  cache->sample_runs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                              (GDestroyNotify) g_ptr_array_unref);
  cache->references = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                             cached_reference_free);
  return cache;
}

void
rlx_peak_cache_free (RlxPeakCache *cache)
{
  if (cache == NULL)
    return;
  g_hash_table_unref (cache->sample_runs);
  g_hash_table_unref (cache->references);
  g_free (cache);
}

static gint64 *
id_key (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

static gint64
find_reference (RlxStore           *store,
                const RlxRunRecord *run,
                const RlxRecipe    *recipe,
                RlxPeakCache       *cache,
                char              **why,
                GError            **error)
{
  GPtrArray *runs;

  if (cache == NULL)
    return rlx_pairing_find_reference (store, run->id, recipe->rate_tolerance,
                                       recipe->min_overlap, why, error);
  runs = g_hash_table_lookup (cache->sample_runs, &run->sample_id);
  if (runs == NULL)
    {
      runs = rlx_store_list_runs (store, run->sample_id, error);
      if (runs == NULL)
        return -1;
      g_hash_table_insert (cache->sample_runs, id_key (run->sample_id), runs);
    }
  return rlx_pairing_choose_reference (run, runs, recipe->rate_tolerance, recipe->min_overlap, why);
}

/* The reference run, from the cache when it is there; borrowed from the cache, or owned by
   *owned without one. */
static CachedReference *
load_reference (RlxStore         *store,
                gint64            reference_id,
                RlxPeakCache     *cache,
                CachedReference **owned,
                GError          **error)
{
  CachedReference *c = cache ? g_hash_table_lookup (cache->references, &reference_id) : NULL;
  RlxRunRecord *record;

  if (c != NULL)
    return c;
  record = rlx_store_load_run (store, reference_id, TRUE, error);
  if (record == NULL)
    return NULL;
  c = g_new0 (CachedReference, 1);
  c->record = record;
  c->label = rlx_pairing_describe_run (reference_id, record->data);
  if (cache != NULL)
    {
      /* Long scans with all their channels: a batch over many references keeps only the
         latest few (runs are usually taken in order, next to their reference). */
      if (g_hash_table_size (cache->references) >= CACHE_MAX_REFERENCES)
        g_hash_table_remove_all (cache->references);
      g_hash_table_insert (cache->references, id_key (reference_id), c);
    }
  else
    *owned = c;
  return c;
}

RlxPeak *
rlx_peak_extract (RlxStore        *store,
                  gint64           run_id,
                  const RlxRecipe *recipe,
                  GError         **error)
{
  return rlx_peak_extract_cached (store, run_id, recipe, NULL, error);
}

RlxPeak *
rlx_peak_extract_cached (RlxStore        *store,
                         gint64           run_id,
                         const RlxRecipe *recipe,
                         RlxPeakCache    *cache,
                         GError         **error)
{
  g_autoptr(RlxRunRecord) run = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *run_label = NULL;
  CachedReference *ref = NULL, *owned = NULL;
  const Prepared *reference_raw = NULL;
  gint64 reference_id = 0;
  RlxPeak *peak = NULL;

  run = rlx_store_load_run (store, run_id, TRUE, error);
  if (run == NULL)
    return NULL;
  run_label = rlx_pairing_describe_run (run_id, run->data);

  switch (recipe->reference_mode)
    {
    case RLX_REFERENCE_NONE:
      break;
    case RLX_REFERENCE_ID:
      reference_id = recipe->reference_id;
      break;
    case RLX_REFERENCE_AUTO:
    default:
      reference_id = run->reference_id;
      if (reference_id <= 0)
        {
          g_autofree char *why = NULL;

          reference_id = find_reference (store, run, recipe, cache, &why, error);
          if (reference_id < 0)
            return NULL;
          if (reference_id == 0)
            g_ptr_array_add (warnings, g_strdup_printf ("No reference for %s: analysed against its "
                                                        "baseline alone. %s", run_label,
                                                        why ? why : ""));
        }
      break;
    }

  if (reference_id == run_id)
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_PAIRING,
                   "%s cannot be its own reference; choose another run or none.", run_label);
      return NULL;
    }
  if (reference_id > 0)
    {
      RlxRunRecord *rec;

      ref = load_reference (store, reference_id, cache, &owned, error);
      if (ref == NULL)
        {
          g_prefix_error (error, "The reference of %s: ", run_label);
          return NULL;
        }
      rec = ref->record;
      if (rec->sample_id != run->sample_id)
        g_ptr_array_add (warnings,
                         g_strdup_printf ("%s belongs to sample “%s” but its reference %s to “%s”.",
                                          run_label, run->sample_name ? run->sample_name : "?",
                                          ref->label, rec->sample_name ? rec->sample_name : "?"));
      if (!rlx_pairing_check (run->data, run_label, rec->data, ref->label, recipe->rate_tolerance,
                              rec->sample_id != run->sample_id ? NULL : warnings, error))
        goto out;
      /* A cached reference is cut to its ramp and lag-corrected once per batch. */
      if (cache != NULL && !(ref->has_raw && ref->raw_lag == recipe->lag))
        {
          prepared_clear (&ref->raw);
          ref->has_raw = prepare_raw (rec->data, ref->label, recipe->lag, &ref->raw, NULL);
          ref->raw_lag = recipe->lag;
        }
      if (cache != NULL && ref->has_raw)
        reference_raw = &ref->raw;
    }

  peak = extract (run->data, run_label, ref ? ref->record->data : NULL, ref ? ref->label : NULL,
                  reference_raw, recipe, warnings, error);
  if (peak != NULL)
    {
      peak->run_id = run_id;
      peak->reference_id = reference_id;
      if (peak->sample_name == NULL)
        peak->sample_name = g_strdup (run->sample_name);
    }

out:
  if (owned != NULL)
    cached_reference_free (owned);
  return peak;
}

gsize
rlx_peak_get_fit_data (const RlxPeak *peak,
                       double       **t,
                       double       **y)
{
  gsize m = 0;

  *t = g_new (double, MAX (peak->n, 1));
  *y = g_new (double, MAX (peak->n, 1));
  for (gsize i = 0; i < peak->n; i++)
    if (peak->use[i])
      {
        (*t)[m] = peak->t[i];
        (*y)[m] = peak->peak[i];
        m++;
      }
  return m;
}
