// The HDF5 C library (Debian's libhdf5-dev, serial), and zlib (its own dependency) for the
// deflated members of .npz archives. Only GridFiles imports this module.
// (Debian's serial build keeps its headers in hdf5/serial; elsewhere they are on the path.)
#if __has_include(<hdf5/serial/hdf5.h>)
#include <hdf5/serial/hdf5.h>
#else
#include <hdf5.h>
#endif
#include <zlib.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <dlfcn.h>

// ---------------------------------------------------------------------------------------------
// libhdf5 is opened when a file is first read, not when the program starts: it brings some forty
// libraries with it (curl, TLS, Kerberos, LDAP, …), and loading them took 11 ms of every
// command's 16 ms start. The code below calls the library through this table, which
// landscape_h5_load fills (in the parent, before any fork) from the library these headers are
// (the same major and minor version, checked).
// ---------------------------------------------------------------------------------------------
typedef struct {
    int loaded;
    hid_t *nativeDouble;
    __typeof__(H5Dclose) *Dclose;
    __typeof__(H5Dget_create_plist) *Dget_create_plist;
    __typeof__(H5Dget_offset) *Dget_offset;
    __typeof__(H5Dget_space) *Dget_space;
    __typeof__(H5Dget_storage_size) *Dget_storage_size;
    __typeof__(H5Dget_type) *Dget_type;
    __typeof__(H5Dopen2) *Dopen2;
    __typeof__(H5Dread) *Dread;
    __typeof__(H5Eset_auto2) *Eset_auto2;
    __typeof__(H5Fclose) *Fclose;
    __typeof__(H5Fis_hdf5) *Fis_hdf5;
    __typeof__(H5Fopen) *Fopen;
    __typeof__(H5Gget_info) *Gget_info;
    __typeof__(H5Lexists) *Lexists;
    __typeof__(H5Lget_name_by_idx) *Lget_name_by_idx;
    __typeof__(H5Pclose) *Pclose;
    __typeof__(H5Pget_external_count) *Pget_external_count;
    __typeof__(H5Pget_filter2) *Pget_filter2;
    __typeof__(H5Pget_layout) *Pget_layout;
    __typeof__(H5Pget_nfilters) *Pget_nfilters;
    __typeof__(H5Sclose) *Sclose;
    __typeof__(H5Screate_simple) *Screate_simple;
    __typeof__(H5Sget_simple_extent_dims) *Sget_simple_extent_dims;
    __typeof__(H5Sget_simple_extent_ndims) *Sget_simple_extent_ndims;
    __typeof__(H5Sget_simple_extent_type) *Sget_simple_extent_type;
    __typeof__(H5Sselect_elements) *Sselect_elements;
    __typeof__(H5Tclose) *Tclose;
    __typeof__(H5Tequal) *Tequal;
    __typeof__(H5Tget_class) *Tget_class;
    __typeof__(H5Zfilter_avail) *Zfilter_avail;
} landscape_h5_api;

// The table, one per process (a function's static: Swift's importer emits no header variables).
static inline landscape_h5_api *landscape_h5_table(void) {
    static landscape_h5_api api;
    return &api;
}
#define landscape_h5 (*landscape_h5_table())

