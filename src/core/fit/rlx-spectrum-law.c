/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-spectrum"

#include "config.h"

#include "rlx-spectrum-law.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rlx-core.h"

G_DEFINE_QUARK (rlx-spectrum-error-quark, rlx_spectrum_error)

struct _RlxSpectrumLaw
{
  RlxSpectrumLawKind kind;
  double tau0;      /* s */
  double rate;      /* K/s */
  double e;         /* J/mol: constant, or E_ref */
  double tp_ref;    /* K */
  GArray *tp;       /* calibration, ascending */
  GArray *energy;   /* calibration, J/mol */
};

static RlxSpectrumLaw *
law_new (RlxSpectrumLawKind kind)
{
  RlxSpectrumLaw *law = g_new0 (RlxSpectrumLaw, 1);

  law->kind = kind;
  law->tau0 = NAN;
  law->rate = NAN;
  law->e = NAN;
  law->tp_ref = NAN;
  return law;
}

RlxSpectrumLaw *
rlx_spectrum_law_new_tau0 (double tau0,
                           double rate)
{
  RlxSpectrumLaw *law = law_new (RLX_SPECTRUM_LAW_TAU0);

  law->tau0 = tau0;
  law->rate = rate;
  return law;
}

RlxSpectrumLaw *
rlx_spectrum_law_new_constant (double e)
{
  RlxSpectrumLaw *law = law_new (RLX_SPECTRUM_LAW_CONSTANT);

  law->e = e;
  return law;
}

RlxSpectrumLaw *
rlx_spectrum_law_new_proportional (double e_ref,
                                   double tp_ref)
{
  RlxSpectrumLaw *law = law_new (RLX_SPECTRUM_LAW_PROPORTIONAL);

  law->e = e_ref;
  law->tp_ref = tp_ref;
  return law;
}

typedef struct
{
  double tp;
  double e;
} Point;

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  const Point *pa = a;
  const Point *pb = b;

  return (pa->tp > pb->tp) - (pa->tp < pb->tp);
}

RlxSpectrumLaw *
rlx_spectrum_law_new_calibration (const double *tp,
                                  const double *e,
                                  gsize         n,
                                  GError      **error)
{
  g_autoptr(GArray) points = g_array_sized_new (FALSE, FALSE, sizeof (Point), n);
  RlxSpectrumLaw *law;

  if (n == 0)
    {
      g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                   "An E(Tp) calibration needs at least one (Tp, E) point");
      return NULL;
    }
  for (gsize i = 0; i < n; i++)
    {
      Point p = { tp[i], e[i] };

      if (!isfinite (p.tp) || p.tp <= 0.0 || !isfinite (p.e) || p.e <= 0.0)
        {
          g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                       "E(Tp) calibration point %zu (Tp = %g K, E = %g J/mol) is not positive "
                       "and finite", i + 1, p.tp, p.e);
          return NULL;
        }
      g_array_append_val (points, p);
    }
  g_array_sort (points, compare_points);
  for (gsize i = 1; i < n; i++)
    if (g_array_index (points, Point, i).tp == g_array_index (points, Point, i - 1).tp)
      {
        g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                     "E(Tp) calibration has two points at Tp = %g K; keep one",
                     g_array_index (points, Point, i).tp);
        return NULL;
      }

  law = law_new (RLX_SPECTRUM_LAW_CALIBRATION);
  law->tp = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  law->energy = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  for (gsize i = 0; i < n; i++)
    {
      g_array_append_val (law->tp, g_array_index (points, Point, i).tp);
      g_array_append_val (law->energy, g_array_index (points, Point, i).e);
    }
  return law;
}

RlxSpectrumLaw *
rlx_spectrum_law_copy (const RlxSpectrumLaw *law)
{
  RlxSpectrumLaw *copy;

  g_return_val_if_fail (law != NULL, NULL);

  copy = g_memdup2 (law, sizeof *law);
  if (law->tp != NULL)
    {
      copy->tp = g_array_copy (law->tp);
      copy->energy = g_array_copy (law->energy);
    }
  return copy;
}

void
rlx_spectrum_law_free (RlxSpectrumLaw *law)
{
  if (law == NULL)
    return;
  g_clear_pointer (&law->tp, g_array_unref);
  g_clear_pointer (&law->energy, g_array_unref);
  g_free (law);
}

