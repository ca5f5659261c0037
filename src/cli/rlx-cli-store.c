/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-cli"

#include "config.h"

#include "rlx-cli-store.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* The database in the user's data folder, used when no --db is given. */
char *
rlx_cli_default_db_path (void)
{
  return rlx_store_dup_default_path ();
}

/**
 * rlx_cli_open_store:
 * @db_path: (nullable): --db, or %NULL for the default database
 * @must_exist: commands that only read refuse a missing file rather than create an empty one
 */
RlxStore *
rlx_cli_open_store (const char *db_path,
                    gboolean    must_exist,
                    GError    **error)
{
  g_autofree char *fallback = NULL;

  if (db_path == NULL)
    db_path = fallback = rlx_cli_default_db_path ();

  if (must_exist && !g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_NOT_FOUND,
                   "There is no database at “%s”; import files first or give --db FILE",
                   db_path);
      return NULL;
    }

  return rlx_store_open (db_path, error);
}

gboolean
rlx_cli_parse_run_id (const char *text,
                      gint64     *run_id)
{
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *run_id = (gint64) value;
  return TRUE;
}

struct _RlxCliTable
{
  guint      n_columns;
  GPtrArray *rows;  /* GStrv */
};

RlxCliTable *
rlx_cli_table_new (guint n_columns,
                   ...)
{
  RlxCliTable *table = g_new0 (RlxCliTable, 1);
  char **header = g_new0 (char *, n_columns + 1);
  va_list args;

  table->n_columns = n_columns;
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  va_start (args, n_columns);
  for (guint i = 0; i < n_columns; i++)
    header[i] = g_strdup (va_arg (args, const char *));
  va_end (args);
  g_ptr_array_add (table->rows, header);
  return table;
}

/* Exactly n_columns strings (NULL prints as "-"). */
void
rlx_cli_table_add_row (RlxCliTable *table,
                       ...)
{
  char **row = g_new0 (char *, table->n_columns + 1);
  va_list args;

  va_start (args, table);
  for (guint i = 0; i < table->n_columns; i++)
    {
      const char *cell = va_arg (args, const char *);

      row[i] = g_strdup (cell != NULL && *cell != '\0' ? cell : "-");
    }
  va_end (args);
  g_ptr_array_add (table->rows, row);
}

void
rlx_cli_table_print (RlxCliTable *table,
                     const char  *indent)
{
  g_autofree glong *widths = g_new0 (glong, table->n_columns);

  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_columns; c++)
        widths[c] = MAX (widths[c], g_utf8_strlen (row[c], -1));
    }

  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);
      g_autoptr(GString) line = g_string_new (indent);

      for (guint c = 0; c < table->n_columns; c++)
        {
          g_string_append (line, row[c]);
          if (c + 1 < table->n_columns)
            for (glong pad = g_utf8_strlen (row[c], -1); pad < widths[c] + 2; pad++)
              g_string_append_c (line, ' ');
        }
      printf ("%s\n", line->str);
    }
}

void
rlx_cli_table_free (RlxCliTable *table)
{
  if (table == NULL)
    return;
  g_ptr_array_unref (table->rows);
  g_free (table);
}

/* "%g" with a unit, or NULL (printed as "-") when the value is unknown. */
char *
rlx_cli_format_number (double      value,
                       const char *unit)
{
  if (isnan (value))
    return NULL;
  if (unit != NULL && *unit != '\0')
    return g_strdup_printf ("%g %s", value, unit);
  return g_strdup_printf ("%g", value);
}

void
rlx_cli_json_add_double (JsonBuilder *builder,
                         const char  *member,
                         double       value)
{
  json_builder_set_member_name (builder, member);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
rlx_cli_json_add_string (JsonBuilder *builder,
                         const char  *member,
                         const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
rlx_cli_json_add_id (JsonBuilder *builder,
                     const char  *member,
                     gint64       id)
{
  json_builder_set_member_name (builder, member);
  if (id > 0)
    json_builder_add_int_value (builder, id);
  else
    json_builder_add_null_value (builder);
}

void
rlx_cli_json_add_run_members (JsonBuilder        *builder,
                              const RlxRunRecord *run)
{
  const RlxRunData *data = run->data;

  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, run->id);
  rlx_cli_json_add_string (builder, "title", data->title);
  rlx_cli_json_add_string (builder, "kind", rlx_run_kind_to_string (data->kind));
  rlx_cli_json_add_string (builder, "role", rlx_run_role_to_string (data->role));
  rlx_cli_json_add_id (builder, "reference_id", run->reference_id);
  rlx_cli_json_add_anneal_steps (builder, data->anneal_steps);
  rlx_cli_json_add_double (builder, "heating_rate", data->heating_rate);
  rlx_cli_json_add_double (builder, "cooling_rate", data->cooling_rate);
  rlx_cli_json_add_double (builder, "frequency", data->frequency);
  json_builder_set_member_name (builder, "n_points");
  json_builder_add_int_value (builder, (gint64) run->n_points);
  rlx_cli_json_add_double (builder, "t_start", run->t_start);
  rlx_cli_json_add_double (builder, "t_end", run->t_end);
  rlx_cli_json_add_string (builder, "tags", run->tags);
  rlx_cli_json_add_string (builder, "imported_at", run->imported_at);
  json_builder_set_member_name (builder, "simulated");
  json_builder_add_boolean_value (builder, data->simulated);
}

void
rlx_cli_json_add_anneal_steps (JsonBuilder *builder,
                               GArray      *steps)
{
  json_builder_set_member_name (builder, "anneal_steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < steps->len; i++)
    {
      RlxAnnealStep *step = &g_array_index (steps, RlxAnnealStep, i);

      json_builder_begin_object (builder);
      rlx_cli_json_add_double (builder, "Ta", step->temperature);
      rlx_cli_json_add_double (builder, "ta", step->duration);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}