// Opens libhdf5 and fills the table: 0, or -1 when no library of these headers' version loads.
static inline int landscape_h5_load(void) {
    if (landscape_h5.loaded) return 0;
    // The shared-object names libhdf5 goes by (Debian's serial build first).
    static const char *const landscape_h5_names[] = {
        "libhdf5_serial.so.103", "libhdf5.so.103", "libhdf5_serial.so.200", "libhdf5.so.200", "libhdf5_serial.so.310",
        "libhdf5.so.310", "libhdf5_serial.so", "libhdf5.so",
    };
    void *library = NULL;
    for (unsigned k = 0; k < sizeof landscape_h5_names / sizeof landscape_h5_names[0] && !library; k++) {
        library = dlopen(landscape_h5_names[k], RTLD_NOW | RTLD_LOCAL);
    }
    if (!library) return -1;
    herr_t (*open)(void) = (herr_t (*)(void))dlsym(library, "H5open");
    herr_t (*version)(unsigned *, unsigned *, unsigned *) = (herr_t (*)(unsigned *, unsigned *, unsigned *))dlsym(library, "H5get_libversion");
    unsigned major = 0, minor = 0, release = 0;
    if (!open || !version || version(&major, &minor, &release) < 0 || major != H5_VERS_MAJOR || minor != H5_VERS_MINOR || open() < 0) {
        dlclose(library);
        return -1;
    }
    landscape_h5_api api = { 0 };
    if ((api.nativeDouble = (hid_t *)dlsym(library, "H5T_NATIVE_DOUBLE_g")) != NULL
        && (api.Dclose = (__typeof__(H5Dclose) *)dlsym(library, "H5Dclose")) != NULL
        && (api.Dget_create_plist = (__typeof__(H5Dget_create_plist) *)dlsym(library, "H5Dget_create_plist")) != NULL
        && (api.Dget_offset = (__typeof__(H5Dget_offset) *)dlsym(library, "H5Dget_offset")) != NULL
        && (api.Dget_space = (__typeof__(H5Dget_space) *)dlsym(library, "H5Dget_space")) != NULL
        && (api.Dget_storage_size = (__typeof__(H5Dget_storage_size) *)dlsym(library, "H5Dget_storage_size")) != NULL
        && (api.Dget_type = (__typeof__(H5Dget_type) *)dlsym(library, "H5Dget_type")) != NULL
        && (api.Dopen2 = (__typeof__(H5Dopen2) *)dlsym(library, "H5Dopen2")) != NULL
        && (api.Dread = (__typeof__(H5Dread) *)dlsym(library, "H5Dread")) != NULL
        && (api.Eset_auto2 = (__typeof__(H5Eset_auto2) *)dlsym(library, "H5Eset_auto2")) != NULL
        && (api.Fclose = (__typeof__(H5Fclose) *)dlsym(library, "H5Fclose")) != NULL
        && (api.Fis_hdf5 = (__typeof__(H5Fis_hdf5) *)dlsym(library, "H5Fis_hdf5")) != NULL
        && (api.Fopen = (__typeof__(H5Fopen) *)dlsym(library, "H5Fopen")) != NULL
        && (api.Gget_info = (__typeof__(H5Gget_info) *)dlsym(library, "H5Gget_info")) != NULL
        && (api.Lexists = (__typeof__(H5Lexists) *)dlsym(library, "H5Lexists")) != NULL
        && (api.Lget_name_by_idx = (__typeof__(H5Lget_name_by_idx) *)dlsym(library, "H5Lget_name_by_idx")) != NULL
        && (api.Pclose = (__typeof__(H5Pclose) *)dlsym(library, "H5Pclose")) != NULL
        && (api.Pget_external_count = (__typeof__(H5Pget_external_count) *)dlsym(library, "H5Pget_external_count")) != NULL
        && (api.Pget_filter2 = (__typeof__(H5Pget_filter2) *)dlsym(library, "H5Pget_filter2")) != NULL
        && (api.Pget_layout = (__typeof__(H5Pget_layout) *)dlsym(library, "H5Pget_layout")) != NULL
        && (api.Pget_nfilters = (__typeof__(H5Pget_nfilters) *)dlsym(library, "H5Pget_nfilters")) != NULL
        && (api.Sclose = (__typeof__(H5Sclose) *)dlsym(library, "H5Sclose")) != NULL
        && (api.Screate_simple = (__typeof__(H5Screate_simple) *)dlsym(library, "H5Screate_simple")) != NULL
        && (api.Sget_simple_extent_dims = (__typeof__(H5Sget_simple_extent_dims) *)dlsym(library, "H5Sget_simple_extent_dims")) != NULL
        && (api.Sget_simple_extent_ndims = (__typeof__(H5Sget_simple_extent_ndims) *)dlsym(library, "H5Sget_simple_extent_ndims")) != NULL
        && (api.Sget_simple_extent_type = (__typeof__(H5Sget_simple_extent_type) *)dlsym(library, "H5Sget_simple_extent_type")) != NULL
        && (api.Sselect_elements = (__typeof__(H5Sselect_elements) *)dlsym(library, "H5Sselect_elements")) != NULL
        && (api.Tclose = (__typeof__(H5Tclose) *)dlsym(library, "H5Tclose")) != NULL
        && (api.Tequal = (__typeof__(H5Tequal) *)dlsym(library, "H5Tequal")) != NULL
        && (api.Tget_class = (__typeof__(H5Tget_class) *)dlsym(library, "H5Tget_class")) != NULL
        && (api.Zfilter_avail = (__typeof__(H5Zfilter_avail) *)dlsym(library, "H5Zfilter_avail")) != NULL) {
        api.loaded = 1;
        landscape_h5 = api;
        return 0;
    }
    dlclose(library);
    return -1;
}

