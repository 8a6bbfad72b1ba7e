import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// End-to-end tests: the real `kscript` binary on a pseudo-terminal, typed at like a user.
final class NotebookTerminalTests: XCTestCase {
    private var home = ""

    override func setUpWithError() throws {
        home = NSTemporaryDirectory() + "kscript-notebook-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: home)
    }

    private var sessionsRoot: String { home + "/kscript-home/sessions" }

    private func start(_ arguments: [String] = []) throws -> PseudoTerminal {
        let environment = ["HOME": home, "KSCRIPT_HOME": home + "/kscript-home", "TERM": "dumb", "INPUTRC": "/dev/null",
                           "PATH": "/usr/bin:/bin"]
        return try PseudoTerminal(arguments: arguments, environment: environment, directory: home)
    }

    private func expect(_ output: String, contains text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(output.contains(text), "expected \(text.debugDescription) in:\n\(output)", file: file, line: line)
    }

    /// Types a line and waits until the next input prompt (`In [n]: ` on a new line) is shown
    /// after it; returns the output up to and including that prompt.
    @discardableResult
    private func run(_ terminal: PseudoTerminal, _ line: String, file: StaticString = #filePath, line number: UInt = #line) -> String {
        let mark = terminal.mark
        terminal.type(line + "\r")
        let upToPrompt = terminal.waitFor("\nIn [", after: mark, file: file, line: number)
        return upToPrompt + terminal.waitFor("]: ", after: mark + upToPrompt.utf8.count, file: file, line: number)
    }

    func testMultiLineClassOutValuesAndHistoryNames() throws {
        let terminal = try start(["--no-session"])
        terminal.waitFor("In [1]: ")
        let mark = terminal.mark
        terminal.type("class Counter:\r")
        terminal.waitFor("...: ", after: mark)
        terminal.type("    def __init__(self):\r")
        terminal.type("        self.n = 0\r")
        terminal.type("    def bump(self, k=1):\r")
        terminal.type("        self.n += k\r")
        terminal.type("        return self.n\r")
        terminal.type("\r")
        terminal.waitFor("In [2]: ", after: mark)
        expect(run(terminal, "c = Counter()"), contains: "\nIn [3]: ")
        expect(run(terminal, "c.bump(); c.bump(5)"), contains: "Out[3]: 6")
        expect(run(terminal, "x = None"), contains: "In [5]")
        XCTAssertFalse(run(terminal, "None").contains("Out[5]"), "None shows nothing")
        expect(run(terminal, "_ * 2, Out[3], _3, In[2]"), contains: "Out[6]: (12, 6, 6, 'c = Counter()')")
        expect(run(terminal, "[1,\r2]"), contains: "Out[7]: [1, 2]")
        XCTAssertFalse(run(terminal, "c.bump();").contains("Out[8]"), "a trailing semicolon hides the value")
        terminal.type("exit()\r")
        XCTAssertEqual(terminal.waitForExit(), 0)
    }

    func testTabCompletionOfNativeAttributesModulesAndDictKeys() throws {
        let terminal = try start(["--no-session"])
        terminal.waitFor("In [1]: ")
        expect(run(terminal, "\"abc\".upp\t()"), contains: "Out[1]: 'ABC'")
        run(terminal, "import math")
        expect(run(terminal, "math.sq\t(16.0)"), contains: "Out[3]: 4.0")
        run(terminal, "scores = {'validation': 3, 'train': 1}")
        expect(run(terminal, "scores['val\t"), contains: "Out[5]: 3")
        run(terminal, "numbers = [3, 1, 2]")
        expect(run(terminal, "numbers.so\t(); numbers"), contains: "Out[7]: [1, 2, 3]")
        run(terminal, "import keras")
        run(terminal, "model = keras.Sequential([keras.layers.Dense(4, input_shape=(3,))])")
        expect(run(terminal, "model.coun\t()"), contains: "Out[10]: 16")
        expect(run(terminal, "%whos"), contains: "model      Sequential    16 params")
        terminal.type("\u{04}")
        XCTAssertEqual(terminal.waitForExit(), 0, "Ctrl-D quits")
    }

