/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-core"

#include "config.h"

#include "rlx-run-data.h"

#include <math.h>
#include <string.h>

typedef struct
{
  const char *id;
  const char *unit;
  const char *label;
} QuantityInfo;

/* Stable ids: they are written into the database and into JSON. */
static const QuantityInfo quantities[RLX_N_QUANTITIES] = {
  [RLX_QUANTITY_OTHER]               = { "other", "", "Other" },
  [RLX_QUANTITY_INDEX]               = { "index", "", "Index" },
  [RLX_QUANTITY_TIME]                = { "time", "s", "Time" },
  [RLX_QUANTITY_TEMPERATURE]         = { "temperature", "K", "Temperature" },
  [RLX_QUANTITY_PROGRAM_TEMPERATURE] = { "program-temperature", "K", "Program temperature" },
  [RLX_QUANTITY_HEAT_FLOW]           = { "heat-flow", "mW", "Heat flow" },
  [RLX_QUANTITY_SPECIFIC_HEAT_FLOW]  = { "specific-heat-flow", "W/g", "Heat flow" },
  [RLX_QUANTITY_MASS]                = { "mass", "mg", "Mass" },
  [RLX_QUANTITY_MASS_PERCENT]        = { "mass-percent", "%", "Mass" },
  [RLX_QUANTITY_STORAGE_MODULUS]     = { "storage-modulus", "MPa", "Storage modulus E′" },
  [RLX_QUANTITY_LOSS_MODULUS]        = { "loss-modulus", "MPa", "Loss modulus E″" },
  [RLX_QUANTITY_COMPLEX_MODULUS]     = { "complex-modulus", "MPa", "Complex modulus |E*|" },
  [RLX_QUANTITY_TAN_DELTA]           = { "tan-delta", "", "tan δ" },
  [RLX_QUANTITY_FREQUENCY]           = { "frequency", "Hz", "Frequency" },
  [RLX_QUANTITY_FORCE]               = { "force", "N", "Force" },
  [RLX_QUANTITY_DISPLACEMENT]        = { "displacement", "µm", "Displacement" },
  [RLX_QUANTITY_PHASE]               = { "phase", "rad", "Phase" },
};

static const struct { const char *id; const char *label; } run_kinds[RLX_N_RUN_KINDS] = {
  [RLX_RUN_KIND_UNKNOWN]               = { "unknown", "Unknown" },
  [RLX_RUN_KIND_FLASH_DSC_HEATING]     = { "flash-dsc-heating", "Flash DSC heating" },
  [RLX_RUN_KIND_FLASH_DSC_COOLING]     = { "flash-dsc-cooling", "Flash DSC cooling" },
  [RLX_RUN_KIND_DSC_HEATING]           = { "dsc-heating", "DSC heating" },
  [RLX_RUN_KIND_DSC_COOLING]           = { "dsc-cooling", "DSC cooling" },
  [RLX_RUN_KIND_DSC_ISOTHERMAL]        = { "dsc-isothermal", "DSC isothermal" },
  [RLX_RUN_KIND_DMA_TEMPERATURE_SWEEP] = { "dma-temperature-sweep", "DMA temperature sweep" },
  [RLX_RUN_KIND_DMA_FREQUENCY_SWEEP]   = { "dma-frequency-sweep", "DMA frequency sweep" },
  [RLX_RUN_KIND_TGA]                   = { "tga", "Thermogravimetry" },
  [RLX_RUN_KIND_RHEOLOGY]              = { "rheology", "Rheology" },
};

static const char *run_roles[RLX_N_RUN_ROLES] = {
  [RLX_RUN_ROLE_OTHER]     = "other",
  [RLX_RUN_ROLE_ANNEALED]  = "annealed",
  [RLX_RUN_ROLE_REFERENCE] = "reference",
};

/**
 * rlx_channel_new:
 * @values: (transfer full): g_malloc'ed array of @n_values doubles in canonical units
 */
RlxChannel *
rlx_channel_new (const char  *name,
                 const char  *original_unit,
                 RlxQuantity  quantity,
                 double      *values,
                 gsize        n_values)
{
  RlxChannel *channel = g_new0 (RlxChannel, 1);

  channel->name = g_strdup (name ? name : rlx_quantity_get_label (quantity));
  channel->original_unit = g_strdup (original_unit ? original_unit : "");
  channel->quantity = quantity;
  channel->values = values;
  channel->n_values = n_values;

  return channel;
}