#define H5Dclose (landscape_h5.Dclose)
#define H5Dget_create_plist (landscape_h5.Dget_create_plist)
#define H5Dget_offset (landscape_h5.Dget_offset)
#define H5Dget_space (landscape_h5.Dget_space)
#define H5Dget_storage_size (landscape_h5.Dget_storage_size)
#define H5Dget_type (landscape_h5.Dget_type)
#define H5Dopen2 (landscape_h5.Dopen2)
#define H5Dread (landscape_h5.Dread)
#define H5Eset_auto2 (landscape_h5.Eset_auto2)
#define H5Fclose (landscape_h5.Fclose)
#define H5Fis_hdf5 (landscape_h5.Fis_hdf5)
#define H5Fopen (landscape_h5.Fopen)
#define H5Gget_info (landscape_h5.Gget_info)
#define H5Lexists (landscape_h5.Lexists)
#define H5Lget_name_by_idx (landscape_h5.Lget_name_by_idx)
#define H5Pclose (landscape_h5.Pclose)
#define H5Pget_external_count (landscape_h5.Pget_external_count)
#define H5Pget_filter2 (landscape_h5.Pget_filter2)
#define H5Pget_layout (landscape_h5.Pget_layout)
#define H5Pget_nfilters (landscape_h5.Pget_nfilters)
#define H5Sclose (landscape_h5.Sclose)
#define H5Screate_simple (landscape_h5.Screate_simple)
#define H5Sget_simple_extent_dims (landscape_h5.Sget_simple_extent_dims)
#define H5Sget_simple_extent_ndims (landscape_h5.Sget_simple_extent_ndims)
#define H5Sget_simple_extent_type (landscape_h5.Sget_simple_extent_type)
#define H5Sselect_elements (landscape_h5.Sselect_elements)
#define H5Tclose (landscape_h5.Tclose)
#define H5Tequal (landscape_h5.Tequal)
#define H5Tget_class (landscape_h5.Tget_class)
#define H5Zfilter_avail (landscape_h5.Zfilter_avail)
#undef H5T_NATIVE_DOUBLE
#define H5T_NATIVE_DOUBLE (*landscape_h5.nativeDouble)
// (The library's own macro calls H5check_version and H5open first; the table's loading did.)
#undef H5F_ACC_RDONLY
#define H5F_ACC_RDONLY 0x0000u

