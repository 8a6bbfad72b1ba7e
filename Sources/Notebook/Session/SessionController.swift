import Foundation
import KScript

/// Connects a notebook's namespace and cell log to a `SessionStore`: restores them on start,
/// saves them after every cell, and names (once) the values that cannot be saved.
final class SessionController {
    let store: SessionStore
    private var reportedUnsaved = Set<String>()
    /// Saved values the last restore could not rebuild; written back until their names are reused.
    private var unrestored: CarriedEntries?
    /// How long the last save took and what it wrote (shown by `%session`).
    private(set) var lastSave: (seconds: Double, files: Int, bytes: Int)?

    init(store: SessionStore) {
        self.store = store
        ArrayCodecs.register()
        BridgeSessionCodecs.register()
    }

    var name: String { store.name }

    /// What a restore brought back.
    struct RestoreReport {
        var variableCount = 0
        var cellCount = 0
        /// "name: reason" for values that did not come back.
        var failures: [String] = []
    }

    /// Loads the saved state into `executor`'s module. Throws `SessionStore.Problem.damaged`.
    func restore(into executor: CellExecutor) throws -> RestoreReport {
        guard let saved = try store.load() else { return RestoreReport() }
        let decoder: WorkspaceDecoder
        do {
            decoder = try WorkspaceDecoder(document: saved.workspace, interpreter: executor.interpreter, module: executor.module,
                                           blobPath: { [store] file, digest in try store.blobPath(file, digest: digest) })
        } catch {
            throw SessionStore.Problem.damaged("\(saved.manifest.workspace): \(error)")
        }
        for cell in saved.manifest.cells { SourceRegistry.register("<In [\(cell.number)]>", cell.source) }
        var report = RestoreReport()
        report.failures = decoder.restore()
        unrestored = decoder.unrestored
        executor.restore(cells: saved.manifest.cells, executionCount: saved.manifest.executionCount)
        report.variableCount = executor.module.names.filter(CellExecutor.isUserName).count
        report.cellCount = saved.manifest.cells.count
        return report
    }

    /// Forgets the saved values the last restore could not rebuild (`%reset`).
    func dropUnrestored() { unrestored = nil }

    /// Saves the namespace and log. Returns a notice naming values (and parts of values) that
    /// are newly unsaveable, or nil.
    @discardableResult
    func save(_ executor: CellExecutor) throws -> String? {
        let start = DispatchTime.now().uptimeNanoseconds
        store.beginSave()
        let encoder = WorkspaceEncoder(interpreter: executor.interpreter, module: executor.module) { [store] blob, digest in
            try store.storeBlob(blob, digest: digest)
        }
        let names = executor.module.names.filter { !($0.count > 4 && $0.hasPrefix("__") && $0.hasSuffix("__")) }
        let result = try encoder.encodeWorkspace(names: names, carried: unrestored)
        let data = try JSONSerialization.data(withJSONObject: result.document, options: [.sortedKeys])
        try store.commit(workspace: data, executionCount: executor.executionCount, cells: executor.cells, blobsInUse: result.files)
        lastSave = (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, store.written.files, store.written.bytes)
        var items: [String] = []
        for item in result.unsaved.map({ "\($0.name) (\($0.typeName))" }) + result.omissions.map({ "\($0.name): \($0.text)" })
            where !items.contains(item) { items.append(item) }
        let fresh = items.filter { !reportedUnsaved.contains($0) }
        reportedUnsaved = Set(items)
        guard !fresh.isEmpty else { return nil }
        return "Not saved in session '\(store.name)': " + fresh.joined(separator: ", ")
    }
}