RlxSpectrumLawKind
rlx_spectrum_law_get_kind (const RlxSpectrumLaw *law)
{
  return law->kind;
}

double
rlx_spectrum_energy_from_tau0 (double tp,
                               double tau0,
                               double rate)
{
  double c, u;

  if (!(tp > 0.0) || !(tau0 > 0.0) || !(rate > 0.0) || !isfinite (tp) || !isfinite (rate))
    return NAN;

  /* With u = E/(R·Tp) the peak condition reads u + ln u = ln(Tp/(rate·τ0)); the left side
     is increasing, so Newton from the asymptotic guess converges in a few steps. */
  c = log (tp) - log (rate) - log (tau0);
  if (c <= 1.0)
    return NAN;
  u = MAX (c - log (c), 0.5);
  for (int i = 0; i < 60; i++)
    {
      double f = u + log (u) - c;
      double step = f / (1.0 + 1.0 / u);

      u -= step;
      if (u <= 0.0)
        u = 1e-3;
      if (fabs (step) <= 1e-14 * u)
        break;
    }
  return u * RLX_GAS_CONSTANT * tp;
}

double
rlx_spectrum_law_energy (const RlxSpectrumLaw *law,
                         double                tp)
{
  g_return_val_if_fail (law != NULL, NAN);

  if (!isfinite (tp) || tp <= 0.0)
    return NAN;

  switch (law->kind)
    {
    case RLX_SPECTRUM_LAW_TAU0:
      return rlx_spectrum_energy_from_tau0 (tp, law->tau0, law->rate);
    case RLX_SPECTRUM_LAW_CONSTANT:
      return law->e;
    case RLX_SPECTRUM_LAW_PROPORTIONAL:
      return law->e * tp / law->tp_ref;
    case RLX_SPECTRUM_LAW_CALIBRATION:
      {
        const double *x = (const double *) law->tp->data;
        const double *y = (const double *) law->energy->data;
        guint n = law->tp->len;
        guint lo = 0, hi = n - 1;

        /* Held constant outside the table: extrapolating a calibration is a guess. */
        if (n == 1 || tp <= x[0])
          return y[0];
        if (tp >= x[n - 1])
          return y[n - 1];
        while (hi - lo > 1)
          {
            guint mid = (lo + hi) / 2;

            if (x[mid] <= tp)
              lo = mid;
            else
              hi = mid;
          }
        return y[lo] + (y[hi] - y[lo]) * (tp - x[lo]) / (x[hi] - x[lo]);
      }
    default:
      return NAN;
    }
}

char *
rlx_spectrum_law_describe (const RlxSpectrumLaw *law)
{
  switch (law->kind)
    {
    case RLX_SPECTRUM_LAW_TAU0:
      return g_strdup_printf ("fixed τ0 = %g s at %g K/s (activation-energy spectrum)",
                              law->tau0, law->rate);
    case RLX_SPECTRUM_LAW_CONSTANT:
      return g_strdup_printf ("constant E = %.4g kJ/mol", law->e / 1000.0);
    case RLX_SPECTRUM_LAW_PROPORTIONAL:
      return g_strdup_printf ("E ∝ Tp through the free-E Debye fit (E = %.4g kJ/mol at %.2f K)",
                              law->e / 1000.0, law->tp_ref);
    case RLX_SPECTRUM_LAW_CALIBRATION:
      return g_strdup_printf ("calibration of %u points, %.4g–%.4g kJ/mol over %.1f–%.1f K",
                              law->tp->len,
                              g_array_index (law->energy, double, 0) / 1000.0,
                              g_array_index (law->energy, double, law->energy->len - 1) / 1000.0,
                              g_array_index (law->tp, double, 0),
                              g_array_index (law->tp, double, law->tp->len - 1));
    default:
      return g_strdup ("unknown law");
    }
}

/* json-glib 1.6 writes a double whose shortest form has an exponent but no point (1e-13) as
   "1e-13.0", which is not JSON; one ulp away the form has a point and every reader accepts it. */
static double
json_safe (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (buffer, sizeof buffer, value);
  if (strchr (buffer, 'e') != NULL && strchr (buffer, '.') == NULL)
    return nextafter (value, INFINITY);
  return value;
}

