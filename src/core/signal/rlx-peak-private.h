/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rlx-peak.h"

G_BEGIN_DECLS

/* An empty peak with its unknown quantities NAN; shared by extraction and rlx-peak-io.c. */
RlxPeak *rlx_peak_new (void);

G_END_DECLS
