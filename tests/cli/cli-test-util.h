/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Runs $RLX_CLI with the NULL-terminated arguments; asserts that it exited (no crash, no
   fatal warning); returns its exit status. @out and @err may be NULL. */
int         cli_runv               (const char * const *args,
                                    char              **out,
                                    char              **err);
int         cli_run                (char              **out,
                                    char              **err,
                                    ...) G_GNUC_NULL_TERMINATED;

/* Asserts that @text is strict JSON (RFC 8259 numbers checked here, then Python's json module
   without NaN/Infinity) and returns it parsed by json-glib. @what names the command in messages. */
JsonNode   *cli_parse_json         (const char         *text,
                                    const char         *what);
void        cli_assert_strict_json (const char         *text,
                                    const char         *what);

/* `runs --json` of @db: asserts exit 0 and valid JSON; returns the text. */
char       *cli_runs_json          (const char         *db);
/* All runs of `runs --json` in one array (borrowed from @root). */
GPtrArray  *cli_runs_from_json     (JsonNode           *root);
guint       cli_count_runs         (const char         *db);

gboolean    cli_contains           (const char         *haystack,
                                    const char         *needle);
guint       cli_count_substring    (const char         *haystack,
                                    const char         *needle);
guint       cli_count_lines        (const char         *text);
void        cli_remove_tree        (const char         *path);
char       *cli_read_file          (const char         *path,
                                    gsize              *length);

G_END_DECLS
