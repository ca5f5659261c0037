/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rlx-figure.h"
#include "rlx-store.h"

G_BEGIN_DECLS

/*
 * Figures of the field built from a database: the run curves, a run's recovery peak with its
 * stored fit, the peak family of a sample, E* against Ta / ta / recovered enthalpy from the
 * stored peak fits, and the stored relaxation spectra. Shared by relaxun-cli export and the
 * window's sample figures; GTK-free, safe to call from a worker thread with its own store.
 */

#define RLX_NOTEBOOK_FIGURE_ERROR (rlx_notebook_figure_error_quark ())

typedef enum
{
  RLX_NOTEBOOK_FIGURE_ERROR_NO_DATA,
  RLX_NOTEBOOK_FIGURE_ERROR_UNKNOWN_KIND,
} RlxNotebookFigureError;

GQuark rlx_notebook_figure_error_quark (void);

/**
 * RlxNotebookFigureOptions:
 * @color_by_time: colour a peak family by the annealing time ta instead of Ta
 * @map_axis_e: rows of a spectrum map in E (TRUE, the default) or in Tp
 * @notes: (nullable): when set, receives (as newly allocated strings) remarks about data
 *   left out of the figure, e.g. a stored fit that could not be evaluated
 *
 * Initialise with rlx_notebook_figure_options_init().
 */
typedef struct
{
  gboolean   color_by_time;
  gboolean   map_axis_e;
  GPtrArray *notes;
} RlxNotebookFigureOptions;

void rlx_notebook_figure_options_init (RlxNotebookFigureOptions *options);

/**
 * RlxNotebookFigureKind:
 * @id: the name used by relaxun-cli export --figure (“family”, “estar-ta”, …)
 * @title: a short English title for menus (translate it in the interface)
 * @per_sample: TRUE for the figures that summarise many runs of a sample
 */
typedef struct
{
  const char *id;
  const char *title;
  gboolean    per_sample;
} RlxNotebookFigureKind;

/**
 * rlx_notebook_figure_kind_list:
 * @n_kinds: (out): the number of kinds
 *
 * Returns: (transfer none): every figure kind, in the order relaxun-cli lists them
 */
const RlxNotebookFigureKind *rlx_notebook_figure_kind_list (guint *n_kinds);

/**
 * rlx_notebook_figure_build:
 * @store: an open store
 * @kind: a kind id from rlx_notebook_figure_kind_list()
 * @run_ids: the selected runs, in selection order
 * @n_run_ids: their number
 * @options: (nullable): options, or NULL for the defaults
 * @error: where to report why no figure could be built
 *
 * Returns: (transfer full) (nullable): the figure, or NULL with @error set
 */
RlxFigure *rlx_notebook_figure_build (RlxStore                       *store,
                                      const char                     *kind,
                                      const gint64                   *run_ids,
                                      guint                           n_run_ids,
                                      const RlxNotebookFigureOptions *options,
                                      GError                        **error);

G_END_DECLS
