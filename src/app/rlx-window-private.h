/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rlx-fit-panel.h"
#include "rlx-plot-view.h"
#include "rlx-sample-item.h"
#include "rlx-sidebar.h"
#include "rlx-window.h"

G_BEGIN_DECLS

/* The window is split over a few files (state and databases; import and demo; figures and
 * peak editing; export); they share this structure. */
struct _RlxWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  GtkStack             *empty_stack;
  AdwWindowTitle       *empty_title;
  AdwStatusPage        *empty_page;
  GtkWidget            *empty_import_button;
  GtkWidget            *empty_demo_button;
  AdwStatusPage        *busy_page;
  GtkSpinner           *busy_spinner;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar_pane;
  GtkWidget            *content_pane;
  AdwWindowTitle       *database_title;
  AdwWindowTitle       *run_title;
  GtkWidget            *import_button;
  GtkWidget            *export_button;
  GtkWidget            *fit_panel_button;
  GtkWidget            *search_button;
  RlxSidebar           *sidebar;
  AdwFlap              *flap;
  RlxPlotView          *plot_view;
  GtkDropDown          *sample_figure_dropdown;
  RlxFitPanel          *fit_panel;
  GtkDropTarget        *drop_target;
  GtkRevealer          *import_revealer;
  GtkSpinner           *import_spinner;
  GtkLabel             *import_label;

  GSettings            *settings;
  gboolean              fit_panel_visible;
  RlxProject           *project;
  GCancellable         *busy_cancellable;   /* demo build: replaces the empty state */
  gpointer              import_job;       /* ImportJob of rlx-window-import.c, or NULL */
  RlxSampleItem        *sample;           /* the sample whose figures are shown, or NULL */
  GCancellable         *figure_cancellable; /* the sample figure being built */
};

/* rlx-window.c */
void     rlx_window_set_project      (RlxWindow   *self,
                                      RlxProject  *project);
void     rlx_window_show_run         (RlxWindow   *self,
                                      RlxRunItem  *run);
void     rlx_window_update_actions   (RlxWindow   *self);
void     rlx_window_update_page      (RlxWindow   *self);
void     rlx_window_update_titles    (RlxWindow   *self);
void     rlx_window_show_error       (RlxWindow   *self,
                                      const char  *heading,
                                      const char  *body);

/* rlx-window-import.c */
void     rlx_window_import_action    (GtkWidget   *widget,
                                      const char  *action_name,
                                      GVariant    *parameter);
void     rlx_window_cancel_import    (RlxWindow   *self);
void     rlx_window_dispose_import   (RlxWindow   *self);

/* rlx-window-analysis.c */
void     rlx_window_init_analysis    (RlxWindow   *self);
void     rlx_window_update_figure    (RlxWindow   *self);

/* rlx-window-sample.c */
void     rlx_window_init_sample      (RlxWindow     *self);
void     rlx_window_dispose_sample   (RlxWindow     *self);
void     rlx_window_show_sample      (RlxWindow     *self,
                                      RlxSampleItem *sample);
void     rlx_window_update_sample_figure (RlxWindow *self);
void     rlx_window_set_sample_mode  (RlxWindow     *self,
                                      gboolean       sample_mode);
const char *rlx_window_get_sample_figure_kind (RlxWindow *self);

/* rlx-window-export.c */
void     rlx_window_export_action    (GtkWidget   *widget,
                                      const char  *action_name,
                                      GVariant    *parameter);

G_END_DECLS
