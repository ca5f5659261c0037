/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-signal"

#include "config.h"

#include "rlx-pairing.h"

#include <math.h>
#include <stdlib.h>

#include "rlx-signal.h"

char *
rlx_pairing_describe_run (gint64            run_id,
                          const RlxRunData *data)
{
  const char *title = data ? data->title : NULL;

  if (run_id > 0 && title != NULL && *title != '\0')
    return g_strdup_printf ("run %" G_GINT64_FORMAT " (%s)", run_id, title);
  if (run_id > 0)
    return g_strdup_printf ("run %" G_GINT64_FORMAT, run_id);
  if (title != NULL && *title != '\0')
    return g_strdup_printf ("run “%s”", title);
  return g_strdup ("the run");
}

static gboolean
rates_differ (double a,
              double b,
              double tolerance)
{
  if (!isfinite (a) || !isfinite (b) || a <= 0 || b <= 0)
    return FALSE;
  return fabs (a - b) > tolerance * MAX (a, b);
}

gboolean
rlx_pairing_check (const RlxRunData *annealed,
                   const char       *annealed_label,
                   const RlxRunData *reference,
                   const char       *reference_label,
                   double            rate_tolerance,
                   GPtrArray        *warnings,
                   GError          **error)
{
  const char *a = annealed_label ? annealed_label : "the annealed run";
  const char *r = reference_label ? reference_label : "the reference run";

  if (!(rate_tolerance >= 0))
    rate_tolerance = 0.05;

  if (rates_differ (annealed->heating_rate, reference->heating_rate, rate_tolerance))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_PAIRING,
                   "Different heating rates: %s was heated at %.4g K/s and %s at %.4g K/s "
                   "(more than %.0f %% apart). Pair runs measured at the same heating rate.",
                   a, annealed->heating_rate, r, reference->heating_rate, 100 * rate_tolerance);
      return FALSE;
    }
  if (rates_differ (annealed->cooling_rate, reference->cooling_rate, rate_tolerance))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_PAIRING,
                   "Different cooling rates: %s was cooled at %.4g K/s and %s at %.4g K/s "
                   "(more than %.0f %% apart). The reference must share the cooling history.",
                   a, annealed->cooling_rate, r, reference->cooling_rate, 100 * rate_tolerance);
      return FALSE;
    }

  if (warnings != NULL)
    {
      if (annealed->sample_name != NULL && reference->sample_name != NULL &&
          g_strcmp0 (annealed->sample_name, reference->sample_name) != 0)
        {
          char *text = g_strdup_printf ("%s belongs to sample “%s” but %s to “%s”: a reference "
                                        "should be the same sample on the same chip.",
                                        a, annealed->sample_name, r, reference->sample_name);
          text[0] = g_ascii_toupper (text[0]);
          g_ptr_array_add (warnings, text);
        }
      if (reference->role == RLX_RUN_ROLE_ANNEALED)
        {
          char *text = g_strdup_printf ("%s is marked as annealed, not as a reference.", r);
          text[0] = g_ascii_toupper (text[0]);
          g_ptr_array_add (warnings, text);
        }
      if (annealed->kind != reference->kind && annealed->kind != RLX_RUN_KIND_UNKNOWN &&
          reference->kind != RLX_RUN_KIND_UNKNOWN)
        {
          char *text = g_strdup_printf ("%s is a %s run but %s a %s run.", a,
                                        rlx_run_kind_get_label (annealed->kind), r,
                                        rlx_run_kind_get_label (reference->kind));
          text[0] = g_ascii_toupper (text[0]);
          g_ptr_array_add (warnings, text);
        }
    }
  return TRUE;
}

static void
record_range (const RlxRunRecord *record,
              double             *lo,
              double             *hi)
{
  *lo = MIN (record->t_start, record->t_end);
  *hi = MAX (record->t_start, record->t_end);
}

gint64
rlx_pairing_find_reference (RlxStore  *store,
                            gint64     run_id,
                            double     rate_tolerance,
                            double     min_overlap,
                            char     **why_none,
                            GError   **error)
{
  g_autoptr(RlxRunRecord) run = NULL;
  g_autoptr(GPtrArray) runs = NULL;

  if (why_none != NULL)
    *why_none = NULL;
  run = rlx_store_load_run (store, run_id, FALSE, error);
  if (run == NULL)
    return -1;
  runs = rlx_store_list_runs (store, run->sample_id, error);
  if (runs == NULL)
    return -1;
  return rlx_pairing_choose_reference (run, runs, rate_tolerance, min_overlap, why_none);
}

