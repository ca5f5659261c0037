/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "rlx-cli.h"
#include "rlx-cli-store.h"
#include "rlx-store.h"

/* relaxun-cli history: the change log of a database, oldest first. */

int
rlx_cmd_history (int    argc,
                 char **argv)
{
  g_autofree char *db_path = NULL;
  gboolean json = FALSE;
  int limit = 0;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database (default: the user’s)"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Write JSON (with the payloads)"), NULL },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Only the newest N entries"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rlx_cli_context_new ("history", NULL, _("Show the change log of a database: imports, edits, "
                                            "deletions, fits, restores."));
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxStore) store = NULL;
  g_autoptr(GPtrArray) entries_list = NULL;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!rlx_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return rlx_cli_usage_error (context, _("unexpected argument “%s”"), argv[1]);
  if (limit < 0)
    return rlx_cli_usage_error (context, "%s", _("--limit must be 0 (all) or more"));

  store = rlx_cli_open_store (db_path, TRUE, &error);
  if (store == NULL)
    return rlx_cli_fail ("history", error);
  entries_list = rlx_store_list_history_tail (store, (guint) limit, &error);
  if (entries_list == NULL)
    return rlx_cli_fail ("history", error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < entries_list->len; i++)
        {
          RlxHistoryRecord *entry = g_ptr_array_index (entries_list, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, entry->id);
          rlx_cli_json_add_string (builder, "at", entry->at);
          rlx_cli_json_add_string (builder, "action", entry->action);
          rlx_cli_json_add_string (builder, "entity", entry->entity);
          json_builder_set_member_name (builder, "entity_id");
          json_builder_add_int_value (builder, entry->entity_id);
          rlx_cli_json_add_string (builder, "summary", entry->summary);
          json_builder_set_member_name (builder, "payload");
          if (entry->payload_json != NULL &&
              json_parser_load_from_data (parser, entry->payload_json, -1, NULL))
            json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      rlx_cli_print_json (root);
    }
  else
    {
      g_autoptr(RlxCliTable) table = rlx_cli_table_new (6, _("ID"), _("AT"), _("ACTION"),
                                                        _("ENTITY"), _("ENTITY ID"), _("SUMMARY"));

      for (guint i = 0; i < entries_list->len; i++)
        {
          RlxHistoryRecord *entry = g_ptr_array_index (entries_list, i);
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, entry->id);
          g_autofree char *entity_id = g_strdup_printf ("%" G_GINT64_FORMAT, entry->entity_id);

          rlx_cli_table_add_row (table, id, entry->at, entry->action, entry->entity, entity_id,
                                 entry->summary);
        }
      rlx_cli_table_print (table, "");
    }

  return RLX_CLI_EXIT_OK;
}
