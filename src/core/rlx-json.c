/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-core"

#include "config.h"

#include "rlx-json.h"

#include <math.h>
#include <string.h>

/*
 * json-glib 1.6 (Debian 12) appends ".0" to every double whose shortest form has no '.',
 * which turns 1e-13 into "1e-13.0" and NaN into "nan.0": neither is JSON, and other programs
 * (Python's json module among them) refuse such files. All JSON that Relaxun writes goes
 * through rlx_json_to_string(), which repairs those tokens outside string literals.
 */

static gboolean
is_number_char (char c)
{
  return g_ascii_isdigit (c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
}

/**
 * rlx_json_repair_numbers:
 * @text: JSON text as written by json-glib
 *
 * Returns: (transfer full): @text with "1e-13.0" written as "1e-13" and non-finite numbers
 *   ("nan.0", "inf.0", "-inf.0") written as null
 */
char *
rlx_json_repair_numbers (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 16);
  gboolean in_string = FALSE;
  const char *p = text;

  while (*p != '\0')
    {
      if (in_string)
        {
          g_string_append_c (out, *p);
          if (*p == '\\' && p[1] != '\0')
            g_string_append_c (out, *++p);
          else if (*p == '"')
            in_string = FALSE;
          p++;
          continue;
        }

      if (*p == '"')
        {
          in_string = TRUE;
          g_string_append_c (out, *p++);
          continue;
        }

      if (strncmp (p, "nan.0", 5) == 0 || strncmp (p, "-nan.0", 6) == 0 ||
          strncmp (p, "inf.0", 5) == 0 || strncmp (p, "-inf.0", 6) == 0)
        {
          g_string_append (out, "null");
          p += (*p == '-') ? 6 : 5;
          continue;
        }

      if (g_ascii_isdigit (*p) || (*p == '-' && g_ascii_isdigit (p[1])))
        {
          const char *start = p;
          gboolean has_exponent = FALSE;
          gsize len;

          while (is_number_char (*p))
            {
              if (*p == 'e' || *p == 'E')
                has_exponent = TRUE;
              p++;
            }
          len = (gsize) (p - start);
          /* "1e-13.0": an exponent followed by the appended ".0" */
          if (has_exponent && len > 2 && start[len - 2] == '.' && start[len - 1] == '0' &&
              memchr (start, '.', len - 2) == NULL)
            len -= 2;
          g_string_append_len (out, start, (gssize) len);
          continue;
        }

      g_string_append_c (out, *p++);
    }

  return g_string_free (out, FALSE);
}

/**
 * rlx_json_to_string:
 *
 * Serialises @node as valid JSON (see rlx_json_repair_numbers()).
 *
 * Returns: (transfer full): the text
 */
char *
rlx_json_to_string (JsonNode *node,
                    gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *raw = NULL;

  json_generator_set_pretty (generator, pretty);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  raw = json_generator_to_data (generator, NULL);

  return rlx_json_repair_numbers (raw);
}

/**
 * rlx_json_builder_add_double:
 *
 * Adds @value, or null when it is not finite: JSON has no NaN or infinity.
 */
void
rlx_json_builder_add_double (JsonBuilder *builder,
                             double       value)
{
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}
