/// Operation codes of the register machine. Operands: `a`, `b`, `c` (16-bit register, constant
/// or name indices) and `x` (an 8-bit modifier: operator kind, flags). Jump targets are absolute
/// instruction indices in `b | c << 16` unless noted; fused compare-and-branch and `forIter`
/// use a forward offset in `c`; `forIterBack` (the step at the end of a `for` body, which
/// jumps back to the body when the iterator yields) a backward offset in `c`.
enum Opcode: UInt8 {
    case nop
    // Variables.
    case loadConst, move, loadGlobal, storeGlobal, deleteGlobal
    case loadDeref, storeDeref, deleteDeref, loadName, storeName, deleteName
    case checkLocal, deleteFast, makeCell
    // Attributes and items.
    case loadAttr, storeAttr, deleteAttr, loadMethod
    case getItem, setItem, deleteItem, buildSlice
    // Arithmetic: a = b op c.
    case add, subtract, multiply, trueDivide, floorDivide, modulo
    case addConst, subtractConst, multiplyConst, moduloConst
    case binary, inplace, inplaceAdd
    case negate, plus, invert, not, toBool
    case compare, contains, isSame
    case compareJump, compareConstJump
    // Control flow.
    case jump, jumpBack, jumpIfFalse, jumpIfTrue
    case getIter, forIter, forIterBack
    // Calls.
    case call, callKeywords, callMethod, callMethodKeywords, callExpand
    case returnValue, returnNone
    // Building values.
    case buildList, buildTuple, buildSet, buildDict, buildString, formatValue
    case listAppend, setAdd, dictSet, listExtend, setUpdate, dictUpdate, dictMerge, listToTuple
    case unpack, unpackStar
    case makeFunction, buildClass, superZero
    // Modules.
    case importName, importFrom, importStar
    // Exceptions and context managers.
    case raise, reraise, pushExcInfo, popExcInfo, checkExcMatch, loadAssertionError
    case withEnter, withExit, withExcept
    // Generators.
    case yieldValue, generatorResult
}

/// One instruction: 8 bytes.
struct Instruction {
    var op: Opcode
    var x: UInt8
    var a: UInt16
    var b: UInt16
    var c: UInt16

    init(_ op: Opcode, x: UInt8 = 0, a: Int = 0, b: Int = 0, c: Int = 0) {
        self.op = op
        self.x = x
        self.a = UInt16(truncatingIfNeeded: a)
        self.b = UInt16(truncatingIfNeeded: b)
        self.c = UInt16(truncatingIfNeeded: c)
    }

    /// The 32-bit jump target stored in `b` and `c`.
    var target: Int { Int(b) | Int(c) << 16 }

    mutating func setTarget(_ t: Int) {
        b = UInt16(truncatingIfNeeded: t)
        c = UInt16(truncatingIfNeeded: t >> 16)
    }
}

/// Bits of `x` in the arithmetic instructions (`add` ... `moduloConst`, `binary`) marking an
/// operand register as a temporary that the instruction consumes: it was computed for this
/// operation alone and is read nowhere after it, so an object only it references cannot be
/// observed afterwards (its type may reuse its buffer for the result, `PyType.temporaryBinary`).
/// In `binary` the low bits of `x` hold the operator.
enum ConsumedOperands {
    static let left: UInt8 = 0x40
    static let right: UInt8 = 0x80
    static let operatorMask: UInt8 = 0x3F
}

/// "No register" in optional operands.
let noRegister = 0xFFFF

/// A protected range of a code object and where its exceptions go.
struct ExceptionHandlerEntry {
    var start: Int
    var end: Int
    var handler: Int
    /// The register that receives the exception.
    var register: Int
}
