/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Text layer of the import: bytes → UTF-8 → lines → tokens → numbers. One implementation,
 * shared by every format reader.
 */

#define RLX_TEXT_MAX_LINE   (1024 * 1024)          /* longer lines are refused */
#define RLX_TEXT_MAX_BYTES  ((gsize) 1 << 31)      /* larger files are refused */

typedef enum
{
  RLX_ENCODING_UTF8,
  RLX_ENCODING_UTF8_BOM,
  RLX_ENCODING_UTF16LE,
  RLX_ENCODING_UTF16BE,
  RLX_ENCODING_WINDOWS_1252,
} RlxEncoding;

typedef struct
{
  guint32 offset;   /* into RlxText.data */
  guint32 length;   /* bytes, without the line ending */
} RlxLine;

typedef struct
{
  char        *data;       /* UTF-8, NUL-terminated; each line is also NUL-terminated */
  gsize        size;
  RlxEncoding  encoding;
  RlxLine     *lines;
  guint        n_lines;
} RlxText;

typedef enum
{
  RLX_SPLIT_WHITESPACE,   /* runs of spaces and tabs */
  RLX_SPLIT_TAB,
  RLX_SPLIT_SEMICOLON,
  RLX_SPLIT_COMMA,
} RlxSplitMode;

typedef struct
{
  const char *start;
  guint       length;
} RlxToken;

typedef enum
{
  RLX_NUMBER_OK,
  RLX_NUMBER_EMPTY,
  RLX_NUMBER_INVALID,      /* not a number; error_pos says where it stops making sense */
  RLX_NUMBER_NOT_FINITE,   /* "NaN", "inf", or overflow */
  RLX_NUMBER_WRONG_MARK,   /* a decimal mark other than the file's */
} RlxNumberStatus;

/* Decoding: the error message says what is wrong without a file name (the caller adds it). */
RlxText        *rlx_text_decode            (const guint8 *bytes,
                                            gsize         size,
                                            char        **error_message,
                                            guint        *error_line);
void            rlx_text_free              (RlxText      *text);
const char     *rlx_text_line              (const RlxText *text,
                                            guint         index);
guint           rlx_text_line_length       (const RlxText *text,
                                            guint         index);
const char     *rlx_encoding_to_string     (RlxEncoding   encoding);

/* Tokenising: tokens are trimmed of spaces; a comma-mode field in double quotes is unquoted
 * (the quotes are dropped, inner doubled quotes are kept as they are). */
guint           rlx_tokenize               (const char   *line,
                                            gsize         length,
                                            RlxSplitMode  mode,
                                            GArray       *tokens);
/* Splits a line at the given character (not byte) end positions, as fixed-width tables are. */
guint           rlx_tokenize_fixed         (const char   *line,
                                            const guint  *ends,
                                            guint         n_ends,
                                            GArray       *tokens);
/* Character end positions of the whitespace-separated tokens of a line. */
guint           rlx_token_ends             (const char   *line,
                                            GArray       *ends);
char           *rlx_token_dup              (const RlxToken *token);
gboolean        rlx_token_equal            (const RlxToken *token,
                                            const char   *text);

/* Numbers: either decimal mark ('.' or ','), 0 = accept both; exponents; no NaN/Inf. */
RlxNumberStatus rlx_parse_number           (const char   *text,
                                            gsize         length,
                                            char          decimal_mark,
                                            double       *value,
                                            gsize        *error_pos);
gboolean        rlx_token_is_number        (const RlxToken *token,
                                            char          decimal_mark);
/* The decimal mark of numbers in the lines [first, first + n): '.', ',' or 0 when unknown. */
char            rlx_detect_decimal_mark    (const RlxText *text,
                                            guint         first,
                                            guint         n,
                                            RlxSplitMode  mode);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxText, rlx_text_free)

G_END_DECLS
