/* prefs-id-list.h: user ids from a pasted list or a CSV file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* One line that could not be used. */
typedef struct
{
  guint  line;     /* 1-based line number */
  char  *text;     /* the line as given (valid UTF-8, control characters replaced) */
  char  *reason;   /* "more than one column", "not a valid id: …", "not valid UTF-8" */
} PrefsIdListProblem;

void prefs_id_list_problem_free (PrefsIdListProblem *problem);

typedef struct
{
  GPtrArray *ids;           /* (element-type utf8): valid, unique, in first-seen order */
  GPtrArray *problems;      /* (element-type PrefsIdListProblem): bad lines, by line number */
  guint      n_lines;       /* lines read, blank ones included */
  guint      n_duplicates;  /* ids dropped because they came before */
  gboolean   had_header;    /* the first line was a header ("id", "user_id", "user id") */
  guint      n_problems_total; /* all bad lines; @problems keeps only the first
                                * PREFS_ID_LIST_MAX_PROBLEMS of them */
} PrefsIdList;

/* A bad file can have millions of bad lines; nobody reads past the first few. */
#define PREFS_ID_LIST_MAX_PROBLEMS 1000
/* Problem texts are cut (at a character boundary, with "…") past this many bytes. */
#define PREFS_ID_LIST_MAX_PROBLEM_TEXT 300

void prefs_id_list_free (PrefsIdList *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrefsIdList, prefs_id_list_free)

/* Reads one column of ids: a CSV file or text pasted by a person. Lines
 * end with \n, \r\n or \r; blank lines are skipped; surrounding spaces and
 * one pair of double quotes (CSV quoting, "" inside) are removed; a first
 * line naming the column is a header; a line with an unquoted comma or tab
 * is "more than one column"; an id must be 1–256 bytes of UTF-8 without
 * control characters (prefs_bulk_job_validate_id's rule). Never fails: bad
 * input becomes problems. @length -1 means NUL-terminated. */
PrefsIdList *prefs_id_list_parse (const char *data,
                                  gssize      length);

G_END_DECLS
