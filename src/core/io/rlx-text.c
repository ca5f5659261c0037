/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-io"

#include "config.h"

#include "rlx-text.h"

#include <math.h>
#include <string.h>

/* Windows-1252 0x80–0x9F; the five undefined bytes pass through as the C1 control they are
 * in latin-1. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

const char *
rlx_encoding_to_string (RlxEncoding encoding)
{
  switch (encoding)
    {
    case RLX_ENCODING_UTF8:         return "UTF-8";
    case RLX_ENCODING_UTF8_BOM:     return "UTF-8 (BOM)";
    case RLX_ENCODING_UTF16LE:      return "UTF-16LE";
    case RLX_ENCODING_UTF16BE:      return "UTF-16BE";
    case RLX_ENCODING_WINDOWS_1252: return "Windows-1252";
    default:                        return "unknown";
    }
}

static gboolean
decode_utf16 (const guint8 *bytes,
              gsize         size,
              gboolean      big_endian,
              GString      *out,
              char        **error_message)
{
  gsize i;

  if (size % 2 != 0)
    size--;   /* a stray last byte of a cut file carries no character */

  for (i = 0; i + 1 < size; i += 2)
    {
      gunichar c = big_endian ? (bytes[i] << 8 | bytes[i + 1]) : (bytes[i + 1] << 8 | bytes[i]);

      if (c >= 0xD800 && c <= 0xDBFF)
        {
          gunichar low;

          if (i + 3 >= size)
            {
              *error_message = g_strdup ("the UTF-16 text ends in the middle of a character");
              return FALSE;
            }
          low = big_endian ? (bytes[i + 2] << 8 | bytes[i + 3]) : (bytes[i + 3] << 8 | bytes[i + 2]);
          if (low < 0xDC00 || low > 0xDFFF)
            {
              *error_message = g_strdup_printf ("invalid UTF-16 surrogate pair at byte %" G_GSIZE_FORMAT, i);
              return FALSE;
            }
          c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
          i += 2;
        }
      else if (c >= 0xDC00 && c <= 0xDFFF)
        {
          *error_message = g_strdup_printf ("invalid UTF-16 surrogate at byte %" G_GSIZE_FORMAT, i);
          return FALSE;
        }
      if (c == 0)
        {
          *error_message = g_strdup ("the UTF-16 text contains NUL characters: this looks like a binary "
                                     "file (e.g. a raw instrument file), not a text export");
          return FALSE;
        }
      g_string_append_unichar (out, c);
    }

  return TRUE;
}

static void
decode_windows_1252 (const guint8 *bytes,
                     gsize         size,
                     GString      *out)
{
  for (gsize i = 0; i < size; i++)
    {
      guint8 b = bytes[i];
      gboolean before_unit;

      if (b < 0x80)
        {
          gsize run = i;

          /* Whole runs of ASCII at once: almost all of a data file. */
          while (run < size && bytes[run] < 0x80)
            run++;
          g_string_append_len (out, (const char *) bytes + i, run - i);
          i = run - 1;
          continue;
        }
      before_unit = i + 1 < size && (bytes[i + 1] == 'C' || bytes[i + 1] == 'F');
      /* 0xF8 is the OEM (CP437/850) degree sign of old TA exports, 0x9B the one of NETZSCH
       * "ASCII" exports; both are recognised only in front of a temperature unit. */
      if ((b == 0xF8 || b == 0x9B) && before_unit)
        g_string_append (out, "°");
      else if (b >= 0x80 && b < 0xA0)
        g_string_append_unichar (out, cp1252_high[b - 0x80]);
      else
        g_string_append_unichar (out, b);
    }
}

/* A copy re-saved as UTF-8 by a tool that did not know the code page has U+FFFD where the
 * degree sign was. */
