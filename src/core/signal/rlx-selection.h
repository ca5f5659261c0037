/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rlx-store.h"

G_BEGIN_DECLS

/*
 * Selection queries over the runs of a store, shared by `relaxun-cli batch --select` and the GUI.
 * A query is a list of conditions, all of which must hold (AND), separated by spaces or commas:
 *
 *   sample=NAME      sample name; * and ? are wildcards
 *   role=annealed    annealed | reference | other
 *   kind=ID          run kind id, e.g. flash-dsc-heating
 *   Ta=253:393       annealing temperature in K: a value or LOW:HIGH (either end may be empty)
 *   ta=5             annealing time in s: a value or LOW:HIGH
 *   rate=900:1100    heating rate in K/s
 *   ids=3,5-9        run ids and id ranges
 *   segment=58       segment number, or LOW:HIGH
 *   tag=NAME         the run has this tag
 *
 * Keys are case-sensitive where the physics is (Ta vs ta), otherwise not. A single value matches
 * within 1e-6 relative (so ta=5 matches 5 s). Ta and ta hold for the same annealing step: a
 * multi-step run matches when one of its steps satisfies both.
 */

typedef struct _RlxSelection RlxSelection;

RlxSelection *rlx_selection_parse     (const char          *query,
                                       GError             **error);
void          rlx_selection_free      (RlxSelection        *selection);
/* The query in canonical form, e.g. "role=annealed Ta=253:393". */
char         *rlx_selection_to_string (const RlxSelection  *selection);
gboolean      rlx_selection_matches   (const RlxSelection  *selection,
                                       const RlxRunRecord  *run);
/* Ids (gint64) of the matching runs, in store order. */
GArray       *rlx_selection_select    (const RlxSelection  *selection,
                                       RlxStore            *store,
                                       GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxSelection, rlx_selection_free)

G_END_DECLS
