/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "rlx-store.h"

G_BEGIN_DECLS

RlxRunData *rlx_store_test_make_run    (const char *sample_name,
                                        gsize       n_points,
                                        guint       n_channels,
                                        double      anneal_ta,
                                        double      anneal_time);
gboolean    rlx_store_test_values_equal (const double *a,
                                         const double *b,
                                         gsize         n);
void        rlx_store_test_assert_runs_equal (const RlxRunData *expected,
                                              const RlxRunData *actual,
                                              gboolean          with_channels);
gint64      rlx_store_test_count       (const char *db_path,
                                        const char *sql);
char       *rlx_store_test_integrity   (const char *db_path);
void        rlx_store_test_exec        (const char *db_path,
                                        const char *sql);
void        rlx_store_test_remove_db   (const char *db_path);

G_END_DECLS