RlxChannel *
rlx_channel_new_copy (const char   *name,
                      const char   *original_unit,
                      RlxQuantity   quantity,
                      const double *values,
                      gsize         n_values)
{
  return rlx_channel_new (name, original_unit, quantity,
                          g_memdup2 (values, n_values * sizeof (double)), n_values);
}

RlxChannel *
rlx_channel_copy (const RlxChannel *channel)
{
  return rlx_channel_new_copy (channel->name, channel->original_unit, channel->quantity,
                               channel->values, channel->n_values);
}

void
rlx_channel_free (RlxChannel *channel)
{
  if (channel == NULL)
    return;

  g_free (channel->name);
  g_free (channel->original_unit);
  g_free (channel->values);
  g_free (channel);
}

RlxRunData *
rlx_run_data_new (void)
{
  RlxRunData *run = g_new0 (RlxRunData, 1);

  run->mass_mg = NAN;
  run->heating_rate = NAN;
  run->cooling_rate = NAN;
  run->frequency = NAN;
  run->anneal_steps = g_array_new (FALSE, FALSE, sizeof (RlxAnnealStep));
  run->metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  run->channels = g_ptr_array_new_with_free_func ((GDestroyNotify) rlx_channel_free);

  return run;
}

RlxRunData *
rlx_run_data_copy (const RlxRunData *run)
{
  RlxRunData *copy = rlx_run_data_new ();
  GHashTableIter iter;
  gpointer key, value;

  copy->title = g_strdup (run->title);
  copy->sample_name = g_strdup (run->sample_name);
  copy->material = g_strdup (run->material);
  copy->mass_mg = run->mass_mg;
  copy->kind = run->kind;
  copy->role = run->role;
  copy->instrument = g_strdup (run->instrument);
  copy->software = g_strdup (run->software);
  copy->format = g_strdup (run->format);
  copy->segment = run->segment;
  copy->heating_rate = run->heating_rate;
  copy->cooling_rate = run->cooling_rate;
  copy->frequency = run->frequency;
  g_array_append_vals (copy->anneal_steps, run->anneal_steps->data, run->anneal_steps->len);
  copy->simulated = run->simulated;
  copy->notes = g_strdup (run->notes);

  g_hash_table_iter_init (&iter, run->metadata);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->metadata, g_strdup (key), g_strdup (value));

  for (guint i = 0; i < run->channels->len; i++)
    g_ptr_array_add (copy->channels, rlx_channel_copy (g_ptr_array_index (run->channels, i)));

  return copy;
}

void
rlx_run_data_free (RlxRunData *run)
{
  if (run == NULL)
    return;

  g_free (run->title);
  g_free (run->sample_name);
  g_free (run->material);
  g_free (run->instrument);
  g_free (run->software);
  g_free (run->format);
  g_free (run->notes);
  g_array_unref (run->anneal_steps);
  g_hash_table_unref (run->metadata);
  g_ptr_array_unref (run->channels);
  g_free (run);
}

/**
 * rlx_run_data_add_channel:
 * @channel: (transfer full)
 */
void
rlx_run_data_add_channel (RlxRunData *run,
                          RlxChannel *channel)
{
  g_ptr_array_add (run->channels, channel);
}

/**
 * rlx_run_data_get_channel:
 *
 * Returns: (transfer none) (nullable): the first channel holding @quantity
 */
RlxChannel *
rlx_run_data_get_channel (const RlxRunData *run,
                          RlxQuantity       quantity)
{
  for (guint i = 0; i < run->channels->len; i++)
    {
      RlxChannel *channel = g_ptr_array_index (run->channels, i);

      if (channel->quantity == quantity)
        return channel;
    }

  return NULL;
}

RlxChannel *
rlx_run_data_get_channel_by_name (const RlxRunData *run,
                                  const char       *name)
{
  for (guint i = 0; i < run->channels->len; i++)
    {
      RlxChannel *channel = g_ptr_array_index (run->channels, i);

      if (g_strcmp0 (channel->name, name) == 0)
        return channel;
    }

  return NULL;
}

