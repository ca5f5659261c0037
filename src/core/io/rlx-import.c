/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-io"

#include "config.h"

#include "rlx-import.h"

#include <string.h>

#include "rlx-import-private.h"

G_DEFINE_QUARK (rlx-import-error-quark, rlx_import_error)

/* Sniffing order matters only for ties; the generic reader comes last. */
static const RlxFormatReader *readers[] = {
  &rlx_format_stare_curve,
  &rlx_format_stare_report,
  &rlx_format_ta_ua,
  &rlx_format_trios_lims,
  &rlx_format_trios,
  &rlx_format_netzsch,
  &rlx_format_pyris,
  &rlx_format_setaram,
  &rlx_format_generic,
};

static RlxFormatInfo format_infos[G_N_ELEMENTS (readers)];

/**
 * rlx_import_list_formats:
 * @n: (out): number of formats
 *
 * Returns: (transfer none): the readers, in sniffing order
 */
const RlxFormatInfo *
rlx_import_list_formats (guint *n)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
        {
          format_infos[i].id = readers[i]->id;
          format_infos[i].label = readers[i]->label;
        }
      g_once_init_leave (&initialised, 1);
    }

  *n = G_N_ELEMENTS (readers);
  return format_infos;
}

static const RlxFormatReader *
find_reader (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    if (strcmp (readers[i]->id, id) == 0)
      return readers[i];
  return NULL;
}

gboolean
rlx_import_has_format (const char *id)
{
  return id != NULL && find_reader (id) != NULL;
}

void
rlx_import_options_init (RlxImportOptions *options)
{
  memset (options, 0, sizeof *options);
  options->x_column = -1;
  options->y_column = -1;
  options->x_quantity = RLX_QUANTITY_OTHER;
  options->y_quantity = RLX_QUANTITY_OTHER;
  options->skip_lines = -1;
}

void
rlx_import_set_error (RlxImportContext *ctx,
                      GError          **error,
                      RlxImportError    code,
                      guint             line,
                      const char       *format,
                      ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  if (line > 0)
    g_set_error (error, RLX_IMPORT_ERROR, code, "%s, line %u: %s.%s%s", ctx->file_name, line, what,
                 ctx->hint ? " " : "", ctx->hint ? ctx->hint : "");
  else
    g_set_error (error, RLX_IMPORT_ERROR, code, "%s: %s.%s%s", ctx->file_name, what,
                 ctx->hint ? " " : "", ctx->hint ? ctx->hint : "");
}

const char *
rlx_import_line (RlxImportContext *ctx,
                 guint             index)
{
  return index < ctx->text->n_lines ? rlx_text_line (ctx->text, index) : "";
}

gboolean
rlx_import_line_is_blank (RlxImportContext *ctx,
                          guint             index)
{
  const char *p = rlx_import_line (ctx, index);

  for (; *p != '\0'; p++)
    if (*p != ' ' && *p != '\t')
      return FALSE;
  return TRUE;
}

guint
rlx_import_next_nonblank (RlxImportContext *ctx,
                          guint             index)
{
  while (index < ctx->text->n_lines && rlx_import_line_is_blank (ctx, index))
    index++;
  return index;
}

guint
rlx_import_tokenize (RlxImportContext *ctx,
                     guint             index,
                     RlxSplitMode      mode)
{
  if (index >= ctx->text->n_lines)
    {
      g_array_set_size (ctx->tokens, 0);
      return 0;
    }
  return rlx_tokenize (rlx_text_line (ctx->text, index), rlx_text_line_length (ctx->text, index),
                       mode, ctx->tokens);
}

char *
rlx_import_key_value (const char *line,
                      const char *key)
{
  gsize n = strlen (key);
  const char *p;

  if (strncmp (line, key, n) != 0)
    return NULL;
  p = line + n;
  if (*p != '\0' && *p != '\t' && *p != ' ' && *p != ':' && *p != '=' && *p != ',' && *p != ';')
    return NULL;
  while (*p == '\t' || *p == ' ' || *p == ':' || *p == '=')
    p++;
  if (*p == ',' || *p == ';')
    p++;
  return g_strstrip (g_strdup (p));
}

static char *
base_name (const char *file_name)
{
  if (file_name == NULL || *file_name == '\0')
    return g_strdup ("(unnamed file)");
  return g_path_get_basename (file_name);
}

/**
 * rlx_import_read_bytes_full:
 * @file_name: (nullable): the file's name, for messages and name-encoded metadata only
 * @force_format: (nullable): a format id, or %NULL to sniff the content
 * @options: (nullable): explicit choices, mainly for the generic reader
 * @detected_format: (out) (optional): the id of the reader used
 *
 * Returns: (transfer container) (element-type RlxRunData): the runs, at least one; %NULL on error
 */
