#ifndef KSCRIPT_HDF5_SHIM_H
#define KSCRIPT_HDF5_SHIM_H
/* Debian's serial HDF5 (pkg-config hdf5: -I/usr/include/hdf5/serial).
   HDF5 spells its constants and native types as macros that call H5open() or cast, which
   Swift cannot import; these inline functions give them to Swift. */
#include <hdf5.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

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
/* ---- The probe: reads every object, attribute and dataset of an HDF5 image with the calls
   kscript's wrapper makes. HDF5 1.10 can crash on crafted or damaged metadata, so kscript runs
   this in a forked child first and refuses files that crash it. Returns 0 when the walk ends. */

#define KSCRIPT_H5_PROBE_LIMIT ((hsize_t)1 << 32)

static inline void kscript_h5_probe_attribute(hid_t object, const char *name) {
    hid_t attribute = H5Aopen(object, name, H5P_DEFAULT);
    if (attribute < 0) return;
    hid_t space = H5Aget_space(attribute);
    hid_t type = H5Aget_type(attribute);
    hssize_t count = space >= 0 ? H5Sget_simple_extent_npoints(space) : -1;
    if (type >= 0 && count > 0 && count <= (1 << 20)) {
        H5T_class_t type_class = H5Tget_class(type);
        if (type_class == H5T_STRING && H5Tis_variable_str(type) > 0) {
            hid_t memory = H5Tcopy(type);
            char **strings = (char **)calloc((size_t)count, sizeof(char *));
            if (memory >= 0 && strings && H5Aread(attribute, memory, strings) >= 0) {
                for (hssize_t i = 0; i < count; i++) if (strings[i]) H5free_memory(strings[i]);
            }
            free(strings);
            if (memory >= 0) H5Tclose(memory);
        } else if (type_class == H5T_STRING) {
            size_t size = H5Tget_size(type);
            hid_t memory = H5Tcopy(type);
            if (size > 0 && size <= (1 << 20) && (size_t)count <= ((size_t)1 << 20) / size) {
                char *bytes = (char *)malloc(size * (size_t)count);
                if (bytes && memory >= 0) H5Aread(attribute, memory, bytes);
                free(bytes);
            }
            if (memory >= 0) H5Tclose(memory);
        } else if (type_class == H5T_INTEGER || type_class == H5T_FLOAT) {
            hid_t memory = type_class == H5T_INTEGER ? H5T_NATIVE_INT64 : H5T_NATIVE_DOUBLE;
            void *values = malloc((size_t)count * 8);
            if (values) H5Aread(attribute, memory, values);
            free(values);
        }
    }
    if (type >= 0) H5Tclose(type);
    if (space >= 0) H5Sclose(space);
    H5Aclose(attribute);
}

static inline herr_t kscript_h5_probe_attribute_callback(hid_t object, const char *name, const H5A_info_t *info, void *data) {
    (void)info; (void)data;
    kscript_h5_probe_attribute(object, name);
    return 0;
}

static inline void kscript_h5_probe_dataset(hid_t dataset) {
    hid_t space = H5Dget_space(dataset);
    hid_t type = H5Dget_type(dataset);
    hssize_t count = space >= 0 ? H5Sget_simple_extent_npoints(space) : -1;
    if (space >= 0) {
        int rank = H5Sget_simple_extent_ndims(space);
        if (rank > 0 && rank <= 32) {
            hsize_t dims[32];
            H5Sget_simple_extent_dims(space, dims, NULL);
        }
    }
    if (type >= 0 && count > 0) {
        H5T_class_t type_class = H5Tget_class(type);
        if (type_class == H5T_ENUM) {
            int members = H5Tget_nmembers(type);
            for (int i = 0; i < members && i < 16; i++) {
                char *member = H5Tget_member_name(type, (unsigned)i);
                if (member) H5free_memory(member);
            }
        }
        if (type_class == H5T_INTEGER || type_class == H5T_FLOAT || type_class == H5T_ENUM) {
            hid_t memory = H5Tget_native_type(type, H5T_DIR_ASCEND);
            size_t size = memory >= 0 ? H5Tget_size(memory) : 0;
            hsize_t bytes = (hsize_t)count * size;
            hsize_t stored = H5Dget_storage_size(dataset);
            if (size > 0 && bytes <= KSCRIPT_H5_PROBE_LIMIT && (bytes <= ((hsize_t)1 << 28) || bytes / 1000 <= stored)) {
                void *values = malloc((size_t)bytes);
                if (values) H5Dread(dataset, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, values);
                free(values);
            }
            if (memory >= 0) H5Tclose(memory);
        }
    }
    if (type >= 0) H5Tclose(type);
    if (space >= 0) H5Sclose(space);
}

static inline void kscript_h5_probe_group(hid_t group, int depth) {
    hsize_t index = 0;
    H5Aiterate2(group, H5_INDEX_NAME, H5_ITER_INC, &index, kscript_h5_probe_attribute_callback, NULL);
    H5G_info_t info;
    if (depth > 64 || H5Gget_info(group, &info) < 0) return;
    for (hsize_t i = 0; i < info.nlinks && i < 100000; i++) {
        char name[1024];
        ssize_t length = H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name, H5P_DEFAULT);
        if (length < 0 || length >= (ssize_t)sizeof name) continue;
        if (kscript_h5_link_kind(group, name) != 0) continue;
        hid_t object = H5Oopen(group, name, H5P_DEFAULT);
        if (object < 0) continue;
        H5I_type_t kind = H5Iget_type(object);
        if (kind == H5I_GROUP) {
            kscript_h5_probe_group(object, depth + 1);
        } else if (kind == H5I_DATASET) {
            hsize_t attribute_index = 0;
            H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &attribute_index, kscript_h5_probe_attribute_callback, NULL);
            kscript_h5_probe_dataset(object);
        }
        H5Oclose(object);
    }
}

/* In a forked child: opens the HDF5 image in memory (`name` must not be an existing file) and
   walks it. A crash kills the child quietly: default signal actions, stderr to /dev/null. */
static inline int kscript_h5_probe_image(void *image, size_t length, const char *name) {
    int signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP};
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) signal(signals[i], SIG_DFL);
    int null_device = open("/dev/null", O_WRONLY);
    if (null_device >= 0) dup2(null_device, 2);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t access = H5Pcreate(H5P_FILE_ACCESS);
    if (access < 0 || H5Pset_fapl_core(access, 1 << 20, 0) < 0 || H5Pset_file_image(access, image, length) < 0) return 1;
    hid_t file = H5Fopen(name, H5F_ACC_RDONLY, access);
    H5Pclose(access);
    if (file < 0) return 1;
    hid_t root = H5Gopen2(file, "/", H5P_DEFAULT);
    if (root >= 0) {
        kscript_h5_probe_group(root, 0);
        H5Gclose(root);
    }
    H5Fclose(file);
    return 0;
}
#endif
