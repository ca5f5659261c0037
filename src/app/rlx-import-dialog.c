/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include "rlx-import-dialog.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* Shown for a file the importer read but is unsure about: the person confirms or corrects the
 * sample, the role, the annealing steps and (for a bare table) the columns before anything is
 * saved. The dialog only collects answers; the window applies them to the runs. */

#define MAX_STEPS 8

typedef struct
{
  GtkWidget     *row;
  GtkSpinButton *temperature;
  GtkSpinButton *duration;
} StepRow;

struct _RlxImportDialog
{
  AdwWindow             parent_instance;

  AdwWindowTitle       *window_title;
  GtkLabel             *reason_label;
  AdwEntryRow          *sample_row;
  AdwComboRow          *role_row;
  AdwPreferencesGroup  *steps_group;
  GtkListBox           *steps_list;
  AdwPreferencesGroup  *columns_group;
  AdwComboRow          *x_row;
  AdwComboRow          *y_row;
  GtkLabel             *error_label;

  GArray               *steps;          /* StepRow */
  gboolean              answered;
};

G_DEFINE_FINAL_TYPE (RlxImportDialog, rlx_import_dialog, ADW_TYPE_WINDOW)

enum {
  RESPONSE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Rows of the role chooser, in the order of the template. */
static const RlxRunRole role_rows[] = {
  RLX_RUN_ROLE_ANNEALED, RLX_RUN_ROLE_REFERENCE, RLX_RUN_ROLE_OTHER,
};

RlxImportReview
rlx_import_review_run (const RlxRunData *run)
{
  RlxImportReview review = RLX_IMPORT_REVIEW_NONE;
  gboolean heating = run->kind == RLX_RUN_KIND_FLASH_DSC_HEATING || run->kind == RLX_RUN_KIND_DSC_HEATING;

  if (heating && run->role == RLX_RUN_ROLE_OTHER)
    review |= RLX_IMPORT_REVIEW_ROLE;
  if (run->role == RLX_RUN_ROLE_ANNEALED)
    {
      gboolean complete = run->anneal_steps != NULL && run->anneal_steps->len > 0;

      for (guint i = 0; complete && i < run->anneal_steps->len; i++)
        {
          const RlxAnnealStep *step = &g_array_index (run->anneal_steps, RlxAnnealStep, i);

          complete = isfinite (step->temperature) && isfinite (step->duration);
        }
      if (!complete)
        review |= RLX_IMPORT_REVIEW_ANNEAL;
    }
  if (run->metadata != NULL && g_hash_table_contains (run->metadata, "assumed"))
    review |= RLX_IMPORT_REVIEW_COLUMNS;
  /* A bare table whose columns the generic reader could not name has no temperature. */
  if (g_strcmp0 (run->format, "generic") == 0
      && rlx_run_data_get_channel (run, RLX_QUANTITY_TEMPERATURE) == NULL
      && rlx_run_data_get_channel (run, RLX_QUANTITY_PROGRAM_TEMPERATURE) == NULL)
    review |= RLX_IMPORT_REVIEW_COLUMNS;
  if (run->metadata != NULL && g_hash_table_contains (run->metadata, "assumed-units"))
    review |= RLX_IMPORT_REVIEW_UNITS;
  return review;
}

static void
respond (RlxImportDialog *self,
         gboolean         accepted)
{
  if (self->answered)
    return;
  self->answered = TRUE;
  g_signal_emit (self, signals[RESPONSE], 0, accepted);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
show_error (RlxImportDialog *self,
            const char      *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_steps_sensitivity (RlxImportDialog *self)
{
  gboolean annealed = rlx_import_dialog_get_role (self) == RLX_RUN_ROLE_ANNEALED;

  gtk_widget_set_sensitive (GTK_WIDGET (self->steps_group), annealed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import-dialog.add-step",
                                 annealed && self->steps->len < MAX_STEPS);
}

static void
on_role_changed (RlxImportDialog *self)
{
  update_steps_sensitivity (self);
}

static void
renumber_steps (RlxImportDialog *self)
{
  for (guint i = 0; i < self->steps->len; i++)
    {
      StepRow *step = &g_array_index (self->steps, StepRow, i);
      g_autofree char *title = g_strdup_printf (_("Step %u"), i + 1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (step->row), title);
    }
  update_steps_sensitivity (self);
}

static void
on_remove_step_clicked (GtkButton       *button,
                        RlxImportDialog *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "rlx-step-row");

  for (guint i = 0; i < self->steps->len; i++)
    if (g_array_index (self->steps, StepRow, i).row == row)
      {
        gtk_list_box_remove (self->steps_list, row);
        g_array_remove_index (self->steps, i);
        break;
      }
  renumber_steps (self);
}

static GtkSpinButton *
add_spin (AdwActionRow *row,
          double        lower,
          double        upper,
          double        step,
          guint         digits,
          const char   *unit,
          const char   *tooltip)
{
  GtkAdjustment *adjustment = gtk_adjustment_new (lower, lower, upper, step, step * 10, 0);
  GtkWidget *spin = gtk_spin_button_new (adjustment, step, digits);
  GtkWidget *label = gtk_label_new (unit);

  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 7);
  gtk_widget_set_tooltip_text (spin, tooltip);
  gtk_widget_add_css_class (label, "dim-label");
  adw_action_row_add_suffix (row, spin);
  adw_action_row_add_suffix (row, label);
  return GTK_SPIN_BUTTON (spin);
}

static void
append_step (RlxImportDialog *self,
             double           temperature,
             double           duration)
{
  StepRow step;
  GtkWidget *remove;

  step.row = adw_action_row_new ();
  step.temperature = add_spin (ADW_ACTION_ROW (step.row), 1.0, 2000.0, 1.0, 2, "K",
                               _("Annealing temperature Ta in kelvin"));
  step.duration = add_spin (ADW_ACTION_ROW (step.row), 0.0, 1e7, 1.0, 3, "s",
                            _("Annealing time ta in seconds"));
  gtk_spin_button_set_value (step.temperature, isfinite (temperature) ? temperature : 300.0);
  gtk_spin_button_set_value (step.duration, isfinite (duration) ? duration : 0.0);

  remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove this step"));
  gtk_widget_add_css_class (remove, "flat");
  g_object_set_data (G_OBJECT (remove), "rlx-step-row", step.row);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_step_clicked), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (step.row), remove);

  gtk_list_box_append (self->steps_list, step.row);
  g_array_append_val (self->steps, step);
  renumber_steps (self);
}

