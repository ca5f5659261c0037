/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rlx-text.h"

typedef struct
{
  const char      *text;
  char             mark;
  RlxNumberStatus  status;
  double           value;
} NumberCase;

static const NumberCase number_cases[] = {
  { "2,66407e-03",   ',', RLX_NUMBER_OK, 2.66407e-3 },
  { "-7,97800e+01",  ',', RLX_NUMBER_OK, -79.78 },
  { ".004166667",    '.', RLX_NUMBER_OK, 0.004166667 },
  { "6.66667E-4",    '.', RLX_NUMBER_OK, 6.66667e-4 },
  { "  31.06100",    '.', RLX_NUMBER_OK, 31.061 },
  { "0.01250000 ",   0,   RLX_NUMBER_OK, 0.0125 },
  { "1,5",           0,   RLX_NUMBER_OK, 1.5 },
  { "+12",           '.', RLX_NUMBER_OK, 12.0 },
  { "-0",            '.', RLX_NUMBER_OK, 0.0 },
  { "5.",            '.', RLX_NUMBER_OK, 5.0 },
  { "3.02912361860308E-09", '.', RLX_NUMBER_OK, 3.02912361860308e-09 },
  { "123456789012345678901234", '.', RLX_NUMBER_OK, 123456789012345678901234.0 },
  { "1e-310",        '.', RLX_NUMBER_OK, 1e-310 },
  { "",              '.', RLX_NUMBER_EMPTY, 0 },
  { "   ",           '.', RLX_NUMBER_EMPTY, 0 },
  { "1,2,3e",        ',', RLX_NUMBER_INVALID, 0 },
  { "1.5",           ',', RLX_NUMBER_WRONG_MARK, 0 },
  { "1,5",           '.', RLX_NUMBER_WRONG_MARK, 0 },
  { "NaN",           '.', RLX_NUMBER_NOT_FINITE, 0 },
  { "-inf",          '.', RLX_NUMBER_NOT_FINITE, 0 },
  { "Infinity",      '.', RLX_NUMBER_NOT_FINITE, 0 },
  { "1e999",         '.', RLX_NUMBER_NOT_FINITE, 0 },
  { "1e",            '.', RLX_NUMBER_INVALID, 0 },
  { "e5",            '.', RLX_NUMBER_INVALID, 0 },
  { "0x1F",          '.', RLX_NUMBER_INVALID, 0 },
  { "12 34",         '.', RLX_NUMBER_INVALID, 0 },
  { "-",             '.', RLX_NUMBER_INVALID, 0 },
  { ".",             '.', RLX_NUMBER_INVALID, 0 },
  { "FRT",           '.', RLX_NUMBER_INVALID, 0 },
};

static void
test_numbers (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (number_cases); i++)
    {
      const NumberCase *c = &number_cases[i];
      double v = -1;
      RlxNumberStatus status = rlx_parse_number (c->text, strlen (c->text), c->mark, &v, NULL);

      g_test_message ("“%s”", c->text);
      g_assert_cmpint (status, ==, c->status);
      if (status == RLX_NUMBER_OK)
        g_assert_cmpfloat (v, ==, c->value);   /* correctly rounded: exact equality */
    }
}

static void
test_number_error_position (void)
{
  gsize pos = 0;
  double v;

  g_assert_cmpint (rlx_parse_number ("12.5x", 5, '.', &v, &pos), ==, RLX_NUMBER_INVALID);
  g_assert_cmpuint (pos, ==, 4);
  g_assert_cmpint (rlx_parse_number ("3.1", 3, ',', &v, &pos), ==, RLX_NUMBER_WRONG_MARK);
  g_assert_cmpuint (pos, ==, 1);
}

typedef struct
{
  const char   *line;
  RlxSplitMode  mode;
  const char   *joined;   /* tokens joined with '|' */
} TokenCase;

static const TokenCase token_cases[] = {
  { "  1   2,5\t3 ",            RLX_SPLIT_WHITESPACE, "1|2,5|3" },
  { "a\tb\t\tc\t",              RLX_SPLIT_TAB,        "a|b||c|" },
  { "\t0.1\t7.02 ",             RLX_SPLIT_TAB,        "|0.1|7.02" },
  { " 26.7; 0.0;-3.6e-02",      RLX_SPLIT_SEMICOLON,  "26.7|0.0|-3.6e-02" },
  { "T,\"Heat, flow\",x",       RLX_SPLIT_COMMA,      "T|Heat, flow|x" },
  { " 26.71400,20.00417, 0.0",  RLX_SPLIT_COMMA,      "26.71400|20.00417|0.0" },
  { "E'  E\"  E*",              RLX_SPLIT_WHITESPACE, "E'|E\"|E*" },
};

static char *
join_tokens (GArray *tokens)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < tokens->len; i++)
    {
      RlxToken *t = &g_array_index (tokens, RlxToken, i);

      if (i > 0)
        g_string_append_c (s, '|');
      g_string_append_len (s, t->start, t->length);
    }
  return g_string_free (s, FALSE);
}

static void
test_tokenizer (void)
{
  g_autoptr(GArray) tokens = g_array_new (FALSE, FALSE, sizeof (RlxToken));

  for (guint i = 0; i < G_N_ELEMENTS (token_cases); i++)
    {
      g_autofree char *joined = NULL;

      rlx_tokenize (token_cases[i].line, strlen (token_cases[i].line), token_cases[i].mode, tokens);
      joined = join_tokens (tokens);
      g_assert_cmpstr (joined, ==, token_cases[i].joined);
    }
}

