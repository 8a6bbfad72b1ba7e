import Foundation
import KScript

#if canImport(Glibc)
import Glibc
#endif

/// One persistent notebook session on disk.
///
/// Layout of `<root>/sessions/NAME/` (root: `$KSCRIPT_HOME`, else `~/.kscript`):
///
///     session.json          the manifest: format tag, version, generation, the workspace
///                           file's name, the execution counter and the cell log
///     workspace-G.json      the namespace as a value graph (`WorkspaceEncoder`)
///     blobs/G-K.EXT         native values written by `SessionCodecs` (`.npy` arrays,
///                           `.keras` models and layers, `.json` histories, ...)
///     .lock                 held (flock) while a notebook uses the session
///
/// Every file except the manifest is written once under a new name and never changed. A
/// save writes the new workspace and blobs first, then replaces `session.json` atomically
/// (`AtomicFile`), and only then deletes files the new manifest no longer names; so a
/// `kill -9` at any moment leaves a manifest whose files are all complete. A workspace whose
/// bytes did not change since the last save is not rewritten, nor is a blob whose digest (kept
/// in the workspace next to its file name) matches one stored.
final class SessionStore {
    /// Why a session directory cannot be used.
    enum Problem: Error {
        /// Files we wrote are unreadable, truncated or inconsistent.
        case damaged(String)
        /// The directory holds files that are not a kscript session.
        case foreign(String)
        /// Another notebook holds the session's lock.
        case busy
    }

    /// What a saved session holds apart from the namespace.
    struct Manifest: Codable {
        var format = SessionStore.formatTag
        var version = SessionStore.formatVersion
        var generation: Int
        var workspace: String
        var executionCount: Int
        var cells: [CellRecord]
        var kscriptVersion: String
    }

    static let formatTag = "kscript-session"
    static let formatVersion = 1
    static let manifestName = "session.json"

    let name: String
    let directory: String
    private var lockDescriptor: Int32 = -1
    private var generation = 0
    /// The workspace file the manifest names and the digest of its bytes.
    private var workspaceFile: (name: String, digest: SessionDigest)?
    /// Blob files by digest and extension, so unchanged native values are not rewritten.
    private var blobFiles: [String: String] = [:]
    /// Blob files written in the current save so far.
    private var blobIndex = 0
    /// True when a codec wrote a blob whose directory entry is not yet synced.
    private var blobsNeedSync = false
    /// Files and bytes written by the current (or last) save.
    private(set) var written = (files: 0, bytes: 0)

    /// `$KSCRIPT_HOME/sessions`, else `~/.kscript/sessions`.
    static func defaultRoot() -> String {
        if let home = ProcessInfo.processInfo.environment["KSCRIPT_HOME"], !home.isEmpty {
            return (home as NSString).appendingPathComponent("sessions")
        }
        return (homeDirectory() as NSString).appendingPathComponent(".kscript/sessions")
    }

    init(name: String, root: String = SessionStore.defaultRoot()) {
        self.name = name
        self.directory = (root as NSString).appendingPathComponent(name)
    }

    deinit {
        if lockDescriptor >= 0 { Glibc.close(lockDescriptor) }
    }

    private func path(_ file: String) -> String { (directory as NSString).appendingPathComponent(file) }