static void
repair_replacement_degree (GString *s)
{
  static const char fffd[] = "\xEF\xBF\xBD";
  char *p = s->str;
  char *w;

  if (strstr (p, fffd) == NULL)
    return;

  w = p;
  while (*p != '\0')
    {
      if (strncmp (p, fffd, 3) == 0 && (p[3] == 'C' || p[3] == 'F'))
        {
          *w++ = (char) 0xC2;
          *w++ = (char) 0xB0;
          p += 3;
        }
      else
        *w++ = *p++;
    }
  *w = '\0';
  g_string_set_size (s, w - s->str);
}

static gboolean
looks_binary (const guint8 *bytes,
              gsize         size)
{
  gsize n = MIN (size, 65536);
  gsize controls = 0;

  for (gsize i = 0; i < n; i++)
    {
      guint8 b = bytes[i];

      if (b == 0)
        return TRUE;
      if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x1A)
        controls++;
    }

  return controls * 100 > n;
}

static gboolean
split_lines (RlxText  *text,
             char    **error_message,
             guint    *error_line)
{
  GArray *lines = g_array_sized_new (FALSE, FALSE, sizeof (RlxLine), text->size / 40 + 16);
  char *p = text->data;
  char *end = text->data + text->size;

  while (p < end)
    {
      char *start = p;
      char *newline = memchr (p, '\n', end - p);
      char *cr;
      RlxLine line;

      if (newline == NULL)
        newline = end;
      cr = memchr (p, '\r', newline - p);
      p = cr != NULL ? cr : newline;

      if ((gsize) (p - start) > RLX_TEXT_MAX_LINE)
        {
          *error_message = g_strdup_printf ("the line is longer than %d bytes; this is not a "
                                            "table export", RLX_TEXT_MAX_LINE);
          *error_line = lines->len + 1;
          g_array_free (lines, TRUE);
          return FALSE;
        }

      line.offset = (guint32) (start - text->data);
      line.length = (guint32) (p - start);
      g_array_append_val (lines, line);

      if (p < end)
        {
          if (*p == '\r' && p + 1 < end && p[1] == '\n')
            *p++ = '\0';
          *p++ = '\0';
        }
    }

  text->n_lines = lines->len;
  text->lines = (RlxLine *) (void *) g_array_free (lines, FALSE);
  return TRUE;
}

/**
 * rlx_text_decode:
 * @error_message: (out): why the bytes are not usable text
 * @error_line: (out): the 1-based line of the problem, 0 when it is the whole file
 *
 * Decodes an export file: UTF-16LE/BE with a BOM (or without one when the NUL pattern is
 * unmistakable), UTF-8 with or without BOM, and otherwise Windows-1252, with the odd
 * degree-sign bytes of some instruments mapped to "°". Splits lines at CRLF, LF or CR.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL with @error_message set
 */
