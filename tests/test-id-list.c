/* test-id-list.c: reading user ids from pasted text and CSV files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-id-list"

#include "config.h"

#include <string.h>

#include "prefs-id-list.h"

static PrefsIdList *
parse (const char *text)
{
  PrefsIdList *list = prefs_id_list_parse (text, -1);

  g_assert_nonnull (list);
  g_assert_nonnull (list->ids);
  g_assert_nonnull (list->problems);
  g_assert_cmpuint (list->n_problems_total, >=, list->problems->len);
  return list;
}

/* @expected: NULL-terminated */
static void
assert_ids (PrefsIdList        *list,
            const char * const *expected)
{
  guint n = g_strv_length ((char **) expected);

  g_assert_cmpuint (list->ids->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (g_ptr_array_index (list->ids, i), ==, expected[i]);
}

static PrefsIdListProblem *
problem (PrefsIdList *list,
         guint        index)
{
  g_assert_cmpuint (index, <, list->problems->len);
  return g_ptr_array_index (list->problems, index);
}

static void
test_empty (void)
{
  g_autoptr(PrefsIdList) list = parse ("");
  g_autoptr(PrefsIdList) null_list = prefs_id_list_parse (NULL, 0);
  g_autoptr(PrefsIdList) bom_only = parse ("\xEF\xBB\xBF");

  g_assert_cmpuint (list->ids->len, ==, 0);
  g_assert_cmpuint (list->problems->len, ==, 0);
  g_assert_cmpuint (list->n_lines, ==, 0);
  g_assert_false (list->had_header);

  g_assert_cmpuint (null_list->ids->len, ==, 0);
  g_assert_cmpuint (null_list->n_lines, ==, 0);

  g_assert_cmpuint (bom_only->ids->len, ==, 0);
  g_assert_cmpuint (bom_only->n_lines, ==, 0);
  g_assert_cmpuint (bom_only->problems->len, ==, 0);
}

static void
test_headers (void)
{
  static const char * const headers[] = {
    "id", "ID", "user_id", "User_Id", "User ID", "user id", "\"user_id\"", "  \"User ID\"  ",
  };

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      g_autofree char *text = g_strdup_printf ("%s\nu1\nu2\n", headers[i]);
      g_autoptr(PrefsIdList) list = parse (text);

      g_test_message ("header %s", headers[i]);
      g_assert_true (list->had_header);
      assert_ids (list, (const char * const[]) { "u1", "u2", NULL });
      g_assert_cmpuint (list->problems->len, ==, 0);
      g_assert_cmpuint (list->n_lines, ==, 3);
    }

  /* Only the first line is a header; "id" later on is an id. */
  {
    g_autoptr(PrefsIdList) list = parse ("u1\nid\n");

    g_assert_false (list->had_header);
    assert_ids (list, (const char * const[]) { "u1", "id", NULL });
  }
  /* Blank lines before it do not stop it from being the first line. */
  {
    g_autoptr(PrefsIdList) list = parse ("\n\nuser_id\nu1\n");

    g_assert_true (list->had_header);
    assert_ids (list, (const char * const[]) { "u1", NULL });
    g_assert_cmpuint (list->n_lines, ==, 4);
  }
  /* Something else on the first line is an id. */
  {
    g_autoptr(PrefsIdList) list = parse ("identifier\nu1");

    g_assert_false (list->had_header);
    assert_ids (list, (const char * const[]) { "identifier", "u1", NULL });
  }
}

static void
test_line_endings (void)
{
  static const char * const texts[] = {
    "a\nb\nc\n", "a\r\nb\r\nc\r\n", "a\rb\rc\r", "a\nb\r\nc", "a\rb\nc",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(PrefsIdList) list = parse (texts[i]);

      assert_ids (list, (const char * const[]) { "a", "b", "c", NULL });
      g_assert_cmpuint (list->n_lines, ==, 3);
      g_assert_cmpuint (list->problems->len, ==, 0);
    }

  /* \r\r is two line ends, \n\r too: only \r\n is one. */
  {
    g_autoptr(PrefsIdList) list = parse ("a\r\rb\n\rc");

    assert_ids (list, (const char * const[]) { "a", "b", "c", NULL });
    g_assert_cmpuint (list->n_lines, ==, 5);
  }
}

