/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-trust-list.c — tests of the kiosk registry and the signed trust list the verifier reads. */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "tr-error.h"
#include "tr-keys.h"
#include "tr-office-key.h"
#include "tr-trust-list.h"

#define PASSPHRASE "correct horse battery staple"
#define KEY_A "yLgSYifoWVw-MlmqaVNyQtbzAkcHKzo-RgLauix9J0s"
#define KEY_B "2U15hFD-oqy8Wk2IRE22BEb9b7L3uXWkss6JyV-Wg7M"
#define HEADER "id;public_key;valid_from;valid_until;revoked_on\n"

typedef struct {
  char        *dir;
  char        *key_path;
  TrOfficeKey *key;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("tremplin-trust-XXXXXX", NULL);
  f->key_path = g_build_filename (f->dir, "office.key", NULL);
  g_assert_true (tr_office_key_create (f->key_path, PASSPHRASE, TR_OFFICE_KEY_COST_INTERACTIVE,
                                       NULL, &error));
  f->key = tr_office_key_unlock (f->key_path, PASSPHRASE, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  tr_office_key_free (f->key);
  g_free (f->key_path);
  g_free (f->dir);
}

static GPtrArray *
parse_registry (const char *text, GError **error)
{
  return tr_kiosk_registry_parse (text, strlen (text), "kiosks.csv", error);
}

static GPtrArray *
two_kiosks (void)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *kiosks = parse_registry (HEADER
                                      "mairie-18-02;" KEY_B ";2027-01-04;;2027-06-02\n"
                                      "mairie-18-01;" KEY_A ";2027-01-04;2027-12-31;\n", &error);

  g_assert_no_error (error);
  return kiosks;
}

static GDateTime *
issue_time (void)
{
  return g_date_time_new_from_iso8601 ("2027-03-14T10:00:00+01:00", NULL);
}

static void
test_registry (void)
{
  g_autoptr(GPtrArray) kiosks = two_kiosks ();
  const TrTrustedKiosk *first, *second;
  guint8 key[TR_PUBLIC_KEY_BYTES];

  /* Sorted by id; empty dates read as none. */
  g_assert_cmpuint (kiosks->len, ==, 2);
  first = g_ptr_array_index (kiosks, 0);
  second = g_ptr_array_index (kiosks, 1);
  g_assert_cmpstr (first->id, ==, "mairie-18-01");
  g_assert_true (tr_public_key_from_text (KEY_A, key, NULL));
  g_assert_cmpmem (first->public_key, sizeof key, key, sizeof key);
  g_assert_cmpstr (first->valid_from, ==, "2027-01-04");
  g_assert_cmpstr (first->valid_until, ==, "2027-12-31");
  g_assert_null (first->revoked_on);
  g_assert_cmpstr (second->id, ==, "mairie-18-02");
  g_assert_null (second->valid_until);
  g_assert_cmpstr (second->revoked_on, ==, "2027-06-02");
}

static void
test_registry_as_a_spreadsheet_saves_it (void)
{
  g_autoptr(GError) error = NULL;
  /* Commas, CRLF, a BOM and a capitalised header, as LibreOffice may write it. */
  const char *text = "\xEF\xBB\xBFId,Public_Key,Valid_From,Valid_Until,Revoked_On\r\n"
                     "mairie-18-01, " KEY_A " ,2027-01-04,,\r\n";
  g_autoptr(GPtrArray) kiosks = parse_registry (text, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (kiosks->len, ==, 1);
}

static void
assert_registry_refused (const char *text, int code, const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kiosks = parse_registry (text, &error);

  g_assert_null (kiosks);
  g_assert_error (error, TR_ERROR, code);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expected);
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_registry_refusals (void)
{
  assert_registry_refused ("", TR_ERROR_PARSE, "its first line must be");
  assert_registry_refused ("id;key\nk;" KEY_A "\n", TR_ERROR_PARSE, "kiosks.csv is not a kiosk registry");
  assert_registry_refused (HEADER, TR_ERROR_INVALID, "lists no kiosk");
  assert_registry_refused (HEADER "k1;" KEY_A ";2027-01-04\n", TR_ERROR_PARSE, "kiosks.csv:2: this line has 3 fields");
  assert_registry_refused (HEADER "k1;" KEY_A ";2027-01-04;;\n-k;" KEY_B ";2027-01-04;;\n",
                           TR_ERROR_INVALID, "kiosks.csv:3: The kiosk id “-k” is not usable");
  assert_registry_refused (HEADER "k1;" KEY_A "x;2027-01-04;;\n", TR_ERROR_INVALID, "kiosks.csv:2: ");
  assert_registry_refused (HEADER "k1;" KEY_A ";;;\n", TR_ERROR_INVALID, "valid_from is required");
  assert_registry_refused (HEADER "k1;" KEY_A ";2027-02-30;;\n", TR_ERROR_INVALID, "real dates");
  assert_registry_refused (HEADER "k1;" KEY_A ";2027-01-04;;14/03/2027\n", TR_ERROR_INVALID, "YYYY-MM-DD");
  assert_registry_refused (HEADER "k1;" KEY_A ";2027-01-04;2026-12-31;\n", TR_ERROR_INVALID,
                           "valid_until (2026-12-31) comes before valid_from (2027-01-04)");
  assert_registry_refused (HEADER "k1;" KEY_A ";2027-01-04;;\nk1;" KEY_B ";2027-01-04;;\n",
                           TR_ERROR_INVALID, "kiosk k1 is listed twice");
  assert_registry_refused (HEADER "k1;\"" KEY_A ";2027-01-04;;\n", TR_ERROR_PARSE, "kiosks.csv:2: ");
}

static void
test_registry_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) missing = tr_kiosk_registry_load ("/nonexistent/kiosks.csv", &error);

  g_assert_null (missing);
  g_assert_error (error, TR_ERROR, TR_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/kiosks.csv"));
}

