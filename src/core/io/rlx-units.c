/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-io"

#include "config.h"

#include "rlx-units.h"

#include <math.h>
#include <string.h>

#include "rlx-text.h"

typedef struct
{
  const char  *unit;
  RlxQuantity  quantity;
  double       scale;
  double       offset;
} UnitRule;

#define KELVIN_OFFSET 273.15

/* Units per quantity. Spellings seen in exports: "°C", "C", "degC", "µm", "um", "[]". */
static const UnitRule unit_rules[] = {
  { "s",      RLX_QUANTITY_TIME, 1.0, 0.0 },
  { "sec",    RLX_QUANTITY_TIME, 1.0, 0.0 },
  { "ms",     RLX_QUANTITY_TIME, 1e-3, 0.0 },
  { "min",    RLX_QUANTITY_TIME, 60.0, 0.0 },
  { "h",      RLX_QUANTITY_TIME, 3600.0, 0.0 },
  { "K",      RLX_QUANTITY_TEMPERATURE, 1.0, 0.0 },
  { "°C",     RLX_QUANTITY_TEMPERATURE, 1.0, KELVIN_OFFSET },
  { "C",      RLX_QUANTITY_TEMPERATURE, 1.0, KELVIN_OFFSET },
  { "degC",   RLX_QUANTITY_TEMPERATURE, 1.0, KELVIN_OFFSET },
  { "deg C",  RLX_QUANTITY_TEMPERATURE, 1.0, KELVIN_OFFSET },
  { "°F",     RLX_QUANTITY_TEMPERATURE, 5.0 / 9.0, KELVIN_OFFSET - 32.0 * 5.0 / 9.0 },
  { "mW",     RLX_QUANTITY_HEAT_FLOW, 1.0, 0.0 },
  { "W",      RLX_QUANTITY_HEAT_FLOW, 1e3, 0.0 },
  { "µW",     RLX_QUANTITY_HEAT_FLOW, 1e-3, 0.0 },
  { "uW",     RLX_QUANTITY_HEAT_FLOW, 1e-3, 0.0 },
  { "W/g",    RLX_QUANTITY_SPECIFIC_HEAT_FLOW, 1.0, 0.0 },
  { "mW/mg",  RLX_QUANTITY_SPECIFIC_HEAT_FLOW, 1.0, 0.0 },
  { "mW/g",   RLX_QUANTITY_SPECIFIC_HEAT_FLOW, 1e-3, 0.0 },
  { "W/kg",   RLX_QUANTITY_SPECIFIC_HEAT_FLOW, 1e-3, 0.0 },
  { "mg",     RLX_QUANTITY_MASS, 1.0, 0.0 },
  { "g",      RLX_QUANTITY_MASS, 1e3, 0.0 },
  { "µg",     RLX_QUANTITY_MASS, 1e-3, 0.0 },
  { "ug",     RLX_QUANTITY_MASS, 1e-3, 0.0 },
  { "%",      RLX_QUANTITY_MASS_PERCENT, 1.0, 0.0 },
  { "MPa",    RLX_QUANTITY_STORAGE_MODULUS, 1.0, 0.0 },
  { "GPa",    RLX_QUANTITY_STORAGE_MODULUS, 1e3, 0.0 },
  { "kPa",    RLX_QUANTITY_STORAGE_MODULUS, 1e-3, 0.0 },
  { "Pa",     RLX_QUANTITY_STORAGE_MODULUS, 1e-6, 0.0 },
  { "",       RLX_QUANTITY_TAN_DELTA, 1.0, 0.0 },
  { "[]",     RLX_QUANTITY_TAN_DELTA, 1.0, 0.0 },
  { "1",      RLX_QUANTITY_TAN_DELTA, 1.0, 0.0 },
  { "Hz",     RLX_QUANTITY_FREQUENCY, 1.0, 0.0 },
  { "kHz",    RLX_QUANTITY_FREQUENCY, 1e3, 0.0 },
  { "rad/s",  RLX_QUANTITY_FREQUENCY, 1.0 / (2.0 * G_PI), 0.0 },
  { "N",      RLX_QUANTITY_FORCE, 1.0, 0.0 },
  { "mN",     RLX_QUANTITY_FORCE, 1e-3, 0.0 },
  { "µm",     RLX_QUANTITY_DISPLACEMENT, 1.0, 0.0 },
  { "um",     RLX_QUANTITY_DISPLACEMENT, 1.0, 0.0 },
  { "mm",     RLX_QUANTITY_DISPLACEMENT, 1e3, 0.0 },
  { "nm",     RLX_QUANTITY_DISPLACEMENT, 1e-3, 0.0 },
  { "rad",    RLX_QUANTITY_PHASE, 1.0, 0.0 },
  { "°",      RLX_QUANTITY_PHASE, G_PI / 180.0, 0.0 },
  { "deg",    RLX_QUANTITY_PHASE, G_PI / 180.0, 0.0 },
  { "#",      RLX_QUANTITY_INDEX, 1.0, 0.0 },
};