static const char *
kind_to_string (RlxSpectrumLawKind kind)
{
  switch (kind)
    {
    case RLX_SPECTRUM_LAW_TAU0:
      return "tau0";
    case RLX_SPECTRUM_LAW_CALIBRATION:
      return "calibration";
    case RLX_SPECTRUM_LAW_CONSTANT:
      return "constant";
    case RLX_SPECTRUM_LAW_PROPORTIONAL:
      return "proportional";
    default:
      return "unknown";
    }
}

JsonNode *
rlx_spectrum_law_to_json (const RlxSpectrumLaw *law)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *description = rlx_spectrum_law_describe (law);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, kind_to_string (law->kind));
  json_builder_set_member_name (b, "description");
  json_builder_add_string_value (b, description);
  switch (law->kind)
    {
    case RLX_SPECTRUM_LAW_TAU0:
      json_builder_set_member_name (b, "tau0_s");
      json_builder_add_double_value (b, json_safe (law->tau0));
      json_builder_set_member_name (b, "rate_K_per_s");
      json_builder_add_double_value (b, json_safe (law->rate));
      break;
    case RLX_SPECTRUM_LAW_CONSTANT:
      json_builder_set_member_name (b, "E_J_per_mol");
      json_builder_add_double_value (b, json_safe (law->e));
      break;
    case RLX_SPECTRUM_LAW_PROPORTIONAL:
      json_builder_set_member_name (b, "E_J_per_mol");
      json_builder_add_double_value (b, json_safe (law->e));
      json_builder_set_member_name (b, "Tp_K");
      json_builder_add_double_value (b, json_safe (law->tp_ref));
      break;
    case RLX_SPECTRUM_LAW_CALIBRATION:
      json_builder_set_member_name (b, "Tp_K");
      json_builder_begin_array (b);
      for (guint i = 0; i < law->tp->len; i++)
        json_builder_add_double_value (b, json_safe (g_array_index (law->tp, double, i)));
      json_builder_end_array (b);
      json_builder_set_member_name (b, "E_J_per_mol");
      json_builder_begin_array (b);
      for (guint i = 0; i < law->energy->len; i++)
        json_builder_add_double_value (b, json_safe (g_array_index (law->energy, double, i)));
      json_builder_end_array (b);
      break;
    default:
      break;
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
get_number (JsonObject  *object,
            const char  *name,
            double      *value,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    {
      g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                   "E(Tp) law in JSON lacks the number “%s”", name);
      return FALSE;
    }
  *value = json_node_get_double (node);
  return TRUE;
}

RlxSpectrumLaw *
rlx_spectrum_law_from_json (JsonNode  *node,
                            GError   **error)
{
  JsonObject *object;
  const char *kind;
  double a, b;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                   "E(Tp) law in JSON is not an object");
      return NULL;
    }
  object = json_node_get_object (node);
  kind = json_object_get_string_member_with_default (object, "kind", "");

  if (g_str_equal (kind, "tau0"))
    {
      if (!get_number (object, "tau0_s", &a, error) || !get_number (object, "rate_K_per_s", &b, error))
        return NULL;
      return rlx_spectrum_law_new_tau0 (a, b);
    }
  if (g_str_equal (kind, "constant"))
    {
      if (!get_number (object, "E_J_per_mol", &a, error))
        return NULL;
      return rlx_spectrum_law_new_constant (a);
    }
  if (g_str_equal (kind, "proportional"))
    {
      if (!get_number (object, "E_J_per_mol", &a, error) || !get_number (object, "Tp_K", &b, error))
        return NULL;
      return rlx_spectrum_law_new_proportional (a, b);
    }
  if (g_str_equal (kind, "calibration"))
    {
      JsonArray *tp = json_object_has_member (object, "Tp_K") ?
                      json_object_get_array_member (object, "Tp_K") : NULL;
      JsonArray *e = json_object_has_member (object, "E_J_per_mol") ?
                     json_object_get_array_member (object, "E_J_per_mol") : NULL;
      g_autofree double *x = NULL;
      g_autofree double *y = NULL;
      guint n;

      if (tp == NULL || e == NULL || json_array_get_length (tp) != json_array_get_length (e))
        {
          g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                       "E(Tp) calibration in JSON needs arrays “Tp_K” and “E_J_per_mol” of equal length");
          return NULL;
        }
      n = json_array_get_length (tp);
      x = g_new (double, MAX (n, 1));
      y = g_new (double, MAX (n, 1));
      for (guint i = 0; i < n; i++)
        {
          x[i] = json_array_get_double_element (tp, i);
          y[i] = json_array_get_double_element (e, i);
        }
      return rlx_spectrum_law_new_calibration (x, y, n, error);
    }

  g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
               "Unknown E(Tp) law “%s” in JSON (expected tau0, calibration, constant or proportional)",
               kind);
  return NULL;
}

