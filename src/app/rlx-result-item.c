/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include "rlx-result-item.h"

/* One line of the fit results table: parameter, value ± σ, unit, already formatted. */
struct _RlxResultItem
{
  GObject  parent_instance;

  char    *name;
  char    *value;
  char    *unit;
};

G_DEFINE_FINAL_TYPE (RlxResultItem, rlx_result_item, G_TYPE_OBJECT)

static void
rlx_result_item_finalize (GObject *object)
{
  RlxResultItem *self = RLX_RESULT_ITEM (object);

  g_free (self->name);
  g_free (self->value);
  g_free (self->unit);

  G_OBJECT_CLASS (rlx_result_item_parent_class)->finalize (object);
}

static void
rlx_result_item_class_init (RlxResultItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rlx_result_item_finalize;
}

static void
rlx_result_item_init (RlxResultItem *self)
{
}

RlxResultItem *
rlx_result_item_new (const char *name,
                     const char *value,
                     const char *unit)
{
  RlxResultItem *self = g_object_new (RLX_TYPE_RESULT_ITEM, NULL);

  self->name = g_strdup (name);
  self->value = g_strdup (value);
  self->unit = g_strdup (unit);
  return self;
}

const char *
rlx_result_item_get_name (RlxResultItem *self)
{
  g_return_val_if_fail (RLX_IS_RESULT_ITEM (self), NULL);
  return self->name;
}

const char *
rlx_result_item_get_value (RlxResultItem *self)
{
  g_return_val_if_fail (RLX_IS_RESULT_ITEM (self), NULL);
  return self->value;
}

const char *
rlx_result_item_get_unit (RlxResultItem *self)
{
  g_return_val_if_fail (RLX_IS_RESULT_ITEM (self), NULL);
  return self->unit;
}
