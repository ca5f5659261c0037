/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rlx-run-item.h"
#include "rlx-sample-item.h"
#include "rlx-store.h"

G_BEGIN_DECLS

#define RLX_TYPE_PROJECT (rlx_project_get_type ())

G_DECLARE_FINAL_TYPE (RlxProject, rlx_project, RLX, PROJECT, GObject)

RlxProject *rlx_project_open         (const char  *path,
                                      GError     **error);
const char *rlx_project_get_path     (RlxProject  *self);
const char *rlx_project_get_title    (RlxProject  *self);
RlxStore   *rlx_project_get_store    (RlxProject  *self);
GListModel *rlx_project_get_samples  (RlxProject  *self);
guint       rlx_project_get_n_runs   (RlxProject  *self);
guint       rlx_project_get_n_samples (RlxProject *self);
RlxRunItem *rlx_project_find_run     (RlxProject  *self,
                                      gint64       run_id);
gboolean    rlx_project_reload       (RlxProject  *self,
                                      GError     **error);

G_END_DECLS
