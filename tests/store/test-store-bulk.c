/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "rlx-store.h"
#include "rlx-store-test-data.h"
#include "rlx-test-util.h"

/*
 * rlx_store_add_analyses (several analyses in one transaction, all or none) and the JSON check
 * every analysis passes: its verdict must stay json-glib's on valid, invalid and mutated texts.
 */

typedef struct
{
  char     *dir;
  char     *path;
  RlxStore *store;
  gint64    run;
  gint64    ref;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxRunData) run = rlx_store_test_make_run ("Glass B", 32, 3, 500.0, 10.0);
  g_autoptr(RlxRunData) ref = rlx_store_test_make_run ("Glass B", 32, 3, NAN, NAN);

  fixture->dir = rlx_test_tmp_dir ();
  fixture->path = g_build_filename (fixture->dir, "bulk.relaxun", NULL);
  fixture->store = rlx_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->run = rlx_store_add_run (fixture->store, NULL, run, &error);
  fixture->ref = rlx_store_add_run (fixture->store, NULL, ref, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->store, rlx_store_close);
  rlx_store_test_remove_db (fixture->path);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
test_add_analyses (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(RlxAnalysisRecord) current = NULL;
  gint64 history_before = rlx_store_test_count (fixture->path, "SELECT count(*) FROM history");
  RlxAnalysisInput good[] = {
    { fixture->run, fixture->ref, "peak", "{\"name\":\"std\"}", "{\"tp\":331.5}", 0 },
    { fixture->run, fixture->ref, "peak-fit", "{\"name\":\"std\"}", "{\"E\":1.2e-13,\"tau0\":null}", 0 },
    { fixture->ref, 0, "peak", "{}", "[1,2,3]", 0 },
  };
  RlxAnalysisInput missing_run[] = {
    { fixture->run, 0, "peak", "{}", "{\"n\":1}", 0 },
    { 777, 0, "peak", "{}", "{\"n\":2}", 0 },
  };
  RlxAnalysisInput bad_json[] = {
    { fixture->run, 0, "peak", "{}", "{\"n\":1}", 0 },
    { fixture->run, 0, "peak", "{}", "{\"E\":1e-13.0}", 0 },
  };

  g_assert_true (rlx_store_add_analyses (fixture->store, good, G_N_ELEMENTS (good), &error));
  g_assert_no_error (error);
  g_assert_cmpint (good[0].id, >, 0);
  g_assert_cmpint (good[1].id, ==, good[0].id + 1);
  g_assert_cmpint (good[2].id, ==, good[1].id + 1);
  /* one history entry per analysis, as rlx_store_add_analysis() writes */
  g_assert_cmpint (rlx_store_test_count (fixture->path, "SELECT count(*) FROM history"), ==,
                   history_before + 3);
  current = rlx_store_get_current_analysis (fixture->store, fixture->run, "peak-fit", &error);
  g_assert_no_error (error);
  g_assert_cmpint (current->id, ==, good[1].id);
  g_assert_cmpint (current->reference_id, ==, fixture->ref);
  g_assert_cmpstr (current->result_json, ==, "{\"E\":1.2e-13,\"tau0\":null}");
  list = rlx_store_list_analyses (fixture->store, fixture->run, &error);
  g_assert_cmpuint (list->len, ==, 2);

  /* all or none: a missing run in the middle leaves nothing behind and names the analysis */
  g_assert_false (rlx_store_add_analyses (fixture->store, missing_run, 2, &error));
  g_assert_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Analysis 2 of 2 (run 777)"));
  g_assert_cmpint (missing_run[0].id, ==, 0);
  g_clear_error (&error);
  g_assert_false (rlx_store_add_analyses (fixture->store, bad_json, 2, &error));
  g_assert_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (rlx_store_test_count (fixture->path, "SELECT count(*) FROM analysis"), ==, 3);
  g_assert_cmpint (rlx_store_test_count (fixture->path, "SELECT count(*) FROM history"), ==,
                   history_before + 3);

  /* the connection is usable after a failed batch */
  g_assert_true (rlx_store_add_analyses (fixture->store, good, 1, &error));
  g_assert_no_error (error);
  g_assert_true (rlx_store_add_analyses (fixture->store, NULL, 0, &error));
}

/* TRUE when the store accepts @text as an analysis result. The run does not exist, so a text
   that passes the JSON check fails afterwards with NOT_FOUND and nothing is written. */