    /// Names are one path component of letters, digits, `-`, `_` and `.`.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && name.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
    }

    // MARK: Opening

    /// Creates the directory if needed, checks it is ours and takes the lock.
    func open() throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw Problem.foreign("\(directory) is a file, not a session directory") }
            let entries = (try? fm.contentsOfDirectory(atPath: directory)) ?? []
            if !entries.contains(SessionStore.manifestName), let stranger = entries.first(where: { !SessionStore.isOwnFile($0) }) {
                throw Problem.foreign("\(directory) is not a kscript session (it has no session.json but holds '\(stranger)')")
            }
        } else {
            do {
                try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw Problem.foreign("cannot create \(directory): \(error.localizedDescription)")
            }
        }
        let descriptor = Glibc.open(path(".lock"), O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Problem.foreign("cannot open \(path(".lock")): \(String(cString: strerror(errno)))") }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            Glibc.close(descriptor)
            throw Problem.busy
        }
        lockDescriptor = descriptor
    }

    /// Releases the lock (switching sessions).
    func release() {
        if lockDescriptor >= 0 { Glibc.close(lockDescriptor) }
        lockDescriptor = -1
    }

    /// Files and directories a session may contain.
    static func isOwnFile(_ name: String) -> Bool {
        name == manifestName || name == "blobs" || name == ".lock" || name.hasPrefix("workspace-")
            || name.hasPrefix(manifestName + AtomicFile.temporaryMarker)
    }

    // MARK: Loading

    /// Reads the saved state, or nil when nothing was saved yet. Throws `.damaged` when the
    /// files are not what a save leaves.
    func load() throws -> (manifest: Manifest, workspace: Any)? {
        let manifestPath = path(SessionStore.manifestName)
        guard FileManager.default.fileExists(atPath: manifestPath) else { return nil }
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            throw Problem.damaged("\(SessionStore.manifestName) cannot be read")
        }
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], object["format"] as? String != SessionStore.formatTag {
                throw Problem.damaged("\(SessionStore.manifestName) is not a kscript session manifest")
            }
            throw Problem.damaged("\(SessionStore.manifestName) is truncated or invalid (\(SessionStore.describe(error)))")
        }
        guard manifest.format == SessionStore.formatTag else { throw Problem.damaged("\(SessionStore.manifestName) is not a kscript session manifest") }
        guard manifest.version == SessionStore.formatVersion else {
            throw Problem.damaged("the session was written in format version \(manifest.version); this kscript reads version \(SessionStore.formatVersion)")
        }
        guard SessionStore.isOwnFile(manifest.workspace), !manifest.workspace.contains("/"),
              let workspaceData = FileManager.default.contents(atPath: path(manifest.workspace)) else {
            throw Problem.damaged("\(manifest.workspace) is missing")
        }
        let workspace: Any
        do {
            workspace = try JSONSerialization.jsonObject(with: workspaceData)
        } catch {
            throw Problem.damaged("\(manifest.workspace) is truncated or invalid JSON")
        }
        generation = manifest.generation
        workspaceFile = (manifest.workspace, SessionStore.digest(workspaceData))
        return (manifest, workspace)
    }

    /// The path of a blob the workspace names, checked to be one of ours and present; its
    /// digest (when the workspace gives one) is remembered so an unchanged value is not
    /// written again.
    func blobPath(_ file: String, digest: String?) throws -> String {
        guard file.hasPrefix("blobs/"), !file.dropFirst(6).contains("/"), !file.contains(".."),
              FileManager.default.fileExists(atPath: path(file)) else {
            throw Problem.damaged("\(file) is missing")
        }
        if let digest { blobFiles[SessionStore.blobKey(digest, extension: (file as NSString).pathExtension)] = file }
        return path(file)
    }

    // MARK: Saving

    /// Starts a save: new files are named after the next generation.
    func beginSave() {
        generation += 1
        blobIndex = 0
        written = (0, 0)
    }

    private func noteWritten(_ file: String) {
        written.files += 1
        written.bytes += ((try? FileManager.default.attributesOfItem(atPath: path(file)))?[.size] as? Int) ?? 0
    }

    /// Writes a native value's file unless a file with the same digest is already stored;
    /// returns the file's name. A file written by the codec is flushed to disk here.
    func storeBlob(_ blob: SessionBlob, digest: SessionDigest) throws -> String {
        let ext = blob.fileExtension.filter { $0.isLetter || $0.isNumber }
        let key = SessionStore.blobKey(digest.description, extension: ext)
        if let existing = blobFiles[key], FileManager.default.fileExists(atPath: path(existing)) { return existing }
        try FileManager.default.createDirectory(atPath: path("blobs"), withIntermediateDirectories: true)
        blobIndex += 1
        let file = "blobs/\(generation)-\(blobIndex)" + (ext.isEmpty ? "" : "." + ext)
        switch blob.contents {
        case .data(let data):
            try AtomicFile.write(data, to: path(file))
        case .file(_, let write):
            try write(path(file))
            try AtomicFile.sync(path(file))
            blobsNeedSync = true
        case .none:
            return ""  // Values without a file are never stored (the encoder keeps them in the workspace).
        }
        blobFiles[key] = file
        noteWritten(file)
        return file
    }

    /// Writes the workspace (when changed) and then the manifest; deletes files no longer named.
    func commit(workspace: Data, executionCount: Int, cells: [CellRecord], blobsInUse: Set<String>) throws {
        if blobsNeedSync {
            AtomicFile.syncDirectory(path("blobs"))
            blobsNeedSync = false
        }
        let digest = SessionStore.digest(workspace)
        let workspaceName: String
        if let current = workspaceFile, current.digest == digest,
           FileManager.default.fileExists(atPath: path(current.name)) {
            workspaceName = current.name
        } else {
            workspaceName = "workspace-\(generation).json"
            try AtomicFile.write(workspace, to: path(workspaceName))
            noteWritten(workspaceName)
        }
        let manifest = Manifest(generation: generation, workspace: workspaceName, executionCount: executionCount,
                                cells: cells, kscriptVersion: KScriptVersion.string)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(try encoder.encode(manifest), to: path(SessionStore.manifestName))
        noteWritten(SessionStore.manifestName)
        workspaceFile = (workspaceName, digest)
        removeUnreferenced(workspace: workspaceName, blobs: blobsInUse)
    }

    private func removeUnreferenced(workspace: String, blobs: Set<String>) {
        let fm = FileManager.default
        for entry in (try? fm.contentsOfDirectory(atPath: directory)) ?? [] {
            if (entry.hasPrefix("workspace-") && entry != workspace) || entry.contains(AtomicFile.temporaryMarker) {
                try? fm.removeItem(atPath: path(entry))
            }
        }
        for entry in (try? fm.contentsOfDirectory(atPath: path("blobs"))) ?? [] where !blobs.contains("blobs/" + entry) {
            try? fm.removeItem(atPath: path("blobs/" + entry))
        }
        blobFiles = blobFiles.filter { blobs.contains($0.value) }
    }

    // MARK: Helpers

    static func digest(_ data: Data) -> SessionDigest {
        var digest = SessionDigest()
        digest.combine(data)
        return digest
    }

    private static func blobKey(_ digest: String, extension ext: String) -> String { digest + "." + ext }

    private static func describe(_ error: Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error { return context.debugDescription }
        if case DecodingError.keyNotFound(let key, _) = error { return "no '\(key.stringValue)'" }
        return "unreadable"
    }

    /// Names of the sessions under `root` with their sizes in bytes.
    static func list(root: String = defaultRoot()) -> [(name: String, bytes: Int)] {
        let fm = FileManager.default
        let names = ((try? fm.contentsOfDirectory(atPath: root)) ?? []).filter {
            fm.fileExists(atPath: ((root as NSString).appendingPathComponent($0) as NSString).appendingPathComponent(manifestName))
        }
        return names.sorted().map { name in
            let directory = (root as NSString).appendingPathComponent(name)
            var total = 0
            if let walker = fm.enumerator(atPath: directory) {
                for case let file as String in walker {
                    total += ((try? fm.attributesOfItem(atPath: (directory as NSString).appendingPathComponent(file)))?[.size] as? Int) ?? 0
                }
            }
            return (name, total)
        }
    }
}

/// The user's home directory: `$HOME`, else the password database's entry.
func homeDirectory() -> String {
    if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty { return home }
    return NSHomeDirectory()
}

extension SessionStore {
    /// `20261126-233000`: a suffix for directories moved aside.
    static func timestamp() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: Date())
    }
}