static void
test_blank_lines (void)
{
  g_autoptr(PrefsIdList) list = parse ("\n  \nu1\n\n   u2   \n\n");

  assert_ids (list, (const char * const[]) { "u1", "u2", NULL });
  g_assert_cmpuint (list->n_lines, ==, 6);
  g_assert_cmpuint (list->problems->len, ==, 0);
}

static void
test_quotes (void)
{
  g_autoptr(PrefsIdList) list = parse ("\"u1\"\n"
                                       "  \"u2\"  \n"
                                       "\"say \"\"hi\"\"\"\n"
                                       "\"a,b\"\n"
                                       "\"tab\tinside\"\n"
                                       "\" spaced \"\n"
                                       "\"\"\"\"\n"
                                       "plain\"quote\n");
  PrefsIdListProblem *p;

  assert_ids (list, (const char * const[]) {
                "u1", "u2", "say \"hi\"", "a,b", " spaced ", "\"", "plain\"quote", NULL });
  /* A tab is a column separator outside quotes, a control character inside. */
  g_assert_cmpuint (list->problems->len, ==, 1);
  p = problem (list, 0);
  g_assert_cmpuint (p->line, ==, 5);
  g_assert_true (g_str_has_prefix (p->reason, "not a valid id: "));
  g_assert_nonnull (strstr (p->reason, "control character"));
}

static void
test_bad_quotes (void)
{
  g_autoptr(PrefsIdList) list = parse ("\"open\n"
                                       "\"closed\"tail\n"
                                       "\"\"\n"
                                       "ok\n");

  assert_ids (list, (const char * const[]) { "ok", NULL });
  g_assert_cmpuint (list->problems->len, ==, 3);
  g_assert_cmpuint (problem (list, 0)->line, ==, 1);
  g_assert_cmpstr (problem (list, 0)->reason, ==, "a quote is not closed");
  g_assert_cmpstr (problem (list, 0)->text, ==, "\"open");
  g_assert_cmpuint (problem (list, 1)->line, ==, 2);
  g_assert_cmpstr (problem (list, 1)->reason, ==, "text after the closing quote");
  /* Quotes around nothing are an empty id, not a blank line. */
  g_assert_cmpuint (problem (list, 2)->line, ==, 3);
  g_assert_cmpstr (problem (list, 2)->reason, ==, "not a valid id: empty");
}

static void
test_columns (void)
{
  g_autoptr(PrefsIdList) list = parse ("u1,Ada\n"
                                       "u2\tAda\n"
                                       "\"u3\",\"Ada\"\n"
                                       "\"u4\"  ,x\n"
                                       "u5,\n"
                                       "u6\n");

  assert_ids (list, (const char * const[]) { "u6", NULL });
  g_assert_cmpuint (list->problems->len, ==, 5);
  g_assert_cmpuint (list->n_problems_total, ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpuint (problem (list, i)->line, ==, i + 1);
      g_assert_cmpstr (problem (list, i)->reason, ==, "more than one column");
    }
  g_assert_cmpstr (problem (list, 0)->text, ==, "u1,Ada");
  /* The tab is shown, not passed on raw. */
  g_assert_cmpstr (problem (list, 1)->text, ==, "u2\xE2\x90\x89" "Ada");
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(PrefsIdList) list = parse ("u1\n"
                                       "bad\xC3\x28\n"
                                       "\xFF\xFE\n"
                                       "caf\xC3\xA9\n");
  PrefsIdListProblem *p;

  assert_ids (list, (const char * const[]) { "u1", "caf\xC3\xA9", NULL });
  g_assert_cmpuint (list->problems->len, ==, 2);
  p = problem (list, 0);
  g_assert_cmpuint (p->line, ==, 2);
  g_assert_cmpstr (p->reason, ==, "not valid UTF-8");
  g_assert_true (g_utf8_validate (p->text, -1, NULL));
  g_assert_true (g_str_has_prefix (p->text, "bad"));
  p = problem (list, 1);
  g_assert_cmpuint (p->line, ==, 3);
  g_assert_true (g_utf8_validate (p->text, -1, NULL));
}

