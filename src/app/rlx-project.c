/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include "rlx-project.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

/* The open database as the window sees it: the UI thread's connection to the store and the
 * samples with their runs as list models. Workers open their own connection on the path. */
struct _RlxProject
{
  GObject     parent_instance;

  char       *path;
  char       *title;
  RlxStore   *store;
  GListStore *samples;
  GHashTable *runs_by_id;   /* gint64* → RlxRunItem*, borrowed from the samples */
  guint       n_runs;
};

G_DEFINE_FINAL_TYPE (RlxProject, rlx_project, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_TITLE,
  PROP_N_RUNS,
  PROP_SAMPLES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
title_from_path (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

static void
rlx_project_finalize (GObject *object)
{
  RlxProject *self = RLX_PROJECT (object);

  g_free (self->path);
  g_free (self->title);
  g_clear_pointer (&self->runs_by_id, g_hash_table_unref);
  g_clear_object (&self->samples);
  g_clear_pointer (&self->store, rlx_store_close);

  G_OBJECT_CLASS (rlx_project_parent_class)->finalize (object);
}

static void
rlx_project_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RlxProject *self = RLX_PROJECT (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_N_RUNS:
      g_value_set_uint (value, self->n_runs);
      break;
    case PROP_SAMPLES:
      g_value_set_object (value, self->samples);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rlx_project_class_init (RlxProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rlx_project_finalize;
  object_class->get_property = rlx_project_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_RUNS] =
    g_param_spec_uint ("n-runs", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SAMPLES] =
    g_param_spec_object ("samples", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rlx_project_init (RlxProject *self)
{
  self->samples = g_list_store_new (RLX_TYPE_SAMPLE_ITEM);
  self->runs_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
}

RlxProject *
rlx_project_open (const char  *path,
                  GError     **error)
{
  g_autoptr(RlxProject) self = NULL;
  g_autofree char *folder = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  folder = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder, 0750) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot create the folder “%s” for the database: %s"),
                   folder, g_strerror (saved_errno));
      return NULL;
    }

  self = g_object_new (RLX_TYPE_PROJECT, NULL);
  self->path = g_strdup (path);
  self->title = title_from_path (path);
  self->store = rlx_store_open (path, error);
  if (self->store == NULL)
    return NULL;
  if (!rlx_project_reload (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

gboolean
rlx_project_reload (RlxProject  *self,
                    GError     **error)
{
  g_autoptr(GPtrArray) sample_records = NULL;
  g_autoptr(GPtrArray) run_records = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_sample = g_hash_table_new (g_int64_hash, g_int64_equal);
  guint old_n_samples;

  g_return_val_if_fail (RLX_IS_PROJECT (self), FALSE);

  sample_records = rlx_store_list_samples (self->store, error);
  if (sample_records == NULL)
    return FALSE;
  run_records = rlx_store_list_runs (self->store, 0, error);
  if (run_records == NULL)
    return FALSE;

  for (guint i = 0; i < sample_records->len; i++)
    {
      RlxSampleRecord *record = g_ptr_array_index (sample_records, i);
      RlxSampleItem *item = rlx_sample_item_new (record->id, record->name, record->material);

      g_ptr_array_add (items, item);
      g_hash_table_insert (by_sample, &record->id, item);
    }

  g_hash_table_remove_all (self->runs_by_id);
  /* The run records move into the items, so the array must not free them. */
  g_ptr_array_set_free_func (run_records, NULL);
  for (guint i = 0; i < run_records->len; i++)
    {
      RlxRunRecord *record = g_ptr_array_index (run_records, i);
      RlxSampleItem *sample = g_hash_table_lookup (by_sample, &record->sample_id);
      g_autoptr(RlxRunItem) run = rlx_run_item_new (record);

      if (sample == NULL)
        {
          /* A run whose sample the listing missed (e.g. a concurrent import): give it one. */
          sample = rlx_sample_item_new (record->sample_id, record->sample_name, NULL);
          g_ptr_array_add (items, sample);
          g_hash_table_insert (by_sample, &record->sample_id, sample);
        }
      rlx_sample_item_add_run (sample, run);
      g_hash_table_insert (self->runs_by_id, &record->id, run);
    }

  old_n_samples = g_list_model_get_n_items (G_LIST_MODEL (self->samples));
  g_list_store_splice (self->samples, 0, old_n_samples, items->pdata, items->len);

  if (self->n_runs != run_records->len)
    {
      self->n_runs = run_records->len;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RUNS]);
    }
  return TRUE;
}

const char *
rlx_project_get_path (RlxProject *self)
{
  g_return_val_if_fail (RLX_IS_PROJECT (self), NULL);
  return self->path;
}

const char *
rlx_project_get_title (RlxProject *self)
{
  g_return_val_if_fail (RLX_IS_PROJECT (self), NULL);
  return self->title;
}

RlxStore *
rlx_project_get_store (RlxProject *self)
{
  g_return_val_if_fail (RLX_IS_PROJECT (self), NULL);
  return self->store;
}

GListModel *
rlx_project_get_samples (RlxProject *self)
{
  g_return_val_if_fail (RLX_IS_PROJECT (self), NULL);
  return G_LIST_MODEL (self->samples);
}

guint
rlx_project_get_n_runs (RlxProject *self)
{
  g_return_val_if_fail (RLX_IS_PROJECT (self), 0);
  return self->n_runs;
}

guint
rlx_project_get_n_samples (RlxProject *self)
{
  g_return_val_if_fail (RLX_IS_PROJECT (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->samples));
}

RlxRunItem *
rlx_project_find_run (RlxProject *self,
                      gint64      run_id)
{
  g_return_val_if_fail (RLX_IS_PROJECT (self), NULL);
  return g_hash_table_lookup (self->runs_by_id, &run_id);
}
