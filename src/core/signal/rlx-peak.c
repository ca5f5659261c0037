/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-signal"

#include "config.h"

#include "rlx-peak.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rlx-json.h"
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

static RlxPeak *
peak_new (void)
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
  g_autoptr(RlxPeak) peak = peak_new ();
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

/* ---- JSON and CSV ------------------------------------------------------------------------ */

static void
set_number (JsonObject *object,
            const char *name,
            double      value)
{
  if (isfinite (value))
    json_object_set_double_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

/* Curves are stored as base64 of little-endian float32: 7 significant digits, far below the
   noise, a quarter of the size of decimal JSON and fast to write and read. */
static JsonNode *
curve_node (const double *values,
            gsize         n)
{
  g_autofree guint32 *packed = NULL;
  g_autofree char *text = NULL;

  if (values == NULL)
    return json_node_new (JSON_NODE_NULL);
  packed = g_new (guint32, n);
  for (gsize i = 0; i < n; i++)
    {
      union { float f; guint32 u; } v = { .f = (float) values[i] };
      packed[i] = GUINT32_TO_LE (v.u);
    }
  text = g_base64_encode ((const guchar *) packed, n * sizeof (guint32));
  return json_node_init_string (json_node_alloc (), text);
}

JsonNode *
rlx_peak_to_json (const RlxPeak *peak,
                  gboolean       with_curve)
{
  JsonObject *object = json_object_new ();
  JsonObject *anneal = json_object_new ();
  JsonArray *warnings = json_array_new ();
  JsonNode *node;

  json_object_set_int_member (object, "run_id", peak->run_id);
  if (peak->reference_id > 0)
    json_object_set_int_member (object, "reference_id", peak->reference_id);
  else
    json_object_set_null_member (object, "reference_id");
  if (peak->sample_name != NULL)
    json_object_set_string_member (object, "sample", peak->sample_name);
  json_object_set_string_member (object, "signal_unit", peak->signal_unit);
  json_object_set_string_member (object, "enthalpy_unit", peak->enthalpy_unit);
  json_object_set_boolean_member (object, "dqdt", peak->is_dqdt);
  set_number (object, "heating_rate", peak->heating_rate);
  set_number (object, "ts", peak->ts);
  set_number (object, "mass_mg", peak->mass_mg);
  set_number (object, "grid_step", peak->grid_step);
  set_number (object, "lag", peak->lag);
  set_number (anneal, "temperature", peak->anneal_temperature);
  set_number (anneal, "time", peak->anneal_time);
  json_object_set_object_member (object, "anneal", anneal);
  if (peak->baseline_spec != NULL)
    json_object_set_member (object, "baseline", rlx_baseline_spec_to_json (peak->baseline_spec));
  json_object_set_member (object, "metrics", rlx_peak_metrics_to_json (&peak->metrics));
  for (guint i = 0; i < peak->warnings->len; i++)
    json_array_add_string_element (warnings, g_ptr_array_index (peak->warnings, i));
  json_object_set_array_member (object, "warnings", warnings);

  if (with_curve && peak->n > 0)
    {
      JsonObject *curve = json_object_new ();
      g_autofree char *use = g_new0 (char, peak->n + 1);

      json_object_set_string_member (curve, "encoding", "base64-float32-le");
      set_number (curve, "t0", peak->t[0]);
      set_number (curve, "step", peak->grid_step);
      json_object_set_int_member (curve, "n", peak->n);
      json_object_set_member (curve, "annealed", curve_node (peak->annealed, peak->n));
      json_object_set_member (curve, "reference", curve_node (peak->reference, peak->n));
      json_object_set_member (curve, "difference", curve_node (peak->difference, peak->n));
      json_object_set_member (curve, "baseline", curve_node (peak->baseline, peak->n));
      json_object_set_member (curve, "peak", curve_node (peak->peak, peak->n));
      for (gsize i = 0; i < peak->n; i++)
        use[i] = peak->use[i] ? '1' : '0';
      json_object_set_string_member (curve, "use", use);
      json_object_set_object_member (object, "curve", curve);
    }
  node = json_node_init_object (json_node_alloc (), object);
  /* the node holds its own reference */
  json_object_unref (object);
  return node;
}

/* A double as rlx_json_to_string() writes it (g_ascii_dtostr, ".0" on whole numbers), so that
   the fast text below is the same, byte for byte, as the generic one. */
static void
append_number (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }
  g_ascii_dtostr (buffer, sizeof buffer, value);
  g_string_append (out, buffer);
  if (strpbrk (buffer, ".eE") == NULL)
    g_string_append (out, ".0");
}

/* Base64 (RFC 4648, with padding) of the curve as little-endian float32, appended to @out: a
   plain table encoder, several times faster than g_base64_encode() on these long curves. */
