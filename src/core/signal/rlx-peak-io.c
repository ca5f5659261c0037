/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-signal"

#include "config.h"

#include "rlx-peak.h"
#include "rlx-peak-private.h"

#include <math.h>
#include <string.h>

#include "rlx-json.h"

/* A peak as JSON (stored with its analysis, read back for figures) and as CSV. */

static void
set_number (JsonObject *object,
            const char *name,
            double      value)
{
  if (isfinite (value))
    json_object_set_double_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

/* Curves are stored as base64 of little-endian float32: 7 significant digits, far below the
   noise, a quarter of the size of decimal JSON and fast to write and read. */
static JsonNode *
curve_node (const double *values,
            gsize         n)
{
  g_autofree guint32 *packed = NULL;
  g_autofree char *text = NULL;

  if (values == NULL)
    return json_node_new (JSON_NODE_NULL);
  packed = g_new (guint32, n);
  for (gsize i = 0; i < n; i++)
    {
      union { float f; guint32 u; } v = { .f = (float) values[i] };
      packed[i] = GUINT32_TO_LE (v.u);
    }
  text = g_base64_encode ((const guchar *) packed, n * sizeof (guint32));
  return json_node_init_string (json_node_alloc (), text);
}

JsonNode *
rlx_peak_to_json (const RlxPeak *peak,
                  gboolean       with_curve)
{
  JsonObject *object = json_object_new ();
  JsonObject *anneal = json_object_new ();
  JsonArray *warnings = json_array_new ();
  JsonNode *node;

  json_object_set_int_member (object, "run_id", peak->run_id);
  if (peak->reference_id > 0)
    json_object_set_int_member (object, "reference_id", peak->reference_id);
  else
    json_object_set_null_member (object, "reference_id");
  if (peak->sample_name != NULL)
    json_object_set_string_member (object, "sample", peak->sample_name);
  json_object_set_string_member (object, "signal_unit", peak->signal_unit);
  json_object_set_string_member (object, "enthalpy_unit", peak->enthalpy_unit);
  json_object_set_boolean_member (object, "dqdt", peak->is_dqdt);
  set_number (object, "heating_rate", peak->heating_rate);
  set_number (object, "ts", peak->ts);
  set_number (object, "mass_mg", peak->mass_mg);
  set_number (object, "grid_step", peak->grid_step);
  set_number (object, "lag", peak->lag);
  set_number (anneal, "temperature", peak->anneal_temperature);
  set_number (anneal, "time", peak->anneal_time);
  json_object_set_object_member (object, "anneal", anneal);
  if (peak->baseline_spec != NULL)
    json_object_set_member (object, "baseline", rlx_baseline_spec_to_json (peak->baseline_spec));
  json_object_set_member (object, "metrics", rlx_peak_metrics_to_json (&peak->metrics));
  for (guint i = 0; i < peak->warnings->len; i++)
    json_array_add_string_element (warnings, g_ptr_array_index (peak->warnings, i));
  json_object_set_array_member (object, "warnings", warnings);

  if (with_curve && peak->n > 0)
    {
      JsonObject *curve = json_object_new ();
      g_autofree char *use = g_new0 (char, peak->n + 1);

      json_object_set_string_member (curve, "encoding", "base64-float32-le");
      set_number (curve, "t0", peak->t[0]);
      set_number (curve, "step", peak->grid_step);
      json_object_set_int_member (curve, "n", peak->n);
      json_object_set_member (curve, "annealed", curve_node (peak->annealed, peak->n));
      json_object_set_member (curve, "reference", curve_node (peak->reference, peak->n));
      json_object_set_member (curve, "difference", curve_node (peak->difference, peak->n));
      json_object_set_member (curve, "baseline", curve_node (peak->baseline, peak->n));
      json_object_set_member (curve, "peak", curve_node (peak->peak, peak->n));
      for (gsize i = 0; i < peak->n; i++)
        use[i] = peak->use[i] ? '1' : '0';
      json_object_set_string_member (curve, "use", use);
      json_object_set_object_member (object, "curve", curve);
    }
  node = json_node_init_object (json_node_alloc (), object);
  /* the node holds its own reference */
  json_object_unref (object);
  return node;
}

/* A double as rlx_json_to_string() writes it (g_ascii_dtostr, ".0" on whole numbers), so that
   the fast text below is the same, byte for byte, as the generic one. */
static void
append_number (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }
  g_ascii_dtostr (buffer, sizeof buffer, value);
  g_string_append (out, buffer);
  if (strpbrk (buffer, ".eE") == NULL)
    g_string_append (out, ".0");
}

/* Base64 (RFC 4648, with padding) of the curve as little-endian float32, appended to @out: a
   plain table encoder, several times faster than g_base64_encode() on these long curves. */