/* The body the signature covers, as the file holds it. */
static char *
signed_body (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                  "signed"));
}

static void
test_build_and_read_back (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kiosks = two_kiosks ();
  g_autoptr(GDateTime) issued = issue_time ();
  g_autofree char *text = tr_trust_list_build (kiosks, issued, f->key);
  g_autofree char *body = signed_body (text);
  g_autofree char *office_text = tr_office_key_to_text (tr_office_key_get_public (f->key));
  g_autofree char *expected_body = NULL;
  g_autoptr(TrTrustList) list = NULL;
  const TrTrustedKiosk *kiosk;

  /* One line, the body exactly as documented: issue time in UTC, kiosks by id. */
  g_assert_null (strchr (text, '\n'));
  expected_body = g_strdup_printf ("{\"format\":\"tremplin-trust-list-1\",\"issued_at\":"
                                   "\"2027-03-14T09:00:00Z\",\"office_key\":\"%s\",\"kiosks\":["
                                   "{\"id\":\"mairie-18-01\",\"public_key\":\"" KEY_A "\","
                                   "\"valid_from\":\"2027-01-04\",\"valid_until\":\"2027-12-31\","
                                   "\"revoked_on\":null},"
                                   "{\"id\":\"mairie-18-02\",\"public_key\":\"" KEY_B "\","
                                   "\"valid_from\":\"2027-01-04\",\"valid_until\":null,"
                                   "\"revoked_on\":\"2027-06-02\"}]}", office_text);
  g_assert_cmpstr (body, ==, expected_body);

  list = tr_trust_list_parse (text, strlen (text), tr_office_key_get_public (f->key), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (list->issued_at, ==, "2027-03-14T09:00:00Z");
  g_assert_cmpuint (list->kiosks->len, ==, 2);
  kiosk = g_ptr_array_index (list->kiosks, 1);
  g_assert_cmpstr (kiosk->id, ==, "mairie-18-02");
  g_assert_cmpstr (kiosk->revoked_on, ==, "2027-06-02");
  g_assert_null (kiosk->valid_until);
}

static void
assert_list_refused (const char *text, const guint8 *office_key, int code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrTrustList) list = tr_trust_list_parse (text, strlen (text), office_key, &error);

  g_assert_null (list);
  g_assert_error (error, TR_ERROR, code);
}

