/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rlx-run-data.h"
#include "rlx-store.h"

G_BEGIN_DECLS

/*
 * Pairing an annealed run with its as-cooled reference.
 *
 * Automatic choice (rlx_pairing_find_reference): among the runs of the same sample, the
 * candidates are the other runs whose role is "reference", of the same run kind, heated at the
 * same rate (relative difference ≤ rate_tolerance when both are known), cooled at the same rate
 * when both cooling rates are known, and whose temperature range overlaps the annealed run's by
 * at least min_overlap K. The nearest in segment order wins (when both runs carry a segment
 * number), then the nearest in import order (run id). A reference the user chose with
 * rlx_store_set_reference() takes precedence over all this (see rlx_peak_extract()).
 */

/* The label used in messages: "run 12 (Segment58_20deg)". */
char    *rlx_pairing_describe_run   (gint64            run_id,
                                     const RlxRunData *data);

/**
 * rlx_pairing_check:
 * @annealed_label: (nullable): how messages name the annealed run
 * @reference_label: (nullable): how messages name the reference
 * @warnings: (nullable) (element-type utf8): receives things worth knowing that do not prevent
 *   the pairing (different samples, a reference whose role is not "reference")
 *
 * Refuses pairings that cannot give a meaningful difference: heating rates (or cooling rates,
 * when both are known) more than @rate_tolerance apart, naming both. Overlap and monotonic
 * temperature are checked on the data by rlx_peak_extract_data().
 */
gboolean rlx_pairing_check          (const RlxRunData *annealed,
                                     const char       *annealed_label,
                                     const RlxRunData *reference,
                                     const char       *reference_label,
                                     double            rate_tolerance,
                                     GPtrArray        *warnings,
                                     GError          **error);

/**
 * rlx_pairing_find_reference:
 * @why_none: (out) (optional): when no candidate fits, a sentence saying why (for the user)
 *
 * Returns: the chosen reference run id, 0 when there is no suitable one (not an error), or −1
 *   with @error set when the store could not be read.
 */
gint64   rlx_pairing_find_reference (RlxStore         *store,
                                     gint64            run_id,
                                     double            rate_tolerance,
                                     double            min_overlap,
                                     char            **why_none,
                                     GError          **error);

/**
 * rlx_pairing_choose_reference:
 * @run: the annealed run (metadata only is enough)
 * @runs: (element-type RlxRunRecord): the candidates, e.g. rlx_store_list_runs() of its sample;
 *   runs of other samples are skipped
 *
 * The choice of rlx_pairing_find_reference() on runs already read, so that a batch lists the
 * runs of a sample once instead of once per annealed run.
 *
 * Returns: the chosen reference run id, or 0 when none fits (@why_none says why)
 */
gint64   rlx_pairing_choose_reference (const RlxRunRecord *run,
                                       GPtrArray          *runs,
                                       double              rate_tolerance,
                                       double              min_overlap,
                                       char              **why_none);

guint    rlx_pairing_pair_unpaired    (RlxStore           *store,
                                       gint64              sample_id,
                                       GError            **error);

G_END_DECLS
