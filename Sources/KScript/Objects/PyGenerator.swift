/// A generator: a suspended frame of a generator function (or generator expression). Its
/// registers live here between resumptions and are copied onto the value stack to run.
public final class PyGenerator: PyIterator {
    let function: PyFunction
    var registers: [Value]
    /// The `yieldValue` instruction it is suspended at (-1 before the first run).
    var pc = -1
    var isRunning = false
    var isFinished = false
    /// What the generator returned (the value of its final StopIteration).
    var returnValue: Value = .none
    public var name: String { function.name }

    init(function: PyFunction, registers: [Value]) {
        self.function = function
        self.registers = registers
        super.init(type: BuiltinTypes.generator)
    }

    public override func next(_ interpreter: Interpreter) throws -> Value? {
        try interpreter.resume(self, sending: .none, throwing: nil)
    }
}

/// Minimal `bytes`: an immutable byte string.
public final class PyBytes: PyObject {
    public let bytes: [UInt8]
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        super.init(type: BuiltinTypes.bytes)
    }
}