static void
append_base64_floats (GString      *out,
                      const double *values,
                      gsize         n)
{
  static const char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  gsize n_bytes = n * sizeof (guint32), at = out->len, i;
  g_autofree guint8 *bytes = g_new (guint8, MAX (n_bytes, 1));
  char *p;

  for (i = 0; i < n; i++)
    {
      union { float f; guint32 u; } v = { .f = (float) values[i] };
      guint32 le = GUINT32_TO_LE (v.u);
      memcpy (bytes + i * sizeof (guint32), &le, sizeof le);
    }
  g_string_set_size (out, at + 4 * ((n_bytes + 2) / 3));
  p = out->str + at;
  for (i = 0; i + 3 <= n_bytes; i += 3)
    {
      guint32 w = ((guint32) bytes[i] << 16) | ((guint32) bytes[i + 1] << 8) | bytes[i + 2];
      *p++ = table[w >> 18];
      *p++ = table[(w >> 12) & 63];
      *p++ = table[(w >> 6) & 63];
      *p++ = table[w & 63];
    }
  if (i < n_bytes)
    {
      guint32 w = (guint32) bytes[i] << 16;

      if (i + 1 < n_bytes)
        w |= (guint32) bytes[i + 1] << 8;
      *p++ = table[w >> 18];
      *p++ = table[(w >> 12) & 63];
      *p++ = i + 1 < n_bytes ? table[(w >> 6) & 63] : '=';
      *p++ = '=';
    }
}

static void
append_curve (GString      *out,
              const char   *name,
              const double *values,
              gsize         n)
{
  g_string_append_printf (out, ",\"%s\":", name);
  if (values == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  /* base64 needs no escaping in a JSON string */
  g_string_append_c (out, '"');
  append_base64_floats (out, values, n);
  g_string_append_c (out, '"');
}

/**
 * rlx_peak_to_json_string:
 *
 * The text of rlx_peak_to_json() (valid JSON, as rlx_json_to_string() writes it, without
 * indentation), written directly: the curve, most of the text, never goes through a JSON tree.
 *
 * Returns: (transfer full): the JSON text
 */
char *
rlx_peak_to_json_string (const RlxPeak *peak,
                         gboolean       with_curve)
{
  g_autoptr(JsonNode) head = rlx_peak_to_json (peak, FALSE);
  g_autofree char *text = rlx_json_to_string (head, FALSE);
  gsize len = strlen (text);
  GString *out;

  if (!with_curve || peak->n == 0 || len < 2 || text[len - 1] != '}')
    return g_steal_pointer (&text);

  out = g_string_sized_new (len + 128 + 5 * (peak->n * 16 / 3 + 4) + peak->n);
  g_string_append_len (out, text, (gssize) len - 1);
  g_string_append (out, ",\"curve\":{\"encoding\":\"base64-float32-le\",\"t0\":");
  append_number (out, peak->t[0]);
  g_string_append (out, ",\"step\":");
  append_number (out, peak->grid_step);
  g_string_append_printf (out, ",\"n\":%" G_GSIZE_FORMAT, peak->n);
  append_curve (out, "annealed", peak->annealed, peak->n);
  append_curve (out, "reference", peak->reference, peak->n);
  append_curve (out, "difference", peak->difference, peak->n);
  append_curve (out, "baseline", peak->baseline, peak->n);
  append_curve (out, "peak", peak->peak, peak->n);
  g_string_append (out, ",\"use\":\"");
  for (gsize i = 0; i < peak->n; i++)
    g_string_append_c (out, peak->use[i] ? '1' : '0');
  g_string_append (out, "\"}}");
  return g_string_free (out, FALSE);
}

static double *
read_curve (JsonObject *curve,
            const char *name,
            gsize       n,
            gboolean    optional,
            GError    **error)
{
  JsonNode *node = json_object_get_member (curve, name);
  g_autofree guchar *bytes = NULL;
  gsize len = 0;
  double *values;

  if ((node == NULL || JSON_NODE_HOLDS_NULL (node)) && optional)
    return NULL;
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    bytes = g_base64_decode (json_node_get_string (node), &len);
  if (bytes == NULL || len != n * sizeof (guint32))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_FAILED,
                   "The stored peak curve “%s” is missing or has the wrong length.", name);
      return NULL;
    }
  values = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    {
      union { float f; guint32 u; } v;
      memcpy (&v.u, bytes + i * sizeof (guint32), sizeof (guint32));
      v.u = GUINT32_FROM_LE (v.u);
      values[i] = v.f;
    }
  return values;
}