/* Units that are recognised as units in headers but have no canonical quantity here. */
static const char *other_units[] = {
  "K/min", "K/s", "°C/min", "%/min", "mg/min", "ml/min", "mL/min", "uV", "µV", "uV/mW",
  "µV/mW", "1/MPa", "1/Pa", "MPas", "Pa.s", "Pa·s", "mbar", "bar", "J/g", "J/(g*K)",
  "J/(g·K)", "J/(g K)", "J/g/K", "mJ/K", "J/K", "W/(g·K)", "mJ", "J", "1/s", "N.m", "µN.m", "mN.m",
  "V", "mV", "mA", "A",
};

typedef struct
{
  const char  *name;       /* normalised: lower case, single spaces */
  gboolean     prefix;     /* match "name…" too */
  RlxQuantity  quantity;
  int          priority;
} NameRule;

static const NameRule name_rules[] = {
  { "index",                    FALSE, RLX_QUANTITY_INDEX, 10 },
  { "t",                        FALSE, RLX_QUANTITY_TIME, 10 },
  { "time",                     FALSE, RLX_QUANTITY_TIME, 10 },
  { "run time",                 FALSE, RLX_QUANTITY_TIME, 8 },
  { "step time",                FALSE, RLX_QUANTITY_TIME, 5 },
  { "ts",                       FALSE, RLX_QUANTITY_TEMPERATURE, 10 },
  { "sample temperature",       FALSE, RLX_QUANTITY_TEMPERATURE, 10 },
  { "sample",                   FALSE, RLX_QUANTITY_TEMPERATURE, 6 },
  { "temperature",              FALSE, RLX_QUANTITY_TEMPERATURE, 9 },
  { "temp.",                    FALSE, RLX_QUANTITY_TEMPERATURE, 9 },
  { "temp",                     FALSE, RLX_QUANTITY_TEMPERATURE, 9 },
  { "t",                        FALSE, RLX_QUANTITY_TEMPERATURE, 1 },
  { "tr",                       FALSE, RLX_QUANTITY_PROGRAM_TEMPERATURE, 10 },
  { "program temperature",      FALSE, RLX_QUANTITY_PROGRAM_TEMPERATURE, 10 },
  { "reference temperature",    FALSE, RLX_QUANTITY_PROGRAM_TEMPERATURE, 9 },
  { "heat flow",                TRUE,  RLX_QUANTITY_HEAT_FLOW, 10 },
  { "heatflow",                 TRUE,  RLX_QUANTITY_HEAT_FLOW, 10 },
  { "dsc",                      TRUE,  RLX_QUANTITY_HEAT_FLOW, 9 },
  { "normalized heat flow",     FALSE, RLX_QUANTITY_HEAT_FLOW, 9 },
  { "unsubtracted heat flow",   FALSE, RLX_QUANTITY_HEAT_FLOW, 5 },
  { "weight",                   FALSE, RLX_QUANTITY_MASS, 10 },
  { "unsubtracted weight",      FALSE, RLX_QUANTITY_MASS, 9 },
  { "mass",                     TRUE,  RLX_QUANTITY_MASS, 10 },
  { "tg",                       FALSE, RLX_QUANTITY_MASS, 9 },
  { "sample weight",            FALSE, RLX_QUANTITY_MASS, 10 },
  { "e'",                       FALSE, RLX_QUANTITY_STORAGE_MODULUS, 10 },
  { "g'",                       FALSE, RLX_QUANTITY_STORAGE_MODULUS, 10 },
  { "storage modulus",          FALSE, RLX_QUANTITY_STORAGE_MODULUS, 10 },
  { "e\"",                      FALSE, RLX_QUANTITY_LOSS_MODULUS, 10 },
  { "g\"",                      FALSE, RLX_QUANTITY_LOSS_MODULUS, 10 },
  { "e''",                      FALSE, RLX_QUANTITY_LOSS_MODULUS, 10 },
  { "g''",                      FALSE, RLX_QUANTITY_LOSS_MODULUS, 10 },
  { "loss modulus",             FALSE, RLX_QUANTITY_LOSS_MODULUS, 10 },
  { "e*",                       FALSE, RLX_QUANTITY_COMPLEX_MODULUS, 10 },
  { "g*",                       FALSE, RLX_QUANTITY_COMPLEX_MODULUS, 10 },
  { "complex modulus",          FALSE, RLX_QUANTITY_COMPLEX_MODULUS, 10 },
  { "tan_delta",                FALSE, RLX_QUANTITY_TAN_DELTA, 10 },
  { "tan delta",                FALSE, RLX_QUANTITY_TAN_DELTA, 10 },
  { "tan(delta)",               FALSE, RLX_QUANTITY_TAN_DELTA, 10 },
  { "tan δ",                    FALSE, RLX_QUANTITY_TAN_DELTA, 10 },
  { "tanδ",                     FALSE, RLX_QUANTITY_TAN_DELTA, 10 },
  { "f",                        FALSE, RLX_QUANTITY_FREQUENCY, 10 },
  { "freq",                     FALSE, RLX_QUANTITY_FREQUENCY, 10 },
  { "frequency",                FALSE, RLX_QUANTITY_FREQUENCY, 10 },
  { "angular frequency",        FALSE, RLX_QUANTITY_FREQUENCY, 8 },
  { "f",                        FALSE, RLX_QUANTITY_FORCE, 7 },
  { "f0",                       FALSE, RLX_QUANTITY_FORCE, 5 },
  { "force",                    FALSE, RLX_QUANTITY_FORCE, 10 },
  { "x",                        FALSE, RLX_QUANTITY_DISPLACEMENT, 10 },
  { "x0",                       FALSE, RLX_QUANTITY_DISPLACEMENT, 5 },
  { "displacement",             FALSE, RLX_QUANTITY_DISPLACEMENT, 9 },
  { "phase",                    FALSE, RLX_QUANTITY_PHASE, 10 },
  { "phase angle",              FALSE, RLX_QUANTITY_PHASE, 9 },
};