static void
add_step_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  RlxImportDialog *self = RLX_IMPORT_DIALOG (widget);
  double temperature = NAN;

  /* A new step starts where the last one was: multi-step protocols step down in Ta. */
  if (self->steps->len > 0)
    temperature = gtk_spin_button_get_value (g_array_index (self->steps, StepRow, self->steps->len - 1).temperature);
  append_step (self, temperature, NAN);
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RlxImportDialog *self = RLX_IMPORT_DIALOG (widget);
  g_autofree char *name = g_strstrip (g_strdup (rlx_import_dialog_get_sample_name (self)));

  if (name[0] == '\0')
    {
      show_error (self, _("Give the sample a name: runs of the same sample are compared with each other."));
      gtk_widget_grab_focus (GTK_WIDGET (self->sample_row));
      return;
    }
  if (rlx_import_dialog_get_role (self) == RLX_RUN_ROLE_ANNEALED && self->steps->len == 0)
    {
      show_error (self, _("An annealed scan needs its annealing condition: add at least one step with Ta and ta."));
      return;
    }
  if (gtk_widget_get_visible (GTK_WIDGET (self->columns_group))
      && rlx_import_dialog_get_x_column (self) == rlx_import_dialog_get_y_column (self))
    {
      show_error (self, _("The temperature and the signal must be different columns."));
      return;
    }
  show_error (self, NULL);
  respond (self, TRUE);
}

static void
skip_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  respond (RLX_IMPORT_DIALOG (widget), FALSE);
}

static gboolean
rlx_import_dialog_close_request (GtkWindow *window)
{
  RlxImportDialog *self = RLX_IMPORT_DIALOG (window);

  /* Closing the dialog is skipping the file: nothing of it is saved. */
  if (!self->answered)
    {
      self->answered = TRUE;
      g_signal_emit (self, signals[RESPONSE], 0, FALSE);
    }
  return GTK_WINDOW_CLASS (rlx_import_dialog_parent_class)->close_request (window);
}

static void
rlx_import_dialog_dispose (GObject *object)
{
  RlxImportDialog *self = RLX_IMPORT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RLX_TYPE_IMPORT_DIALOG);
  g_clear_pointer (&self->steps, g_array_unref);

  G_OBJECT_CLASS (rlx_import_dialog_parent_class)->dispose (object);
}