RlxPeak *
rlx_peak_from_json (const char  *result_json,
                    GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(RlxPeak) peak = peak_new ();
  JsonObject *object, *curve;
  const char *use;
  double t0;

  node = json_from_string (result_json, error);
  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      !json_object_has_member (object = json_node_get_object (node), "curve") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "curve")))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_FAILED,
                   "This analysis holds no peak curve (it is not a “peak” analysis).");
      return NULL;
    }
  curve = json_object_get_object_member (object, "curve");
  peak->run_id = json_object_get_int_member_with_default (object, "run_id", 0);
  peak->reference_id = json_object_get_int_member_with_default (object, "reference_id", 0);
  peak->sample_name = g_strdup (json_object_get_string_member_with_default (object, "sample", NULL));
  peak->n = (gsize) json_object_get_int_member_with_default (curve, "n", 0);
  peak->grid_step = json_object_get_double_member_with_default (curve, "step", 0);
  t0 = json_object_get_double_member_with_default (curve, "t0", NAN);
  if (peak->n < 2 || !(peak->grid_step > 0) || !isfinite (t0))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_FAILED,
                   "The stored peak curve has no valid grid.");
      return NULL;
    }
  peak->t = g_new (double, peak->n);
  for (gsize i = 0; i < peak->n; i++)
    peak->t[i] = t0 + peak->grid_step * (double) i;
  if (!(peak->annealed = read_curve (curve, "annealed", peak->n, FALSE, error)) ||
      !(peak->difference = read_curve (curve, "difference", peak->n, FALSE, error)) ||
      !(peak->baseline = read_curve (curve, "baseline", peak->n, FALSE, error)) ||
      !(peak->peak = read_curve (curve, "peak", peak->n, FALSE, error)))
    return NULL;
  peak->reference = read_curve (curve, "reference", peak->n, TRUE, error);
  peak->use = g_new (gboolean, peak->n);
  use = json_object_get_string_member_with_default (curve, "use", "");
  for (gsize i = 0; i < peak->n; i++)
    peak->use[i] = strlen (use) == peak->n ? use[i] == '1' : TRUE;

  {
    const char *unit = json_object_get_string_member_with_default (object, "signal_unit", "");
    static const char *units[] = { "J/(g·K)", "W/g", "mJ/K", "mW" };

    peak->signal_unit = "mW";
    for (guint i = 0; i < G_N_ELEMENTS (units); i++)
      if (g_strcmp0 (unit, units[i]) == 0)
        peak->signal_unit = units[i];
    peak->enthalpy_unit = g_str_has_prefix (peak->signal_unit, "m") ? "mJ" : "J/g";
  }
  peak->is_dqdt = json_object_get_boolean_member_with_default (object, "dqdt", FALSE);
  peak->heating_rate = json_object_get_double_member_with_default (object, "heating_rate", NAN);
  peak->ts = json_object_get_double_member_with_default (object, "ts", NAN);
  peak->mass_mg = json_object_get_double_member_with_default (object, "mass_mg", NAN);
  peak->lag = json_object_get_double_member_with_default (object, "lag", 0);
  if (json_object_has_member (object, "anneal") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "anneal")))
    {
      JsonObject *anneal = json_object_get_object_member (object, "anneal");
      peak->anneal_temperature = json_object_get_double_member_with_default (anneal, "temperature", NAN);
      peak->anneal_time = json_object_get_double_member_with_default (anneal, "time", NAN);
    }
  if (json_object_has_member (object, "baseline"))
    peak->baseline_spec = rlx_baseline_spec_from_json (json_object_get_member (object, "baseline"), NULL);
  if (json_object_has_member (object, "metrics") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "metrics")))
    rlx_peak_metrics_from_json (json_object_get_object_member (object, "metrics"), &peak->metrics);
  else
    rlx_peak_metrics_from_json (NULL, &peak->metrics);
  return g_steal_pointer (&peak);
}

gboolean
rlx_peak_write_csv (const RlxPeak *peak,
                    const char    *path,
                    GError       **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  char a[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (text, "T_K,annealed_%s,reference_%s,difference_%s,baseline_%s,peak_%s,used\n",
                          peak->signal_unit, peak->signal_unit, peak->signal_unit,
                          peak->signal_unit, peak->signal_unit);
  for (gsize i = 0; i < peak->n; i++)
    {
      const double values[6] = { peak->t[i], peak->annealed[i],
                                 peak->reference ? peak->reference[i] : NAN,
                                 peak->difference[i], peak->baseline[i], peak->peak[i] };

      for (guint k = 0; k < 6; k++)
        {
          if (isfinite (values[k]))
            g_string_append (text, g_ascii_formatd (a, sizeof a, "%.9g", values[k]));
          g_string_append_c (text, ',');
        }
      g_string_append (text, peak->use[i] ? "1\n" : "0\n");
    }
  if (!g_file_set_contents (path, text->str, (gssize) text->len, error))
    {
      g_prefix_error (error, "Cannot write the peak CSV: ");
      return FALSE;
    }
  return TRUE;
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
