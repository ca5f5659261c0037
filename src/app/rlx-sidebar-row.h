/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RLX_TYPE_SIDEBAR_ROW (rlx_sidebar_row_get_type ())

G_DECLARE_FINAL_TYPE (RlxSidebarRow, rlx_sidebar_row, RLX, SIDEBAR_ROW, GtkWidget)

GtkWidget *rlx_sidebar_row_new     (void);
void       rlx_sidebar_row_set_row (RlxSidebarRow  *self,
                                    GtkTreeListRow *row);

G_END_DECLS
