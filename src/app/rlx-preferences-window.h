/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RLX_TYPE_PREFERENCES_WINDOW (rlx_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (RlxPreferencesWindow, rlx_preferences_window, RLX, PREFERENCES_WINDOW, AdwPreferencesWindow)

RlxPreferencesWindow *rlx_preferences_window_new (GSettings *settings);

G_END_DECLS
