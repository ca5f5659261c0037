/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include "rlx-run-item.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* One run as the sidebar shows it: the store's record (metadata only, no channels) plus the
 * texts derived from it once, so that rows bind cheap strings. */
struct _RlxRunItem
{
  GObject       parent_instance;

  RlxRunRecord *record;
  char         *title;
  char         *subtitle;
  char         *search_text;
};

G_DEFINE_FINAL_TYPE (RlxRunItem, rlx_run_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_ICON_NAME,
  PROP_ROLE_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
rlx_format_temperature (double kelvin)
{
  if (!isfinite (kelvin))
    return g_strdup ("–");
  /* Translators: a temperature in kelvin */
  return g_strdup_printf (_("%.0f K"), kelvin);
}

char *
rlx_format_duration (double seconds)
{
  if (!isfinite (seconds))
    return g_strdup ("–");
  if (seconds < 1.0)
    /* Translators: a duration in milliseconds */
    return g_strdup_printf (_("%.3g ms"), seconds * 1e3);
  if (seconds < 120.0)
    /* Translators: a duration in seconds */
    return g_strdup_printf (_("%.3g s"), seconds);
  if (seconds < 7200.0)
    /* Translators: a duration in minutes */
    return g_strdup_printf (_("%.3g min"), seconds / 60.0);
  /* Translators: a duration in hours */
  return g_strdup_printf (_("%.3g h"), seconds / 3600.0);
}

char *
rlx_format_rate (double kelvin_per_second)
{
  if (!isfinite (kelvin_per_second))
    return NULL;
  /* Conventional DSC rates are quoted per minute, Flash DSC rates per second. */
  if (kelvin_per_second < 1.0)
    /* Translators: a heating rate */
    return g_strdup_printf (_("%.3g K/min"), kelvin_per_second * 60.0);
  /* Translators: a heating rate */
  return g_strdup_printf (_("%.4g K/s"), kelvin_per_second);
}

static const RlxAnnealStep *
last_step (const RlxRunData *data)
{
  if (data->anneal_steps == NULL || data->anneal_steps->len == 0)
    return NULL;
  return &g_array_index (data->anneal_steps, RlxAnnealStep, data->anneal_steps->len - 1);
}

static char *
build_title (const RlxRunRecord *record)
{
  const RlxRunData *data = record->data;
  const RlxAnnealStep *step = last_step (data);

  if (step != NULL)
    {
      g_autofree char *ta = rlx_format_temperature (step->temperature);
      g_autofree char *time = rlx_format_duration (step->duration);

      if (data->anneal_steps->len > 1)
        /* Translators: a multi-step anneal, e.g. "3 steps, last 423 K for 10 s" */
        return g_strdup_printf (_("%u steps, last %s for %s"),
                                data->anneal_steps->len, ta, time);
      if (!isfinite (step->duration))
        /* Translators: an annealing temperature without a known time */
        return g_strdup_printf (_("Ta %s"), ta);
      /* Translators: annealing temperature and time, e.g. "Ta 303 K, ta 10 s" */
      return g_strdup_printf (_("Ta %s, ta %s"), ta, time);
    }

  if (data->role == RLX_RUN_ROLE_REFERENCE)
    return g_strdup (_("As cooled"));

  if (data->title != NULL && data->title[0] != '\0')
    return g_strdup (data->title);

  return g_strdup (rlx_run_kind_get_label (data->kind));
}

static char *
build_subtitle (const RlxRunRecord *record)
{
  const RlxRunData *data = record->data;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *rate = NULL;

  switch (data->kind)
    {
    case RLX_RUN_KIND_DMA_TEMPERATURE_SWEEP:
    case RLX_RUN_KIND_DMA_FREQUENCY_SWEEP:
      if (isfinite (data->frequency))
        g_ptr_array_add (parts, g_strdup_printf (_("%.3g Hz"), data->frequency));
      rate = rlx_format_rate (data->heating_rate);
      break;
    case RLX_RUN_KIND_FLASH_DSC_COOLING:
    case RLX_RUN_KIND_DSC_COOLING:
      rate = rlx_format_rate (data->cooling_rate);
      break;
    case RLX_RUN_KIND_UNKNOWN:
    case RLX_RUN_KIND_FLASH_DSC_HEATING:
    case RLX_RUN_KIND_DSC_HEATING:
    case RLX_RUN_KIND_DSC_ISOTHERMAL:
    case RLX_RUN_KIND_TGA:
    case RLX_RUN_KIND_RHEOLOGY:
    case RLX_N_RUN_KINDS:
    default:
      rate = rlx_format_rate (data->heating_rate);
      break;
    }
  if (rate != NULL)
    g_ptr_array_add (parts, g_steal_pointer (&rate));

  /* Translators: number of data points of a run */
  g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu point", "%lu points",
                                                        (gulong) record->n_points),
                                           (gulong) record->n_points));
  if (data->simulated)
    g_ptr_array_add (parts, g_strdup (_("simulated")));

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static void
rlx_run_item_finalize (GObject *object)
{
  RlxRunItem *self = RLX_RUN_ITEM (object);

  g_clear_pointer (&self->record, rlx_run_record_free);
  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->search_text);

  G_OBJECT_CLASS (rlx_run_item_parent_class)->finalize (object);
}