    func testCtrlCInterruptsRunningCellAndClearsPromptLine() throws {
        let terminal = try start(["--no-session"])
        terminal.waitFor("In [1]: ")
        run(terminal, "x = 5")
        var mark = terminal.mark
        terminal.type("while True: pass\r")
        terminal.waitFor("while True: pass", after: mark)
        usleep(300_000)
        terminal.type("\u{03}")
        let report = terminal.waitFor("In [3]: ", after: mark)
        XCTAssertTrue(report.contains("KeyboardInterrupt"), report)
        mark = terminal.mark
        terminal.type("undefined_name")
        terminal.waitFor("undefined_name", after: mark)
        terminal.type("\u{03}")
        terminal.waitFor("^C\r\nIn [3]: ", after: mark)
        expect(run(terminal, "x + 1"), contains: "Out[3]: 6")
        mark = terminal.mark
        terminal.type("import time; time.sleep(30)\r")
        terminal.waitFor("time.sleep(30)", after: mark)
        usleep(300_000)
        terminal.type("\u{03}")
        XCTAssertTrue(terminal.waitFor("In [5]: ", after: mark).contains("KeyboardInterrupt"))
        terminal.type("exit()\r")
        XCTAssertEqual(terminal.waitForExit(), 0)
    }

    func testSessionRestoresVariablesFunctionsClassesAndHistory() throws {
        var terminal = try start(["--session", "work"])
        terminal.waitFor("Session 'work' (new)")
        terminal.waitFor("In [1]: ")
        run(terminal, "import math as m")
        run(terminal, "data = {'xs': [1, 2, 3], 'name': 'run-1'}; data['self'] = data")
        run(terminal, "def scale(v, k=2):\r    return [k * e for e in v]\r")
        run(terminal, "class Point:\r    def __init__(self, x, y):\r        self.x, self.y = x, y\r    def norm(self):\r        return m.hypot(self.x, self.y)\r")
        run(terminal, "p = Point(3, 4); sq = lambda t: t * t")
        run(terminal, "p.norm()")
        let notice = run(terminal, "fh = open('notes.txt', 'w')")
        XCTAssertTrue(notice.contains("Not saved in session 'work': fh (TextIOWrapper)"), notice)
        XCTAssertFalse(run(terminal, "fh.close()").contains("Not saved"), "the notice is given once")
        terminal.type("exit()\r")
        XCTAssertEqual(terminal.waitForExit(), 0)

        terminal = try start(["--session", "work"])
        terminal.waitFor("Session 'work' restored: 6 variables, 9 cells.")
        terminal.waitFor("In [10]: ")
        expect(run(terminal, "scale(data['xs']), data['self'] is data, p.norm(), sq(m.pi) > 9"), contains: "Out[10]: ([2, 4, 6], True, 5.0, True)")
        expect(run(terminal, "type(p) is Point, Out[6], In[6]"), contains: "Out[11]: (True, 5.0, 'p.norm()')")
        terminal.type("exit()\r")
        XCTAssertEqual(terminal.waitForExit(), 0)

        terminal = try start(["--session", "work", "--fresh"])
        terminal.waitFor("started fresh")
        terminal.waitFor("In [1]: ")
        expect(run(terminal, "'data' in dir()"), contains: "Out[1]: False")
        terminal.type("exit()\r")
        XCTAssertEqual(terminal.waitForExit(), 0)
    }

