/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rlx-figure.h"

G_BEGIN_DECLS

#define RLX_TYPE_EXPORT_DIALOG (rlx_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RlxExportDialog, rlx_export_dialog, RLX, EXPORT_DIALOG, AdwWindow)

RlxExportDialog *rlx_export_dialog_new       (GtkWindow        *parent,
                                              const RlxFigure  *figure,
                                              GSettings        *settings,
                                              const char       *base_name);
gboolean         rlx_export_dialog_export_to (RlxExportDialog  *self,
                                              const char       *path,
                                              GError          **error);
void             rlx_export_dialog_get_size_pt (RlxExportDialog *self,
                                              double           *width_pt,
                                              double           *height_pt);

G_END_DECLS
