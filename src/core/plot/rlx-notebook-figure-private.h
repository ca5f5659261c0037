/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rlx-notebook-figure.h"

G_BEGIN_DECLS

/* The selection and options of one build; run_ids hold gint64 in selection order. */
typedef struct
{
  RlxStore                       *store;
  GArray                         *run_ids;
  const RlxNotebookFigureOptions *options;
} RlxNotebookSource;

void       rlx_notebook_note             (const RlxNotebookSource *src,
                                          const char              *format,
                                          ...) G_GNUC_PRINTF (2, 3);
double     rlx_notebook_anneal_value     (const RlxRunData        *data,
                                          gboolean                 time);

/* rlx-notebook-figure-estar.c: from the current "peak-fit" analyses. */
RlxFigure *rlx_notebook_estar_ta         (RlxNotebookSource *src,
                                          GError           **error);
RlxFigure *rlx_notebook_estar_ta_time    (RlxNotebookSource *src,
                                          GError           **error);
RlxFigure *rlx_notebook_estar_enthalpy   (RlxNotebookSource *src,
                                          GError           **error);

/* rlx-notebook-figure-spectrum.c: from the "spectrum" analyses of relaxun-cli spectrum --store. */
RlxFigure *rlx_notebook_spectrum         (RlxNotebookSource *src,
                                          GError           **error);
RlxFigure *rlx_notebook_lcurve           (RlxNotebookSource *src,
                                          GError           **error);
RlxFigure *rlx_notebook_spectrum_map     (RlxNotebookSource *src,
                                          GError           **error);

G_END_DECLS