static void
rlx_import_dialog_class_init (RlxImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = rlx_import_dialog_dispose;
  window_class->close_request = rlx_import_dialog_close_request;

  /* TRUE: import with the answers; FALSE: skip the file. Emitted once. */
  signals[RESPONSE] =
    g_signal_new ("response", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/relaxun/Relaxun/rlx-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RlxImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, RlxImportDialog, reason_label);
  gtk_widget_class_bind_template_child (widget_class, RlxImportDialog, sample_row);
  gtk_widget_class_bind_template_child (widget_class, RlxImportDialog, role_row);
  gtk_widget_class_bind_template_child (widget_class, RlxImportDialog, steps_group);
  gtk_widget_class_bind_template_child (widget_class, RlxImportDialog, steps_list);
  gtk_widget_class_bind_template_child (widget_class, RlxImportDialog, columns_group);
  gtk_widget_class_bind_template_child (widget_class, RlxImportDialog, x_row);
  gtk_widget_class_bind_template_child (widget_class, RlxImportDialog, y_row);
  gtk_widget_class_bind_template_child (widget_class, RlxImportDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_role_changed);

  gtk_widget_class_install_action (widget_class, "import-dialog.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "import-dialog.skip", NULL, skip_action);
  gtk_widget_class_install_action (widget_class, "import-dialog.add-step", NULL, add_step_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "import-dialog.skip", NULL);
}

static void
rlx_import_dialog_init (RlxImportDialog *self)
{
  self->steps = g_array_new (FALSE, FALSE, sizeof (StepRow));
  gtk_widget_init_template (GTK_WIDGET (self));
}

static char *
describe_reasons (RlxImportReview review,
                  guint           n_runs,
                  guint           n_reviewed)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (review & RLX_IMPORT_REVIEW_ROLE)
    g_string_append (text, _("The file does not say whether this heating scan follows an annealing or is the as-cooled reference."));
  if (review & RLX_IMPORT_REVIEW_ANNEAL)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, _("The annealing condition is incomplete: give every step its temperature and time."));
    }
  if (review & RLX_IMPORT_REVIEW_COLUMNS)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, _("The table has no clear header: say which column holds the temperature and which the signal."));
    }
  if (review & RLX_IMPORT_REVIEW_UNITS)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, _("The file does not state its units; the vendor’s usual units were assumed."));
    }
  if (n_runs > 1)
    {
      g_string_append_c (text, ' ');
      /* Translators: e.g. "Your answers apply to 2 of the 5 runs in this file." */
      g_string_append_printf (text, _("Your answers apply to %u of the %u runs in this file."), n_reviewed, n_runs);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
column_label (const RlxChannel *channel,
              guint             index)
{
  const char *unit = channel->original_unit;

  if (unit != NULL && unit[0] != '\0')
    /* Translators: a column of an imported table: number, name, unit */
    return g_strdup_printf (_("%u · %s (%s)"), index + 1, channel->name, unit);
  /* Translators: a column of an imported table: number, name */
  return g_strdup_printf (_("%u · %s"), index + 1, channel->name);
}

RlxImportDialog *
rlx_import_dialog_new (GtkWindow  *parent,
                       const char *file_name,
                       GPtrArray  *runs,
                       gboolean    generic)
{
  RlxImportDialog *self = g_object_new (RLX_TYPE_IMPORT_DIALOG,
                                        "transient-for", parent,
                                        NULL);
  const RlxRunData *first = NULL;
  RlxImportReview review = RLX_IMPORT_REVIEW_NONE;
  g_autofree char *reasons = NULL;
  guint n_reviewed = 0;

  for (guint i = 0; i < runs->len; i++)
    {
      RlxImportReview r = rlx_import_review_run (g_ptr_array_index (runs, i));

      if (r == RLX_IMPORT_REVIEW_NONE)
        continue;
      if (first == NULL)
        first = g_ptr_array_index (runs, i);
      review |= r;
      n_reviewed++;
    }
  if (first == NULL && runs->len > 0)
    first = g_ptr_array_index (runs, 0);

  adw_window_title_set_subtitle (self->window_title, file_name);
  reasons = describe_reasons (review, runs->len, n_reviewed);
  gtk_label_set_label (self->reason_label, reasons);

  if (first != NULL)
    {
      g_autofree char *stem = g_path_get_basename (file_name);
      char *dot = strrchr (stem, '.');

      if (dot != NULL && dot != stem)
        *dot = '\0';
      rlx_import_dialog_set_sample_name (self, first->sample_name != NULL && first->sample_name[0] != '\0'
                                               ? first->sample_name : stem);
      /* A heating scan of unknown role is most often an annealed one that lost its name. */
      rlx_import_dialog_set_role (self, first->role == RLX_RUN_ROLE_OTHER && (review & RLX_IMPORT_REVIEW_ROLE)
                                        ? RLX_RUN_ROLE_ANNEALED : first->role);
      for (guint i = 0; first->anneal_steps != NULL && i < first->anneal_steps->len && i < MAX_STEPS; i++)
        {
          const RlxAnnealStep *step = &g_array_index (first->anneal_steps, RlxAnnealStep, i);

          append_step (self, step->temperature, step->duration);
        }
    }

  /* Column choice: only the generic reader takes it, and only when it had to guess. */
  gtk_widget_set_visible (GTK_WIDGET (self->columns_group),
                          generic && first != NULL && (review & RLX_IMPORT_REVIEW_COLUMNS)
                          && first->channels->len >= 2);
  if (gtk_widget_get_visible (GTK_WIDGET (self->columns_group)))
    {
      g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
      int x = -1, y = -1;

      for (guint i = 0; i < first->channels->len; i++)
        {
          const RlxChannel *channel = g_ptr_array_index (first->channels, i);
          g_autofree char *label = column_label (channel, i);

          gtk_string_list_append (labels, label);
          if (x < 0 && (channel->quantity == RLX_QUANTITY_TEMPERATURE
                        || channel->quantity == RLX_QUANTITY_PROGRAM_TEMPERATURE))
            x = i;
          else if (y < 0)
            y = i;
        }
      adw_combo_row_set_model (self->x_row, G_LIST_MODEL (labels));
      adw_combo_row_set_model (self->y_row, G_LIST_MODEL (labels));
      /* Without a named temperature the first column is the usual place for it. */
      x = MAX (x, 0);
      if (y < 0 || y == x)
        y = x == 0 ? 1 : 0;
      rlx_import_dialog_set_columns (self, x, y);
    }
  update_steps_sensitivity (self);
  return self;
}

const char *
rlx_import_dialog_get_sample_name (RlxImportDialog *self)
{
  g_return_val_if_fail (RLX_IS_IMPORT_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->sample_row));
}

