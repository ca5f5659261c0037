/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rlx-figure.h"
#include "rlx-store.h"

G_BEGIN_DECLS

/*
 * Figures of relaxun-cli export that are built from stored analyses of the selected runs
 * (run_ids: gint64, in selection order); rlx-cmd-export.c has the ones built from the runs.
 */

/* --figure estar-ta|estar-ta-time|estar-enthalpy: from the current "peak-fit" analyses
 * (rlx-export-estar.c). */
RlxFigure *rlx_cli_export_estar_ta       (RlxStore  *store,
                                          GArray    *run_ids,
                                          GError   **error);
RlxFigure *rlx_cli_export_estar_ta_time  (RlxStore  *store,
                                          GArray    *run_ids,
                                          GError   **error);
RlxFigure *rlx_cli_export_estar_enthalpy (RlxStore  *store,
                                          GArray    *run_ids,
                                          GError   **error);

/* --figure spectrum|lcurve|spectrum-map: from the analyses of kind "spectrum" written by
 * relaxun-cli spectrum --store (rlx-export-spectrum.c). */

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