GPtrArray *
rlx_import_read_bytes_full (GBytes                 *bytes,
                            const char             *file_name,
                            const char             *force_format,
                            const RlxImportOptions *options,
                            char                  **detected_format,
                            GError                **error)
{
  g_autofree char *name = base_name (file_name);
  g_autofree char *message = NULL;
  g_autoptr(RlxText) text = NULL;
  g_autoptr(GArray) tokens = g_array_new (FALSE, FALSE, sizeof (RlxToken));
  RlxImportOptions default_options;
  RlxImportContext ctx = { 0 };
  const RlxFormatReader *reader = NULL;
  GPtrArray *runs;
  gsize size = 0;
  const guint8 *data;
  guint line = 0;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (detected_format)
    *detected_format = NULL;
  if (options == NULL)
    {
      rlx_import_options_init (&default_options);
      options = &default_options;
    }

  ctx.file_name = name;
  ctx.options = options;
  ctx.tokens = tokens;

  if (force_format != NULL && (reader = find_reader (force_format)) == NULL)
    {
      rlx_import_set_error (&ctx, error, RLX_IMPORT_ERROR_UNKNOWN_FORMAT, 0,
                            "“%s” is not a format Relaxun reads",
                            force_format);
      return NULL;
    }

  data = g_bytes_get_data (bytes, &size);
  if (size == 0)
    {
      rlx_import_set_error (&ctx, error, RLX_IMPORT_ERROR_NO_DATA, 0,
                            "the file is empty. Export the measurement again from the instrument software");
      return NULL;
    }
  if (size > RLX_TEXT_MAX_BYTES)
    {
      rlx_import_set_error (&ctx, error, RLX_IMPORT_ERROR_TOO_LARGE, 0,
                            "the file is larger than 2 GiB; split the export");
      return NULL;
    }

  text = rlx_text_decode (data, size, &message, &line);
  if (text == NULL)
    {
      rlx_import_set_error (&ctx, error,
                            line > 0 ? RLX_IMPORT_ERROR_TOO_LARGE : RLX_IMPORT_ERROR_ENCODING,
                            line, "%s", message);
      return NULL;
    }
  ctx.text = text;

  if (rlx_import_next_nonblank (&ctx, 0) >= text->n_lines)
    {
      rlx_import_set_error (&ctx, error, RLX_IMPORT_ERROR_NO_DATA, 0,
                            "the file holds only blank lines");
      return NULL;
    }

  if (reader == NULL)
    {
      int best = 0;

      for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
        {
          int score = readers[i]->sniff (&ctx);

          if (score > best)
            {
              best = score;
              reader = readers[i];
            }
        }
      if (reader == NULL)
        {
          rlx_import_set_error (&ctx, error, RLX_IMPORT_ERROR_UNKNOWN_FORMAT, 0,
                                "Relaxun does not recognise this content as an instrument export "
                                "or a table of numbers. Run “relaxun-cli import --list-formats” "
                                "for the formats it reads, or import with --as generic");
          return NULL;
        }
    }

  runs = reader->read (&ctx, error);
  if (runs == NULL)
    return NULL;

  if (runs->len == 0)
    {
      g_ptr_array_unref (runs);
      rlx_import_set_error (&ctx, error, RLX_IMPORT_ERROR_NO_DATA, 0, "the file holds no data rows");
      return NULL;
    }

  for (guint i = 0; i < runs->len; i++)
    {
      RlxRunData *run = g_ptr_array_index (runs, i);

      g_free (run->format);
      run->format = g_strdup (reader->id);
      rlx_run_data_set_metadata (run, "encoding", rlx_encoding_to_string (text->encoding));
      rlx_run_data_set_metadata (run, "file-name", name);
    }

  if (detected_format)
    *detected_format = g_strdup (reader->id);
  return runs;
}

GPtrArray *
rlx_import_read_bytes (GBytes      *bytes,
                       const char  *file_name,
                       const char  *force_format,
                       char       **detected_format,
                       GError     **error)
{
  return rlx_import_read_bytes_full (bytes, file_name, force_format, NULL, detected_format, error);
}

/**
 * rlx_import_read_file:
 *
 * Reads one export file; see rlx_import_read_bytes().
 *
 * Returns: (transfer container) (element-type RlxRunData): the runs, or %NULL on error
 */
GPtrArray *
rlx_import_read_file (const char  *path,
                      const char  *force_format,
                      char       **detected_format,
                      GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);

  bytes = g_file_load_bytes (file, NULL, NULL, &local);
  if (bytes == NULL)
    {
      g_set_error (error, RLX_IMPORT_ERROR, RLX_IMPORT_ERROR_FAILED, "%s: %s", path, local->message);
      return NULL;
    }
  return rlx_import_read_bytes (bytes, path, force_format, detected_format, error);
}
