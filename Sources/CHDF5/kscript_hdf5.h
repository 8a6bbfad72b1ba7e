#ifndef KSCRIPT_HDF5_SHIM_H
#define KSCRIPT_HDF5_SHIM_H
/* Debian's serial HDF5 (pkg-config hdf5: -I/usr/include/hdf5/serial).
   HDF5 spells its constants and native types as macros that call H5open() or cast, which
   Swift cannot import; these inline functions give them to Swift. */
#include <hdf5.h>

static inline hid_t kscript_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t kscript_h5s_all(void) { return H5S_ALL; }
static inline hid_t kscript_h5e_default(void) { return H5E_DEFAULT; }
static inline unsigned kscript_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned kscript_h5f_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline hid_t kscript_h5p_file_access(void) { return H5P_FILE_ACCESS; }

static inline hid_t kscript_h5t_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t kscript_h5t_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t kscript_h5t_native_int32(void) { return H5T_NATIVE_INT32; }
static inline hid_t kscript_h5t_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t kscript_h5t_native_uint8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t kscript_h5t_native_int8(void) { return H5T_NATIVE_INT8; }
static inline hid_t kscript_h5t_ieee_f32le(void) { return H5T_IEEE_F32LE; }
static inline hid_t kscript_h5t_ieee_f64le(void) { return H5T_IEEE_F64LE; }
static inline hid_t kscript_h5t_std_i32le(void) { return H5T_STD_I32LE; }
static inline hid_t kscript_h5t_std_i64le(void) { return H5T_STD_I64LE; }
static inline hid_t kscript_h5t_std_u8le(void) { return H5T_STD_U8LE; }
static inline hid_t kscript_h5t_c_s1(void) { return H5T_C_S1; }
static inline size_t kscript_h5t_variable(void) { return H5T_VARIABLE; }

/* Turns off HDF5's printing of error stacks to stderr (errors are reported as Swift errors). */
static inline void kscript_h5_silence_errors(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

/* The kind of the link `name` in `loc`: 0 hard, 1 soft, 2 external or user-defined, -1 missing
   or error. (H5Lget_info is a versioned macro in later HDF5 releases.) */
static inline int kscript_h5_link_kind(hid_t loc, const char *name) {
    H5L_info_t info;
    if (H5Lexists(loc, name, H5P_DEFAULT) <= 0) return -1;
    if (H5Lget_info(loc, name, &info, H5P_DEFAULT) < 0) return -1;
    if (info.type == H5L_TYPE_HARD) return 0;
    if (info.type == H5L_TYPE_SOFT) return 1;
    return 2;
}
#endif
