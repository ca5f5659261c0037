/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rlx-fit.h"
#include "rlx-peak.h"
#include "rlx-project.h"

G_BEGIN_DECLS

#define RLX_TYPE_FIT_PANEL (rlx_fit_panel_get_type ())

G_DECLARE_FINAL_TYPE (RlxFitPanel, rlx_fit_panel, RLX, FIT_PANEL, GtkWidget)

void        rlx_fit_panel_set_project (RlxFitPanel *self,
                                       RlxProject  *project);
void        rlx_fit_panel_set_run     (RlxFitPanel *self,
                                       RlxRunItem  *run);
RlxRunItem *rlx_fit_panel_get_run     (RlxFitPanel *self);
gboolean    rlx_fit_panel_get_busy    (RlxFitPanel *self);
gboolean    rlx_fit_panel_get_can_fit (RlxFitPanel *self);
void        rlx_fit_panel_fit         (RlxFitPanel *self);
void        rlx_fit_panel_cancel      (RlxFitPanel *self);
guint       rlx_fit_panel_get_n_results (RlxFitPanel *self);
const char *rlx_fit_panel_get_status  (RlxFitPanel *self);
const RlxPeak      *rlx_fit_panel_get_peak    (RlxFitPanel  *self);
const RlxFitResult *rlx_fit_panel_get_result  (RlxFitPanel  *self);
const RlxRecipe    *rlx_fit_panel_get_recipe  (RlxFitPanel  *self);
void        rlx_fit_panel_set_window  (RlxFitPanel  *self,
                                       double        lo,
                                       double        hi);
void        rlx_fit_panel_set_masks   (RlxFitPanel  *self,
                                       const double *ranges,
                                       guint         n_ranges);
void        rlx_fit_panel_set_anchors (RlxFitPanel  *self,
                                       const double *points,
                                       guint         n_points);
const double *rlx_fit_panel_get_anchors (RlxFitPanel *self,
                                       guint        *n_points);
void        rlx_fit_panel_refresh     (RlxFitPanel  *self);

G_END_DECLS
