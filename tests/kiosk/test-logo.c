/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Welcome's logo PNGs (ui/logo/) are the application's SVG icon as the icon
 * theme drew it, pixel for pixel: edit the SVG, then remake them with
 *   _build/tests/kiosk/test-logo --write ui/logo
 * (run from the source folder), and this test passes again. */
#include <gtk/gtk.h>
#include <stdlib.h>
#include <string.h>

#define SVG_PATH "/org/tremplin/Kiosk/icons/scalable/apps/org.tremplin.Kiosk.svg"
/* Welcome shows the logo at 128 px (tr-welcome-page.ui, pixel-size). */
static const int sizes[] = { 128, 256 };

/* The SVG drawn as GTK 4.8's icon theme draws a non-symbolic icon: by
 * GdkPixbuf's SVG loader, at the size asked, keeping its proportions. */
static GdkPixbuf *
draw_svg (int size, GError **error)
{
  return gdk_pixbuf_new_from_resource_at_scale (SVG_PATH, size, size, TRUE, error);
}

static GBytes *
pixels_of (GdkTexture *texture)
{
  gsize stride = (gsize) gdk_texture_get_width (texture) * 4;
  gsize length = stride * (gsize) gdk_texture_get_height (texture);
  guchar *data = g_malloc (length);

  gdk_texture_download (texture, data, stride);
  return g_bytes_new_take (data, length);
}

static void
test_logo_is_the_icon (gconstpointer data)
{
  int size = GPOINTER_TO_INT (data);
  g_autofree char *png_path = g_strdup_printf ("/org/tremplin/Kiosk/logo/logo-%d.png", size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) drawn = draw_svg (size, &error);
  g_autoptr(GdkTexture) expected = NULL;
  g_autoptr(GdkTexture) shipped = NULL;
  g_autoptr(GBytes) expected_pixels = NULL;
  g_autoptr(GBytes) shipped_pixels = NULL;

  g_assert_no_error (error);
  expected = gdk_texture_new_for_pixbuf (drawn);
  shipped = gdk_texture_new_from_resource (png_path);
  g_assert_cmpint (gdk_texture_get_width (shipped), ==, size);
  g_assert_cmpint (gdk_texture_get_height (shipped), ==, size);
  expected_pixels = pixels_of (expected);
  shipped_pixels = pixels_of (shipped);
  if (!g_bytes_equal (expected_pixels, shipped_pixels))
    g_error ("%s is not the SVG icon drawn at %d px: remake it with “test-logo --write ui/logo”",
             png_path, size);
}

/* --write DIR: the PNGs made again from the SVG. */
static int
write_logos (const char *dir)
{
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("logo-%d.png", sizes[i]);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GdkPixbuf) drawn = draw_svg (sizes[i], &error);

      if (drawn == NULL || !gdk_pixbuf_save (drawn, path, "png", &error, "compression", "9", NULL))
        {
          g_printerr ("test-logo: cannot write %s: %s\n", path, error->message);
          return EXIT_FAILURE;
        }
      g_print ("%s\n", path);
    }
  return EXIT_SUCCESS;
}

int
main (int argc, char **argv)
{
  if (argc == 3 && strcmp (argv[1], "--write") == 0)
    return write_logos (argv[2]);

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/logo/png-%d-is-the-svg", sizes[i]);

      g_test_add_data_func (path, GINT_TO_POINTER (sizes[i]), test_logo_is_the_icon);
    }
  return g_test_run ();
}
