/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rlx-fit-panel.h"

G_BEGIN_DECLS

/* The fit form of one run: how its peak is made (reference, baseline, window, masks), which
 * model is fitted, and the results of the last fit. */
struct _RlxFitPanel
{
  GtkWidget            parent_instance;

  AdwPreferencesGroup *peak_group;
  AdwComboRow         *reference_row;
  AdwComboRow         *baseline_row;
  AdwEntryRow         *window_row;
  AdwEntryRow         *masks_row;
  AdwComboRow         *model_row;
  GtkProgressBar      *progress_bar;
  GtkLabel            *status_label;
  GtkColumnView       *results_view;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *value_column;
  GtkColumnViewColumn *unit_column;

  RlxProject          *project;
  RlxRunItem          *run;
  GListStore          *results;
  GPtrArray           *model_ids;      /* const char *, borrowed from the registry */
  GArray              *reference_ids;  /* gint64: -1 automatic, 0 none, else a run id */
  GCancellable        *cancellable;
  gboolean             busy;
  gboolean             updating_form;

  RlxRecipe           *recipe;         /* how the current peak was made */
  RlxPeak             *peak;
  RlxFitResult        *result;
  GArray              *anchors;        /* RlxAnchor, for the anchor baseline */
};

enum {
  BASELINE_AUTO,
  BASELINE_LINEAR,
  BASELINE_QUADRATIC,
  BASELINE_TANGENTS,
  BASELINE_SIGMOIDAL,
  BASELINE_ANCHORS,
  BASELINE_NONE,
};

/* rlx-fit-panel.c */
void        rlx_fit_panel_set_status            (RlxFitPanel *self,
                                                 const char  *status);
void        rlx_fit_panel_update_actions        (RlxFitPanel *self);
void        rlx_fit_panel_set_busy              (RlxFitPanel *self,
                                                 gboolean     busy);
void        rlx_fit_panel_emit_analysis_changed (RlxFitPanel *self);
gboolean    rlx_fit_panel_run_is_peak           (RlxFitPanel *self);
void        rlx_fit_panel_rebuild_peak          (RlxFitPanel *self);

/* rlx-fit-panel-recipe.c */
char       *rlx_fit_panel_format_range          (double       lo,
                                                 double       hi);
gboolean    rlx_fit_panel_read_window           (RlxFitPanel *self,
                                                 double      *lo,
                                                 double      *hi,
                                                 GError     **error);
const char *rlx_fit_panel_selected_model_id     (RlxFitPanel *self);
RlxRecipe  *rlx_fit_panel_build_recipe          (RlxFitPanel *self,
                                                 GError     **error);

/* rlx-fit-panel-stored.c */
gboolean    rlx_fit_panel_show_stored_peak_fit  (RlxFitPanel *self);

/* rlx-fit-panel-results.c */
void        rlx_fit_panel_init_results          (RlxFitPanel *self);
void        rlx_fit_panel_clear_results         (RlxFitPanel *self);
void        rlx_fit_panel_show_result           (RlxFitPanel        *self,
                                                 const RlxFitResult *result);

G_END_DECLS