// HDF5's predefined types are macros that open the library and read a global: Swift cannot
// import them, so they are wrapped here.
static inline hid_t landscape_h5_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t landscape_h5_default(void) { return H5P_DEFAULT; }
static inline unsigned landscape_h5_read_only(void) { return H5F_ACC_RDONLY; }
static inline hid_t landscape_h5_all(void) { return H5S_ALL; }
// Silences the library's own printing of its error stack: errors are reported in one line.
static inline void landscape_h5_quiet(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

// ---------------------------------------------------------------------------------------------
// Reading an HDF5 file in a child process.
//
// libhdf5 is not made to survive hostile files: a damaged one can crash it. So a file is read by
// a forked child that runs only the C code below (no Swift runtime, nothing but libc and libhdf5)
// under a CPU-time, wall-time and address-space bound. It streams its listing and outcomes
// through a pipe, and reads the values straight into a memory area shared with the parent (mapped
// before the fork, as large as the budget), so they are copied once, by the parent, and not
// through the pipe; a dataset stored as one contiguous run of plain doubles is not copied at all:
// the child says where it lies, and the parent reads the file's bytes there into its own array.
// The parent turns a signal, a time-out or a short stream into a one-line error.
//
// The stream, all integers little-endian as this machine writes them (the parent is the same
// process image):
//   "LH5\1"
//   per root link, at most LANDSCAPE_H5_MAX_LINKS:
//     u32 name length (≤ 4096), the name's bytes,
//     i32 kind: 0 numeric dataset, 1 not a dataset, 2 a dataset of another class (the class in
//               `detail`), 3 a dataset whose filter this library lacks (its name in `detail`),
//               4 a dataset without a simple shape,
//     i32 rank (0…32), u64 dims[rank],
//     i32 detail (the H5T class, or the missing filter's id), u32 filter name length, its bytes
//   u32 0xFFFFFFFF
//   per wanted name, in the order given:
//     i32 status: 0 read, 1 not there or not numeric, 2 over the budget, 3 H5Dread failed,
//                 4 stored contiguously as this machine's doubles
//     u64 count, u64 offset (status 0 and 4 only). Status 0: the doubles are in the shared area
//     from byte `offset` (a multiple of 8; offset + 8·count ≤ the area's size). Status 4: they
//     are in the file itself from byte `offset`, for the parent to read (confirmed by the child
//     at both ends; nothing was copied).
//   u32 0xFFFFFFFE (the end: a stream without it was cut short)
// ---------------------------------------------------------------------------------------------

#define LANDSCAPE_H5_MAX_LINKS 10000
#define LANDSCAPE_H5_MAX_NAME 4096

// All of `data` to `fd`, retrying after signals: by write(2), or by send(2) without SIGPIPE on a
// socket (`socket` nonzero); 0, or -1 (errno set).
static inline int landscape_h5_transfer(int fd, const void *data, size_t count, int socket) {
    const char *p = (const char *)data;
    while (count > 0) {
        ssize_t n = socket ? send(fd, p, count, MSG_NOSIGNAL) : write(fd, p, count);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += n;
        count -= (size_t)n;
    }
    return 0;
}

// The child's stream goes out through a 64 KiB buffer, so that a listing takes a few writes
// rather than one for each field (each a wake-up of the parent). Flushed before the child waits
// for the parent's request and at the end.
// (A static inside a function: Swift's importer emits those with the function, not file-scope ones.)
typedef struct { size_t used; char bytes[1 << 16]; } landscape_h5_out_buffer;
static inline landscape_h5_out_buffer *landscape_h5_out(void) {
    static landscape_h5_out_buffer buffer;
    return &buffer;
}

static inline int landscape_h5_flush(int fd) {
    landscape_h5_out_buffer *out = landscape_h5_out();
    int status = landscape_h5_transfer(fd, out->bytes, out->used, 0);
    out->used = 0;
    return status;
}

static inline int landscape_h5_write_all(int fd, const void *data, size_t count) {
    landscape_h5_out_buffer *out = landscape_h5_out();
    if (out->used + count > sizeof out->bytes) {
        if (landscape_h5_flush(fd) < 0) return -1;
        if (count > sizeof out->bytes) return landscape_h5_transfer(fd, data, count, 0);
    }
    memcpy(out->bytes + out->used, data, count);
    out->used += count;
    return 0;
}

static inline int landscape_h5_put32(int fd, uint32_t v) { return landscape_h5_write_all(fd, &v, 4); }
static inline int landscape_h5_put64(int fd, uint64_t v) { return landscape_h5_write_all(fd, &v, 8); }

// The missing filter of a dataset, if any: its id (or -1 when all are available) and name.
static inline int landscape_h5_missing_filter(hid_t dataset, char *name, size_t size) {
    hid_t plist = H5Dget_create_plist(dataset);
    if (plist < 0) return -1;
    int missing = -1;
    int n = H5Pget_nfilters(plist);
    for (int k = 0; k < n && k < 64; k++) {
        unsigned flags = 0, config = 0;
        size_t nvalues = 0;
        name[0] = 0;
        H5Z_filter_t id = H5Pget_filter2(plist, (unsigned)k, &flags, &nvalues, NULL, size, name, &config);
        if (id < 0) continue;
        if (H5Zfilter_avail(id) <= 0) { missing = (int)id; break; }
    }
    H5Pclose(plist);
    if (missing < 0) name[0] = 0;
    name[size - 1] = 0;
    return missing;
}

// Describes one dataset: kind, rank, dims (at most 32), detail, filter name.
static inline int landscape_h5_describe(hid_t file, const char *name, int *rank, hsize_t *dims, int *detail,
                                        char *filter, size_t filterSize) {
    *rank = 0;
    *detail = 0;
    filter[0] = 0;
    if (H5Lexists(file, name, H5P_DEFAULT) <= 0) return 1;
    // A group or a named type fails to open as a dataset (quietly: printing is off).
    hid_t dataset = H5Dopen2(file, name, H5P_DEFAULT);
    if (dataset < 0) return 1;
    int kind = 0;
    hid_t type = H5Dget_type(dataset);
    H5T_class_t cls = type >= 0 ? H5Tget_class(type) : H5T_NO_CLASS;
    if (type >= 0) H5Tclose(type);
    hid_t space = H5Dget_space(dataset);
    int r = space >= 0 ? H5Sget_simple_extent_ndims(space) : -1;
    if (r < 0 || r > 32 || (space >= 0 && H5Sget_simple_extent_type(space) == H5S_NULL)) {
        kind = 4;
    } else {
        *rank = r;
        if (r > 0 && H5Sget_simple_extent_dims(space, dims, NULL) < 0) kind = 4;
    }
    if (space >= 0) H5Sclose(space);
    if (kind == 0 && cls != H5T_FLOAT && cls != H5T_INTEGER) {
        kind = 2;
        *detail = (int)cls;
    }
    if (kind == 0) {
        int missing = landscape_h5_missing_filter(dataset, filter, filterSize);
        if (missing >= 0) {
            kind = 3;
            *detail = missing;
        }
    }
    H5Dclose(dataset);
    return kind;
}

// Whether `dataset` (of `count` elements and `rank` dimensions `dims`) is stored as one
// contiguous run of this machine's doubles inside the file `rawFd` (no filters, no external file,
// all of it allocated), and if so where: *offset, its first byte. The place is confirmed by
// reading the first and the last value both ways (libhdf5, and the file's bytes there), so the
// parent can read the values itself, straight into its own array, without libhdf5.
static inline int landscape_h5_contiguous(hid_t dataset, int rawFd, int rank, const hsize_t *dims,
                                          unsigned long long count, unsigned long long *offset) {
    int ok = 0;
    hid_t dcpl = H5Dget_create_plist(dataset), type = H5Dget_type(dataset);
    if (dcpl >= 0 && type >= 0 && rank >= 1 && H5Pget_layout(dcpl) == H5D_CONTIGUOUS && H5Pget_external_count(dcpl) == 0 &&
        H5Pget_nfilters(dcpl) == 0 && H5Tequal(type, H5T_NATIVE_DOUBLE) > 0 && H5Dget_storage_size(dataset) == count * 8) {
        haddr_t address = H5Dget_offset(dataset);
        unsigned long long last = (count - 1) * 8;
        if (address != HADDR_UNDEF && address <= (haddr_t)(UINT64_MAX - last - 8)) {
            hsize_t points[2 * 32];
            for (int d = 0; d < rank; d++) {
                points[d] = 0;
                points[rank + d] = dims[d] - 1;
            }
            hsize_t two = 2;
            hid_t space = H5Dget_space(dataset), memory = H5Screate_simple(1, &two, NULL);
            double fromLibrary[2], fromFile[2];
            if (space >= 0 && memory >= 0 && H5Sselect_elements(space, H5S_SELECT_SET, 2, points) >= 0 &&
                H5Dread(dataset, H5T_NATIVE_DOUBLE, memory, space, H5P_DEFAULT, fromLibrary) >= 0 &&
                pread(rawFd, &fromFile[0], 8, (off_t)address) == 8 && pread(rawFd, &fromFile[1], 8, (off_t)(address + last)) == 8 &&
                memcmp(fromLibrary, fromFile, sizeof fromFile) == 0) {
                *offset = (unsigned long long)address;
                ok = 1;
            }
            if (space >= 0) H5Sclose(space);
            if (memory >= 0) H5Sclose(memory);
        }
    }
    if (dcpl >= 0) H5Pclose(dcpl);
    if (type >= 0) H5Tclose(type);
    return ok;
}

static inline int landscape_h5_read_all(int fd, void *data, size_t count) {
    char *p = (char *)data;
    while (count > 0) {
        ssize_t n = read(fd, p, count);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (n == 0) return -1;
        p += n;
        count -= (size_t)n;
    }
    return 0;
}

// The names the parent asks for once it has seen the listing: u32 count (at most
// LANDSCAPE_H5_MAX_LINKS), then per name u32 length (at most LANDSCAPE_H5_MAX_NAME) and its bytes.
// Returns the count, and the names in *names (malloc'd, NUL-terminated), or -1.
static inline int landscape_h5_read_request(int fd, char ***names) {
    uint32_t count = 0;
    if (landscape_h5_read_all(fd, &count, 4) < 0 || count > LANDSCAPE_H5_MAX_LINKS) return -1;
    char **list = (char **)calloc(count + 1, sizeof(char *));
    if (!list) return -1;
    for (uint32_t k = 0; k < count; k++) {
        uint32_t length = 0;
        if (landscape_h5_read_all(fd, &length, 4) < 0 || length > LANDSCAPE_H5_MAX_NAME) return -1;
        list[k] = (char *)calloc(length + 1, 1);
        if (!list[k] || landscape_h5_read_all(fd, list[k], length) < 0) return -1;
    }
    *names = list;
    return (int)count;
}

// The child's work: lists the root and reads the wanted datasets within `budget` bytes. With
// `requestFd` ≥ 0 the wanted names are read from it after the listing (the parent chooses them
// from the listing), instead of `wanted`. Returns 0, or a code for the parent's message: 10 not
// HDF5, 11 cannot open, 12 a write failed, 13 the request could not be read.
static inline int landscape_h5_scan(const char *path, int fd, const char *const *wanted, int nwanted,
                                    long long budget, int requestFd, double *shared) {
    landscape_h5_quiet();
    if (H5Fis_hdf5(path) <= 0) return 10;
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0) return 11;
    if (landscape_h5_write_all(fd, "LH5\1", 4) < 0) return 12;
    H5G_info_t ginfo;
    hsize_t links = 0;
    if (H5Gget_info(file, &ginfo) >= 0) links = ginfo.nlinks;
    if (links > LANDSCAPE_H5_MAX_LINKS) links = LANDSCAPE_H5_MAX_LINKS;
    static char name[LANDSCAPE_H5_MAX_NAME + 1];
    static char filter[256];
    static hsize_t dims[32];
    for (hsize_t i = 0; i < links; i++) {
        ssize_t length = H5Lget_name_by_idx(file, ".", H5_INDEX_NAME, H5_ITER_INC, i, NULL, 0, H5P_DEFAULT);
        if (length <= 0 || length > LANDSCAPE_H5_MAX_NAME) continue;
        memset(name, 0, sizeof name);
        if (H5Lget_name_by_idx(file, ".", H5_INDEX_NAME, H5_ITER_INC, i, name, (size_t)length + 1, H5P_DEFAULT) < 0) continue;
        size_t n = strnlen(name, (size_t)length);
        int rank = 0, detail = 0;
        int kind = landscape_h5_describe(file, name, &rank, dims, &detail, filter, sizeof filter);
        uint32_t filterLength = (uint32_t)strnlen(filter, sizeof filter - 1);
        if (landscape_h5_put32(fd, (uint32_t)n) < 0 || landscape_h5_write_all(fd, name, n) < 0 ||
            landscape_h5_put32(fd, (uint32_t)kind) < 0 || landscape_h5_put32(fd, (uint32_t)rank) < 0) return 12;
        for (int d = 0; d < rank; d++) if (landscape_h5_put64(fd, (uint64_t)dims[d]) < 0) return 12;
        if (landscape_h5_put32(fd, (uint32_t)detail) < 0 || landscape_h5_put32(fd, filterLength) < 0 ||
            landscape_h5_write_all(fd, filter, filterLength) < 0) return 12;
    }
    if (landscape_h5_put32(fd, 0xFFFFFFFFu) < 0 || landscape_h5_flush(fd) < 0) return 12;
    if (requestFd >= 0) {
        char **requested = NULL;
        int count = landscape_h5_read_request(requestFd, &requested);
        if (count < 0) return 13;
        wanted = (const char *const *)requested;
        nwanted = count;
    }
    // The area is used in whole doubles from its start.
    long long left = budget - budget % 8, used = 0;
    // The file's bytes, to confirm where contiguous datasets lie.
    int rawFd = open(path, O_RDONLY | O_CLOEXEC);
    for (int w = 0; w < nwanted; w++) {
        int rank = 0, detail = 0;
        int kind = wanted[w][0] && !strchr(wanted[w], '/') ?
            landscape_h5_describe(file, wanted[w], &rank, dims, &detail, filter, sizeof filter) : 1;
        if (kind != 0) { if (landscape_h5_put32(fd, 1) < 0) return 12; continue; }
        unsigned long long count = 1;
        int over = 0;
        for (int d = 0; d < rank; d++) {
            if (__builtin_mul_overflow(count, (unsigned long long)dims[d], &count)) { over = 1; break; }
        }
        if (over || count > (unsigned long long)(left / 8)) { if (landscape_h5_put32(fd, 2) < 0) return 12; continue; }
        // 8·count ≤ left = the area less what earlier datasets took: this one fits after them.
        unsigned long long offset = (unsigned long long)used;
        double *values = shared + offset / 8;
        herr_t status = 0;
        if (count > 0) {
            hid_t dataset = H5Dopen2(file, wanted[w], H5P_DEFAULT);
            unsigned long long raw = 0;
            if (dataset >= 0 && rawFd >= 0 && landscape_h5_contiguous(dataset, rawFd, rank, dims, count, &raw)) {
                H5Dclose(dataset);
                left -= (long long)(count * 8);
                if (landscape_h5_put32(fd, 4) < 0 || landscape_h5_put64(fd, count) < 0 || landscape_h5_put64(fd, raw) < 0) return 12;
                continue;
            }
            status = dataset < 0 ? -1 : H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values);
            if (dataset >= 0) H5Dclose(dataset);
        }
        if (status < 0) {
            if (landscape_h5_put32(fd, 3) < 0) return 12;
            continue;
        }
        left -= (long long)(count * 8);
        used += (long long)(count * 8);
        if (landscape_h5_put32(fd, 0) < 0 || landscape_h5_put64(fd, count) < 0 || landscape_h5_put64(fd, offset) < 0) return 12;
    }
    if (rawFd >= 0) close(rawFd);
    if (landscape_h5_put32(fd, 0xFFFFFFFEu) < 0 || landscape_h5_flush(fd) < 0) return 12;
    H5Fclose(file);
    return 0;
}