    func testKillDuringSaveLeavesALoadableSession() throws {
        var terminal = try start(["--session", "crash"])
        terminal.waitFor("In [1]: ")
        run(terminal, "kept = 'before'")
        let mark = terminal.mark
        terminal.type("big = [str(i) * 3 for i in range(300000)]; print('computed')\r")
        terminal.waitFor("computed", after: mark)
        terminal.signal(SIGKILL)
        XCTAssertEqual(terminal.waitForExit(), 128 + SIGKILL)

        terminal = try start(["--session", "crash"])
        let banner = terminal.waitFor("]: ")
        XCTAssertTrue(banner.contains("Session 'crash' restored"), banner)
        expect(run(terminal, "kept"), contains: "'before'")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: sessionsRoot + "/crash")
        XCTAssertTrue(leftovers.contains("session.json"))
        terminal.type("exit()\r")
        XCTAssertEqual(terminal.waitForExit(), 0)
    }

    func testCorruptedSessionIsReportedKeptAndCanBeStartedFresh() throws {
        var terminal = try start(["--session", "broken"])
        terminal.waitFor("In [1]: ")
        run(terminal, "value = 42")
        terminal.type("exit()\r")
        XCTAssertEqual(terminal.waitForExit(), 0)
        let directory = sessionsRoot + "/broken"
        let workspace = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasPrefix("workspace-") })
        let original = try XCTUnwrap(FileManager.default.contents(atPath: directory + "/" + workspace))
        let truncated = original.prefix(original.count / 2)
        try truncated.write(to: URL(fileURLWithPath: directory + "/" + workspace))

        terminal = try start(["--session", "broken"])
        terminal.waitFor("[y/N] ")
        XCTAssertTrue(terminal.output.contains("cannot be restored: \(workspace) is truncated or invalid JSON"), terminal.output)
        terminal.type("n\r")
        XCTAssertEqual(terminal.waitForExit(), 1)
        XCTAssertEqual(FileManager.default.contents(atPath: directory + "/" + workspace), truncated, "declining leaves the files alone")

        terminal = try start(["--session", "broken"])
        terminal.waitFor("[y/N] ")
        terminal.type("y\r")
        terminal.waitFor("In [1]: ")
        expect(run(terminal, "'value' in dir()"), contains: "Out[1]: False")
        terminal.type("exit()\r")
        XCTAssertEqual(terminal.waitForExit(), 0)
        let aside = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: sessionsRoot).first { $0.hasPrefix("broken.damaged-") })
        XCTAssertEqual(FileManager.default.contents(atPath: sessionsRoot + "/" + aside + "/" + workspace), truncated,
                       "the damaged files are kept as they were")
    }

    func testForeignDirectoryIsNotWrittenInto() throws {
        let directory = sessionsRoot + "/mine"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: URL(fileURLWithPath: directory + "/thesis.tex"))
        let terminal = try start(["--session", "mine"])
        terminal.waitFor("[y/N] ")
        XCTAssertTrue(terminal.output.contains("is not a kscript session"))
        terminal.type("y\r")
        terminal.waitFor("In [1]: ")
        run(terminal, "a = 1")
        terminal.type("exit()\r")
        XCTAssertEqual(terminal.waitForExit(), 0)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["thesis.tex"])
    }

    func testPlainInputMagicsAndHelp() throws {
        let terminal = try start(["--no-readline", "--no-session"])
        terminal.waitFor("In [1]: ")
        expect(run(terminal, "len?"), contains: "len(obj, /)")
        run(terminal, "def area(w, h=1):\r    \"Area of a rectangle.\"\r    return w * h\r")
        let help = run(terminal, "area?")
        XCTAssertTrue(help.contains("area(w, h=1)") && help.contains("Area of a rectangle."), help)
        expect(run(terminal, "%who"), contains: "area")
        expect(run(terminal, "%whos"), contains: "area       function    <function area at 0x")
        expect(run(terminal, "%history -n 2"), contains: "   2:\r\ndef area(w, h=1):\r\n    \"Area of a rectangle.\"\r\n")
        expect(run(terminal, "%history -n 1"), contains: "   1: len?\r\n")
        expect(run(terminal, "%timeit area(3)"), contains: "per loop (mean ± std. dev. of 7 runs")
        expect(run(terminal, "%timeit -n 1000 -r 1 area(3)"), contains: "per loop (mean ± std. dev. of 1 run, 1,000 loops each)")
        expect(run(terminal, "%time area(2, 3)"), contains: "Wall time: ")
        expect(terminal.output, contains: "Out[10]: 6")
        expect(run(terminal, "%pwd"), contains: "Out[11]: '\(home)'")
        expect(run(terminal, "%save saved 2"), contains: "written to file `saved.kscript`")
        expect(run(terminal, "%reset -f"), contains: "In [14]")
        expect(run(terminal, "'area' in dir()"), contains: "Out[14]: False")
        expect(run(terminal, "%run saved.kscript"), contains: "In [16]")
        expect(run(terminal, "area(4)"), contains: "Out[16]: 4")
        expect(run(terminal, "%export out.ipynb"), contains: "Exported 16 cells to out.ipynb")
        XCTAssertTrue(FileManager.default.fileExists(atPath: home + "/out.ipynb"))
        expect(run(terminal, "%nosuch"), contains: "UsageError: Line magic function `%nosuch` not found.")
        terminal.type("quit\r")
        XCTAssertEqual(terminal.waitForExit(), 0)
    }

    func testLoadPutsAFileInTheNextInputAndSessionsSwitch() throws {
        try Data("def twice(v):\n    return 2 * v".utf8).write(to: URL(fileURLWithPath: home + "/lib.kscript"))
        try FileManager.default.createDirectory(atPath: home + "/sub", withIntermediateDirectories: true)
        let terminal = try start(["--session", "one"])
        terminal.waitFor("In [1]: ")
        run(terminal, "only_in_one = 1")
        var mark = terminal.mark
        terminal.type("%load lib.kscript\r")
        terminal.waitFor("In [3]: def twice(v):", after: mark)
        mark = terminal.mark
        terminal.type("\r")
        terminal.waitFor("\nIn [4]: ", after: mark)
        expect(run(terminal, "twice(21)"), contains: "Out[4]: 42")
        expect(run(terminal, "%cd sub"), contains: "\(home)/sub")
        expect(run(terminal, "%session switch two"), contains: "Session 'two' (new).")
        expect(run(terminal, "'only_in_one' in dir()"), contains: "False")
        expect(run(terminal, "%session list"), contains: "* two")
        expect(run(terminal, "%session switch one"), contains: "Session 'one' restored")
        expect(run(terminal, "only_in_one, twice(2)"), contains: "(1, 4)")
        expect(run(terminal, "%session delete two"), contains: "Deleted session 'two'.")
        terminal.type("exit()\r")
        XCTAssertEqual(terminal.waitForExit(), 0)
    }

    func testHistoryRecallsMultiLineCellsAcrossRuns() throws {
        var terminal = try start(["--no-session"])
        terminal.waitFor("In [1]: ")
        run(terminal, "def hello():\r    return 'hi'\r")
        run(terminal, "hello()")
        terminal.type("exit()\r")
        XCTAssertEqual(terminal.waitForExit(), 0)
        let saved = try String(contentsOfFile: home + "/.kscript_history", encoding: .utf8)
        XCTAssertEqual(saved, "\"def hello():\\n    return 'hi'\"\n\"hello()\"\n\"exit()\"\n")

        terminal = try start(["--no-session"])
        terminal.waitFor("In [1]: ")
        run(terminal, "def hello():\r    return 'hello again'\r")
        // Ctrl-P three times: exit(), hello(), then the newer definition replaced the old one.
        let mark = terminal.mark
        terminal.type("\u{10}\u{10}\u{10}\r")
        terminal.waitFor("\nIn [3]: ", after: mark)
        expect(run(terminal, "hello()"), contains: "Out[3]: 'hello again'")
        terminal.type("exit()\r")
        XCTAssertEqual(terminal.waitForExit(), 0)
    }

    func testStandardInputThatIsNotATerminalRunsAsAScript() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: PseudoTerminal.executable)
        process.environment = ["HOME": home, "KSCRIPT_HOME": home + "/kscript-home"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data("x = 20\nprint(x + 1)\n".utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(text, "21\n")
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: sessionsRoot), "a script run keeps no session")
    }

    /// The lines of `output` that start with `prefix` (terminal line ends removed).
    private func lines(_ output: String, startingWith prefix: String) -> [String] {
        output.components(separatedBy: "\r\n").filter { $0.hasPrefix(prefix) }
    }

    private let modelCells = [
        "import numpy as np, keras",
        "keras.utils.set_random_seed(7); rng = np.random.RandomState(1); x = rng.rand(96, 5).astype('float32'); y = (x[:, 0] > 0.5).astype('int64')",
        "model = keras.Sequential([keras.layers.Dense(16, activation='relu', input_shape=(5,)), keras.layers.Dropout(0.1), keras.layers.Dense(2, activation='softmax')])",
        "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])",
        "h = model.fit(x, y, epochs=3, batch_size=16, verbose=0)",
        "print('P', model.predict(x[:3], verbose=0).tolist())",
    ]
    private let continuation = "h2 = model.fit(x, y, epochs=2, batch_size=16, verbose=0); print('L', h2.history['loss'], int(model.optimizer.iterations), h.epoch)"

    func testTrainedModelIsRestoredAndItsTrainingContinuesAsWithoutRestart() throws {
        let straight = try start(["--no-session"])
        straight.waitFor("In [1]: ")
        for cell in modelCells { run(straight, cell) }
        let expected = lines(run(straight, continuation), startingWith: "L [")
        XCTAssertEqual(expected.count, 1)
        straight.type("exit()\r")
        XCTAssertEqual(straight.waitForExit(), 0)

        var terminal = try start(["--session", "trained"])
        terminal.waitFor("In [1]: ")
        var printed: [String] = []
        for cell in modelCells { printed += lines(run(terminal, cell), startingWith: "P [") }
        XCTAssertEqual(printed.count, 1)
        terminal.type("exit()\r")
        XCTAssertEqual(terminal.waitForExit(), 0)

        terminal = try start(["--session", "trained"])
        terminal.waitFor("Session 'trained' restored: 7 variables, 7 cells.")
        terminal.waitFor("In [8]: ")
        XCTAssertEqual(lines(run(terminal, modelCells[5]), startingWith: "P ["), printed, "the restored model predicts the same")
        XCTAssertEqual(lines(run(terminal, continuation), startingWith: "L ["), expected,
                       "training goes on as it would have without the restart (weights, optimizer state, random state)")
        terminal.type("exit()\r")
        XCTAssertEqual(terminal.waitForExit(), 0)
    }

    func testCtrlCDuringFitReturnsToThePromptWithModelAndSessionIntact() throws {
        var terminal = try start(["--session", "interrupt"])
        terminal.waitFor("In [1]: ")
        run(terminal, "import numpy as np, keras")
        run(terminal, "x = np.random.rand(20000, 64).astype('float32'); y = np.random.rand(20000, 1).astype('float32'); marker = 'kept'")
        run(terminal, "model = keras.Sequential([keras.layers.Dense(256, activation='relu', input_shape=(64,)), keras.layers.Dense(1)]); model.compile(optimizer='adam', loss='mse')")
        let mark = terminal.mark
        terminal.type("model.fit(x, y, epochs=1000, batch_size=32)\r")
        terminal.waitFor("Epoch 1/1000", after: mark, timeout: 60)
        usleep(500_000)
        terminal.type("\u{03}")
        let report = terminal.waitFor("In [5]: ", after: mark, timeout: 60)
        XCTAssertTrue(report.contains("KeyboardInterrupt"), report)
        XCTAssertTrue(report.contains("Traceback (most recent call last)"), report)
        XCTAssertFalse(report.contains("Epoch 1000/1000"), report)
        expect(run(terminal, "marker, bool(np.isfinite(model.predict(x[:4], verbose=0)).all()), int(model.optimizer.iterations) > 0"),
               contains: "Out[5]: ('kept', True, True)")
        terminal.type("exit()\r")
        XCTAssertEqual(terminal.waitForExit(), 0)

        terminal = try start(["--session", "interrupt"])
        terminal.waitFor("In [7]: ")
        expect(run(terminal, "marker, model.count_params(), int(model.optimizer.iterations) > 0"), contains: "Out[7]: ('kept', 16897, True)")
        terminal.type("exit()\r")
        XCTAssertEqual(terminal.waitForExit(), 0)
    }

    func testExportAttachesShownFiguresAsSVG() throws {
        let terminal = try start(["--no-session"])
        terminal.waitFor("In [1]: ")
        run(terminal, "import matplotlib.pyplot as plt")
        run(terminal, "plt.plot([1, 2, 3], [2, 4, 1]); plt.title('growth'); plt.show()")
        expect(run(terminal, "%export figure.ipynb"), contains: "Exported 2 cells to figure.ipynb")
        terminal.type("exit()\r")
        XCTAssertEqual(terminal.waitForExit(), 0)
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: home + "/figure.ipynb")))
        XCTAssertEqual(try NotebookSchema.load().validate(document), [])
        let cells = try XCTUnwrap((document as? [String: Any])?["cells"] as? [[String: Any]])
        let outputs = try XCTUnwrap(cells[1]["outputs"] as? [[String: Any]])
        let figure = try XCTUnwrap(outputs.first { $0["output_type"] as? String == "display_data" })
        let svg = ((figure["data"] as? [String: Any])?["image/svg+xml"] as? [String] ?? []).joined()
        XCTAssertTrue(svg.contains("<svg") && svg.contains("growth"), svg)
    }

    func testWhosTableMatchesIPython() throws {
        let reference = try IPythonReference.load()
        let setup = try XCTUnwrap(reference["setup"] as? String)
        let expected = try XCTUnwrap(reference["whos"] as? String).split(separator: "\n").filter { !$0.hasPrefix("np ") }
        let terminal = try start(["--no-session"])
        terminal.waitFor("In [1]: ")
        for line in setup.split(separator: "\n") { run(terminal, String(line)) }
        let table = run(terminal, "%whos")
        for line in expected { expect(table, contains: line + "\r\n") }
        let who = try XCTUnwrap(reference["who"] as? String)
        expect(run(terminal, "%who"), contains: who.replacingOccurrences(of: "\n", with: "\r\n"))
        terminal.type("exit()\r")
        XCTAssertEqual(terminal.waitForExit(), 0)
    }
}
