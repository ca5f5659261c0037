/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rlx-run-item.h"

G_BEGIN_DECLS

#define RLX_TYPE_SAMPLE_ITEM (rlx_sample_item_get_type ())

G_DECLARE_FINAL_TYPE (RlxSampleItem, rlx_sample_item, RLX, SAMPLE_ITEM, GObject)

RlxSampleItem *rlx_sample_item_new         (gint64         id,
                                            const char    *name,
                                            const char    *material);
gint64         rlx_sample_item_get_id      (RlxSampleItem *self);
const char    *rlx_sample_item_get_name    (RlxSampleItem *self);
const char    *rlx_sample_item_get_subtitle (RlxSampleItem *self);
GListModel    *rlx_sample_item_get_runs    (RlxSampleItem *self);
void           rlx_sample_item_add_run     (RlxSampleItem *self,
                                            RlxRunItem    *run);
gboolean       rlx_sample_item_matches     (RlxSampleItem *self,
                                            const char    *folded_query);

G_END_DECLS
