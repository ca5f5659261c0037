/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rlx-project.h"

G_BEGIN_DECLS

#define RLX_TYPE_SIDEBAR (rlx_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (RlxSidebar, rlx_sidebar, RLX, SIDEBAR, GtkWidget)

RlxProject *rlx_sidebar_get_project      (RlxSidebar *self);
void        rlx_sidebar_set_project      (RlxSidebar *self,
                                          RlxProject *project);
RlxRunItem *rlx_sidebar_get_selected_run (RlxSidebar *self);
gboolean    rlx_sidebar_select_run       (RlxSidebar *self,
                                          gint64      run_id);
gboolean    rlx_sidebar_select_sample    (RlxSidebar *self,
                                          gint64      sample_id);
void        rlx_sidebar_focus_search     (RlxSidebar *self);

G_END_DECLS
