/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-plot-test"

#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <cairo.h>
#include <glib/gstdio.h>

#include "rlx-test-util.h"

/*
 * relaxun-cli export --figure spectrum|lcurve|spectrum-map on the demo database: a clear error
 * while no spectrum is stored, figures once `relaxun-cli spectrum --store` has run. The cases
 * run in order on one database.
 */

static char *tmp_dir;
static char *db;

static int
run_cli (char       **err,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *cli = g_getenv ("RLX_CLI");
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = -1;
  va_list ap;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_no_spectrum (void)
{
  g_autofree char *err = NULL;
  g_autofree char *png = g_build_filename (tmp_dir, "none.png", NULL);

  g_assert_cmpint (run_cli (NULL, "demo", "--db", db, NULL), ==, 0);
  g_assert_cmpint (run_cli (&err, "export", "--db", db, "--figure", "spectrum", "--runs", "10",
                            "-o", png, NULL), ==, 1);
  g_test_message ("%s", err);
  /* It says what is missing and which command makes it. */
  g_assert_nonnull (strstr (err, "Run 10 has no stored spectrum"));
  g_assert_nonnull (strstr (err, "relaxun-cli spectrum --db"));
  g_assert_nonnull (strstr (err, "--store"));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, "export", "--db", db, "--figure", "spectrum-map", "--runs", "9-11",
                            "-o", png, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "None of the 3 selected runs has a stored spectrum"));

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, "export", "--db", db, "--figure", "spectrum-map", "--map-axis", "F",
                            "-o", png, NULL), ==, 2);
}

/* The PNG exists and is not blank. */
static void
assert_drawn (const char *path)
{
  cairo_surface_t *s = cairo_image_surface_create_from_png (path);
  int w, h, stride;
  const guint8 *data;
  guint32 bg;
  gsize differ = 0;

  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  w = cairo_image_surface_get_width (s);
  h = cairo_image_surface_get_height (s);
  stride = cairo_image_surface_get_stride (s);
  data = cairo_image_surface_get_data (s);
  bg = *(const guint32 *) data;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      differ += *(const guint32 *) (data + y * stride + 4 * x) != bg;
  g_test_message ("%s: %.1f %% drawn", path, 100.0 * differ / ((double) w * h));
  g_assert_cmpfloat ((double) differ / ((double) w * h), >, 0.01);
  cairo_surface_destroy (s);
}

static void
test_figures (void)
{
  static const char *figures[][2] = {
    { "spectrum", "10" }, { "lcurve", "10" }, { "spectrum-map", "9-11" },
  };

  g_assert_cmpint (run_cli (NULL, "spectrum", "--db", db, "--select", "ids=9-11", "--no-compare",
                            "--store", NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_autofree char *png = g_strdup_printf ("%s/%s.png", tmp_dir, figures[i][0]);
      g_autofree char *svg = g_strdup_printf ("%s/%s.svg", tmp_dir, figures[i][0]);
      g_autofree char *text = NULL;

      g_assert_cmpint (run_cli (NULL, "export", "--db", db, "--figure", figures[i][0], "--runs",
                                figures[i][1], "-o", png, NULL), ==, 0);
      assert_drawn (png);
      g_assert_cmpint (run_cli (NULL, "export", "--db", db, "--figure", figures[i][0], "--runs",
                                figures[i][1], "-o", svg, NULL), ==, 0);
      g_assert_true (g_file_get_contents (svg, &text, NULL, NULL));
      g_assert_true (g_str_has_prefix (text, "<?xml"));
      /* The demo peaks are per gram: the stems say J/g. */
      if (i == 0)
        g_assert_nonnull (strstr (text, ">Weight (J g</text>"));
      if (i == 1)
        g_assert_true (strstr (text, "Corner") != NULL || strstr (text, "Used") != NULL);
      g_remove (png);
      g_remove (svg);
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = rlx_test_tmp_dir ();
  db = g_build_filename (tmp_dir, "demo.relaxun", NULL);
  g_test_add_func ("/relaxun/plot/export-cli/no-spectrum", test_no_spectrum);
  g_test_add_func ("/relaxun/plot/export-cli/figures", test_figures);
  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

        g_remove (path);
      }
  }
  g_rmdir (tmp_dir);
  g_free (db);
  g_free (tmp_dir);
  return status;
}