static void
append_base64_floats (GString      *out,
                      const double *values,
                      gsize         n)
{
  static const char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  gsize n_bytes = n * sizeof (guint32), at = out->len, i;
  g_autofree guint8 *bytes = g_new (guint8, MAX (n_bytes, 1));
  char *p;

  for (i = 0; i < n; i++)
    {
      union { float f; guint32 u; } v = { .f = (float) values[i] };
      guint32 le = GUINT32_TO_LE (v.u);
      memcpy (bytes + i * sizeof (guint32), &le, sizeof le);
    }
  g_string_set_size (out, at + 4 * ((n_bytes + 2) / 3));
  p = out->str + at;
  for (i = 0; i + 3 <= n_bytes; i += 3)
    {
      guint32 w = ((guint32) bytes[i] << 16) | ((guint32) bytes[i + 1] << 8) | bytes[i + 2];
      *p++ = table[w >> 18];
      *p++ = table[(w >> 12) & 63];
      *p++ = table[(w >> 6) & 63];
      *p++ = table[w & 63];
    }
  if (i < n_bytes)
    {
      guint32 w = (guint32) bytes[i] << 16;

      if (i + 1 < n_bytes)
        w |= (guint32) bytes[i + 1] << 8;
      *p++ = table[w >> 18];
      *p++ = table[(w >> 12) & 63];
      *p++ = i + 1 < n_bytes ? table[(w >> 6) & 63] : '=';
      *p++ = '=';
    }
}

static void
append_curve (GString      *out,
              const char   *name,
              const double *values,
              gsize         n)
{
  g_string_append_printf (out, ",\"%s\":", name);
  if (values == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  /* base64 needs no escaping in a JSON string */
  g_string_append_c (out, '"');
  append_base64_floats (out, values, n);
  g_string_append_c (out, '"');
}

/**
 * rlx_peak_to_json_string:
 *
 * The text of rlx_peak_to_json() (valid JSON, as rlx_json_to_string() writes it, without
 * indentation), written directly: the curve, most of the text, never goes through a JSON tree.
 *
 * Returns: (transfer full): the JSON text
 */
char *
rlx_peak_to_json_string (const RlxPeak *peak,
                         gboolean       with_curve)
{
  g_autoptr(JsonNode) head = rlx_peak_to_json (peak, FALSE);
  g_autofree char *text = rlx_json_to_string (head, FALSE);
  gsize len = strlen (text);
  GString *out;

  if (!with_curve || peak->n == 0 || len < 2 || text[len - 1] != '}')
    return g_steal_pointer (&text);

  out = g_string_sized_new (len + 128 + 5 * (peak->n * 16 / 3 + 4) + peak->n);
  g_string_append_len (out, text, (gssize) len - 1);
  g_string_append (out, ",\"curve\":{\"encoding\":\"base64-float32-le\",\"t0\":");
  append_number (out, peak->t[0]);
  g_string_append (out, ",\"step\":");
  append_number (out, peak->grid_step);
  g_string_append_printf (out, ",\"n\":%" G_GSIZE_FORMAT, peak->n);
  append_curve (out, "annealed", peak->annealed, peak->n);
  append_curve (out, "reference", peak->reference, peak->n);
  append_curve (out, "difference", peak->difference, peak->n);
  append_curve (out, "baseline", peak->baseline, peak->n);
  append_curve (out, "peak", peak->peak, peak->n);
  g_string_append (out, ",\"use\":\"");
  for (gsize i = 0; i < peak->n; i++)
    g_string_append_c (out, peak->use[i] ? '1' : '0');
  g_string_append (out, "\"}}");
  return g_string_free (out, FALSE);
}

static double *
read_curve (JsonObject *curve,
            const char *name,
            gsize       n,
            gboolean    optional,
            GError    **error)
{
  JsonNode *node = json_object_get_member (curve, name);
  g_autofree guchar *bytes = NULL;
  gsize len = 0;
  double *values;

  if ((node == NULL || JSON_NODE_HOLDS_NULL (node)) && optional)
    return NULL;
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    bytes = g_base64_decode (json_node_get_string (node), &len);
  if (bytes == NULL || len != n * sizeof (guint32))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_FAILED,
                   "The stored peak curve “%s” is missing or has the wrong length.", name);
      return NULL;
    }
  values = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    {
      union { float f; guint32 u; } v;
      memcpy (&v.u, bytes + i * sizeof (guint32), sizeof (guint32));
      v.u = GUINT32_FROM_LE (v.u);
      values[i] = v.f;
    }
  return values;
}

