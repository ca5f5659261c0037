/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include "rlx-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

/**
 * rlx_test_fixture_path:
 * @relative_path: a path below ../shared/fixtures, e.g. "mettler-stare-dma/DMAsuite_T40.txt"
 *
 * Real instrument exports live beside the project, never inside it. When they are absent the
 * current test is skipped with a message saying so.
 *
 * Returns: (nullable): the absolute path, or %NULL after g_test_skip()
 */
char *
rlx_test_fixture_path (const char *relative_path)
{
  const char *dir = g_getenv ("RLX_FIXTURES_DIR");
  g_autofree char *path = NULL;

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("../shared/fixtures is not present: real-file test skipped");
      return NULL;
    }

  path = g_build_filename (dir, relative_path, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *message = g_strdup_printf ("fixture %s is not present: skipped", relative_path);
      g_test_skip (message);
      return NULL;
    }

  return g_steal_pointer (&path);
}

char *
rlx_test_source_path (const char *relative_path)
{
  const char *dir = g_getenv ("RLX_SOURCE_DIR");

  g_assert_nonnull (dir);
  return g_build_filename (dir, relative_path, NULL);
}

/* A fresh private directory for one test process. */
char *
rlx_test_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("relaxun-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

char *
rlx_test_write_tmp_file (const char *dir,
                         const char *name,
                         const void *contents,
                         gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  if (length < 0)
    length = (gssize) strlen (contents);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);

  return path;
}
