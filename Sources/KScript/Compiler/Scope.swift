/// A scope as Python 3 defines it: the module, a function (or lambda), a class body or a
/// comprehension. The resolver fills in how each name is stored; the compiler reads it.
final class Scope {
    enum Kind { case module, function, classBody, comprehension }

    /// Where a name lives at run time.
    enum Binding: Equatable {
        /// A register slot of the frame.
        case local(Int)
        /// A register slot holding a `Cell` (a local captured by an inner scope, or a free variable).
        case cell(Int)
        /// A module-level cell.
        case global
        /// Looked up by name in the class namespace, then globals, then builtins.
        case classNamespace
    }

    let kind: Kind
    let name: String
    weak var parent: Scope?
    var children: [Scope] = []

    /// Names bound in this scope (assignment, def, class, import, for/with/except targets, params).
    var bound: Set<String> = []
    var boundOrder: [String] = []
    var parameters: [String] = []
    var declaredGlobal: Set<String> = []
    var declaredNonlocal: Set<String> = []
    var used: Set<String> = []
    var isGenerator = false
    /// A method that calls `super()` or mentions `__class__`.
    var needsClassCell = false

    // Results of analysis.
    /// Slot names in order: parameters, other locals, then free variables.
    private(set) var slotNames: [String] = []
    private var slots: [String: Int] = [:]
    /// Locals that inner scopes capture.
    private(set) var cellNames: Set<String> = []
    /// Variables from enclosing function scopes, in slot order.
    private(set) var freeNames: [String] = []
    /// Class bodies: names that are cells of the class scope (only `__class__` and captured names).
    private(set) var classCells: [String] = []

    init(kind: Kind, name: String, parent: Scope?) {
        self.kind = kind
        self.name = name
        self.parent = parent
        parent?.children.append(self)
    }

    func bind(_ name: String) {
        if !bound.contains(name) {
            bound.insert(name)
            boundOrder.append(name)
        }
    }

    var isFunctionLike: Bool { kind == .function || kind == .comprehension }

    /// Number of register slots used by named variables.
    var slotCount: Int { slotNames.count }

    func slot(of name: String) -> Int? { slots[name] }

    /// How `name` is reached from code in this scope.
    func binding(of name: String) -> Binding {
        switch kind {
        case .module:
            return .global
        case .classBody:
            if let s = slots[name], cellNames.contains(name) || freeNames.contains(name) {
                if declaredGlobal.contains(name) { return .global }
                if bound.contains(name) && !freeNames.contains(name) { return .classNamespace }
                return .cell(s)
            }
            if declaredGlobal.contains(name) { return .global }
            return .classNamespace
        case .function, .comprehension:
            if let s = slots[name] {
                return cellNames.contains(name) || freeNames.contains(name) ? .cell(s) : .local(s)
            }
            return .global
        }
    }

    /// The slot of the `__class__` cell in a class body.
    var classCellSlot: Int? { kind == .classBody ? slots["__class__"] : nil }

    // MARK: - Analysis

    /// Works out locals, cells and free variables for this scope and its children.
    func analyze() throws {
        try analyze(enclosingFunctionNames: [])
    }

    private func analyze(enclosingFunctionNames: Set<String>) throws {
        if needsClassCell { used.insert("__class__") }
        var visibleToChildren = enclosingFunctionNames
        switch kind {
        case .function, .comprehension:
            for name in declaredNonlocal where !enclosingFunctionNames.contains(name) {
                throw ResolveError.message("no binding for nonlocal '\(name)' found")
            }
            let localNames = boundOrder.filter { !declaredGlobal.contains($0) && !declaredNonlocal.contains($0) }
            for p in parameters { addSlot(p) }
            for n in localNames where slots[n] == nil { addSlot(n) }
            visibleToChildren.formUnion(localNames)
            visibleToChildren.subtract(declaredGlobal)
        case .classBody:
            // Class bodies do not make their names visible to nested functions, except `__class__`.
            visibleToChildren.insert("__class__")
            addSlot("__class__")
            cellNames.insert("__class__")
        case .module:
            visibleToChildren = []
        }
        for child in children {
            try child.analyze(enclosingFunctionNames: visibleToChildren)
        }
        // Free variables this scope needs: used here (or passed through for children) but bound in an
        // enclosing function scope.
        var needed: [String] = []
        func want(_ name: String) {
            if !needed.contains(name) { needed.append(name) }
        }
        let localSet: Set<String>
        switch kind {
        case .function, .comprehension:
            localSet = Set(slotNames)
        case .classBody:
            localSet = ["__class__"]
        case .module:
            localSet = []
        }
        for name in used.sorted() where !localSet.contains(name) && !declaredGlobal.contains(name) {
            if kind == .classBody && bound.contains(name) && !declaredNonlocal.contains(name) { continue }
            if enclosingFunctionNames.contains(name) || declaredNonlocal.contains(name) { want(name) }
        }
        for child in children {
            for name in child.freeNames {
                if localSet.contains(name) {
                    cellNames.insert(name)
                } else if !declaredGlobal.contains(name) && enclosingFunctionNames.contains(name) {
                    want(name)
                }
            }
        }
        for name in declaredNonlocal { want(name) }
        for name in needed where slots[name] == nil {
            freeNames.append(name)
            addSlot(name)
        }
        if kind == .classBody {
            for name in children.flatMap(\.freeNames) where name == "__class__" { cellNames.insert(name) }
        }
    }

    private func addSlot(_ name: String) {
        if slots[name] == nil {
            slots[name] = slotNames.count
            slotNames.append(name)
        }
    }
}

/// A scoping error found before compilation (reported as `SyntaxError`).
enum ResolveError: Error {
    case message(String)
}
