/* prefs-id-list.c: user ids from a pasted list or a CSV file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-id-list"

#include "config.h"

#include "prefs-id-list.h"

#include <string.h>

#include "prefs-bulk-job.h"

#define UTF8_BOM "\xEF\xBB\xBF"
#define REPLACEMENT_CHARACTER "\xEF\xBF\xBD"

/**
 * prefs_id_list_problem_free:
 * @problem: (nullable): a #PrefsIdListProblem
 *
 * Frees @problem.
 */
void
prefs_id_list_problem_free (PrefsIdListProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->text);
  g_free (problem->reason);
  g_free (problem);
}

/**
 * prefs_id_list_free:
 * @list: (nullable): a #PrefsIdList
 *
 * Frees @list with its ids and problems.
 */
void
prefs_id_list_free (PrefsIdList *list)
{
  if (list == NULL)
    return;
  g_clear_pointer (&list->ids, g_ptr_array_unref);
  g_clear_pointer (&list->problems, g_ptr_array_unref);
  g_free (list);
}

/* The line as a person can read it in a list of problems: never invalid
 * UTF-8, no control characters that would break a label, and short, as a
 * file without line breaks is one huge line. */
static char *
display_text (const char *line,
              gsize       length)
{
  const char *p = line;
  const char *end = line + length;
  GString *out = g_string_sized_new (MIN (length, PREFS_ID_LIST_MAX_PROBLEM_TEXT) + 8);

  while (p < end)
    {
      gunichar c;

      if (out->len >= PREFS_ID_LIST_MAX_PROBLEM_TEXT)
        {
          g_string_append (out, "…");
          break;
        }

      c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Also NUL bytes, which g_utf8_get_char_validated() refuses. */
          g_string_append (out, REPLACEMENT_CHARACTER);
          p++;
          continue;
        }

      if (c < 0x20)
        g_string_append_unichar (out, 0x2400 + c);   /* the Control Pictures block */
      else if (c == 0x7f)
        g_string_append_unichar (out, 0x2421);
      else if (g_unichar_iscntrl (c))
        g_string_append (out, REPLACEMENT_CHARACTER);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }

  return g_string_free (out, FALSE);
}

/* Like g_utf8_validate_len(), but a NUL byte is a character here: the
 * id rule reports it as a control character, which says more. */
static gboolean
utf8_valid_with_nul (const char *p,
                     gsize       length)
{
  const char *end = p + length;

  while (p < end)
    {
      const char *stop = NULL;

      if (g_utf8_validate_len (p, end - p, &stop))
        return TRUE;
      if (stop >= end || *stop != '\0')
        return FALSE;
      p = stop + 1;
    }
  return TRUE;
}

static gboolean
has_column_separator (const char *p,
                      const char *end)
{
  for (; p < end; p++)
    if (*p == ',' || *p == '\t')
      return TRUE;
  return FALSE;
}

/* Takes the one field of a line, without surrounding spaces and quotes.
 * Returns %NULL with @out_reason set when the line is not one field, and
 * %NULL with no reason for a blank line. */
static GString *
parse_field (const char  *line,
             gsize        length,
             const char **out_reason)
{
  const char *start = line;
  const char *end = line + length;
  GString *field;

  *out_reason = NULL;

  while (start < end && *start == ' ')
    start++;
  while (end > start && end[-1] == ' ')
    end--;
  if (start == end)
    return NULL;

  if (*start != '"')
    {
      if (has_column_separator (start, end))
        {
          *out_reason = "more than one column";
          return NULL;
        }
      return g_string_new_len (start, end - start);
    }

  field = g_string_sized_new (end - start);
  for (const char *p = start + 1;;)
    {
      const char *quote = memchr (p, '"', end - p);

      if (quote == NULL)
        {
          *out_reason = "a quote is not closed";
          g_string_free (field, TRUE);
          return NULL;
        }

      g_string_append_len (field, p, quote - p);
      if (quote + 1 < end && quote[1] == '"')
        {
          g_string_append_c (field, '"');
          p = quote + 2;
          continue;
        }

      /* The closing quote: only spaces may follow, else there is more. */
      for (const char *rest = quote + 1; rest < end; rest++)
        {
          if (*rest == ' ')
            continue;
          *out_reason = has_column_separator (rest, end)
                          ? "more than one column"
                          : "text after the closing quote";
          g_string_free (field, TRUE);
          return NULL;
        }
      return field;
    }
}