static char *
normalise_name (const char *name)
{
  GString *s = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '\t')
        space = s->len > 0;
      else
        {
          if (space)
            g_string_append_c (s, ' ');
          space = FALSE;
          g_string_append_c (s, g_ascii_tolower (*p));
        }
    }
  return g_string_free (s, FALSE);
}

gboolean
rlx_units_is_known (const char *unit)
{
  for (guint i = 0; i < G_N_ELEMENTS (unit_rules); i++)
    if (unit_rules[i].unit[0] != '\0' && strcmp (unit, unit_rules[i].unit) == 0)
      return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (other_units); i++)
    if (strcmp (unit, other_units[i]) == 0)
      return TRUE;
  return FALSE;
}

static char *
strip_brackets (const char *text)
{
  g_autofree char *s = g_strstrip (g_strdup (text));
  gsize n = strlen (s);

  if (n >= 2 && ((s[0] == '(' && s[n - 1] == ')') || (s[0] == '[' && s[n - 1] == ']')))
    {
      s[n - 1] = '\0';
      return g_strstrip (g_strdup (s + 1));
    }
  return g_steal_pointer (&s);
}

gboolean
rlx_units_split_header (const char  *header,
                        gboolean     trust_any_unit,
                        char       **name,
                        char       **unit)
{
  g_autofree char *h = g_strstrip (g_strdup (header));
  gsize n = strlen (h);
  int depth = 0;

  *name = NULL;
  *unit = NULL;

  /* "name (unit)" or "name [unit]" at the end */
  if (n >= 3 && (h[n - 1] == ')' || h[n - 1] == ']'))
    {
      char close = h[n - 1];
      char open = close == ')' ? '(' : '[';
      gssize i;

      for (i = (gssize) n - 1; i >= 0; i--)
        {
          if (h[i] == close)
            depth++;
          else if (h[i] == open && --depth == 0)
            break;
        }
      if (i > 0 && (i == 0 || h[i - 1] != '/'))
        {
          g_autofree char *candidate = strip_brackets (h + i);

          if (trust_any_unit || rlx_units_is_known (candidate))
            {
              h[i] = '\0';
              *name = g_strstrip (g_strdup (h));
              *unit = g_steal_pointer (&candidate);
              return **name != '\0';
            }
        }
    }

  /* "T in K" */
  {
    const char *in = g_strrstr (h, " in ");

    if (in != NULL && in > h && rlx_units_is_known (in + 4))
      {
        *name = g_strstrip (g_strndup (h, in - h));
        *unit = g_strdup (in + 4);
        return TRUE;
      }
  }

  /* "name/unit" or "name/(unit)": the first slash outside parentheses */
  depth = 0;
  for (gsize i = 0; i < n; i++)
    {
      if (h[i] == '(' || h[i] == '[')
        depth++;
      else if ((h[i] == ')' || h[i] == ']') && depth > 0)
        depth--;
      else if (h[i] == '/' && depth == 0 && i > 0)
        {
          g_autofree char *candidate = strip_brackets (h + i + 1);

          if (trust_any_unit || rlx_units_is_known (candidate))
            {
              h[i] = '\0';
              *name = g_strstrip (g_strdup (h));
              *unit = g_steal_pointer (&candidate);
              return TRUE;
            }
          break;
        }
    }

  *name = g_steal_pointer (&h);
  *unit = NULL;
  return FALSE;
}