void
rlx_import_dialog_set_sample_name (RlxImportDialog *self,
                                   const char      *name)
{
  g_return_if_fail (RLX_IS_IMPORT_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->sample_row), name != NULL ? name : "");
}

RlxRunRole
rlx_import_dialog_get_role (RlxImportDialog *self)
{
  guint selected;

  g_return_val_if_fail (RLX_IS_IMPORT_DIALOG (self), RLX_RUN_ROLE_OTHER);
  selected = adw_combo_row_get_selected (self->role_row);
  return selected < G_N_ELEMENTS (role_rows) ? role_rows[selected] : RLX_RUN_ROLE_OTHER;
}

void
rlx_import_dialog_set_role (RlxImportDialog *self,
                            RlxRunRole       role)
{
  g_return_if_fail (RLX_IS_IMPORT_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (role_rows); i++)
    if (role_rows[i] == role)
      adw_combo_row_set_selected (self->role_row, i);
}

guint
rlx_import_dialog_get_n_steps (RlxImportDialog *self)
{
  g_return_val_if_fail (RLX_IS_IMPORT_DIALOG (self), 0);
  return self->steps->len;
}

void
rlx_import_dialog_set_step (RlxImportDialog *self,
                            guint            index,
                            double           temperature,
                            double           duration)
{
  StepRow *step;

  g_return_if_fail (RLX_IS_IMPORT_DIALOG (self));
  g_return_if_fail (index < self->steps->len);

  step = &g_array_index (self->steps, StepRow, index);
  gtk_spin_button_set_value (step->temperature, temperature);
  gtk_spin_button_set_value (step->duration, duration);
}

/* Returns: (transfer full): RlxAnnealStep, in order; empty unless the role is annealed. */
GArray *
rlx_import_dialog_dup_steps (RlxImportDialog *self)
{
  GArray *steps = g_array_new (FALSE, FALSE, sizeof (RlxAnnealStep));

  g_return_val_if_fail (RLX_IS_IMPORT_DIALOG (self), steps);

  if (rlx_import_dialog_get_role (self) != RLX_RUN_ROLE_ANNEALED)
    return steps;
  for (guint i = 0; i < self->steps->len; i++)
    {
      StepRow *row = &g_array_index (self->steps, StepRow, i);
      RlxAnnealStep step = {
        gtk_spin_button_get_value (row->temperature),
        gtk_spin_button_get_value (row->duration),
      };

      g_array_append_val (steps, step);
    }
  return steps;
}

int
rlx_import_dialog_get_x_column (RlxImportDialog *self)
{
  g_return_val_if_fail (RLX_IS_IMPORT_DIALOG (self), -1);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->columns_group)))
    return -1;
  return (int) adw_combo_row_get_selected (self->x_row);
}

int
rlx_import_dialog_get_y_column (RlxImportDialog *self)
{
  g_return_val_if_fail (RLX_IS_IMPORT_DIALOG (self), -1);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->columns_group)))
    return -1;
  return (int) adw_combo_row_get_selected (self->y_row);
}

void
rlx_import_dialog_set_columns (RlxImportDialog *self,
                               int              x_column,
                               int              y_column)
{
  g_return_if_fail (RLX_IS_IMPORT_DIALOG (self));

  if (x_column >= 0)
    adw_combo_row_set_selected (self->x_row, (guint) x_column);
  if (y_column >= 0)
    adw_combo_row_set_selected (self->y_row, (guint) y_column);
}
