import Foundation

/// Writes a zip archive of stored (uncompressed) entries, streamed to a file: the container of an
/// Inspect `.eval` log. Stored entries keep the writer small and dependency-free; every zip reader
/// (Python's `zipfile`, which Inspect uses) reads them.
///
/// Limits of the plain (non-zip64) format, refused with an error rather than written wrong: at most
/// 65,535 entries and 4 GiB in all.
struct ZipArchiveWriter: ~Copyable {
    private let handle: FileHandle
    private let path: String
    private var offset: UInt64 = 0
    private var central: [UInt8] = []
    private var entries = 0
    /// 1980-01-01 00:00 in MS-DOS form, the zip format's epoch: archives are reproducible.
    private let dosTime: UInt16 = 0
    private let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1

    /// Creates (or truncates) the archive at `path`.
    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw ExportError.cannotWrite(path, "the file cannot be created")
        }
        self.handle = handle
        self.path = path
    }

    /// Adds one file.
    mutating func add(_ name: String, _ data: [UInt8]) throws {
        guard entries < 65_535 else { throw ExportError.tooLarge(path, "more than 65,535 entries") }
        let nameBytes = Array(name.utf8)
        let crc = CRC32.checksum(data)
        guard data.count < Int(UInt32.max), offset + UInt64(data.count) + UInt64(nameBytes.count) + 30 < UInt64(UInt32.max) else {
            throw ExportError.tooLarge(path, "over 4 GiB")
        }
        var header: [UInt8] = []
        header.reserveCapacity(30 + nameBytes.count)
        header.append(uint32: 0x0403_4b50)
        header.append(uint16: 20)  // version needed: 2.0
        header.append(uint16: 0x0800)  // names are UTF-8
        header.append(uint16: 0)  // stored
        header.append(uint16: dosTime)
        header.append(uint16: dosDate)
        header.append(uint32: crc)
        header.append(uint32: UInt32(data.count))
        header.append(uint32: UInt32(data.count))
        header.append(uint16: UInt16(nameBytes.count))
        header.append(uint16: 0)
        header += nameBytes

        central.append(uint32: 0x0201_4b50)
        central.append(uint16: 0x0314)  // made by: Unix, 2.0
        central.append(uint16: 20)
        central.append(uint16: 0x0800)
        central.append(uint16: 0)
        central.append(uint16: dosTime)
        central.append(uint16: dosDate)
        central.append(uint32: crc)
        central.append(uint32: UInt32(data.count))
        central.append(uint32: UInt32(data.count))
        central.append(uint16: UInt16(nameBytes.count))
        central.append(uint16: 0)  // extra
        central.append(uint16: 0)  // comment
        central.append(uint16: 0)  // disk
        central.append(uint16: 0)  // internal attributes
        central.append(uint32: 0o100644 << 16)  // a regular file, rw-r--r--
        central.append(uint32: UInt32(offset))
        central += nameBytes

        try write(header)
        try write(data)
        entries += 1
    }

    /// Writes the central directory and closes the file.
    consuming func finish() throws {
        let directoryOffset = offset
        guard directoryOffset + UInt64(central.count) < UInt64(UInt32.max) else { throw ExportError.tooLarge(path, "over 4 GiB") }
        var end: [UInt8] = []
        end.append(uint32: 0x0605_4b50)
        end.append(uint16: 0)
        end.append(uint16: 0)
        end.append(uint16: UInt16(entries))
        end.append(uint16: UInt16(entries))
        end.append(uint32: UInt32(central.count))
        end.append(uint32: UInt32(directoryOffset))
        end.append(uint16: 0)
        try write(central)
        try write(end)
        do {
            try handle.close()
        } catch {
            throw ExportError.cannotWrite(path, "\(error)")
        }
    }

    private mutating func write(_ bytes: [UInt8]) throws {
        do {
            try handle.write(contentsOf: bytes)
        } catch {
            throw ExportError.cannotWrite(path, "\(error)")
        }
        offset += UInt64(bytes.count)
    }
}

extension [UInt8] {
    fileprivate mutating func append(uint16 value: UInt16) {
        append(UInt8(value & 0xff))
        append(UInt8(value >> 8))
    }

    fileprivate mutating func append(uint32 value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((value >> UInt32(shift)) & 0xff)) }
    }
}

/// The CRC-32 of zip (and gzip, PNG): polynomial 0xEDB88320, reflected.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1 }
        return value
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        table.withUnsafeBufferPointer { table in
            for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xff)] ^ (crc >> 8) }
        }
        return crc ^ 0xFFFF_FFFF
    }
}