static gboolean
store_accepts (RlxStore   *store,
               const char *text)
{
  g_autoptr(GError) error = NULL;
  RlxAnalysisInput a = { 999999, 0, "peak", "{}", text, 0 };

  g_assert_false (rlx_store_add_analyses (store, &a, 1, &error));
  if (g_error_matches (error, RLX_STORE_ERROR, RLX_STORE_ERROR_NOT_FOUND))
    return TRUE;
  g_assert_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID);
  return FALSE;
}

static gboolean
json_glib_accepts (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  return json_parser_load_from_data (parser, text, -1, NULL);
}

static void
test_json_check (Fixture       *fixture,
                 gconstpointer  data)
{
  static const char *valid[] = {
    "{}", "[]", "{\"a\":[1,-2,3.5,-0.25e-3,1E+5,0,true,false,null]}",
    " {\"nested\" : {\"x\" : [ [ ], { } ] } } ",
    "{\"text\":\"tab\\t quote\\\" slash\\/ back\\\\ é 𝛼 \\u00e9\"}",
    "{\"tiny\":1e-53,\"big\":1.7976931348623157e308,\"neg\":-1.5e-300}",
  };
  static const char *invalid[] = {
    "", "{", "{not json", "{\"E\":1e-13.0}", "{\"E\":nan.0}", "{\"E\":NaN}", "[1,]",
    "{\"a\":1,}", "{'a':1}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}", "[1 2]",
    "{\"a\"}", "{\"a\":\"x}", "[tru]", "{} {}", "{\"a\":\"\\x\"}", "{\"a\":-}",
    "{\"bad utf-8\":\"\xc3\x28\"}", "{\"a\":\"\xff\"}", "\xef\xbb\xbf{}",
  };
  const char *seed = "{\"run_id\":12,\"metrics\":{\"tp\":331.25,\"area\":-1.5e-3,\"w\":[1,2,null]},"
                     "\"ok\":true,\"s\":\"a\\\"b\",\"curve\":\"QUJD+/==\"}";
  static const char alphabet[] = "{}[]:,\"\\ 0123456789.eE+-abtrufnl";
  g_autoptr(GRand) rand = g_rand_new_with_seed (2024);
  guint agree = 0;

  /* what json-glib 1.6 writes for 1e-13 and NaN is refused */
  g_assert_false (store_accepts (fixture->store, "{\"E\":1e-13.0}"));
  g_assert_false (store_accepts (fixture->store, "{\"E\":nan.0}"));
  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_assert_true (json_glib_accepts (valid[i]));
      g_assert_true (store_accepts (fixture->store, valid[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      /* json-glib is lenient on a few (single quotes, empty text): the store keeps its verdict */
      gboolean lenient = json_glib_accepts (invalid[i]);
      g_autofree char *shown = g_strescape (invalid[i], NULL);

      g_test_message ("not JSON: %s (json-glib %s it)", shown, lenient ? "accepts" : "refuses");
      g_assert_cmpint (store_accepts (fixture->store, invalid[i]), ==, lenient);
    }

  /* Mutations of a valid text: the store must say what json-glib says, every time. */
  for (guint round = 0; round < 600; round++)
    {
      g_autofree char *text = g_strdup (seed);
      gsize len = strlen (text);
      guint edits = 1 + g_rand_int_range (rand, 0, 3);

      for (guint e = 0; e < edits; e++)
        text[g_rand_int_range (rand, 0, (gint32) len)] =
          alphabet[g_rand_int_range (rand, 0, (gint32) sizeof alphabet - 1)];
      if (store_accepts (fixture->store, text) != json_glib_accepts (text))
        {
          g_autofree char *shown = g_strescape (text, NULL);
          g_error ("The store and json-glib disagree on %s", shown);
        }
      agree++;
    }
  g_assert_cmpuint (agree, ==, 600);
  g_assert_cmpint (rlx_store_test_count (fixture->path, "SELECT count(*) FROM analysis"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/relaxun/store/add-analyses", Fixture, NULL, fixture_set_up, test_add_analyses,
              fixture_tear_down);
  g_test_add ("/relaxun/store/json-check", Fixture, NULL, fixture_set_up, test_json_check,
              fixture_tear_down);
  return g_test_run ();
}