static void
rlx_run_item_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  RlxRunItem *self = RLX_RUN_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->record->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, rlx_run_item_get_icon_name (self));
      break;
    case PROP_ROLE_LABEL:
      g_value_set_string (value, rlx_run_item_get_role_label (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rlx_run_item_class_init (RlxRunItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rlx_run_item_finalize;
  object_class->get_property = rlx_run_item_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROLE_LABEL] =
    g_param_spec_string ("role-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rlx_run_item_init (RlxRunItem *self)
{
}

RlxRunItem *
rlx_run_item_new (RlxRunRecord *record)
{
  RlxRunItem *self;
  const RlxRunData *data;
  g_autofree char *joined = NULL;

  g_return_val_if_fail (record != NULL && record->data != NULL, NULL);

  self = g_object_new (RLX_TYPE_RUN_ITEM, NULL);
  self->record = record;
  data = record->data;
  self->title = build_title (record);
  self->subtitle = build_subtitle (record);
  joined = g_strjoin (" ",
                      self->title,
                      self->subtitle,
                      record->sample_name ? record->sample_name : "",
                      record->source_name ? record->source_name : "",
                      data->title ? data->title : "",
                      rlx_run_kind_get_label (data->kind),
                      rlx_run_item_get_role_label (self),
                      NULL);
  self->search_text = g_utf8_casefold (joined, -1);
  return self;
}

const RlxRunRecord *
rlx_run_item_get_record (RlxRunItem *self)
{
  g_return_val_if_fail (RLX_IS_RUN_ITEM (self), NULL);
  return self->record;
}

gint64
rlx_run_item_get_id (RlxRunItem *self)
{
  g_return_val_if_fail (RLX_IS_RUN_ITEM (self), 0);
  return self->record->id;
}

gint64
rlx_run_item_get_sample_id (RlxRunItem *self)
{
  g_return_val_if_fail (RLX_IS_RUN_ITEM (self), 0);
  return self->record->sample_id;
}

RlxRunKind
rlx_run_item_get_kind (RlxRunItem *self)
{
  g_return_val_if_fail (RLX_IS_RUN_ITEM (self), RLX_RUN_KIND_UNKNOWN);
  return self->record->data->kind;
}

RlxRunRole
rlx_run_item_get_role (RlxRunItem *self)
{
  g_return_val_if_fail (RLX_IS_RUN_ITEM (self), RLX_RUN_ROLE_OTHER);
  return self->record->data->role;
}

gboolean
rlx_run_item_is_dma (RlxRunItem *self)
{
  RlxRunKind kind = rlx_run_item_get_kind (self);

  return kind == RLX_RUN_KIND_DMA_TEMPERATURE_SWEEP || kind == RLX_RUN_KIND_DMA_FREQUENCY_SWEEP;
}

const char *
rlx_run_item_get_title (RlxRunItem *self)
{
  g_return_val_if_fail (RLX_IS_RUN_ITEM (self), NULL);
  return self->title;
}

const char *
rlx_run_item_get_subtitle (RlxRunItem *self)
{
  g_return_val_if_fail (RLX_IS_RUN_ITEM (self), NULL);
  return self->subtitle;
}

const char *
rlx_run_item_get_icon_name (RlxRunItem *self)
{
  switch (rlx_run_item_get_kind (self))
    {
    case RLX_RUN_KIND_FLASH_DSC_HEATING:
    case RLX_RUN_KIND_DSC_HEATING:
      return "rlx-heating-symbolic";
    case RLX_RUN_KIND_FLASH_DSC_COOLING:
    case RLX_RUN_KIND_DSC_COOLING:
      return "rlx-cooling-symbolic";
    case RLX_RUN_KIND_DSC_ISOTHERMAL:
      return "rlx-isothermal-symbolic";
    case RLX_RUN_KIND_DMA_TEMPERATURE_SWEEP:
    case RLX_RUN_KIND_DMA_FREQUENCY_SWEEP:
    case RLX_RUN_KIND_RHEOLOGY:
      return "rlx-dma-symbolic";
    case RLX_RUN_KIND_UNKNOWN:
    case RLX_RUN_KIND_TGA:
    case RLX_N_RUN_KINDS:
    default:
      return "rlx-curve-symbolic";
    }
}

const char *
rlx_run_item_get_role_label (RlxRunItem *self)
{
  switch (rlx_run_item_get_role (self))
    {
    case RLX_RUN_ROLE_ANNEALED:
      /* Translators: role of a run, shown as a short badge */
      return C_("run role", "Annealed");
    case RLX_RUN_ROLE_REFERENCE:
      /* Translators: role of a run, shown as a short badge */
      return C_("run role", "Reference");
    case RLX_RUN_ROLE_OTHER:
    case RLX_N_RUN_ROLES:
    default:
      return "";
    }
}

gboolean
rlx_run_item_matches (RlxRunItem *self,
                      const char *folded_query)
{
  g_return_val_if_fail (RLX_IS_RUN_ITEM (self), FALSE);

  if (folded_query == NULL || folded_query[0] == '\0')
    return TRUE;
  return strstr (self->search_text, folded_query) != NULL;
}
