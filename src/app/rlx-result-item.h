/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RLX_TYPE_RESULT_ITEM (rlx_result_item_get_type ())

G_DECLARE_FINAL_TYPE (RlxResultItem, rlx_result_item, RLX, RESULT_ITEM, GObject)

RlxResultItem *rlx_result_item_new       (const char    *name,
                                          const char    *value,
                                          const char    *unit);
const char    *rlx_result_item_get_name  (RlxResultItem *self);
const char    *rlx_result_item_get_value (RlxResultItem *self);
const char    *rlx_result_item_get_unit  (RlxResultItem *self);

G_END_DECLS
