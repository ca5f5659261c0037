/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include "cli-test-util.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

static char *
bytes_to_string (GBytes *bytes)
{
  gsize length = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &length) : NULL;

  return g_strndup (data ? data : "", length);
}

int
cli_runv (const char * const *args,
          char              **out,
          char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) out_bytes = NULL;
  g_autoptr(GBytes) err_bytes = NULL;
  g_autofree char *out_text = NULL;
  g_autofree char *err_text = NULL;
  g_autofree char *command = NULL;
  const char *cli = g_getenv ("RLX_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  command = g_strjoinv (" ", (char **) argv->pdata + 1);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, NULL, NULL, &out_bytes, &err_bytes, &error);
  g_assert_no_error (error);

  out_text = bytes_to_string (out_bytes);
  err_text = bytes_to_string (err_bytes);
  if (!g_subprocess_get_if_exited (process))
    {
      g_test_message ("relaxun-cli %s was killed by signal %d; stderr:\n%s", command,
                      g_subprocess_get_term_sig (process), err_text);
      g_test_fail ();
      g_assert_true (g_subprocess_get_if_exited (process));
    }

  if (out != NULL)
    *out = g_steal_pointer (&out_text);
  if (err != NULL)
    *err = g_steal_pointer (&err_text);

  return g_subprocess_get_exit_status (process);
}

int
cli_run (char **out,
         char **err,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return cli_runv ((const char * const *) args->pdata, out, err);
}

/* Every number token outside string literals must follow the JSON grammar: json-glib 1.6
   writes "1e+20.0" and "nan.0", which its own parser and every strict parser refuse. */
static void
check_number_tokens (const char *text,
                     const char *what)
{
  g_autoptr(GRegex) number = g_regex_new ("^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?$",
                                          G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT, NULL);
  gboolean in_string = FALSE;

  for (const char *p = text; *p != '\0';)
    {
      if (in_string)
        {
          if (*p == '\\' && p[1] != '\0')
            p += 2;
          else
            in_string = (*p++ != '"');
          continue;
        }
      if (*p == '"')
        {
          in_string = TRUE;
          p++;
          continue;
        }
      if (g_ascii_isdigit (*p) || *p == '-' || *p == '.')
        {
          const char *start = p;
          g_autofree char *token = NULL;

          while (g_ascii_isalnum (*p) || *p == '.' || *p == '-' || *p == '+')
            p++;
          token = g_strndup (start, (gsize) (p - start));
          if (!g_regex_match (number, token, G_REGEX_MATCH_DEFAULT, NULL))
            {
              g_test_message ("%s wrote the invalid JSON number “%s”", what, token);
              g_test_fail ();
            }
          continue;
        }
      if (g_ascii_isalpha (*p))
        {
          const char *start = p;
          g_autofree char *word = NULL;

          while (g_ascii_isalnum (*p) || *p == '.')
            p++;
          word = g_strndup (start, (gsize) (p - start));
          if (strcmp (word, "true") != 0 && strcmp (word, "false") != 0 && strcmp (word, "null") != 0)
            {
              g_test_message ("%s wrote the bare word “%s” in JSON", what, word);
              g_test_fail ();
            }
          continue;
        }
      p++;
    }
}

static void
check_with_python (const char *text,
                   const char *what)
{
  const char *python = g_getenv ("PYTHON");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) input = NULL;
  g_autoptr(GBytes) err_bytes = NULL;
  g_autofree char *err_text = NULL;
  const char *script =
    "import json, sys\n"
    "def refuse(token):\n"
    "    raise ValueError('non-finite number ' + token)\n"
    "json.load(sys.stdin, parse_constant=refuse)\n";

  if (python == NULL || !g_file_test (python, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_message ("no Python at $PYTHON: %s checked by the token scanner only", what);
      return;
    }

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                              G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, python, "-c", script, NULL);
  g_assert_no_error (error);
  input = g_bytes_new (text, strlen (text));
  g_subprocess_communicate (process, input, NULL, NULL, &err_bytes, &error);
  g_assert_no_error (error);
  err_text = bytes_to_string (err_bytes);

  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_test_message ("%s: Python's json module refuses the output:\n%s", what, err_text);
      g_test_fail ();
    }
}

void
cli_assert_strict_json (const char *text,
                        const char *what)
{
  g_assert_nonnull (text);
  check_number_tokens (text, what);
  check_with_python (text, what);
}

JsonNode *
cli_parse_json (const char *text,
                const char *what)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  cli_assert_strict_json (text, what);
  if (!json_parser_load_from_data (parser, text, -1, &error))
    g_test_message ("%s: json-glib cannot parse the output: %s", what, error->message);
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));

  return json_node_copy (json_parser_get_root (parser));
}

char *
cli_runs_json (const char *db)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = cli_run (&out, &err, "runs", "--db", db, "--json", NULL);

  if (status != 0)
    g_test_message ("runs --json failed: %s", err);
  g_assert_cmpint (status, ==, 0);
  cli_assert_strict_json (out, "runs --json");

  return g_steal_pointer (&out);
}

GPtrArray *
cli_runs_from_json (JsonNode *root)
{
  GPtrArray *runs = g_ptr_array_new ();
  JsonObject *object;
  JsonArray *samples;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  g_assert_true (json_object_has_member (object, "samples"));
  samples = json_object_get_array_member (object, "samples");
  for (guint i = 0; i < json_array_get_length (samples); i++)
    {
      JsonArray *list = json_object_get_array_member (json_array_get_object_element (samples, i), "runs");

      for (guint k = 0; k < json_array_get_length (list); k++)
        g_ptr_array_add (runs, json_array_get_object_element (list, k));
    }

  return runs;
}

guint
cli_count_runs (const char *db)
{
  g_autofree char *text = cli_runs_json (db);
  g_autoptr(JsonNode) root = cli_parse_json (text, "runs --json");
  g_autoptr(GPtrArray) runs = cli_runs_from_json (root);

  return runs->len;
}

gboolean
cli_contains (const char *haystack,
              const char *needle)
{
  return haystack != NULL && strstr (haystack, needle) != NULL;
}

guint
cli_count_substring (const char *haystack,
                     const char *needle)
{
  guint n = 0;
  gsize len = strlen (needle);

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + len, needle))
    n++;

  return n;
}

guint
cli_count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      n++;
  if (*text != '\0' && text[strlen (text) - 1] != '\n')
    n++;

  return n;
}

char *
cli_read_file (const char *path,
               gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);

  return contents;
}

/* Removes a test's private directory and everything in it. */
void
cli_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          cli_remove_tree (child);
        }
    }
  g_remove (path);
}
