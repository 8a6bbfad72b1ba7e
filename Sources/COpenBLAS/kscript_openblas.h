#ifndef KSCRIPT_OPENBLAS_SHIM_H
#define KSCRIPT_OPENBLAS_SHIM_H
/* Debian's cblas.h (found through pkg-config openblas) guards itself with CBLAS_H. */
#include <cblas.h>

/* The kernels' floating-point mode: flush-to-zero and denormals-are-zero on the calling
   thread, as TensorFlow runs its kernels (denormal operands cost ~100 cycles each; Adam's
   decaying moments of always-zero gradients pass through that range for hundreds of steps). */
#if defined(__x86_64__)
#include <xmmintrin.h>
static inline unsigned int kscript_flush_denormals(void) {
    unsigned int previous = _mm_getcsr();
    _mm_setcsr(previous | 0x8040u);
    return previous;
}
static inline void kscript_restore_float_mode(unsigned int previous) { _mm_setcsr(previous); }
/* The calling thread's floating-point mode, to run a helper thread's share in the same mode. */
static inline unsigned int kscript_float_mode(void) { return _mm_getcsr(); }
/* A spin-wait hint (the PAUSE instruction). */
static inline void kscript_spin_pause(void) { _mm_pause(); }
#else
static inline unsigned int kscript_flush_denormals(void) { return 0; }
static inline void kscript_restore_float_mode(unsigned int previous) { (void)previous; }
static inline unsigned int kscript_float_mode(void) { return 0; }
static inline void kscript_spin_pause(void) { }
#endif
#endif
