/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-signal"

#include "config.h"

#include "rlx-selection.h"

#include <math.h>
#include <string.h>

#include "rlx-signal.h"

typedef enum
{
  KEY_SAMPLE,
  KEY_ROLE,
  KEY_KIND,
  KEY_TA,
  KEY_TIME,
  KEY_RATE,
  KEY_IDS,
  KEY_SEGMENT,
  KEY_TAG,
  N_KEYS
} Key;

static const char *key_names[N_KEYS] = {
  [KEY_SAMPLE] = "sample", [KEY_ROLE] = "role", [KEY_KIND] = "kind", [KEY_TA] = "Ta",
  [KEY_TIME] = "ta", [KEY_RATE] = "rate", [KEY_IDS] = "ids", [KEY_SEGMENT] = "segment",
  [KEY_TAG] = "tag",
};

typedef struct
{
  gint64 lo;
  gint64 hi;
} IdRange;

typedef struct
{
  Key        key;
  char      *value;      /* as written */
  double     lo, hi;     /* numeric keys */
  RlxRunRole role;
  RlxRunKind kind;
  GArray    *ids;        /* IdRange */
} Condition;

struct _RlxSelection
{
  GArray *conditions;    /* Condition */
};

static void
condition_clear (gpointer data)
{
  Condition *c = data;

  g_free (c->value);
  g_clear_pointer (&c->ids, g_array_unref);
}

void
rlx_selection_free (RlxSelection *selection)
{
  if (selection == NULL)
    return;
  g_array_unref (selection->conditions);
  g_free (selection);
}

static gboolean
parse_number (const char *text,
              double     *value)
{
  char *end = NULL;

  if (*text == '\0')
    return FALSE;
  *value = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && isfinite (*value);
}

static gboolean
parse_interval (const char *key,
                const char *text,
                double     *lo,
                double     *hi,
                GError    **error)
{
  const char *colon = strchr (text, ':');

  if (colon == NULL)
    {
      double v;

      if (!parse_number (text, &v))
        goto bad;
      *lo = v - 1e-6 * fabs (v);
      *hi = v + 1e-6 * fabs (v);
      return TRUE;
    }
  {
    g_autofree char *a = g_strndup (text, colon - text);
    const char *b = colon + 1;

    *lo = -INFINITY;
    *hi = INFINITY;
    if (*a != '\0' && !parse_number (a, lo))
      goto bad;
    if (*b != '\0' && !parse_number (b, hi))
      goto bad;
    if (*a == '\0' && *b == '\0')
      goto bad;
    if (*lo > *hi)
      {
        g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_QUERY,
                     "In “%s=%s” the low end is above the high end; write LOW:HIGH.", key, text);
        return FALSE;
      }
  }
  return TRUE;

bad:
  g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_QUERY,
               "“%s=%s”: expected a number or a range LOW:HIGH (either end may be left out).",
               key, text);
  return FALSE;
}

static gboolean
parse_ids (const char *text,
           GArray     *ids,
           GError    **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      IdRange range;
      char *dash = strchr (parts[i] + (parts[i][0] == '-' ? 1 : 0), '-');
      guint64 a, b;

      if (dash != NULL)
        {
          *dash = '\0';
          if (!g_ascii_string_to_unsigned (parts[i], 10, 1, G_MAXINT64, &a, NULL) ||
              !g_ascii_string_to_unsigned (dash + 1, 10, 1, G_MAXINT64, &b, NULL) || b < a)
            goto bad;
        }
      else
        {
          if (!g_ascii_string_to_unsigned (parts[i], 10, 1, G_MAXINT64, &a, NULL))
            goto bad;
          b = a;
        }
      range.lo = (gint64) a;
      range.hi = (gint64) b;
      g_array_append_val (ids, range);
    }
  return TRUE;

bad:
  g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_QUERY,
               "“ids=%s”: expected positive run ids and ranges, e.g. ids=3,5-9.", text);
  return FALSE;
}

static gboolean
parse_condition (const char *token,
                 Condition  *c,
                 GError    **error)
{
  const char *eq = strchr (token, '=');
  g_autofree char *key = NULL;
  guint k;

  memset (c, 0, sizeof (*c));
  if (eq == NULL || eq == token || eq[1] == '\0')
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_QUERY,
                   "“%s” is not a condition; write KEY=VALUE with a key among sample, role, kind, "
                   "Ta, ta, rate, ids, segment, tag (e.g. role=annealed Ta=253:393).", token);
      return FALSE;
    }
  key = g_strndup (token, eq - token);
  for (k = 0; k < N_KEYS; k++)
    {
      if (k == KEY_TA || k == KEY_TIME)
        {
          if (strcmp (key, key_names[k]) == 0)
            break;
        }
      else if (g_ascii_strcasecmp (key, key_names[k]) == 0)
        break;
    }
  if (k == N_KEYS)
    {
      if (g_ascii_strcasecmp (key, "ta") == 0)
        g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_QUERY,
                     "“%s”: write Ta for the annealing temperature (K) or ta for the annealing "
                     "time (s).", key);
      else
        g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_QUERY,
                     "Unknown selection key “%s”; use sample, role, kind, Ta, ta, rate, ids, "
                     "segment or tag.", key);
      return FALSE;
    }
  c->key = (Key) k;
  c->value = g_strdup (eq + 1);

  switch (c->key)
    {
    case KEY_ROLE:
      c->role = rlx_run_role_from_string (c->value);
      if (g_strcmp0 (rlx_run_role_to_string (c->role), c->value) != 0)
        {
          g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_QUERY,
                       "Unknown role “%s”; use annealed, reference or other.", c->value);
          return FALSE;
        }
      break;
    case KEY_KIND:
      c->kind = rlx_run_kind_from_string (c->value);
      if (g_strcmp0 (rlx_run_kind_to_string (c->kind), c->value) != 0)
        {
          g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_QUERY,
                       "Unknown run kind “%s”, e.g. flash-dsc-heating or dsc-heating.", c->value);
          return FALSE;
        }
      break;
    case KEY_TA:
    case KEY_TIME:
    case KEY_RATE:
    case KEY_SEGMENT:
      return parse_interval (key, c->value, &c->lo, &c->hi, error);
    case KEY_IDS:
      c->ids = g_array_new (FALSE, FALSE, sizeof (IdRange));
      return parse_ids (c->value, c->ids, error);
    case KEY_SAMPLE:
    case KEY_TAG:
    case N_KEYS:
    default:
      break;
    }
  return TRUE;
}