// The child's address space now, in bytes (from /proc/self/statm), or 0 when unknown.
static inline unsigned long long landscape_h5_address_space(void) {
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f) return 0;
    unsigned long long pages = 0;
    if (fscanf(f, "%llu", &pages) != 1) pages = 0;
    fclose(f);
    return pages * (unsigned long long)sysconf(_SC_PAGESIZE);
}

// A memory area of `size` bytes that a child forked after this call shares with its parent
// (anonymous, MAP_SHARED; pages cost nothing until written), or NULL (errno set).
static inline double *landscape_h5_shared_area(size_t size) {
#if defined(MAP_NORESERVE)
    void *area = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
#else
    void *area = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
#endif
    return area == MAP_FAILED ? NULL : (double *)area;
}

static inline void landscape_h5_release_area(double *area, size_t size) { if (area) munmap(area, size); }

// Forks a child that scans `path` into the write end of a new pipe (and, with `requestEnd`,
// reads the names it is to read from a socket, whose other end is returned there), its values
// into `shared` (from landscape_h5_shared_area, `budget` bytes). Returns the child's pid and
// sets *readEnd, or returns -1 (errno set). The child gets `seconds` of CPU and of wall time
// and `memory` bytes of address space beyond what it starts with; it never returns. A positive
// `testSignal` makes the child raise it before reading (tests of the parent's handling).
static inline pid_t landscape_h5_spawn_scan(const char *path, const char *const *wanted, int nwanted,
                                            long long budget, double *shared, unsigned seconds, unsigned long long memory,
                                            int testSignal, int *readEnd, int *requestEnd) {
    int fds[2], requests[2] = { -1, -1 };
    if (landscape_h5_load() != 0) {
        errno = ELIBACC;
        return -1;
    }
    if (pipe(fds) != 0) return -1;
    // A larger pipe (Linux's F_SETPIPE_SZ, 1031, where the headers hide it): fewer switches
    // between the child writing and the parent reading. A refusal leaves the default.
#if defined(__linux__)
    fcntl(fds[1], 1031, 1 << 20);
#endif
    // The request channel is a socket pair, so that the parent's send can ask for no SIGPIPE
    // (MSG_NOSIGNAL) should the child be gone.
    if (requestEnd && socketpair(AF_UNIX, SOCK_STREAM, 0, requests) != 0) {
        int e = errno;
        close(fds[0]);
        close(fds[1]);
        errno = e;
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(fds[0]);
        close(fds[1]);
        if (requestEnd) { close(requests[0]); close(requests[1]); }
        errno = e;
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        if (requestEnd) close(requests[1]);
        // The parent's handlers (the Swift runtime's crash reporter among them) are not the
        // child's: a fault here ends the child, silently, for the parent to report.
        int defaults[] = { SIGPIPE, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGXCPU, SIGALRM };
        for (unsigned k = 0; k < sizeof defaults / sizeof defaults[0]; k++) signal(defaults[k], SIG_DFL);
        // The forking thread may have signals blocked (a thread pool's worker): the time bounds
        // (SIGALRM, SIGXCPU) must reach the child.
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        // Nothing of the child's reaches the terminal.
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0) { dup2(devnull, 2); close(devnull); }
        struct rlimit cpu = { seconds, seconds + 1 };
        setrlimit(RLIMIT_CPU, &cpu);
        struct rlimit core = { 0, 0 };
        setrlimit(RLIMIT_CORE, &core);
        unsigned long long now = landscape_h5_address_space();
        if (now > 0) {
            struct rlimit as = { (rlim_t)(now + memory), (rlim_t)(now + memory) };
            setrlimit(RLIMIT_AS, &as);
        }
        alarm(seconds);
        // For tests: the child ends by this signal, as a crash inside libhdf5 would end it.
        if (testSignal > 0) raise(testSignal);
        int code = landscape_h5_scan(path, fds[1], wanted, nwanted, budget, requestEnd ? requests[0] : -1, shared);
        close(fds[1]);
        _exit(code);
    }
    close(fds[1]);
    *readEnd = fds[0];
    if (requestEnd) {
        close(requests[0]);
        *requestEnd = requests[1];
    }
    return pid;
}

// The outcome of a child: its exit code (0…255), or 256 + the signal that ended it.
static inline int landscape_h5_wait(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return -1;
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 256 + WTERMSIG(status);
    return -1;
}

// Sends all of `data` on a socket without SIGPIPE; 0, or -1 (errno set).
static inline int landscape_h5_send_all(int fd, const void *data, size_t count) { return landscape_h5_transfer(fd, data, count, 1); }
