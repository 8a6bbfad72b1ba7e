/// Compiled code of one scope: a module body, function, lambda, class body or comprehension.
public final class CodeObject {
    enum Kind { case module, function, classBody, comprehension }

    public let name: String
    public let qualifiedName: String
    public let filename: String
    public let firstLine: Int
    let kind: Kind
    /// The exact source text of the `def`, `class` or `lambda` (nil for modules).
    public let sourceText: String?
    public let docstring: String?

    var instructions: [Instruction] = []
    /// Source line of every instruction.
    var lines: [Int32] = []
    var constants: [Value] = []
    /// Attribute and variable names referenced by index.
    var names: [PyStr] = []
    /// Module cells of the global names this code reads or writes.
    var globalCells: [GlobalCell] = []
    /// Keyword-name lists of call sites with keyword arguments.
    var keywordNameLists: [[PyStr]] = []
    var exceptionTable: [ExceptionHandlerEntry] = []

    /// Names of the register slots that hold variables (parameters first).
    let slotNames: [String]
    /// `slotNames.count`, kept as a plain integer for the call path.
    let slotCount: Int
    var registerCount = 0
    let positionalCount: Int
    let positionalOnlyCount: Int
    let keywordOnlyNames: [String]
    let varArgsSlot: Int?
    let varKeywordsSlot: Int?
    /// Parameter slots that are captured by inner functions (wrapped in cells on entry).
    var cellParameterSlots: [Int] = []
    /// Slots receiving the function's closure cells, in closure order.
    var freeSlots: [Int] = []
    /// Local (non-parameter) slots that are cells: start as empty cells.
    var cellLocalSlots: [Int] = []
    let isGenerator: Bool
    /// Calls can skip argument binding: only positional parameters, no cells, not a generator.
    var isSimple = false

    init(name: String, qualifiedName: String, filename: String, firstLine: Int, kind: Kind, sourceText: String?,
         docstring: String?, slotNames: [String], positionalCount: Int, positionalOnlyCount: Int,
         keywordOnlyNames: [String], varArgsSlot: Int?, varKeywordsSlot: Int?, isGenerator: Bool) {
        self.name = name
        self.qualifiedName = qualifiedName
        self.filename = filename
        self.firstLine = firstLine
        self.kind = kind
        self.sourceText = sourceText
        self.docstring = docstring
        self.slotNames = slotNames
        self.slotCount = slotNames.count
        self.positionalCount = positionalCount
        self.positionalOnlyCount = positionalOnlyCount
        self.keywordOnlyNames = keywordOnlyNames
        self.varArgsSlot = varArgsSlot
        self.varKeywordsSlot = varKeywordsSlot
        self.isGenerator = isGenerator
    }

    /// Total number of parameter slots.
    var parameterCount: Int {
        positionalCount + keywordOnlyNames.count + (varArgsSlot == nil ? 0 : 1) + (varKeywordsSlot == nil ? 0 : 1)
    }

    /// Raw copies of the instruction and constant arrays for the dispatch loop (set by `seal()`).
    private(set) var instructionBuffer: UnsafeMutablePointer<Instruction>?
    private(set) var constantBuffer: UnsafeMutablePointer<Value>?
    private(set) var globalBuffer: UnsafeMutablePointer<GlobalCell>?
    private(set) var nameBuffer: UnsafeMutablePointer<PyStr>?
    /// Inline caches of attribute instructions, indexed by instruction position.
    private(set) var cacheBuffer: UnsafeMutablePointer<AttributeCache>?

    /// Freezes the code: copies instructions, constants and global cells into raw buffers.
    func seal() {
        let i = UnsafeMutablePointer<Instruction>.allocate(capacity: max(instructions.count, 1))
        i.initialize(from: instructions, count: instructions.count)
        instructionBuffer = i
        let c = UnsafeMutablePointer<Value>.allocate(capacity: max(constants.count, 1))
        c.initialize(from: constants, count: constants.count)
        constantBuffer = c
        let g = UnsafeMutablePointer<GlobalCell>.allocate(capacity: max(globalCells.count, 1))
        g.initialize(from: globalCells, count: globalCells.count)
        globalBuffer = g
        let n = UnsafeMutablePointer<PyStr>.allocate(capacity: max(names.count, 1))
        n.initialize(from: names, count: names.count)
        nameBuffer = n
        let caches = UnsafeMutablePointer<AttributeCache>.allocate(capacity: max(instructions.count, 1))
        caches.initialize(repeating: AttributeCache(), count: max(instructions.count, 1))
        cacheBuffer = caches
    }

    deinit {
        instructionBuffer?.deallocate()
        if let c = constantBuffer {
            c.deinitialize(count: constants.count)
            c.deallocate()
        }
        if let n = nameBuffer {
            n.deinitialize(count: names.count)
            n.deallocate()
        }
        if let caches = cacheBuffer {
            caches.deinitialize(count: max(instructions.count, 1))
            caches.deallocate()
        }
        if let g = globalBuffer {
            g.deinitialize(count: globalCells.count)
            g.deallocate()
        }
    }

    func line(at pc: Int) -> Int {
        guard pc >= 0, pc < lines.count else { return firstLine }
        return Int(lines[pc])
    }
}

/// What an attribute instruction found last time, valid while the receiver's type and the
/// global type epoch are unchanged.
struct AttributeCache {
    /// Address of the receiver type the entry is for.
    var type: UnsafeMutableRawPointer?
    var epoch = -1
    /// The class attribute found on the MRO (`.unbound` when none).
    var classAttribute: Value = .unbound
    /// The class attribute is a data descriptor (property): it wins over the instance dict.
    var isDataDescriptor = false
    /// The class attribute is a plain function (binds as a method).
    var isFunction = false
    /// The last receiver's instance dict and its key version, known not to shadow the method.
    var checkedDictionary: UnsafeMutableRawPointer?
    var checkedVersion = -1
}
