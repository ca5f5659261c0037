/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "rlx-store.h"

G_BEGIN_DECLS

#define RLX_TYPE_RUN_ITEM (rlx_run_item_get_type ())

G_DECLARE_FINAL_TYPE (RlxRunItem, rlx_run_item, RLX, RUN_ITEM, GObject)

RlxRunItem         *rlx_run_item_new             (RlxRunRecord     *record);
const RlxRunRecord *rlx_run_item_get_record      (RlxRunItem       *self);
gint64              rlx_run_item_get_id          (RlxRunItem       *self);
gint64              rlx_run_item_get_sample_id   (RlxRunItem       *self);
RlxRunKind          rlx_run_item_get_kind        (RlxRunItem       *self);
RlxRunRole          rlx_run_item_get_role        (RlxRunItem       *self);
gboolean            rlx_run_item_is_dma          (RlxRunItem       *self);
const char         *rlx_run_item_get_title       (RlxRunItem       *self);
const char         *rlx_run_item_get_subtitle    (RlxRunItem       *self);
const char         *rlx_run_item_get_icon_name   (RlxRunItem       *self);
const char         *rlx_run_item_get_role_label  (RlxRunItem       *self);
gboolean            rlx_run_item_matches         (RlxRunItem       *self,
                                                  const char       *folded_query);

char               *rlx_format_temperature       (double            kelvin);
char               *rlx_format_duration          (double            seconds);
char               *rlx_format_rate              (double            kelvin_per_second);

G_END_DECLS