static RlxQuantity
modulus_family (RlxQuantity quantity)
{
  switch (quantity)
    {
    case RLX_QUANTITY_STORAGE_MODULUS:
    case RLX_QUANTITY_LOSS_MODULUS:
    case RLX_QUANTITY_COMPLEX_MODULUS:
      return RLX_QUANTITY_STORAGE_MODULUS;
    case RLX_QUANTITY_OTHER:
    case RLX_QUANTITY_INDEX:
    case RLX_QUANTITY_TIME:
    case RLX_QUANTITY_TEMPERATURE:
    case RLX_QUANTITY_PROGRAM_TEMPERATURE:
    case RLX_QUANTITY_HEAT_FLOW:
    case RLX_QUANTITY_SPECIFIC_HEAT_FLOW:
    case RLX_QUANTITY_MASS:
    case RLX_QUANTITY_MASS_PERCENT:
    case RLX_QUANTITY_TAN_DELTA:
    case RLX_QUANTITY_FREQUENCY:
    case RLX_QUANTITY_FORCE:
    case RLX_QUANTITY_DISPLACEMENT:
    case RLX_QUANTITY_PHASE:
    case RLX_N_QUANTITIES:
    default:
      return quantity;
    }
}

static RlxQuantity
temperature_family (RlxQuantity quantity)
{
  return quantity == RLX_QUANTITY_PROGRAM_TEMPERATURE ? RLX_QUANTITY_TEMPERATURE : quantity;
}

gboolean
rlx_units_conversion (RlxQuantity        quantity,
                      const char        *unit,
                      RlxUnitConversion *conversion)
{
  RlxQuantity family = temperature_family (modulus_family (quantity));

  if (unit == NULL)
    unit = "";

  if (quantity == RLX_QUANTITY_INDEX)
    {
      conversion->scale = 1.0;
      conversion->offset = 0.0;
      return unit[0] == '\0' || strcmp (unit, "#") == 0 || strcmp (unit, "[]") == 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (unit_rules); i++)
    {
      const UnitRule *r = &unit_rules[i];

      if (r->quantity == family && strcmp (unit, r->unit) == 0)
        {
          conversion->scale = r->scale;
          conversion->offset = r->offset;
          return TRUE;
        }
    }

  /* The two heat-flow quantities are told apart by their unit. */
  return FALSE;
}

RlxQuantity
rlx_units_quantity_for_name (const char *name,
                             int        *priority)
{
  g_autofree char *n = normalise_name (name);
  RlxQuantity best = RLX_QUANTITY_OTHER;
  int best_priority = -1;

  for (guint i = 0; i < G_N_ELEMENTS (name_rules); i++)
    {
      const NameRule *r = &name_rules[i];
      gboolean match = r->prefix ? g_str_has_prefix (n, r->name) : strcmp (n, r->name) == 0;

      if (match && r->priority > best_priority)
        {
          best = r->quantity;
          best_priority = r->priority;
        }
    }

  if (priority)
    *priority = best_priority;
  return best;
}