RlxSelection *
rlx_selection_parse (const char  *query,
                     GError     **error)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) words = NULL;
  RlxSelection *selection;

  /* Commas separate conditions too, but a piece without '=' continues the previous value,
     so "ids=3,5-9" stays one condition. */
  words = g_strsplit_set (query ? query : "", " \t\n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_auto(GStrv) pieces = g_strsplit (words[i], ",", -1);

      for (guint j = 0; pieces[j] != NULL; j++)
        {
          if (pieces[j][0] == '\0')
            continue;
          if (strchr (pieces[j], '=') == NULL && tokens->len > 0 && j > 0)
            {
              char *last = g_ptr_array_index (tokens, tokens->len - 1);
              tokens->pdata[tokens->len - 1] = g_strconcat (last, ",", pieces[j], NULL);
              g_free (last);
            }
          else
            g_ptr_array_add (tokens, g_strdup (pieces[j]));
        }
    }

  selection = g_new0 (RlxSelection, 1);
  selection->conditions = g_array_new (FALSE, TRUE, sizeof (Condition));
  g_array_set_clear_func (selection->conditions, condition_clear);
  for (guint i = 0; i < tokens->len; i++)
    {
      Condition c;

      if (!parse_condition (g_ptr_array_index (tokens, i), &c, error))
        {
          condition_clear (&c);
          rlx_selection_free (selection);
          return NULL;
        }
      g_array_append_val (selection->conditions, c);
    }
  return selection;
}

char *
rlx_selection_to_string (const RlxSelection *selection)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < selection->conditions->len; i++)
    {
      Condition *c = &g_array_index (selection->conditions, Condition, i);
      g_string_append_printf (text, "%s%s=%s", i ? " " : "", key_names[c->key], c->value);
    }
  return g_string_free (text, FALSE);
}

static gboolean
tag_matches (const char *tags,
             const char *tag)
{
  g_auto(GStrv) list = NULL;

  if (tags == NULL)
    return FALSE;
  list = g_strsplit (tags, ",", -1);
  for (guint i = 0; list[i] != NULL; i++)
    if (g_ascii_strcasecmp (g_strstrip (list[i]), tag) == 0)
      return TRUE;
  return FALSE;
}

gboolean
rlx_selection_matches (const RlxSelection *selection,
                       const RlxRunRecord *run)
{
  const RlxRunData *data = run->data;
  const Condition *ta = NULL, *time = NULL;

  for (guint i = 0; i < selection->conditions->len; i++)
    {
      Condition *c = &g_array_index (selection->conditions, Condition, i);
      gboolean ok = TRUE;

      switch (c->key)
        {
        case KEY_SAMPLE:
          ok = run->sample_name != NULL && g_pattern_match_simple (c->value, run->sample_name);
          break;
        case KEY_ROLE:
          ok = data->role == c->role;
          break;
        case KEY_KIND:
          ok = data->kind == c->kind;
          break;
        case KEY_RATE:
          ok = data->heating_rate >= c->lo && data->heating_rate <= c->hi;
          break;
        case KEY_SEGMENT:
          ok = data->segment > 0 && data->segment >= c->lo && data->segment <= c->hi;
          break;
        case KEY_TAG:
          ok = tag_matches (run->tags, c->value);
          break;
        case KEY_IDS:
          ok = FALSE;
          for (guint k = 0; k < c->ids->len && !ok; k++)
            {
              IdRange *r = &g_array_index (c->ids, IdRange, k);
              ok = run->id >= r->lo && run->id <= r->hi;
            }
          break;
        case KEY_TA:
          ta = c;
          break;
        case KEY_TIME:
          time = c;
          break;
        case N_KEYS:
        default:
          break;
        }
      if (!ok)
        return FALSE;
    }

  if (ta != NULL || time != NULL)
    {
      if (data->anneal_steps == NULL)
        return FALSE;
      for (guint k = 0; k < data->anneal_steps->len; k++)
        {
          RlxAnnealStep *s = &g_array_index (data->anneal_steps, RlxAnnealStep, k);

          if ((ta == NULL || (s->temperature >= ta->lo && s->temperature <= ta->hi)) &&
              (time == NULL || (s->duration >= time->lo && s->duration <= time->hi)))
            return TRUE;
        }
      return FALSE;
    }
  return TRUE;
}

GArray *
rlx_selection_select (const RlxSelection *selection,
                      RlxStore           *store,
                      GError            **error)
{
  g_autoptr(GPtrArray) runs = rlx_store_list_runs (store, 0, error);
  GArray *ids;

  if (runs == NULL)
    return NULL;
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < runs->len; i++)
    {
      RlxRunRecord *run = g_ptr_array_index (runs, i);

      if (rlx_selection_matches (selection, run))
        g_array_append_val (ids, run->id);
    }
  return ids;
}
