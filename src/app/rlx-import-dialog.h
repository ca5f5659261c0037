/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rlx-run-data.h"

G_BEGIN_DECLS

/* Why the importer's reading of a run needs a person to look at it. */
typedef enum
{
  RLX_IMPORT_REVIEW_NONE    = 0,
  RLX_IMPORT_REVIEW_ROLE    = 1 << 0,  /* a heating scan that is neither annealed nor reference */
  RLX_IMPORT_REVIEW_ANNEAL  = 1 << 1,  /* annealed, but no step or a step without its duration */
  RLX_IMPORT_REVIEW_COLUMNS = 1 << 2,  /* the generic reader guessed which column is T, or found none */
  RLX_IMPORT_REVIEW_UNITS   = 1 << 3,  /* units were assumed, not read from the file */
} RlxImportReview;

#define RLX_TYPE_IMPORT_DIALOG (rlx_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RlxImportDialog, rlx_import_dialog, RLX, IMPORT_DIALOG, AdwWindow)

RlxImportReview  rlx_import_review_run            (const RlxRunData *run);

RlxImportDialog *rlx_import_dialog_new            (GtkWindow        *parent,
                                                   const char       *file_name,
                                                   GPtrArray        *runs,
                                                   gboolean          generic);
const char      *rlx_import_dialog_get_sample_name (RlxImportDialog *self);
void             rlx_import_dialog_set_sample_name (RlxImportDialog *self,
                                                   const char       *name);
RlxRunRole       rlx_import_dialog_get_role       (RlxImportDialog  *self);
void             rlx_import_dialog_set_role       (RlxImportDialog  *self,
                                                   RlxRunRole        role);
guint            rlx_import_dialog_get_n_steps    (RlxImportDialog  *self);
void             rlx_import_dialog_set_step       (RlxImportDialog  *self,
                                                   guint             index,
                                                   double            temperature,
                                                   double            duration);
GArray          *rlx_import_dialog_dup_steps      (RlxImportDialog  *self);
int              rlx_import_dialog_get_x_column   (RlxImportDialog  *self);
int              rlx_import_dialog_get_y_column   (RlxImportDialog  *self);
void             rlx_import_dialog_set_columns    (RlxImportDialog  *self,
                                                   int               x_column,
                                                   int               y_column);

G_END_DECLS
