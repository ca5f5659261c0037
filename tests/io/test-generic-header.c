/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include <string.h>

#include "rlx-import.h"

/* Headers of plain tables as scripts and plotting programs write them. */
static void
test_comment_headers (void)
{
  static const struct {
    const char *text;
    const char *y_name;
    RlxQuantity x_quantity;
  } cases[] = {
    /* a comment header that lines up with the columns */
    { "# T(K) signal\n300 1\n301 2\n302 1\n", "signal", RLX_QUANTITY_TEMPERATURE },
    { "#T (K)\tsignal\n300\t1\n301\t2\n302\t1\n", "signal", RLX_QUANTITY_TEMPERATURE },
    /* a unit with a space in it, split on spaces: the header names nothing */
    { "# T/K  dQ/dT/(J/(g K))\n300 1\n301 2\n302 1\n", "Column 2", RLX_QUANTITY_TEMPERATURE },
    /* a unit Relaxun has no quantity for still comes off the name */
    { "T (K),peak (mJ/K)\n300,1\n301,2\n302,1\n", "peak", RLX_QUANTITY_TEMPERATURE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].text, strlen (cases[i].text));
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) runs = rlx_import_read_bytes (bytes, "table.txt", "generic", NULL, &error);
      RlxRunData *run;
      RlxChannel *x, *y;

      g_assert_no_error (error);
      g_assert_cmpuint (runs->len, ==, 1);
      run = g_ptr_array_index (runs, 0);
      g_assert_cmpuint (run->channels->len, ==, 2);
      x = g_ptr_array_index (run->channels, 0);
      y = g_ptr_array_index (run->channels, 1);
      g_assert_cmpint (x->quantity, ==, cases[i].x_quantity);
      g_assert_cmpfloat (x->values[2], ==, 302.0);
      g_assert_cmpstr (y->name, ==, cases[i].y_name);
      g_assert_cmpfloat (y->values[1], ==, 2.0);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/relaxun/io/generic/comment-headers", test_comment_headers);

  return g_test_run ();
}