RlxColumnMapping
rlx_units_map_column (const char *name,
                      const char *unit)
{
  RlxColumnMapping m = { RLX_QUANTITY_OTHER, { 1.0, 0.0 }, 0 };
  g_autofree char *n = normalise_name (name);
  int best_priority = -1;

  if (unit == NULL)
    unit = "";

  /* Every rule whose name matches is tried with the unit; the first that fits wins. */
  for (guint i = 0; i < G_N_ELEMENTS (name_rules); i++)
    {
      const NameRule *r = &name_rules[i];
      gboolean match = r->prefix ? g_str_has_prefix (n, r->name) : strcmp (n, r->name) == 0;
      RlxQuantity q = r->quantity;
      RlxUnitConversion c;

      if (!match || r->priority <= best_priority)
        continue;

      /* Heat flow in a mass-normalised unit is the specific quantity. */
      if (q == RLX_QUANTITY_HEAT_FLOW && rlx_units_conversion (RLX_QUANTITY_SPECIFIC_HEAT_FLOW, unit, &c))
        q = RLX_QUANTITY_SPECIFIC_HEAT_FLOW;
      else if (q == RLX_QUANTITY_MASS && strcmp (unit, "%") == 0)
        {
          q = RLX_QUANTITY_MASS_PERCENT;
          c.scale = 1.0;
          c.offset = 0.0;
        }
      else if (!rlx_units_conversion (q, unit, &c))
        continue;

      m.quantity = q;
      m.conversion = c;
      m.priority = r->priority;
      best_priority = r->priority;
    }

  return m;
}

/* ---- values with units in free text ---- */

static double
number_then_unit (const char  *text,
                  const char **unit_out)
{
  const char *p = text;
  const char *start;
  double v;

  while (*p == ' ' || *p == '\t' || *p == '(')
    p++;
  start = p;
  if (*p == '+' || *p == '-')
    p++;
  while ((*p >= '0' && *p <= '9') || *p == '.' || *p == ',' || *p == 'e' || *p == 'E' ||
         ((*p == '-' || *p == '+') && (p[-1] == 'e' || p[-1] == 'E')))
    p++;
  /* A trailing exponent letter belongs to the unit ("5 E" is not a number). */
  while (p > start && (p[-1] == 'e' || p[-1] == 'E' || p[-1] == ',' || p[-1] == '.'))
    p--;
  if (rlx_parse_number (start, p - start, 0, &v, NULL) != RLX_NUMBER_OK)
    return NAN;
  while (*p == ' ' || *p == '(')
    p++;
  *unit_out = p;
  return v;
}

double
rlx_units_parse_rate (const char *text)
{
  const char *unit = NULL;
  double v = number_then_unit (text, &unit);
  g_autofree char *u = NULL;

  if (isnan (v))
    return NAN;
  u = g_strstrip (g_strdup (unit));
  g_strdelimit (u, ")", ' ');
  g_strstrip (u);
  if (strcmp (u, "K/min") == 0 || strcmp (u, "°C/min") == 0 || strcmp (u, "C/min") == 0)
    return v / 60.0;
  if (strcmp (u, "K/s") == 0 || strcmp (u, "°C/s") == 0 || strcmp (u, "C/s") == 0)
    return v;
  if (strcmp (u, "K/h") == 0 || strcmp (u, "°C/h") == 0)
    return v / 3600.0;
  return NAN;
}

double
rlx_units_parse_temperature (const char *text)
{
  const char *unit = NULL;
  double v = number_then_unit (text, &unit);

  if (isnan (v))
    return NAN;
  if (g_str_has_prefix (unit, "°C") || (unit[0] == 'C' && !g_ascii_isalpha (unit[1])))
    return v + KELVIN_OFFSET;
  if (unit[0] == 'K' && !g_ascii_isalpha (unit[1]) && unit[1] != '/')
    return v;
  return NAN;
}

double
rlx_units_parse_mass (const char *text)
{
  const char *unit = NULL;
  double v = number_then_unit (text, &unit);

  if (isnan (v))
    return NAN;
  if (g_str_has_prefix (unit, "mg"))
    return v;
  if (g_str_has_prefix (unit, "µg") || g_str_has_prefix (unit, "ug"))
    return v * 1e-3;
  if (unit[0] == 'g' && !g_ascii_isalpha (unit[1]))
    return v * 1e3;
  return NAN;
}
