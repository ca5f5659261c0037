/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *rlx_test_fixture_path  (const char *relative_path);
char *rlx_test_source_path   (const char *relative_path);
char *rlx_test_tmp_dir       (void);
char *rlx_test_write_tmp_file (const char *dir,
                               const char *name,
                               const void *contents,
                               gssize      length);

G_END_DECLS