static gboolean
parse_double (const char *text,
              double     *value)
{
  char *end = NULL;

  errno = 0;
  *value = g_ascii_strtod (text, &end);
  return errno == 0 && end != text && *end == '\0' && isfinite (*value);
}

static RlxSpectrumLaw *
read_calibration (const char  *path,
                  GError     **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GArray) tp = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) e = g_array_new (FALSE, FALSE, sizeof (double));

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      char *line = g_strstrip (lines[i]);
      double x, y;
      guint n_fields = 0;
      const char *values[2] = { NULL, NULL };

      if (*line == '\0' || *line == '#')
        continue;
      fields = g_strsplit_set (line, " \t,;", -1);
      for (guint k = 0; fields[k] != NULL; k++)
        if (*fields[k] != '\0')
          {
            if (n_fields < 2)
              values[n_fields] = fields[k];
            n_fields++;
          }
      if (n_fields < 2 || !parse_double (values[0], &x) || !parse_double (values[1], &y))
        {
          /* A header line is allowed before the first number. */
          if (tp->len == 0 && !g_ascii_isdigit (*line) && *line != '-' && *line != '.')
            continue;
          g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                       "%s, line %u: expected two numbers, Tp in K and E in kJ/mol", path, i + 1);
          return NULL;
        }
      y *= 1000.0;
      g_array_append_val (tp, x);
      g_array_append_val (e, y);
    }

  if (tp->len == 0)
    {
      g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                   "%s: no (Tp, E) points; write one “Tp_K E_kJ_per_mol” pair per line", path);
      return NULL;
    }
  return rlx_spectrum_law_new_calibration ((double *) tp->data, (double *) e->data, tp->len, error);
}

RlxSpectrumLaw *
rlx_spectrum_law_parse (const char  *spec,
                        double       rate,
                        GError     **error)
{
  const char *colon;
  g_autofree char *kind = NULL;
  const char *arg;
  double value;

  g_return_val_if_fail (spec != NULL, NULL);

  colon = strchr (spec, ':');
  if (colon == NULL)
    {
      g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                   "E(Tp) law “%s” has no value; use tau0:1e-13, calibration:FILE, constant:KJ "
                   "or proportional:KJ@K", spec);
      return NULL;
    }
  kind = g_strndup (spec, colon - spec);
  arg = colon + 1;

  if (g_str_equal (kind, "tau0"))
    {
      if (!parse_double (arg, &value) || value <= 0.0)
        {
          g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                       "τ0 “%s” is not a positive number of seconds", arg);
          return NULL;
        }
      if (!(rate > 0.0) || !isfinite (rate))
        {
          g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                       "The fixed-τ0 law needs the heating rate of the scan (K/s)");
          return NULL;
        }
      return rlx_spectrum_law_new_tau0 (value, rate);
    }
  if (g_str_equal (kind, "calibration"))
    return read_calibration (arg, error);
  if (g_str_equal (kind, "constant"))
    {
      if (!parse_double (arg, &value) || value <= 0.0)
        {
          g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                       "E “%s” is not a positive number of kJ/mol", arg);
          return NULL;
        }
      return rlx_spectrum_law_new_constant (value * 1000.0);
    }
  if (g_str_equal (kind, "proportional"))
    {
      g_auto(GStrv) parts = g_strsplit (arg, "@", 2);
      double tp;

      if (g_strv_length (parts) != 2 || !parse_double (parts[0], &value) || value <= 0.0 ||
          !parse_double (parts[1], &tp) || tp <= 0.0)
        {
          g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                       "“%s” is not E@Tp, e.g. proportional:86@320 (kJ/mol at K)", arg);
          return NULL;
        }
      return rlx_spectrum_law_new_proportional (value * 1000.0, tp);
    }

  g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
               "Unknown E(Tp) law “%s”; use tau0, calibration, constant or proportional", kind);
  return NULL;
}