RlxPeak *
rlx_peak_from_json (const char  *result_json,
                    GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(RlxPeak) peak = rlx_peak_new ();
  JsonObject *object, *curve;
  const char *use;
  double t0;

  node = json_from_string (result_json, error);
  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      !json_object_has_member (object = json_node_get_object (node), "curve") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "curve")))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_FAILED,
                   "This analysis holds no peak curve (it is not a “peak” analysis).");
      return NULL;
    }
  curve = json_object_get_object_member (object, "curve");
  peak->run_id = json_object_get_int_member_with_default (object, "run_id", 0);
  peak->reference_id = json_object_get_int_member_with_default (object, "reference_id", 0);
  peak->sample_name = g_strdup (json_object_get_string_member_with_default (object, "sample", NULL));
  peak->n = (gsize) json_object_get_int_member_with_default (curve, "n", 0);
  peak->grid_step = json_object_get_double_member_with_default (curve, "step", 0);
  t0 = json_object_get_double_member_with_default (curve, "t0", NAN);
  if (peak->n < 2 || !(peak->grid_step > 0) || !isfinite (t0))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_FAILED,
                   "The stored peak curve has no valid grid.");
      return NULL;
    }
  peak->t = g_new (double, peak->n);
  for (gsize i = 0; i < peak->n; i++)
    peak->t[i] = t0 + peak->grid_step * (double) i;
  if (!(peak->annealed = read_curve (curve, "annealed", peak->n, FALSE, error)) ||
      !(peak->difference = read_curve (curve, "difference", peak->n, FALSE, error)) ||
      !(peak->baseline = read_curve (curve, "baseline", peak->n, FALSE, error)) ||
      !(peak->peak = read_curve (curve, "peak", peak->n, FALSE, error)))
    return NULL;
  peak->reference = read_curve (curve, "reference", peak->n, TRUE, error);
  peak->use = g_new (gboolean, peak->n);
  use = json_object_get_string_member_with_default (curve, "use", "");
  for (gsize i = 0; i < peak->n; i++)
    peak->use[i] = strlen (use) == peak->n ? use[i] == '1' : TRUE;

  {
    const char *unit = json_object_get_string_member_with_default (object, "signal_unit", "");
    static const char *units[] = { "J/(g·K)", "W/g", "mJ/K", "mW" };

    peak->signal_unit = "mW";
    for (guint i = 0; i < G_N_ELEMENTS (units); i++)
      if (g_strcmp0 (unit, units[i]) == 0)
        peak->signal_unit = units[i];
    peak->enthalpy_unit = g_str_has_prefix (peak->signal_unit, "m") ? "mJ" : "J/g";
  }
  peak->is_dqdt = json_object_get_boolean_member_with_default (object, "dqdt", FALSE);
  peak->heating_rate = json_object_get_double_member_with_default (object, "heating_rate", NAN);
  peak->ts = json_object_get_double_member_with_default (object, "ts", NAN);
  peak->mass_mg = json_object_get_double_member_with_default (object, "mass_mg", NAN);
  peak->lag = json_object_get_double_member_with_default (object, "lag", 0);
  if (json_object_has_member (object, "anneal") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "anneal")))
    {
      JsonObject *anneal = json_object_get_object_member (object, "anneal");
      peak->anneal_temperature = json_object_get_double_member_with_default (anneal, "temperature", NAN);
      peak->anneal_time = json_object_get_double_member_with_default (anneal, "time", NAN);
    }
  if (json_object_has_member (object, "baseline"))
    peak->baseline_spec = rlx_baseline_spec_from_json (json_object_get_member (object, "baseline"), NULL);
  if (json_object_has_member (object, "metrics") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "metrics")))
    rlx_peak_metrics_from_json (json_object_get_object_member (object, "metrics"), &peak->metrics);
  else
    rlx_peak_metrics_from_json (NULL, &peak->metrics);
  return g_steal_pointer (&peak);
}

gboolean
rlx_peak_write_csv (const RlxPeak *peak,
                    const char    *path,
                    GError       **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  char a[G_ASCII_DTOSTR_BUF_SIZE];

  /* "name (unit)" headers are what the importer's generic reader understands, and the
     baseline-corrected peak comes first so that the file can be fitted as it is. */
  g_string_append_printf (text, "T (K),peak (%s),difference (%s),baseline (%s),annealed (%s),"
                          "reference (%s),used\n",
                          peak->signal_unit, peak->signal_unit, peak->signal_unit,
                          peak->signal_unit, peak->signal_unit);
  for (gsize i = 0; i < peak->n; i++)
    {
      const double values[6] = { peak->t[i], peak->peak[i], peak->difference[i], peak->baseline[i],
                                 peak->annealed[i], peak->reference ? peak->reference[i] : NAN };

      for (guint k = 0; k < 6; k++)
        {
          if (isfinite (values[k]))
            g_string_append (text, g_ascii_formatd (a, sizeof a, "%.9g", values[k]));
          g_string_append_c (text, ',');
        }
      g_string_append (text, peak->use[i] ? "1\n" : "0\n");
    }
  if (!g_file_set_contents (path, text->str, (gssize) text->len, error))
    {
      g_prefix_error (error, "Cannot write the peak CSV: ");
      return FALSE;
    }
  return TRUE;
}