static void
test_control_characters (void)
{
  /* With an explicit length, so a NUL byte can be in the middle. */
  static const char text[] = "u\x01" "1\n" "u\x7f" "2\n" "u\xC2\x85" "3\n" "u\0" "4\n" "u5\n";
  g_autoptr(PrefsIdList) list = prefs_id_list_parse (text, sizeof text - 1);

  assert_ids (list, (const char * const[]) { "u5", NULL });
  g_assert_cmpuint (list->n_lines, ==, 5);
  g_assert_cmpuint (list->problems->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      PrefsIdListProblem *p = problem (list, i);

      g_assert_cmpuint (p->line, ==, i + 1);
      g_assert_cmpstr (p->reason, ==, "not a valid id: contains a control character");
      g_assert_true (g_utf8_validate (p->text, -1, NULL));
      for (const char *c = p->text; *c != '\0'; c = g_utf8_next_char (c))
        g_assert_false (g_unichar_iscntrl (g_utf8_get_char (c)));
    }
  g_assert_cmpstr (problem (list, 0)->text, ==, "u\xE2\x90\x81" "1");
}

static void
test_id_length (void)
{
  g_autofree char *longest = g_strnfill (256, 'a');
  g_autofree char *too_long = g_strnfill (257, 'b');
  g_autofree char *text = g_strdup_printf ("%s\n%s\n", longest, too_long);
  g_autoptr(PrefsIdList) list = parse (text);
  PrefsIdListProblem *p;

  assert_ids (list, (const char * const[]) { longest, NULL });
  g_assert_cmpuint (list->problems->len, ==, 1);
  p = problem (list, 0);
  g_assert_cmpuint (p->line, ==, 2);
  g_assert_cmpstr (p->reason, ==, "not a valid id: longer than 256 bytes");
  g_assert_cmpstr (p->text, ==, too_long);
}

static void
test_long_problem_text (void)
{
  g_autofree char *huge = g_strnfill (100000, 'x');
  g_autofree char *text = g_strconcat (huge, ",y", NULL);
  g_autoptr(PrefsIdList) list = parse (text);
  PrefsIdListProblem *p;

  g_assert_cmpuint (list->problems->len, ==, 1);
  p = problem (list, 0);
  g_assert_cmpstr (p->reason, ==, "more than one column");
  g_assert_cmpuint (strlen (p->text), <=, PREFS_ID_LIST_MAX_PROBLEM_TEXT + strlen ("…"));
  g_assert_true (g_str_has_suffix (p->text, "…"));
}

static void
test_duplicates (void)
{
  g_autoptr(PrefsIdList) list = parse ("b\na\nb\n\"a\"\nc\n  b  \na\n");

  assert_ids (list, (const char * const[]) { "b", "a", "c", NULL });
  g_assert_cmpuint (list->n_duplicates, ==, 4);
  g_assert_cmpuint (list->problems->len, ==, 0);
  g_assert_cmpuint (list->n_lines, ==, 7);
}

static void
test_bom (void)
{
  g_autoptr(PrefsIdList) list = parse ("\xEF\xBB\xBFuser_id\r\nu1\r\n");
  g_autoptr(PrefsIdList) no_header = parse ("\xEF\xBB\xBFu1\nu2");

  /* Without the BOM skipped, the header would not be recognized. */
  g_assert_true (list->had_header);
  assert_ids (list, (const char * const[]) { "u1", NULL });

  g_assert_false (no_header->had_header);
  assert_ids (no_header, (const char * const[]) { "u1", "u2", NULL });
}

