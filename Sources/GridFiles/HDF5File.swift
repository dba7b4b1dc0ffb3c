import CHDF5
import Synchronization

/// HDF5 may be built without thread safety (Debian's serial library is thread-safe; a build from
/// source by default is not): every use of it, from opening a file to closing it, holds this lock,
/// since figures are made on several threads.
private let libraryLock = Mutex<Void>(())

/// A read-only HDF5 file through the C library: its top-level dataset names, and datasets read as
/// doubles with their shape. Errors are one line (the library's own error printing is silenced).
/// Used only inside ``HDF5File/reading(_:_:)``, which holds the library's lock.
final class HDF5File {
    /// Opens `path`, runs `body` on it and closes it, all under the library's lock.
    static func reading<T: Sendable>(_ path: String, _ body: (HDF5File) throws(GridFileError) -> T) throws(GridFileError) -> T {
        let result: Result<T, GridFileError> = libraryLock.withLock { _ in
            do throws(GridFileError) {
                let file = try HDF5File(path: path)
                defer { file.close() }
                return .success(try body(file))
            } catch { return .failure(error) }
        }
        return try result.get()
    }

    let path: String
    private let file: hid_t

    private var isOpen = true

    private init(path: String) throws(GridFileError) {
        self.path = path
        landscape_h5_quiet()
        guard H5Fis_hdf5(path) > 0 else { throw GridFileError(path, "not an HDF5 file") }
        let id = H5Fopen(path, landscape_h5_read_only(), landscape_h5_default())
        guard id >= 0 else { throw GridFileError(path, "the HDF5 library cannot open it") }
        file = id
    }

    private func close() {
        if isOpen { H5Fclose(file) }
        isOpen = false
    }

    /// The names of the objects at the file's root, in name order.
    func names() -> [String] {
        var info = H5G_info_t()
        guard H5Gget_info(file, &info) >= 0 else { return [] }
        var names: [String] = []
        for i in 0..<Swift.min(Int(info.nlinks), 10_000) {
            let length = H5Lget_name_by_idx(file, ".", H5_INDEX_NAME, H5_ITER_INC, hsize_t(i), nil, 0, landscape_h5_default())
            guard length > 0, length < 4096 else { continue }
            var buffer = [CChar](repeating: 0, count: Int(length) + 1)
            _ = H5Lget_name_by_idx(file, ".", H5_INDEX_NAME, H5_ITER_INC, hsize_t(i), &buffer, Int(length) + 1, landscape_h5_default())
            names.append(String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return names
    }

    func contains(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("/") && H5Lexists(file, name, landscape_h5_default()) > 0
    }

    /// A numeric dataset's shape and its values as doubles (C order).
    func read(_ name: String) throws(GridFileError) -> (shape: [Int], values: [Double]) {
        let dataset = H5Dopen2(file, name, landscape_h5_default())
        guard dataset >= 0 else { throw GridFileError(path, "'\(name)' is not a dataset") }
        defer { H5Dclose(dataset) }
        let type = H5Dget_type(dataset)
        defer { H5Tclose(type) }
        let kind = H5Tget_class(type)
        guard kind == H5T_FLOAT || kind == H5T_INTEGER else { throw GridFileError(path, "'\(name)' does not hold numbers") }
        let space = H5Dget_space(dataset)
        defer { H5Sclose(space) }
        let rank = Int(H5Sget_simple_extent_ndims(space))
        guard rank >= 0, rank <= 32 else { throw GridFileError(path, "'\(name)' has no simple shape") }
        var dims = [hsize_t](repeating: 0, count: Swift.max(rank, 1))
        H5Sget_simple_extent_dims(space, &dims, nil)
        let shape = dims.prefix(rank).map { Int(clamping: $0) }
        var count = 1
        for d in shape {
            let (p, overflow) = count.multipliedReportingOverflow(by: d)
            // The same bound as a file read whole: a declared shape allocates nothing until read.
            guard !overflow, p <= ImportedGrid.maxFileBytes / 8 else { throw GridFileError(path, "'\(name)' is too large (\(shape.map(String.init).joined(separator: " × ")))") }
            count = p
        }
        var values = [Double](repeating: .nan, count: count)
        if count > 0 {
            let status = values.withUnsafeMutableBytes { H5Dread(dataset, landscape_h5_native_double(), landscape_h5_all(), landscape_h5_all(), landscape_h5_default(), $0.baseAddress) }
            guard status >= 0 else { throw GridFileError(path, "'\(name)' cannot be read (a damaged or truncated file?)") }
        }
        return (shape, values)
    }
}
