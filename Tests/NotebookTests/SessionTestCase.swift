import Foundation
import KScript
import XCTest
@testable import Notebook

/// Base of the in-process session tests: a scratch sessions root per test, a fresh
/// interpreter per executor, and controllers over named sessions in that root.
class SessionTestCase: XCTestCase {
    var root = ""

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "kscript-sessions-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// A cell executor over a fresh interpreter (a new process, as far as the session knows).
    func makeExecutor() -> CellExecutor {
        let interpreter = Interpreter(argv: [""], scriptDirectory: root)
        let module = interpreter.makeMainModule(filename: "<stdin>")
        return CellExecutor(interpreter: interpreter, module: module, echo: false)
    }

    /// A controller over session `name`, opened.
    func openController(_ name: String = "s") throws -> SessionController {
        let store = SessionStore(name: name, root: root)
        try store.open()
        return SessionController(store: store)
    }
}
