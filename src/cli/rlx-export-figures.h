/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rlx-figure.h"
#include "rlx-store.h"

G_BEGIN_DECLS

/*
 * relaxun-cli export --figure spectrum|lcurve|spectrum-map: the spectrum figures from the stored
 * analyses of kind "spectrum" (written by relaxun-cli spectrum --store) of the selected runs.
 * run_ids: gint64, in selection order.
 */

RlxFigure *rlx_cli_export_spectrum     (RlxStore  *store,
                                        GArray    *run_ids,
                                        GError   **error);
RlxFigure *rlx_cli_export_lcurve       (RlxStore  *store,
                                        GArray    *run_ids,
                                        GError   **error);
/* Columns are the runs' annealing temperatures Ta; rows E (kJ/mol) when axis_is_e, else Tp (K). */
RlxFigure *rlx_cli_export_spectrum_map (RlxStore  *store,
                                        GArray    *run_ids,
                                        gboolean   axis_is_e,
                                        GError   **error);

G_END_DECLS