static void
test_big_csv (void)
{
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(PrefsIdList) list = NULL;
  static const guint junk[] = { 1, 100, 1001, 2222, 2505 };
  guint n_ids = 0;

  for (guint line = 1; line <= 2505; line++)
    {
      gboolean is_junk = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (junk); j++)
        is_junk |= junk[j] == line;
      if (is_junk)
        g_string_append_printf (csv, "junk %u,with a second column\r\n", line);
      else if (n_ids % 2 == 0)
        g_string_append_printf (csv, "user-%04u\r\n", n_ids++);
      else
        g_string_append_printf (csv, "\"user-%04u\"\r\n", n_ids++);
    }

  list = prefs_id_list_parse (csv->str, csv->len);
  g_assert_false (list->had_header);
  g_assert_cmpuint (list->n_lines, ==, 2505);
  g_assert_cmpuint (list->ids->len, ==, 2500);
  for (guint i = 0; i < 2500; i++)
    {
      g_autofree char *expected = g_strdup_printf ("user-%04u", i);

      g_assert_cmpstr (g_ptr_array_index (list->ids, i), ==, expected);
    }
  g_assert_cmpuint (list->n_duplicates, ==, 0);
  g_assert_cmpuint (list->problems->len, ==, G_N_ELEMENTS (junk));
  g_assert_cmpuint (list->n_problems_total, ==, G_N_ELEMENTS (junk));
  for (guint j = 0; j < G_N_ELEMENTS (junk); j++)
    {
      PrefsIdListProblem *p = problem (list, j);
      g_autofree char *expected = g_strdup_printf ("junk %u,with a second column", junk[j]);

      g_assert_cmpuint (p->line, ==, junk[j]);
      g_assert_cmpstr (p->reason, ==, "more than one column");
      g_assert_cmpstr (p->text, ==, expected);
    }
}

static void
test_problem_cap (void)
{
  guint n_bad = PREFS_ID_LIST_MAX_PROBLEMS + 500;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(PrefsIdList) list = NULL;

  for (guint i = 0; i < n_bad; i++)
    g_string_append_printf (text, "a%u,b\n", i);
  g_string_append (text, "good\n");

  list = prefs_id_list_parse (text->str, text->len);
  g_assert_cmpuint (list->problems->len, ==, PREFS_ID_LIST_MAX_PROBLEMS);
  g_assert_cmpuint (list->n_problems_total, ==, n_bad);
  /* The first ones are kept, in order. */
  g_assert_cmpuint (problem (list, 0)->line, ==, 1);
  g_assert_cmpuint (problem (list, PREFS_ID_LIST_MAX_PROBLEMS - 1)->line, ==,
                    PREFS_ID_LIST_MAX_PROBLEMS);
  assert_ids (list, (const char * const[]) { "good", NULL });
  g_assert_cmpuint (list->n_lines, ==, n_bad + 1);
}

static void
test_not_nul_terminated (void)
{
  /* Only @length bytes count: what follows is not read. */
  static const char text[] = "u1\nu2\nu3";
  g_autoptr(PrefsIdList) list = prefs_id_list_parse (text, 5);

  assert_ids (list, (const char * const[]) { "u1", "u2", NULL });
  g_assert_cmpuint (list->n_lines, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/id-list/empty", test_empty);
  g_test_add_func ("/core/id-list/headers", test_headers);
  g_test_add_func ("/core/id-list/line-endings", test_line_endings);
  g_test_add_func ("/core/id-list/blank-lines", test_blank_lines);
  g_test_add_func ("/core/id-list/quotes", test_quotes);
  g_test_add_func ("/core/id-list/bad-quotes", test_bad_quotes);
  g_test_add_func ("/core/id-list/columns", test_columns);
  g_test_add_func ("/core/id-list/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/core/id-list/control-characters", test_control_characters);
  g_test_add_func ("/core/id-list/id-length", test_id_length);
  g_test_add_func ("/core/id-list/long-problem-text", test_long_problem_text);
  g_test_add_func ("/core/id-list/duplicates", test_duplicates);
  g_test_add_func ("/core/id-list/bom", test_bom);
  g_test_add_func ("/core/id-list/big-csv", test_big_csv);
  g_test_add_func ("/core/id-list/problem-cap", test_problem_cap);
  g_test_add_func ("/core/id-list/not-nul-terminated", test_not_nul_terminated);

  return g_test_run ();
}
