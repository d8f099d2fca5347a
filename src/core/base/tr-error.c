#include "tr-error.h"

G_DEFINE_QUARK (tr-error-quark, tr_error)
