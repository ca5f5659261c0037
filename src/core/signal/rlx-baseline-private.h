/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rlx-baseline.h"

G_BEGIN_DECLS

/* Highest polynomial order a baseline may have. */
#define MAX_ORDER 5

/* Enough ranges for the baseline's kind, and for tangent/sigmoidal two ordered ones. */
gboolean rlx_baseline_check_ranges (RlxBaselineSpec  *baseline,
                                    guint             needed,
                                    GError          **error);

G_END_DECLS
