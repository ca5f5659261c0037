/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Plain data shared by every stage of the core: what an importer or the simulator produces,
 * what the store saves and loads, what the signal stage works on. Values are always in the
 * canonical units below; the unit string a file used is kept in RlxChannel.original_unit.
 */

typedef enum
{
  RLX_QUANTITY_OTHER = 0,
  RLX_QUANTITY_INDEX,                /* dimensionless row counter */
  RLX_QUANTITY_TIME,                 /* s */
  RLX_QUANTITY_TEMPERATURE,          /* K, measured sample temperature */
  RLX_QUANTITY_PROGRAM_TEMPERATURE,  /* K, reference / programmed temperature */
  RLX_QUANTITY_HEAT_FLOW,            /* mW */
  RLX_QUANTITY_SPECIFIC_HEAT_FLOW,   /* W/g */
  RLX_QUANTITY_MASS,                 /* mg */
  RLX_QUANTITY_MASS_PERCENT,         /* % */
  RLX_QUANTITY_STORAGE_MODULUS,      /* MPa */
  RLX_QUANTITY_LOSS_MODULUS,         /* MPa */
  RLX_QUANTITY_COMPLEX_MODULUS,      /* MPa */
  RLX_QUANTITY_TAN_DELTA,            /* 1 */
  RLX_QUANTITY_FREQUENCY,            /* Hz */
  RLX_QUANTITY_FORCE,                /* N */
  RLX_QUANTITY_DISPLACEMENT,         /* µm */
  RLX_QUANTITY_PHASE,                /* rad */
  RLX_N_QUANTITIES
} RlxQuantity;

typedef enum
{
  RLX_RUN_KIND_UNKNOWN = 0,
  RLX_RUN_KIND_FLASH_DSC_HEATING,
  RLX_RUN_KIND_FLASH_DSC_COOLING,
  RLX_RUN_KIND_DSC_HEATING,
  RLX_RUN_KIND_DSC_COOLING,
  RLX_RUN_KIND_DSC_ISOTHERMAL,
  RLX_RUN_KIND_DMA_TEMPERATURE_SWEEP,
  RLX_RUN_KIND_DMA_FREQUENCY_SWEEP,
  RLX_RUN_KIND_TGA,
  RLX_RUN_KIND_RHEOLOGY,
  RLX_N_RUN_KINDS
} RlxRunKind;

typedef enum
{
  RLX_RUN_ROLE_OTHER = 0,
  RLX_RUN_ROLE_ANNEALED,
  RLX_RUN_ROLE_REFERENCE,
  RLX_N_RUN_ROLES
} RlxRunRole;

/* One isothermal annealing step: hold at temperature (K) for duration (s). */
typedef struct
{
  double temperature;
  double duration;
} RlxAnnealStep;

typedef struct
{
  char        *name;           /* as the file names it, e.g. "Heat Flow" */
  char        *original_unit;  /* as the file writes it, e.g. "°C"; may be "" */
  RlxQuantity  quantity;
  double      *values;         /* canonical units, n_values long */
  gsize        n_values;
} RlxChannel;

typedef struct
{
  char        *title;          /* curve / experiment name from the file, or NULL */
  char        *sample_name;    /* NULL when the file does not say */
  char        *material;
  double       mass_mg;        /* NAN when unknown */
  RlxRunKind   kind;
  RlxRunRole   role;
  char        *instrument;
  char        *software;
  char        *format;         /* id of the reader that produced it, e.g. "stare-curve" */
  int          segment;        /* 1-based segment number in the file; 0 when not segmented */
  double       heating_rate;   /* K/s, > 0; NAN when unknown */
  double       cooling_rate;   /* K/s, > 0 magnitude of the preceding cooling; NAN when unknown */
  double       frequency;      /* Hz, DMA; NAN when not applicable */
  GArray      *anneal_steps;   /* RlxAnnealStep; empty for a reference or unknown */
  gboolean     simulated;
  char        *notes;
  GHashTable  *metadata;       /* extra string key → string value read from the file */
  GPtrArray   *channels;       /* RlxChannel*, owned */
} RlxRunData;

RlxChannel  *rlx_channel_new              (const char   *name,
                                           const char   *original_unit,
                                           RlxQuantity   quantity,
                                           double       *values,
                                           gsize         n_values);
RlxChannel  *rlx_channel_new_copy         (const char   *name,
                                           const char   *original_unit,
                                           RlxQuantity   quantity,
                                           const double *values,
                                           gsize         n_values);
RlxChannel  *rlx_channel_copy             (const RlxChannel *channel);
void         rlx_channel_free             (RlxChannel   *channel);

RlxRunData  *rlx_run_data_new             (void);
RlxRunData  *rlx_run_data_copy            (const RlxRunData *run);
void         rlx_run_data_free            (RlxRunData   *run);
void         rlx_run_data_add_channel     (RlxRunData   *run,
                                           RlxChannel   *channel);
RlxChannel  *rlx_run_data_get_channel     (const RlxRunData *run,
                                           RlxQuantity   quantity);
RlxChannel  *rlx_run_data_get_channel_by_name (const RlxRunData *run,
                                           const char   *name);
gsize        rlx_run_data_get_n_points    (const RlxRunData *run);
void         rlx_run_data_add_anneal_step (RlxRunData   *run,
                                           double        temperature,
                                           double        duration);
void         rlx_run_data_set_metadata    (RlxRunData   *run,
                                           const char   *key,
                                           const char   *value);
gboolean     rlx_run_data_get_temperature_range (const RlxRunData *run,
                                           double       *t_min,
                                           double       *t_max);

const char  *rlx_quantity_to_string       (RlxQuantity   quantity);
RlxQuantity  rlx_quantity_from_string     (const char   *id);
const char  *rlx_quantity_get_unit        (RlxQuantity   quantity);
const char  *rlx_quantity_get_label       (RlxQuantity   quantity);

const char  *rlx_run_kind_to_string       (RlxRunKind    kind);
RlxRunKind   rlx_run_kind_from_string     (const char   *id);
const char  *rlx_run_kind_get_label       (RlxRunKind    kind);
const char  *rlx_run_role_to_string       (RlxRunRole    role);
RlxRunRole   rlx_run_role_from_string     (const char   *id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxChannel, rlx_channel_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxRunData, rlx_run_data_free)

G_END_DECLS