static void
test_tampered_lists_are_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) kiosks = two_kiosks ();
  g_autoptr(GDateTime) issued = issue_time ();
  g_autofree char *text = tr_trust_list_build (kiosks, issued, f->key);
  const guint8 *office_key = tr_office_key_get_public (f->key);
  g_autofree char *other_path = g_build_filename (f->dir, "other.key", NULL);
  guint8 other_key[TR_OFFICE_KEY_BYTES];
  const char *signed_start = strstr (text, "\"signed\":\"") + strlen ("\"signed\":\"");
  const char *signature_start = strstr (text, "\"signature\":\"") + strlen ("\"signature\":\"");
  gsize body_length = (gsize) (strstr (text, "\",\"signature\"") - signed_start);

  /* Every letter or digit of the body changed to another one: refused. Escapes
   * and quotes are left alone, which would only break the JSON. */
  for (gsize i = 0; i < body_length; i++)
    {
      g_autofree char *changed = g_strdup (text);
      char *c = changed + (signed_start - text) + i;

      if (!g_ascii_isalnum (*c))
        continue;
      *c = *c == 'A' ? 'B' : 'A';
      assert_list_refused (changed, office_key, TR_ERROR_FORGED);
    }
  {
    g_autofree char *changed = g_strdup (text);
    char *c = changed + (signature_start - text) + 10;
    *c = *c == 'A' ? 'B' : 'A';
    assert_list_refused (changed, office_key, TR_ERROR_FORGED);
  }

  /* Signed by another office. */
  g_assert_true (tr_office_key_create (other_path, PASSPHRASE, TR_OFFICE_KEY_COST_INTERACTIVE,
                                       other_key, NULL));
  assert_list_refused (text, other_key, TR_ERROR_FORGED);

  /* Not a trust list at all. */
  assert_list_refused ("", office_key, TR_ERROR_PARSE);
  assert_list_refused ("[]", office_key, TR_ERROR_PARSE);
  assert_list_refused ("{\"format\":\"tremplin-trust-list-1\",\"signed\":\"{}\"}", office_key, TR_ERROR_PARSE);
}

static void
test_signed_but_malformed_body (Fixture *f, gconstpointer data)
{
  const char *bodies[] = {
    "{}",
    "{\"format\":\"tremplin-trust-list-1\",\"issued_at\":\"2027-03-14\",\"office_key\":\"%s\",\"kiosks\":[]}",
    "{\"format\":\"tremplin-trust-list-1\",\"issued_at\":\"2027-03-14T09:00:00Z\",\"office_key\":\"%s\",\"kiosks\":[{\"id\":\"k\"}]}",
    "{\"format\":\"tremplin-trust-list-1\",\"issued_at\":\"2027-03-14T09:00:00Z\",\"office_key\":\"office:x\",\"kiosks\":[]}",
  };
  g_autofree char *office_text = tr_office_key_to_text (tr_office_key_get_public (f->key));

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *body = g_strdup_printf (bodies[i], office_text);
      g_autofree char *signature_text = NULL;
      g_autofree char *text = NULL;
      guint8 signature[TR_OFFICE_SIGNATURE_BYTES];

      tr_office_key_sign (f->key, body, strlen (body), signature);
      signature_text = g_base64_encode (signature, sizeof signature);
      /* base64 to base64url, without padding. */
      g_strdelimit (signature_text, "+", '-');
      g_strdelimit (signature_text, "/", '_');
      *strchr (signature_text, '=') = '\0';
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "format");
      json_builder_add_string_value (builder, TR_TRUST_LIST_FORMAT);
      json_builder_set_member_name (builder, "signed");
      json_builder_add_string_value (builder, body);
      json_builder_set_member_name (builder, "signature");
      json_builder_add_string_value (builder, signature_text);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, NULL);
      assert_list_refused (text, tr_office_key_get_public (f->key), TR_ERROR_PARSE);
    }
}

static void
test_save_and_config (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "trust-list.json", NULL);
  g_autofree char *config = tr_trust_list_verifier_config (tr_office_key_get_public (f->key));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *written = NULL;
  guint8 pinned[TR_OFFICE_KEY_BYTES];
  GStatBuf st;

  g_assert_true (tr_trust_list_save (path, "{\"a\":1}", &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, "{\"a\":1}\n");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);

  g_assert_false (tr_trust_list_save ("/nonexistent/trust-list.json", "{}", &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_STORAGE);

  /* The page's configuration pins the office key in its printable form. */
  g_assert_true (json_parser_load_from_data (parser, config, -1, NULL));
  g_assert_true (tr_office_key_from_text (
    json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "office_key"),
    pinned, NULL));
  g_assert_cmpmem (pinned, sizeof pinned, tr_office_key_get_public (f->key), TR_OFFICE_KEY_BYTES);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  g_test_add_func ("/trust-list/registry/read", test_registry);
  g_test_add_func ("/trust-list/registry/spreadsheet", test_registry_as_a_spreadsheet_saves_it);
  g_test_add_func ("/trust-list/registry/refusals", test_registry_refusals);
  g_test_add_func ("/trust-list/registry/file", test_registry_file);
  ADD ("/trust-list/build-and-read-back", test_build_and_read_back);
  ADD ("/trust-list/tampered", test_tampered_lists_are_refused);
  ADD ("/trust-list/signed-but-malformed", test_signed_but_malformed_body);
  ADD ("/trust-list/save-and-config", test_save_and_config);
#undef ADD
  return g_test_run ();
}
