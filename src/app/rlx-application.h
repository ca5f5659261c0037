/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RLX_TYPE_APPLICATION (rlx_application_get_type ())

G_DECLARE_FINAL_TYPE (RlxApplication, rlx_application, RLX, APPLICATION, AdwApplication)

RlxApplication *rlx_application_new (void);

G_END_DECLS
