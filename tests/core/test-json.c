/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rlx-json.h"

static void
test_repair_table (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "[1e-13.0,3e-11.0]", "[1e-13,3e-11]" },
    { "[1e+21.0,-4e-05.0]", "[1e+21,-4e-05]" },
    { "[2.0,0.5,1.0000000000000001e+300]", "[2.0,0.5,1.0000000000000001e+300]" },
    { "{\"a\":nan.0,\"b\":-inf.0,\"c\":inf.0}", "{\"a\":null,\"b\":null,\"c\":null}" },
    { "[\"1e-13.0 stays\",\"q\\\"1e5.0\"]", "[\"1e-13.0 stays\",\"q\\\"1e5.0\"]" },
    { "{\"x\":12}", "{\"x\":12}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = rlx_json_repair_numbers (cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_round_trip (void)
{
  const double values[] = { 1e-13, 3e-11, 5.37e-11, 1e300, -4e-5, 0.1, 2.0 };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonArray *array;

  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    rlx_json_builder_add_double (builder, values[i]);
  rlx_json_builder_add_double (builder, NAN);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);

  text = rlx_json_to_string (root, FALSE);
  g_assert_null (strstr (text, "e-13.0"));
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);

  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, G_N_ELEMENTS (values) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    g_assert_cmpfloat (json_array_get_double_element (array, i), ==, values[i]);
  g_assert_true (json_array_get_null_element (array, G_N_ELEMENTS (values)));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/relaxun/json/repair-table", test_repair_table);
  g_test_add_func ("/relaxun/json/round-trip", test_round_trip);

  return g_test_run ();
}
