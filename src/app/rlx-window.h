/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rlx-application.h"
#include "rlx-project.h"

G_BEGIN_DECLS

#define RLX_TYPE_WINDOW (rlx_window_get_type ())

G_DECLARE_FINAL_TYPE (RlxWindow, rlx_window, RLX, WINDOW, AdwApplicationWindow)

RlxWindow  *rlx_window_new           (RlxApplication *application);
RlxProject *rlx_window_get_project   (RlxWindow      *self);
gboolean    rlx_window_open_database (RlxWindow      *self,
                                      const char     *path);
void        rlx_window_open_demo     (RlxWindow      *self);
void        rlx_window_import_files  (RlxWindow      *self,
                                      GFile         **files,
                                      guint           n_files);
void        rlx_window_show_toast    (RlxWindow      *self,
                                      const char     *message);
gboolean    rlx_window_select_run    (RlxWindow      *self,
                                      gint64          run_id);
gboolean    rlx_window_select_sample (RlxWindow      *self,
                                      gint64          sample_id,
                                      const char     *figure_kind);
gboolean    rlx_window_get_importing (RlxWindow      *self);

G_END_DECLS
