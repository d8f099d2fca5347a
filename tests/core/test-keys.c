#include <glib.h>
/* placeholder: fails until the real tests are written */
int main (int argc, char **argv) { g_test_init (&argc, &argv, NULL); g_printerr ("not written\n"); return 1; }
