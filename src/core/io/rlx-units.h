/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rlx-run-data.h"

G_BEGIN_DECLS

/* canonical = value * scale + offset */
typedef struct
{
  double scale;
  double offset;
} RlxUnitConversion;

typedef struct
{
  RlxQuantity        quantity;
  RlxUnitConversion  conversion;
  int                priority;   /* higher wins when two columns claim one quantity */
} RlxColumnMapping;

/* Splits "Time (min)", "T/K", "T [°C]", "DSC(subtr.2)/(mW/mg)" into a name and a unit.
 * With @trust_any_unit FALSE, a trailing "(…)" or "/…" is taken as a unit only when it is a
 * unit Relaxun knows, so "Tan(delta)" and "Heat Flow (Normalized)" stay whole.
 * Returns TRUE when a unit was split off. */
gboolean  rlx_units_split_header   (const char        *header,
                                    gboolean           trust_any_unit,
                                    char             **name,
                                    char             **unit);
gboolean  rlx_units_is_known       (const char        *unit);

/* Maps a column to a quantity and a conversion to canonical units. A recognised name with a
 * unit that does not fit its quantity maps to RLX_QUANTITY_OTHER (values kept as written).
 * @unit may be NULL or "" when the file has none; then @default_unit is assumed if given. */
RlxColumnMapping rlx_units_map_column (const char *name,
                                       const char *unit);

/* The quantity a column name suggests (ignoring the unit), e.g. for the unit-less columns
 * of some exports. */
RlxQuantity rlx_units_quantity_for_name (const char *name,
                                         int        *priority);

/* The conversion of a unit to the canonical unit of @quantity; FALSE when it does not fit. */
gboolean  rlx_units_conversion     (RlxQuantity        quantity,
                                    const char        *unit,
                                    RlxUnitConversion *conversion);

/* A rate such as "10.00 °C/min", "20.0(K/min)", "2000 K/s" in K/s; NAN when not a rate. */
double    rlx_units_parse_rate     (const char        *text);
/* A temperature "25°C", "303 K", "-40 °C" in K; NAN when not one. */
double    rlx_units_parse_temperature (const char     *text);
/* A mass "4.1752 mg", "34.04mg", "0.5 g" in mg; NAN when not one. */
double    rlx_units_parse_mass     (const char        *text);

G_END_DECLS