gsize
rlx_run_data_get_n_points (const RlxRunData *run)
{
  gsize n = 0;

  for (guint i = 0; i < run->channels->len; i++)
    n = MAX (n, ((RlxChannel *) g_ptr_array_index (run->channels, i))->n_values);

  return n;
}

void
rlx_run_data_add_anneal_step (RlxRunData *run,
                              double      temperature,
                              double      duration)
{
  RlxAnnealStep step = { temperature, duration };

  g_array_append_val (run->anneal_steps, step);
}

void
rlx_run_data_set_metadata (RlxRunData *run,
                           const char *key,
                           const char *value)
{
  g_hash_table_replace (run->metadata, g_strdup (key), g_strdup (value));
}

/**
 * rlx_run_data_get_temperature_range:
 *
 * The finite extent of the sample temperature (or, lacking it, the program temperature).
 *
 * Returns: %FALSE when the run has no finite temperature values
 */
gboolean
rlx_run_data_get_temperature_range (const RlxRunData *run,
                                    double           *t_min,
                                    double           *t_max)
{
  RlxChannel *channel = rlx_run_data_get_channel (run, RLX_QUANTITY_TEMPERATURE);
  double lo = INFINITY, hi = -INFINITY;

  if (channel == NULL)
    channel = rlx_run_data_get_channel (run, RLX_QUANTITY_PROGRAM_TEMPERATURE);
  if (channel == NULL)
    return FALSE;

  for (gsize i = 0; i < channel->n_values; i++)
    {
      double v = channel->values[i];

      if (!isfinite (v))
        continue;
      lo = MIN (lo, v);
      hi = MAX (hi, v);
    }

  if (!(lo <= hi))
    return FALSE;

  if (t_min)
    *t_min = lo;
  if (t_max)
    *t_max = hi;

  return TRUE;
}

const char *
rlx_quantity_to_string (RlxQuantity quantity)
{
  if ((guint) quantity >= RLX_N_QUANTITIES)
    return quantities[RLX_QUANTITY_OTHER].id;
  return quantities[quantity].id;
}

RlxQuantity
rlx_quantity_from_string (const char *id)
{
  for (guint i = 0; i < RLX_N_QUANTITIES; i++)
    if (g_strcmp0 (quantities[i].id, id) == 0)
      return (RlxQuantity) i;

  return RLX_QUANTITY_OTHER;
}

const char *
rlx_quantity_get_unit (RlxQuantity quantity)
{
  if ((guint) quantity >= RLX_N_QUANTITIES)
    return "";
  return quantities[quantity].unit;
}

const char *
rlx_quantity_get_label (RlxQuantity quantity)
{
  if ((guint) quantity >= RLX_N_QUANTITIES)
    return quantities[RLX_QUANTITY_OTHER].label;
  return quantities[quantity].label;
}

const char *
rlx_run_kind_to_string (RlxRunKind kind)
{
  if ((guint) kind >= RLX_N_RUN_KINDS)
    return run_kinds[RLX_RUN_KIND_UNKNOWN].id;
  return run_kinds[kind].id;
}

RlxRunKind
rlx_run_kind_from_string (const char *id)
{
  for (guint i = 0; i < RLX_N_RUN_KINDS; i++)
    if (g_strcmp0 (run_kinds[i].id, id) == 0)
      return (RlxRunKind) i;

  return RLX_RUN_KIND_UNKNOWN;
}

const char *
rlx_run_kind_get_label (RlxRunKind kind)
{
  if ((guint) kind >= RLX_N_RUN_KINDS)
    return run_kinds[RLX_RUN_KIND_UNKNOWN].label;
  return run_kinds[kind].label;
}

const char *
rlx_run_role_to_string (RlxRunRole role)
{
  if ((guint) role >= RLX_N_RUN_ROLES)
    return run_roles[RLX_RUN_ROLE_OTHER];
  return run_roles[role];
}

RlxRunRole
rlx_run_role_from_string (const char *id)
{
  for (guint i = 0; i < RLX_N_RUN_ROLES; i++)
    if (g_strcmp0 (run_roles[i], id) == 0)
      return (RlxRunRole) i;

  return RLX_RUN_ROLE_OTHER;
}
