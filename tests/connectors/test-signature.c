/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "connectors/sb-signature.h"

/* Webhook signatures as the services make them: the expected values are computed here with
 * GHmac the way connectors.md describes each scheme, not with the code under test. */

#define SECRET "whsec_test_secret"
#define BODY "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\"}"
#define NOW G_GINT64_CONSTANT (1767225600)

static char *
hmac_hex (const char *secret,
          const char *data)
{
  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *)secret, strlen (secret),
                                    data, -1);
}

static char *
stripe_header (const char *secret,
               gint64      timestamp,
               const char *body)
{
  g_autofree char *payload = g_strdup_printf ("%" G_GINT64_FORMAT ".%s", timestamp, body);
  g_autofree char *hex = hmac_hex (secret, payload);

  return g_strdup_printf ("t=%" G_GINT64_FORMAT ",v1=%s", timestamp, hex);
}

static gboolean
verify_stripe (const char  *header,
               const char  *body,
               const char  *secret,
               gint64       now,
               GError     **error)
{
  return sb_signature_verify_stripe (header, (const guint8 *)body, strlen (body), secret, now,
                                     SB_SIGNATURE_STRIPE_TOLERANCE, error);
}

/* A refusal never repeats the secret or a signature. */
static void
assert_refused (gboolean    ok,
                GError     *error,
                int         code,
                const char *header)
{
  g_assert_false (ok);
  g_assert_error (error, SB_SIGNATURE_ERROR, code);
  g_assert_null (strstr (error->message, SECRET));
  if (header != NULL && strlen (header) > 8)
    g_assert_null (strstr (error->message, header + strlen (header) - 8));
}

static void
test_stripe (void)
{
  g_autofree char *header = stripe_header (SECRET, NOW, BODY);
  g_autofree char *other = stripe_header ("whsec_other", NOW, BODY);
  g_autofree char *rotated = NULL;
  g_autofree char *signed_here = NULL;
  g_autofree char *upper = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* Valid, also five minutes later, and from a clock that runs ahead. */
  g_assert_true (verify_stripe (header, BODY, SECRET, NOW, &error));
  g_assert_no_error (error);
  g_assert_true (verify_stripe (header, BODY, SECRET, NOW + 300, &error));
  g_assert_true (verify_stripe (header, BODY, SECRET, NOW - 3600, &error));
  g_assert_no_error (error);

  /* While a secret is rolled, two v1 are sent: any one may match. v0 is ignored. */
  rotated = g_strdup_printf ("t=%" G_GINT64_FORMAT ",v1=%s,%s,v0=6ffbb59b2300aae63f27240606",
                             NOW, strstr (other, "v1=") + 3, strstr (header, "v1="));
  g_assert_true (verify_stripe (rotated, BODY, SECRET, NOW, &error));
  g_assert_no_error (error);

  /* What the signing helper makes is what Stripe sends. */
  signed_here = sb_signature_sign_stripe ((const guint8 *)BODY, strlen (BODY), SECRET, NOW);
  g_assert_cmpstr (signed_here, ==, header);

  /* Wrong secret. */
  ok = verify_stripe (header, BODY, "whsec_wrong", NOW, &error);
  g_assert_false (ok);
  g_assert_error (error, SB_SIGNATURE_ERROR, SB_SIGNATURE_ERROR_MISMATCH);
  g_clear_error (&error);

  /* Tampered body. */
  ok = verify_stripe (header, "{\"id\":\"evt_2\",\"type\":\"payment_intent.succeeded\"}",
                      SECRET, NOW, &error);
  assert_refused (ok, error, SB_SIGNATURE_ERROR_MISMATCH, header);
  g_clear_error (&error);

  /* A replay of an old event: one second past the tolerance. */
  ok = verify_stripe (header, BODY, SECRET, NOW + 301, &error);
  assert_refused (ok, error, SB_SIGNATURE_ERROR_TOO_OLD, header);
  g_assert_nonnull (strstr (error->message, "301 seconds"));
  g_clear_error (&error);

  /* An old timestamp with a signature that does not match is a mismatch first. */
  ok = verify_stripe (other, BODY, SECRET, NOW + 3600, &error);
  assert_refused (ok, error, SB_SIGNATURE_ERROR_MISMATCH, other);
  g_clear_error (&error);

  /* The timestamp is signed: moving it breaks the signature. */
  {
    g_autofree char *moved = g_strdup_printf ("t=%" G_GINT64_FORMAT ",%s", NOW + 1,
                                              strstr (header, "v1="));

    ok = verify_stripe (moved, BODY, SECRET, NOW, &error);
    assert_refused (ok, error, SB_SIGNATURE_ERROR_MISMATCH, moved);
    g_clear_error (&error);
  }

  /* Missing header, missing parts. */
  ok = verify_stripe (NULL, BODY, SECRET, NOW, &error);
  assert_refused (ok, error, SB_SIGNATURE_ERROR_MISSING, NULL);
  g_clear_error (&error);
  ok = verify_stripe ("", BODY, SECRET, NOW, &error);
  assert_refused (ok, error, SB_SIGNATURE_ERROR_MISSING, NULL);
  g_clear_error (&error);
  ok = verify_stripe (strstr (header, "v1="), BODY, SECRET, NOW, &error);
  assert_refused (ok, error, SB_SIGNATURE_ERROR_BAD_FORMAT, header);
  g_clear_error (&error);
  ok = verify_stripe ("t=1767225600,v0=abc", BODY, SECRET, NOW, &error);
  assert_refused (ok, error, SB_SIGNATURE_ERROR_BAD_FORMAT, NULL);
  g_clear_error (&error);
  ok = verify_stripe ("t=1767225600,v1=zz", BODY, SECRET, NOW, &error);
  assert_refused (ok, error, SB_SIGNATURE_ERROR_MISMATCH, NULL);
  g_clear_error (&error);

  /* No secret configured. */
  ok = verify_stripe (header, BODY, "", NOW, &error);
  assert_refused (ok, error, SB_SIGNATURE_ERROR_MISSING, header);
  g_clear_error (&error);

  /* Hex in capitals is the same signature. */
  upper = g_ascii_strup (header, -1);
  upper[0] = 't';
  upper[strcspn (upper, ",") + 1] = 'v';
  g_assert_true (verify_stripe (upper, BODY, SECRET, NOW, &error));
  g_assert_no_error (error);
}

