/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RLX_TYPE_APPLICATION (rlx_application_get_type ())

G_DECLARE_FINAL_TYPE (RlxApplication, rlx_application, RLX, APPLICATION, AdwApplication)

RlxApplication *rlx_application_new                  (void);
GSettings      *rlx_application_get_settings         (RlxApplication *self);
char           *rlx_application_dup_default_database (RlxApplication *self);
char           *rlx_application_dup_demo_database    (void);
gboolean        rlx_application_is_database_file     (GFile          *file);

G_END_DECLS
