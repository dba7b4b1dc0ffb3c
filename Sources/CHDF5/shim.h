// The HDF5 C library (Debian's libhdf5-dev, serial), and zlib (its own dependency) for the
// deflated members of .npz archives. Only GridFiles imports this module.
#include <hdf5.h>
#include <zlib.h>

// HDF5's predefined types are macros that open the library and read a global: Swift cannot
// import them, so they are wrapped here.
static inline hid_t landscape_h5_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t landscape_h5_default(void) { return H5P_DEFAULT; }
static inline unsigned landscape_h5_read_only(void) { return H5F_ACC_RDONLY; }
static inline hid_t landscape_h5_all(void) { return H5S_ALL; }
// Silences the library's own printing of its error stack: errors are reported in one line.
static inline void landscape_h5_quiet(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }
