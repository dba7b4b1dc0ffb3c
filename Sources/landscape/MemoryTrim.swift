#if os(Linux)
/// glibc's `malloc_trim` (declared in <malloc.h>, which Swift's Glibc module leaves out): returns
/// freed heap pages to the system.
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif

/// Gives the memory freed so far back to the system, where the C library allows it.
func releaseFreedMemory() {
    #if os(Linux)
    _ = glibcMallocTrim(0)
    #endif
}