static void
test_shopify (void)
{
  guint8 digest[32];
  gsize length = sizeof digest;
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *)SECRET, strlen (SECRET));
  g_autofree char *header = NULL;
  g_autofree char *signed_here = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_hmac_update (hmac, (const guchar *)BODY, strlen (BODY));
  g_hmac_get_digest (hmac, digest, &length);
  header = g_base64_encode (digest, length);

  g_assert_true (sb_signature_verify_shopify (header, (const guint8 *)BODY, strlen (BODY),
                                              SECRET, &error));
  g_assert_no_error (error);
  signed_here = sb_signature_sign_shopify ((const guint8 *)BODY, strlen (BODY), SECRET);
  g_assert_cmpstr (signed_here, ==, header);

  ok = sb_signature_verify_shopify (header, (const guint8 *)BODY, strlen (BODY), "shpss_wrong",
                                    &error);
  assert_refused (ok, error, SB_SIGNATURE_ERROR_MISMATCH, header);
  g_clear_error (&error);

  ok = sb_signature_verify_shopify (header, (const guint8 *)BODY, strlen (BODY) - 1, SECRET,
                                    &error);
  assert_refused (ok, error, SB_SIGNATURE_ERROR_MISMATCH, header);
  g_clear_error (&error);

  ok = sb_signature_verify_shopify (NULL, (const guint8 *)BODY, strlen (BODY), SECRET, &error);
  assert_refused (ok, error, SB_SIGNATURE_ERROR_MISSING, NULL);
  g_clear_error (&error);

  /* Shopify sends base64, not hex. */
  {
    g_autofree char *hex = hmac_hex (SECRET, BODY);

    ok = sb_signature_verify_shopify (hex, (const guint8 *)BODY, strlen (BODY), SECRET, &error);
    assert_refused (ok, error, SB_SIGNATURE_ERROR_BAD_FORMAT, hex);
    g_clear_error (&error);
  }
}

static void
test_hmac_hex (void)
{
  g_autofree char *hex = hmac_hex (SECRET, BODY);
  g_autofree char *prefixed = g_strconcat ("sha256=", hex, NULL);
  g_autofree char *upper = g_ascii_strup (hex, -1);
  g_autofree char *signed_here = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_assert_true (sb_signature_verify_hmac_hex (hex, (const guint8 *)BODY, strlen (BODY), SECRET,
                                               &error));
  g_assert_true (sb_signature_verify_hmac_hex (prefixed, (const guint8 *)BODY, strlen (BODY),
                                               SECRET, &error));
  g_assert_true (sb_signature_verify_hmac_hex (upper, (const guint8 *)BODY, strlen (BODY),
                                               SECRET, &error));
  g_assert_no_error (error);
  signed_here = sb_signature_sign_hmac_hex ((const guint8 *)BODY, strlen (BODY), SECRET);
  g_assert_cmpstr (signed_here, ==, hex);

  ok = sb_signature_verify_hmac_hex (hex, (const guint8 *)BODY, strlen (BODY), "other", &error);
  assert_refused (ok, error, SB_SIGNATURE_ERROR_MISMATCH, hex);
  g_clear_error (&error);

  ok = sb_signature_verify_hmac_hex (hex, (const guint8 *)"{}", 2, SECRET, &error);
  assert_refused (ok, error, SB_SIGNATURE_ERROR_MISMATCH, hex);
  g_clear_error (&error);

  ok = sb_signature_verify_hmac_hex (NULL, (const guint8 *)BODY, strlen (BODY), SECRET, &error);
  assert_refused (ok, error, SB_SIGNATURE_ERROR_MISSING, NULL);
  g_clear_error (&error);

  ok = sb_signature_verify_hmac_hex ("sha1=abc", (const guint8 *)BODY, strlen (BODY), SECRET,
                                     &error);
  assert_refused (ok, error, SB_SIGNATURE_ERROR_BAD_FORMAT, NULL);
  g_clear_error (&error);
}

static void
test_dispatch (void)
{
  g_autofree char *stripe = stripe_header (SECRET, NOW, BODY);
  g_autoptr(GError) error = NULL;
  SbSignatureScheme scheme;

  g_assert_true (sb_signature_verify (SB_SIGNATURE_SCHEME_NONE, NULL, NULL, 0, NULL, NOW, &error));
  g_assert_true (sb_signature_verify (SB_SIGNATURE_SCHEME_STRIPE, stripe, (const guint8 *)BODY,
                                      strlen (BODY), SECRET, NOW, &error));
  g_assert_no_error (error);
  g_assert_false (sb_signature_verify (SB_SIGNATURE_SCHEME_STRIPE, stripe, (const guint8 *)BODY,
                                       strlen (BODY), SECRET, NOW + 301, &error));
  g_assert_error (error, SB_SIGNATURE_ERROR, SB_SIGNATURE_ERROR_TOO_OLD);
  g_clear_error (&error);
  g_assert_false (sb_signature_verify (SB_SIGNATURE_SCHEME_SHOPIFY, stripe, (const guint8 *)BODY,
                                       strlen (BODY), SECRET, NOW, &error));
  g_assert_error (error, SB_SIGNATURE_ERROR, SB_SIGNATURE_ERROR_BAD_FORMAT);

  for (scheme = SB_SIGNATURE_SCHEME_NONE; scheme <= SB_SIGNATURE_SCHEME_HMAC_HEX_HEADER; scheme++)
    {
      SbSignatureScheme parsed;

      g_assert_true (sb_signature_scheme_from_string (sb_signature_scheme_to_string (scheme),
                                                      &parsed));
      g_assert_cmpint (parsed, ==, scheme);
    }
  g_assert_false (sb_signature_scheme_from_string ("md5", &scheme));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/connectors/signature/stripe", test_stripe);
  g_test_add_func ("/connectors/signature/shopify", test_shopify);
  g_test_add_func ("/connectors/signature/hmac-hex", test_hmac_hex);
  g_test_add_func ("/connectors/signature/dispatch", test_dispatch);

  return g_test_run ();
}