gint64
rlx_pairing_choose_reference (const RlxRunRecord *run,
                              GPtrArray          *runs,
                              double              rate_tolerance,
                              double              min_overlap,
                              char              **why_none)
{
  g_autoptr(GString) why = g_string_new (NULL);
  gint64 run_id = run->id, best = 0;
  double best_segment = INFINITY, best_order = INFINITY;
  guint n_references = 0;
  double lo, hi;

  if (why_none != NULL)
    *why_none = NULL;
  record_range (run, &lo, &hi);

  for (guint i = 0; i < runs->len; i++)
    {
      RlxRunRecord *c = g_ptr_array_index (runs, i);
      double clo, chi, overlap, segment, order;

      if (c->id == run_id || c->sample_id != run->sample_id ||
          c->data->role != RLX_RUN_ROLE_REFERENCE)
        continue;
      n_references++;
      if (c->data->kind != run->data->kind && c->data->kind != RLX_RUN_KIND_UNKNOWN &&
          run->data->kind != RLX_RUN_KIND_UNKNOWN)
        {
          g_string_append_printf (why, " Run %" G_GINT64_FORMAT " is a %s run.", c->id,
                                  rlx_run_kind_get_label (c->data->kind));
          continue;
        }
      if (rates_differ (run->data->heating_rate, c->data->heating_rate, rate_tolerance))
        {
          g_string_append_printf (why, " Run %" G_GINT64_FORMAT " was heated at %.4g K/s, not %.4g K/s.",
                                  c->id, c->data->heating_rate, run->data->heating_rate);
          continue;
        }
      if (rates_differ (run->data->cooling_rate, c->data->cooling_rate, rate_tolerance))
        {
          g_string_append_printf (why, " Run %" G_GINT64_FORMAT " was cooled at %.4g K/s, not %.4g K/s.",
                                  c->id, c->data->cooling_rate, run->data->cooling_rate);
          continue;
        }
      record_range (c, &clo, &chi);
      overlap = MIN (hi, chi) - MAX (lo, clo);
      if (isfinite (overlap) && overlap < min_overlap)
        {
          g_string_append_printf (why, " Run %" G_GINT64_FORMAT " (%.1f–%.1f K) overlaps only %.1f K "
                                  "with this run (%.1f–%.1f K); %.0f K are needed.",
                                  c->id, clo, chi, MAX (0, overlap), lo, hi, min_overlap);
          continue;
        }
      segment = run->data->segment > 0 && c->data->segment > 0 ?
                fabs ((double) (c->data->segment - run->data->segment)) : G_MAXINT;
      order = fabs ((double) (c->id - run_id));
      if (segment < best_segment || (segment == best_segment && order < best_order))
        {
          best = c->id;
          best_segment = segment;
          best_order = order;
        }
    }

  if (best == 0 && why_none != NULL)
    {
      if (n_references == 0)
        *why_none = g_strdup_printf ("Sample “%s” has no run marked as reference.",
                                     run->sample_name ? run->sample_name : "?");
      else
        *why_none = g_strdup_printf ("No reference of sample “%s” fits:%s",
                                     run->sample_name ? run->sample_name : "?", why->str);
    }
  return best;
}

/**
 * rlx_pairing_pair_unpaired:
 * @sample_id: the sample whose runs to pair, or 0 for every sample
 *
 * Gives every annealed run that has no reference yet the automatic choice, if there is one, and
 * stores it, so that a freshly imported series shows its pairs at once. References the user
 * chose are never touched. Runs with no suitable reference stay unpaired (not an error).
 *
 * Returns: the number of runs paired, or 0 with @error set when the store failed
 */
guint
rlx_pairing_pair_unpaired (RlxStore  *store,
                           gint64     sample_id,
                           GError   **error)
{
  g_autoptr(GPtrArray) runs = rlx_store_list_runs (store, sample_id, error);
  guint n_paired = 0;

  if (runs == NULL)
    return 0;

  for (guint i = 0; i < runs->len; i++)
    {
      RlxRunRecord *run = g_ptr_array_index (runs, i);
      gint64 reference;

      if (run->data->role != RLX_RUN_ROLE_ANNEALED || run->reference_id != 0)
        continue;

      reference = rlx_pairing_choose_reference (run, runs, 0.05, 20.0, NULL);
      if (reference <= 0)
        continue;
      if (!rlx_store_set_reference (store, run->id, reference, error))
        return 0;
      run->reference_id = reference;
      n_paired++;
    }

  return n_paired;
}
