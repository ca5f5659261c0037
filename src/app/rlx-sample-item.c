/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include "rlx-sample-item.h"

#include <glib/gi18n.h>
#include <string.h>

/* A sample and its runs, as the sidebar shows them. */
struct _RlxSampleItem
{
  GObject     parent_instance;

  gint64      id;
  char       *name;
  char       *material;
  char       *subtitle;
  char       *folded_name;
  GListStore *runs;
};

G_DEFINE_FINAL_TYPE (RlxSampleItem, rlx_sample_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_SUBTITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_subtitle (RlxSampleItem *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->runs));
  g_autofree char *runs = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u run", "%u runs", n), n);
  char *subtitle;

  if (self->material != NULL && self->material[0] != '\0'
      && g_strcmp0 (self->material, self->name) != 0)
    subtitle = g_strdup_printf ("%s · %s", self->material, runs);
  else
    subtitle = g_steal_pointer (&runs);

  if (g_strcmp0 (subtitle, self->subtitle) == 0)
    {
      g_free (subtitle);
      return;
    }
  g_free (self->subtitle);
  self->subtitle = subtitle;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}

static void
rlx_sample_item_finalize (GObject *object)
{
  RlxSampleItem *self = RLX_SAMPLE_ITEM (object);

  g_free (self->name);
  g_free (self->material);
  g_free (self->subtitle);
  g_free (self->folded_name);
  g_clear_object (&self->runs);

  G_OBJECT_CLASS (rlx_sample_item_parent_class)->finalize (object);
}

static void
rlx_sample_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RlxSampleItem *self = RLX_SAMPLE_ITEM (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rlx_sample_item_class_init (RlxSampleItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rlx_sample_item_finalize;
  object_class->get_property = rlx_sample_item_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rlx_sample_item_init (RlxSampleItem *self)
{
  self->runs = g_list_store_new (RLX_TYPE_RUN_ITEM);
}

RlxSampleItem *
rlx_sample_item_new (gint64      id,
                     const char *name,
                     const char *material)
{
  RlxSampleItem *self = g_object_new (RLX_TYPE_SAMPLE_ITEM, NULL);

  self->id = id;
  self->name = g_strdup (name != NULL && name[0] != '\0' ? name : _("Unnamed sample"));
  self->material = g_strdup (material);
  self->folded_name = g_utf8_casefold (self->name, -1);
  update_subtitle (self);
  return self;
}

gint64
rlx_sample_item_get_id (RlxSampleItem *self)
{
  g_return_val_if_fail (RLX_IS_SAMPLE_ITEM (self), 0);
  return self->id;
}

const char *
rlx_sample_item_get_name (RlxSampleItem *self)
{
  g_return_val_if_fail (RLX_IS_SAMPLE_ITEM (self), NULL);
  return self->name;
}

const char *
rlx_sample_item_get_subtitle (RlxSampleItem *self)
{
  g_return_val_if_fail (RLX_IS_SAMPLE_ITEM (self), NULL);
  return self->subtitle;
}

GListModel *
rlx_sample_item_get_runs (RlxSampleItem *self)
{
  g_return_val_if_fail (RLX_IS_SAMPLE_ITEM (self), NULL);
  return G_LIST_MODEL (self->runs);
}

void
rlx_sample_item_add_run (RlxSampleItem *self,
                         RlxRunItem    *run)
{
  g_return_if_fail (RLX_IS_SAMPLE_ITEM (self));
  g_return_if_fail (RLX_IS_RUN_ITEM (run));

  g_list_store_append (self->runs, run);
  update_subtitle (self);
}

gboolean
rlx_sample_item_matches (RlxSampleItem *self,
                         const char    *folded_query)
{
  g_return_val_if_fail (RLX_IS_SAMPLE_ITEM (self), FALSE);

  if (folded_query == NULL || folded_query[0] == '\0')
    return TRUE;
  return strstr (self->folded_name, folded_query) != NULL;
}
