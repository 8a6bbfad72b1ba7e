#ifndef KSCRIPT_OPENBLAS_SHIM_H
#define KSCRIPT_OPENBLAS_SHIM_H
/* Debian's cblas.h (found through pkg-config openblas) guards itself with CBLAS_H. */
#include <cblas.h>
#endif
