/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rlx-figure.h"
#include "rlx-store.h"

G_BEGIN_DECLS

RlxFigure *rlx_dma_figure_new (RlxStore           *store,
                               const RlxRunRecord *record,
                               gboolean           *has_fit);

G_END_DECLS