static gboolean
is_header (const GString *field)
{
  static const char * const names[] = { "id", "user_id", "user id" };

  if (memchr (field->str, '\0', field->len) != NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (field->str, names[i]) == 0)
      return TRUE;
  return FALSE;
}

typedef struct
{
  PrefsIdList *list;
  GHashTable  *seen;          /* ids, owned by list->ids */
  gboolean     seen_content;  /* a non-blank line came before */
} Parser;

static void
add_problem (Parser     *parser,
             guint       line_number,
             const char *line,
             gsize       length,
             char       *reason)   /* (transfer full) */
{
  PrefsIdListProblem *problem;

  parser->list->n_problems_total++;
  if (parser->list->problems->len >= PREFS_ID_LIST_MAX_PROBLEMS)
    {
      g_free (reason);
      return;
    }

  problem = g_new0 (PrefsIdListProblem, 1);
  problem->line = line_number;
  problem->text = display_text (line, length);
  problem->reason = reason;
  g_ptr_array_add (parser->list->problems, problem);
}

static void
parse_line (Parser     *parser,
            guint       line_number,
            const char *line,
            gsize       length)
{
  g_autoptr(GString) field = NULL;
  const char *reason = NULL;
  gboolean first;
  char *id;

  if (!utf8_valid_with_nul (line, length))
    {
      parser->seen_content = TRUE;
      add_problem (parser, line_number, line, length, g_strdup ("not valid UTF-8"));
      return;
    }

  field = parse_field (line, length, &reason);
  if (field == NULL && reason == NULL)
    return;

  first = !parser->seen_content;
  parser->seen_content = TRUE;

  if (field == NULL)
    {
      add_problem (parser, line_number, line, length, g_strdup (reason));
      return;
    }

  if (first && is_header (field))
    {
      parser->list->had_header = TRUE;
      return;
    }

  /* prefs_bulk_job_validate_id() reads a C string, so it would stop at a NUL. */
  if (memchr (field->str, '\0', field->len) != NULL)
    reason = "contains a control character";
  else
    prefs_bulk_job_validate_id (field->str, &reason);
  if (reason != NULL)
    {
      add_problem (parser, line_number, line, length,
                   g_strconcat ("not a valid id: ", reason, NULL));
      return;
    }

  if (g_hash_table_contains (parser->seen, field->str))
    {
      parser->list->n_duplicates++;
      return;
    }

  id = g_string_free (g_steal_pointer (&field), FALSE);
  g_ptr_array_add (parser->list->ids, id);
  g_hash_table_add (parser->seen, id);
}

/**
 * prefs_id_list_parse:
 * @data: (nullable): the text, or %NULL for none
 * @length: its length in bytes, or -1 if it is NUL-terminated
 *
 * Reads one column of user ids, line by line, without copying @data: a
 * file of tens of megabytes costs its ids and little else. At most
 * %PREFS_ID_LIST_MAX_PROBLEMS problems are kept; @n_problems_total counts
 * them all.
 *
 * Returns: (transfer full): the ids and the lines that could not be used
 */
PrefsIdList *
prefs_id_list_parse (const char *data,
                     gssize      length)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  PrefsIdList *list = g_new0 (PrefsIdList, 1);
  Parser parser = { list, seen, FALSE };
  const char *p;
  const char *end;
  guint line_number = 0;

  list->ids = g_ptr_array_new_with_free_func (g_free);
  list->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) prefs_id_list_problem_free);

  if (data == NULL)
    return list;
  if (length < 0)
    length = strlen (data);

  p = data;
  end = data + length;
  if (end - p >= 3 && memcmp (p, UTF8_BOM, 3) == 0)
    p += 3;

  while (p < end)
    {
      const char *eol = p;

      while (eol < end && *eol != '\n' && *eol != '\r')
        eol++;

      /* Stop counting rather than wrap: past 4 billion lines the numbers
       * would lie, and such input is nothing a person pasted. */
      if (line_number < G_MAXUINT)
        line_number++;
      parse_line (&parser, line_number, p, eol - p);

      if (eol == end)
        break;
      if (*eol == '\r' && eol + 1 < end && eol[1] == '\n')
        eol++;
      p = eol + 1;
    }

  list->n_lines = line_number;
  return list;
}
