/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-store"

#include "config.h"

#include "rlx-store-private.h"

#include <string.h>

/*
 * A strict RFC 8259 reading of the text without building a tree. Analyses can hold hundreds of
 * kilobytes (peak curves), and json-glib's parser costs several times more than writing them.
 * TRUE only for text that is certainly valid JSON that json-glib reads too; anything it cannot
 * vouch for (deep nesting, \u0000, surrogate escapes, very long integers) is handed to
 * json-glib, whose verdict and message stand.
 */
#define JSON_MAX_DEPTH 200

static gboolean json_value_ok (const guchar **p,
                               int            depth);

static void
json_skip_space (const guchar **p)
{
  while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
    (*p)++;
}

/* Bytes that end the plain run of a string: the quote, the backslash, control characters and
   the start of a UTF-8 sequence. */
static const guint8 *
json_string_stops (void)
{
  static guint8 stops[256];
  static gsize ready = 0;

  if (g_once_init_enter (&ready))
    {
      for (guint c = 0; c < 256; c++)
        stops[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
      g_once_init_leave (&ready, 1);
    }
  return stops;
}

static gboolean
json_string_ok (const guchar **pp)
{
  const guint8 *stops = json_string_stops ();
  const guchar *start = *pp + 1, *p = start;
  gboolean non_ascii = FALSE;

  for (;;)
    {
      guchar c;

      while (!stops[*p])
        p++;
      c = *p;
      if (c == '"')
        {
          *pp = p + 1;
          /* only strings may hold bytes above 0x7F: UTF-8 is checked where there are some */
          return !non_ascii || g_utf8_validate ((const char *) start, p - start, NULL);
        }
      if (c < 0x20)
        return FALSE;
      if (c >= 0x80)
        {
          non_ascii = TRUE;
          p++;
          continue;
        }
      p++;
      switch (*p)
        {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          p++;
          break;
        case 'u':
          {
            unsigned code = 0;

            for (int k = 1; k <= 4; k++)
              {
                if (!g_ascii_isxdigit (p[k]))
                  return FALSE;
                code = code * 16 + (unsigned) g_ascii_xdigit_value (p[k]);
              }
            if (code == 0 || (code >= 0xD800 && code <= 0xDFFF))
              return FALSE;
            p += 5;
          }
          break;
        default:
          return FALSE;
        }
    }
}

static gboolean
json_number_ok (const guchar **pp)
{
  const guchar *p = *pp, *digits;

  if (*p == '-')
    p++;
  digits = p;
  if (*p == '0')
    p++;
  else if (*p >= '1' && *p <= '9')
    while (g_ascii_isdigit (*p))
      p++;
  else
    return FALSE;
  /* json-glib reads integers as 64-bit */
  if (p - digits > 18)
    return FALSE;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  *pp = p;
  return TRUE;
}

static gboolean
json_literal_ok (const guchar **p,
                 const char    *word)
{
  gsize len = strlen (word);

  if (strncmp ((const char *) *p, word, len) != 0)
    return FALSE;
  *p += len;
  return TRUE;
}

static gboolean
json_value_ok (const guchar **p,
               int            depth)
{
  json_skip_space (p);
  switch (**p)
    {
    case '"':
      return json_string_ok (p);
    case 't':
      return json_literal_ok (p, "true");
    case 'f':
      return json_literal_ok (p, "false");
    case 'n':
      return json_literal_ok (p, "null");
    case '[':
    case '{':
      {
        gboolean object = **p == '{';
        guchar close = object ? '}' : ']';

        if (depth >= JSON_MAX_DEPTH)
          return FALSE;
        (*p)++;
        json_skip_space (p);
        if (**p == close)
          {
            (*p)++;
            return TRUE;
          }
        for (;;)
          {
            if (object)
              {
                json_skip_space (p);
                if (**p != '"' || !json_string_ok (p))
                  return FALSE;
                json_skip_space (p);
                if (**p != ':')
                  return FALSE;
                (*p)++;
              }
            if (!json_value_ok (p, depth + 1))
              return FALSE;
            json_skip_space (p);
            if (**p == ',')
              {
                (*p)++;
                continue;
              }
            if (**p != close)
              return FALSE;
            (*p)++;
            return TRUE;
          }
      }
    default:
      return json_number_ok (p);
    }
}

static gboolean
json_certainly_valid (const char *json)
{
  const guchar *p = (const guchar *) json;

  if (!json_value_ok (&p, 0))
    return FALSE;
  json_skip_space (&p);
  return *p == '\0';
}

gboolean
rlx_store_check_json (const char *json,
                      const char *what,
                      GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;

  if (json == NULL)
    {
      g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID, "The %s is missing", what);
      return FALSE;
    }
  if (json_certainly_valid (json))
    return TRUE;

  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID,
                   "The %s is not valid JSON: %s", what, local_error->message);
      return FALSE;
    }

  return TRUE;
}