RlxText *
rlx_text_decode (const guint8 *bytes,
                 gsize         size,
                 char        **error_message,
                 guint        *error_line)
{
  g_autoptr(RlxText) text = g_new0 (RlxText, 1);
  GString *s = NULL;

  *error_message = NULL;
  *error_line = 0;

  if (size > RLX_TEXT_MAX_BYTES)
    {
      *error_message = g_strdup ("the file is larger than 2 GiB");
      return NULL;
    }

  if (size >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
    {
      text->encoding = RLX_ENCODING_UTF16LE;
      s = g_string_sized_new (size / 2 + 1);
      if (!decode_utf16 (bytes + 2, size - 2, FALSE, s, error_message))
        goto fail;
    }
  else if (size >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
    {
      text->encoding = RLX_ENCODING_UTF16BE;
      s = g_string_sized_new (size / 2 + 1);
      if (!decode_utf16 (bytes + 2, size - 2, TRUE, s, error_message))
        goto fail;
    }
  else if (size >= 8 && bytes[0] != 0 && bytes[1] == 0 && bytes[2] != 0 && bytes[3] == 0 &&
           bytes[5] == 0 && bytes[7] == 0)
    {
      text->encoding = RLX_ENCODING_UTF16LE;
      s = g_string_sized_new (size / 2 + 1);
      if (!decode_utf16 (bytes, size, FALSE, s, error_message))
        goto fail;
    }
  else if (size >= 8 && bytes[0] == 0 && bytes[1] != 0 && bytes[2] == 0 && bytes[3] != 0 &&
           bytes[4] == 0 && bytes[6] == 0)
    {
      text->encoding = RLX_ENCODING_UTF16BE;
      s = g_string_sized_new (size / 2 + 1);
      if (!decode_utf16 (bytes, size, TRUE, s, error_message))
        goto fail;
    }
  else
    {
      gsize skip = 0;

      if (looks_binary (bytes, size) || memchr (bytes, 0, size) != NULL)
        {
          *error_message = g_strdup ("the file contains binary data (NUL or control bytes), "
                                     "not text; export the data as text (ASCII/CSV) from the "
                                     "instrument software");
          return NULL;
        }

      if (size >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        skip = 3;

      if (g_utf8_validate_len ((const char *) bytes + skip, size - skip, NULL))
        {
          text->encoding = skip ? RLX_ENCODING_UTF8_BOM : RLX_ENCODING_UTF8;
          s = g_string_new_len ((const char *) bytes + skip, size - skip);
          repair_replacement_degree (s);
        }
      else
        {
          text->encoding = RLX_ENCODING_WINDOWS_1252;
          s = g_string_sized_new (size + size / 8 + 1);
          decode_windows_1252 (bytes, size, s);
        }
    }

  /* Decoded UTF-16 can still hold control characters of a binary tail. */
  if (text->encoding == RLX_ENCODING_UTF16LE || text->encoding == RLX_ENCODING_UTF16BE)
    {
      if (looks_binary ((const guint8 *) s->str, s->len))
        {
          *error_message = g_strdup ("the file has a UTF-16 text header but binary content: it "
                                     "looks like a raw instrument file; export the data as text");
          goto fail;
        }
    }

  text->size = s->len;
  text->data = g_string_free (s, FALSE);
  s = NULL;

  if (!split_lines (text, error_message, error_line))
    return NULL;

  return g_steal_pointer (&text);

fail:
  if (s != NULL)
    g_string_free (s, TRUE);
  return NULL;
}

void
rlx_text_free (RlxText *text)
{
  if (text == NULL)
    return;
  g_free (text->data);
  g_free (text->lines);
  g_free (text);
}

const char *
rlx_text_line (const RlxText *text,
               guint          index)
{
  g_return_val_if_fail (index < text->n_lines, "");
  return text->data + text->lines[index].offset;
}

guint
rlx_text_line_length (const RlxText *text,
                      guint          index)
{
  g_return_val_if_fail (index < text->n_lines, 0);
  return text->lines[index].length;
}

/* ---- tokens ---- */

static inline gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

static void
push_token (GArray     *tokens,
            const char *start,
            const char *end)
{
  RlxToken token;

  while (start < end && is_blank (*start))
    start++;
  while (end > start && is_blank (end[-1]))
    end--;
  token.start = start;
  token.length = (guint) (end - start);
  g_array_append_val (tokens, token);
}

guint
rlx_tokenize (const char   *line,
              gsize         length,
              RlxSplitMode  mode,
              GArray       *tokens)
{
  const char *p = line;
  const char *end = line + length;
  char sep;

  g_array_set_size (tokens, 0);

  if (mode == RLX_SPLIT_WHITESPACE)
    {
      while (p < end)
        {
          const char *start;

          while (p < end && is_blank (*p))
            p++;
          if (p >= end)
            break;
          start = p;
          while (p < end && !is_blank (*p))
            p++;
          push_token (tokens, start, p);
        }
      return tokens->len;
    }

  sep = mode == RLX_SPLIT_TAB ? '\t' : mode == RLX_SPLIT_SEMICOLON ? ';' : ',';
  if (length == 0)
    return 0;

  for (;;)
    {
      const char *start = p;
      const char *q;

      while (p < end && *p == ' ')
        p++;
      if (mode == RLX_SPLIT_COMMA && p < end && *p == '"')
        {
          const char *inner = ++p;

          while (p < end)
            {
              if (*p == '"' && p + 1 < end && p[1] == '"')
                p += 2;
              else if (*p == '"')
                break;
              else
                p++;
            }
          push_token (tokens, inner, p);
          if (p < end)
            p++;
          while (p < end && *p != sep)
            p++;
        }
      else
        {
          q = memchr (p, sep, end - p);
          p = q ? q : end;
          push_token (tokens, start, p);
        }
      if (p >= end)
        break;
      p++;   /* the separator */
    }

  return tokens->len;
}

guint
rlx_tokenize_fixed (const char  *line,
                    const guint *ends,
                    guint        n_ends,
                    GArray      *tokens)
{
  const char *p = line;
  guint position = 0;

  g_array_set_size (tokens, 0);

  for (guint i = 0; i < n_ends; i++)
    {
      const char *start = p;

      if (i + 1 == n_ends)
        p += strlen (p);
      else
        while (*p != '\0' && position < ends[i])
          {
            p = g_utf8_next_char (p);
            position++;
          }
      push_token (tokens, start, p);
    }

  return tokens->len;
}

guint
rlx_token_ends (const char *line,
                GArray     *ends)
{
  guint position = 0;
  gboolean in_token = FALSE;
  const char *p;

  g_array_set_size (ends, 0);
  for (p = line; *p != '\0'; p = g_utf8_next_char (p), position++)
    {
      gboolean blank = is_blank (*p);

      if (in_token && blank)
        g_array_append_val (ends, position);
      in_token = !blank;
    }
  if (in_token)
    g_array_append_val (ends, position);

  return ends->len;
}

char *
rlx_token_dup (const RlxToken *token)
{
  return g_strndup (token->start, token->length);
}

gboolean
rlx_token_equal (const RlxToken *token,
                 const char     *text)
{
  return strlen (text) == token->length && strncmp (token->start, text, token->length) == 0;
}

/* ---- numbers ---- */

static const double exact_powers[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

static gboolean
starts_with_word (const char *p,
                  const char *end,
                  const char *word)
{
  gsize n = strlen (word);

  return (gsize) (end - p) >= n && g_ascii_strncasecmp (p, word, n) == 0;
}

/**
 * rlx_parse_number:
 * @decimal_mark: '.', ',' or 0 to accept either
 * @error_pos: (out) (optional): byte offset where the text stops being a number
 *
 * Parses a whole token as a finite number: sign, digits, one decimal mark, exponent
 * ("2,66407e-03", ".004166667", "6.66667E-4"). Surrounding spaces are allowed; anything else
 * is an error, and so are NaN and infinities.
 */
RlxNumberStatus
rlx_parse_number (const char *text,
                  gsize       length,
                  char        decimal_mark,
                  double     *value,
                  gsize      *error_pos)
{
  const char *p = text;
  const char *end = text + length;
  const char *begin;
  guint64 mantissa = 0;
  int n_significant = 0;
  int exponent10 = 0;
  int n_digits = 0;
  gboolean negative = FALSE;
  gboolean exact = TRUE;
  char mark_seen = 0;
  double result;

  if (error_pos)
    *error_pos = 0;

  while (p < end && is_blank (*p))
    p++;
  while (end > p && is_blank (end[-1]))
    end--;
  if (p == end)
    return RLX_NUMBER_EMPTY;

  begin = p;
  if (*p == '+' || *p == '-')
    negative = *p++ == '-';

  if (p < end && (*p == 'n' || *p == 'N' || *p == 'i' || *p == 'I') &&
      (starts_with_word (p, end, "nan") || starts_with_word (p, end, "inf")))
    {
      if (error_pos)
        *error_pos = p - text;
      return RLX_NUMBER_NOT_FINITE;
    }

  for (; p < end; p++)
    {
      char c = *p;

      if (c >= '0' && c <= '9')
        {
          n_digits++;
          if (mantissa == 0 && c == '0')
            {
              if (mark_seen)
                exponent10--;
              continue;
            }
          if (n_significant < 19)
            {
              mantissa = mantissa * 10 + (guint64) (c - '0');
              n_significant++;
              if (mark_seen)
                exponent10--;
            }
          else
            {
              exact = FALSE;
              if (!mark_seen)
                exponent10++;
            }
        }
      else if ((c == '.' || c == ',') && !mark_seen)
        {
          if (decimal_mark != 0 && c != decimal_mark)
            {
              if (error_pos)
                *error_pos = p - text;
              return RLX_NUMBER_WRONG_MARK;
            }
          mark_seen = c;
        }
      else
        break;
    }

  if (n_digits == 0)
    {
      if (error_pos)
        *error_pos = p - text;
      return RLX_NUMBER_INVALID;
    }

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      int e = 0;
      gboolean e_negative = FALSE;
      int e_digits = 0;

      p++;
      if (p < end && (*p == '+' || *p == '-'))
        e_negative = *p++ == '-';
      for (; p < end && *p >= '0' && *p <= '9'; p++, e_digits++)
        if (e < 100000)
          e = e * 10 + (*p - '0');
      if (e_digits == 0)
        {
          if (error_pos)
            *error_pos = p - text;
          return RLX_NUMBER_INVALID;
        }
      exponent10 += e_negative ? -e : e;
    }

  if (p != end)
    {
      if (error_pos)
        *error_pos = p - text;
      return RLX_NUMBER_INVALID;
    }

  if (mantissa == 0)
    result = 0.0;
  else if (exact && n_significant <= 15 && exponent10 >= -22 && exponent10 <= 22)
    {
      /* Clinger's fast path: both operands exact, one correctly rounded operation. */
      result = (double) mantissa;
      if (exponent10 >= 0)
        result *= exact_powers[exponent10];
      else
        result /= exact_powers[-exponent10];
    }
  else
    {
      char buffer[128];
      gsize n = MIN ((gsize) (end - begin), sizeof buffer - 1);

      memcpy (buffer, begin, n);
      buffer[n] = '\0';
      for (gsize i = 0; i < n; i++)
        if (buffer[i] == ',')
          buffer[i] = '.';
      result = g_ascii_strtod (buffer, NULL);
      negative = FALSE;
      if ((gsize) (end - begin) >= sizeof buffer)
        {
          if (error_pos)
            *error_pos = sizeof buffer - 1;
          return RLX_NUMBER_INVALID;
        }
    }

  if (!isfinite (result))
    return RLX_NUMBER_NOT_FINITE;

  *value = negative ? -result : result;
  return RLX_NUMBER_OK;
}

gboolean
rlx_token_is_number (const RlxToken *token,
                     char            decimal_mark)
{
  double v;

  return rlx_parse_number (token->start, token->length, decimal_mark, &v, NULL) == RLX_NUMBER_OK;
}

char
rlx_detect_decimal_mark (const RlxText *text,
                         guint          first,
                         guint          n,
                         RlxSplitMode   mode)
{
  g_autoptr(GArray) tokens = g_array_new (FALSE, FALSE, sizeof (RlxToken));
  guint points = 0, commas = 0;
  guint last = MIN (text->n_lines, first + n);

  if (mode == RLX_SPLIT_COMMA)
    return '.';

  for (guint i = first; i < last; i++)
    {
      rlx_tokenize (rlx_text_line (text, i), rlx_text_line_length (text, i), mode, tokens);
      for (guint k = 0; k < tokens->len; k++)
        {
          const RlxToken *t = &g_array_index (tokens, RlxToken, k);
          double v;

          if (rlx_parse_number (t->start, t->length, 0, &v, NULL) != RLX_NUMBER_OK)
            continue;
          if (memchr (t->start, ',', t->length))
            commas++;
          else if (memchr (t->start, '.', t->length))
            points++;
        }
    }

  if (commas == 0 && points == 0)
    return 0;
  return commas > points ? ',' : '.';
}