static void
test_fixed_width (void)
{
  g_autoptr(GArray) tokens = g_array_new (FALSE, FALSE, sizeof (RlxToken));
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (guint));
  const char *data = "             0   0,00000e+00  -9,75000e-04  -7,99638e+01";
  const char *names = "         Index             t     Heat Flow            Ts";
  const char *units = "           [#]           [s]          [mW]          [°C]";
  g_autofree char *joined_names = NULL;
  g_autofree char *joined_units = NULL;

  g_assert_cmpuint (rlx_token_ends (data, ends), ==, 4);
  g_assert_cmpuint (g_array_index (ends, guint, 0), ==, 14);
  rlx_tokenize_fixed (names, (guint *) (void *) ends->data, ends->len, tokens);
  joined_names = join_tokens (tokens);
  g_assert_cmpstr (joined_names, ==, "Index|t|Heat Flow|Ts");
  /* "°" is two bytes but one column */
  rlx_tokenize_fixed (units, (guint *) (void *) ends->data, ends->len, tokens);
  joined_units = join_tokens (tokens);
  g_assert_cmpstr (joined_units, ==, "[#]|[s]|[mW]|[°C]");
}

typedef struct
{
  const char *bytes;
  gsize       size;        /* 0: strlen */
  RlxEncoding encoding;
  const char *first_line;
  guint       n_lines;
} DecodeCase;

static void
test_decode (void)
{
  static const DecodeCase cases[] = {
    { "a\r\nb\r\n", 6, RLX_ENCODING_UTF8, "a", 2 },
    { "a\rb\rc", 5, RLX_ENCODING_UTF8, "a", 3 },
    { "\xEF\xBB\xBFT [\xC2\xB0""C]\n", 11, RLX_ENCODING_UTF8_BOM, "T [°C]", 1 },
    { "[\xB0""C] [\xB5m]\n", 0, RLX_ENCODING_WINDOWS_1252, "[°C] [µm]", 1 },
    { "Temperature (\xF8""C)\n", 17, RLX_ENCODING_WINDOWS_1252, "Temperature (°C)", 1 },
    { "\xF8re\n", 4, RLX_ENCODING_WINDOWS_1252, "øre", 1 },
    { "##Temp./\x9B""C\n", 0, RLX_ENCODING_WINDOWS_1252, "##Temp./°C", 1 },
    { "[\xEF\xBF\xBD""C]\n", 7, RLX_ENCODING_UTF8, "[°C]", 1 },
    { "\xFF\xFEI\0n\0\r\0\n\0x\0", 12, RLX_ENCODING_UTF16LE, "In", 2 },
    { "\xFE\xFF\0I\0n\0\n\0x", 10, RLX_ENCODING_UTF16BE, "In", 2 },
    { "I\0n\0d\0e\0x\0\n\0", 12, RLX_ENCODING_UTF16LE, "Index", 1 },
    { "\x80 5\n", 4, RLX_ENCODING_WINDOWS_1252, "€ 5", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = NULL;
      guint line = 0;
      gsize size = cases[i].size ? cases[i].size : strlen (cases[i].bytes);
      g_autoptr(RlxText) text = rlx_text_decode ((const guint8 *) cases[i].bytes, size, &message, &line);

      g_test_message ("case %u: %s", i, message ? message : "");
      g_assert_null (message);
      g_assert_nonnull (text);
      g_assert_cmpint (text->encoding, ==, cases[i].encoding);
      g_assert_cmpuint (text->n_lines, ==, cases[i].n_lines);
      g_assert_cmpstr (rlx_text_line (text, 0), ==, cases[i].first_line);
    }
}

static void
test_decode_refuses (void)
{
  g_autofree char *message = NULL;
  guint line = 0;
  char *huge;
  RlxText *text;

  text = rlx_text_decode ((const guint8 *) "ab\0cd", 5, &message, &line);
  g_assert_null (text);
  g_assert_nonnull (strstr (message, "binary"));
  g_clear_pointer (&message, g_free);

  huge = g_malloc (RLX_TEXT_MAX_LINE + 10);
  memset (huge, '1', RLX_TEXT_MAX_LINE + 10);
  huge[0] = 'x';
  huge[1] = '\n';
  text = rlx_text_decode ((const guint8 *) huge, RLX_TEXT_MAX_LINE + 10, &message, &line);
  g_assert_null (text);
  g_assert_cmpuint (line, ==, 2);
  g_free (huge);
}

static void
test_decimal_detection (void)
{
  const char *comma = "0 0,00000e+00 1,5\n1 1,00000e-04 1,6\n";
  const char *point = "0;1.5;2\n1;1.6;3\n";
  g_autofree char *m1 = NULL, *m2 = NULL;
  guint line;
  g_autoptr(RlxText) a = rlx_text_decode ((const guint8 *) comma, strlen (comma), &m1, &line);
  g_autoptr(RlxText) b = rlx_text_decode ((const guint8 *) point, strlen (point), &m2, &line);

  g_assert_cmpint (rlx_detect_decimal_mark (a, 0, 10, RLX_SPLIT_WHITESPACE), ==, ',');
  g_assert_cmpint (rlx_detect_decimal_mark (b, 0, 10, RLX_SPLIT_SEMICOLON), ==, '.');
  g_assert_cmpint (rlx_detect_decimal_mark (b, 0, 10, RLX_SPLIT_COMMA), ==, '.');
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/relaxun/io/text/numbers", test_numbers);
  g_test_add_func ("/relaxun/io/text/number-error-position", test_number_error_position);
  g_test_add_func ("/relaxun/io/text/tokenizer", test_tokenizer);
  g_test_add_func ("/relaxun/io/text/fixed-width", test_fixed_width);
  g_test_add_func ("/relaxun/io/text/decode", test_decode);
  g_test_add_func ("/relaxun/io/text/decode-refuses", test_decode_refuses);
  g_test_add_func ("/relaxun/io/text/decimal-detection", test_decimal_detection);
  return g_test_run ();
}
