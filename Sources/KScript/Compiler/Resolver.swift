/// Builds the scope tree of a module: which names each function binds, uses, declares
/// global or nonlocal; then `Scope.analyze` turns that into slots, cells and free variables.
struct Resolver {
    private var scope: Scope
    private let source: SourceText

    private init(root: Scope, source: SourceText) {
        self.scope = root
        self.source = source
    }

    /// Resolves a module body; returns its scope (the root of the tree).
    static func resolveModule(_ body: [Stmt], source: SourceText, kind: Scope.Kind = .module) throws -> Scope {
        let root = Scope(kind: kind, name: "<module>", parent: nil)
        var resolver = Resolver(root: root, source: source)
        try resolver.visit(body)
        do {
            try root.analyze()
        } catch ResolveError.message(let message) {
            throw source.error(message, at: resolver.nonlocalLocation(message) ?? SourceLocation(line: 1, column: 0))
        }
        return root
    }

    /// Best-effort position for a nonlocal error: the first `nonlocal` statement naming it.
    private func nonlocalLocation(_ message: String) -> SourceLocation? {
        for (index, line) in source.lines.enumerated() where line.contains("nonlocal") {
            if let quoteStart = message.firstIndex(of: "'") {
                let name = message[message.index(after: quoteStart)...].prefix { $0 != "'" }
                if line.contains(name) {
                    return SourceLocation(line: index + 1, column: line.prefix { $0 == " " }.count)
                }
            }
        }
        return nil
    }

    private func error(_ message: String, at location: SourceLocation) -> CompileError {
        source.error(message, at: location)
    }

    private mutating func visit(_ body: [Stmt]) throws {
        for statement in body { try visit(statement) }
    }

    private mutating func bindTarget(_ target: Expr) throws {
        switch target.kind {
        case .name(let n):
            try bindName(n, at: target.start)
        case .tuple(let items), .list(let items):
            for item in items { try bindTarget(item) }
        case .starred(let inner):
            try bindTarget(inner)
        case .attribute(let base, _):
            try visit(base)
        case .subscription(let base, let index):
            try visit(base)
            try visit(index)
        default:
            try visit(target)
        }
    }

    private mutating func bindName(_ name: String, at location: SourceLocation) throws {
        scope.bind(name)
    }

    private mutating func visit(_ s: Stmt) throws {
        switch s.kind {
        case .expression(let e):
            try visit(e)
        case .assign(let targets, let value):
            try visit(value)
            for t in targets { try bindTarget(t) }
        case .augmentedAssign(let target, _, let value):
            try visit(value)
            if case .name(let n) = target.kind { scope.used.insert(n) }
            try bindTarget(target)
        case .annotatedAssign(let target, _, let value):
            if let value {
                try visit(value)
                try bindTarget(target)
            } else if case .name = target.kind {
                // A bare annotation binds nothing at run time, but makes the name local.
                try bindTarget(target)
            }
        case .pass, .breakLoop, .continueLoop:
            break
        case .returnValue(let e):
            if let e { try visit(e) }
        case .delete(let targets):
            for t in targets { try bindTarget(t) }
        case .global(let names):
            for n in names {
                if scope.declaredNonlocal.contains(n) {
                    throw error("name '\(n)' is nonlocal and global", at: s.start)
                }
                if scope.kind != .module && (scope.used.contains(n) || scope.bound.contains(n)) {
                    if scope.parameters.contains(n) {
                        throw error("name '\(n)' is parameter and global", at: s.start)
                    }
                    throw error("name '\(n)' is \(scope.bound.contains(n) ? "assigned to" : "used") before global declaration", at: s.start)
                }
                scope.declaredGlobal.insert(n)
            }
        case .nonlocal(let names):
            if scope.kind == .module {
                throw error("nonlocal declaration not allowed at module level", at: s.start)
            }
            for n in names {
                if scope.declaredGlobal.contains(n) {
                    throw error("name '\(n)' is nonlocal and global", at: s.start)
                }
                if scope.parameters.contains(n) {
                    throw error("name '\(n)' is parameter and nonlocal", at: s.start)
                }
                if scope.used.contains(n) || scope.bound.contains(n) {
                    throw error("name '\(n)' is \(scope.bound.contains(n) ? "assigned to" : "used") before nonlocal declaration", at: s.start)
                }
                scope.declaredNonlocal.insert(n)
            }
        case .ifElse(let test, let body, let orElse), .whileLoop(let test, let body, let orElse):
            try visit(test)
            try visit(body)
            try visit(orElse)
        case .forLoop(let target, let iterable, let body, let orElse):
            try visit(iterable)
            try bindTarget(target)
            try visit(body)
            try visit(orElse)
        case .functionDef(let f):
            for d in f.decorators { try visit(d) }
            try visitFunction(f)
            try bindName(f.name, at: s.start)
        case .classDef(let c):
            for d in c.decorators { try visit(d) }
            for b in c.bases { try visit(b) }
            for k in c.keywords { try visit(k.value) }
            let classScope = Scope(kind: .classBody, name: c.name, parent: scope)
            c.scope = classScope
            let saved = scope
            scope = classScope
            try visit(c.body)
            scope = saved
            try bindName(c.name, at: s.start)
        case .tryExcept(let body, let handlers, let orElse, let finalBody):
            try visit(body)
            for h in handlers {
                if let t = h.type { try visit(t) }
                if let n = h.name { scope.bind(n) }
                try visit(h.body)
            }
            try visit(orElse)
            try visit(finalBody)
        case .raise(let e, let cause):
            if let e { try visit(e) }
            if let cause { try visit(cause) }
        case .assert(let test, let message):
            try visit(test)
            if let message { try visit(message) }
        case .with(let items, let body):
            for item in items {
                try visit(item.context)
                if let t = item.target { try bindTarget(t) }
            }
            try visit(body)
        case .importModules(let names):
            for alias in names {
                let bound = alias.alias ?? String(alias.name.split(separator: ".").first ?? "")
                scope.bind(bound)
            }
        case .importFrom(_, let names, _):
            for alias in names where alias.name != "*" {
                scope.bind(alias.alias ?? alias.name)
            }
            if names.first?.name == "*" && scope.kind != .module {
                throw error("import * only allowed at module level", at: s.start)
            }
        }
    }

    private mutating func visitFunction(_ f: FunctionNode) throws {
        for p in f.parameters.positional { if let d = p.defaultValue { try visit(d) } }
        for p in f.parameters.keywordOnly { if let d = p.defaultValue { try visit(d) } }
        let functionScope = Scope(kind: .function, name: f.name, parent: scope)
        f.scope = functionScope
        functionScope.parameters = f.parameters.allNames
        for p in functionScope.parameters { functionScope.bind(p) }
        let saved = scope
        scope = functionScope
        try visit(f.body)
        scope = saved
        if saved.kind == .classBody && (functionScope.used.contains("super") || functionScope.used.contains("__class__")) {
            functionScope.needsClassCell = true
        }
    }

    private mutating func visit(_ e: Expr) throws {
        switch e.kind {
        case .name(let n):
            scope.used.insert(n)
            if n == "super" || n == "__class__" {
                var s: Scope? = scope
                while let current = s, current.kind == .comprehension { s = current.parent }
                if let function = s, function.kind == .function, function.parent?.kind == .classBody {
                    function.needsClassCell = true
                } else if let function = s, function.kind == .function {
                    // A function nested in a method still reaches the method's __class__ cell.
                    var up = function.parent
                    while let u = up, u.kind != .classBody { u.used.insert("__class__"); up = u.parent }
                    if up != nil { function.used.insert("__class__") }
                }
            }
        case .constant:
            break
        case .formatted(let parts):
            try visitFormatted(parts)
        case .list(let items), .tuple(let items), .set(let items):
            for i in items { try visit(i) }
        case .dict(let entries):
            for entry in entries {
                if let k = entry.key { try visit(k) }
                try visit(entry.value)
            }
        case .starred(let inner):
            try visit(inner)
        case .attribute(let base, _):
            try visit(base)
        case .subscription(let base, let index):
            try visit(base)
            try visit(index)
        case .slice(let a, let b, let c):
            if let a { try visit(a) }
            if let b { try visit(b) }
            if let c { try visit(c) }
        case .call(let f, let args, let keywords):
            try visit(f)
            for a in args { try visit(a) }
            for k in keywords { try visit(k.value) }
        case .unary(_, let operand):
            try visit(operand)
        case .binary(_, let l, let r):
            try visit(l)
            try visit(r)
        case .boolean(_, let items):
            for i in items { try visit(i) }
        case .compare(let first, let rest):
            try visit(first)
            for (_, r) in rest { try visit(r) }
        case .conditional(let test, let body, let orElse):
            try visit(test)
            try visit(body)
            try visit(orElse)
        case .lambda(let f):
            try visitFunction(f)
        case .comprehension(let c):
            try visit(c.clauses[0].iterable)
            let compScope = Scope(kind: .comprehension, name: comprehensionName(c.kind), parent: scope)
            c.scope = compScope
            compScope.parameters = [".0"]
            compScope.bind(".0")
            compScope.isGenerator = c.kind == .generator
            let saved = scope
            scope = compScope
            for (index, clause) in c.clauses.enumerated() {
                if index > 0 { try visit(clause.iterable) }
                try bindTarget(clause.target)
                for cond in clause.conditions { try visit(cond) }
            }
            try visit(c.element)
            if let v = c.value { try visit(v) }
            scope = saved
        case .yield(let value):
            try markGenerator(at: e.start)
            if let value { try visit(value) }
        case .yieldFrom(let value):
            try markGenerator(at: e.start)
            try visit(value)
        case .namedExpr(let name, let value):
            try visit(value)
            var target: Scope = scope
            while target.kind == .comprehension, let p = target.parent { target = p }
            if target !== scope {
                target.bind(name)
                var s: Scope? = scope
                while let current = s, current !== target { current.used.insert(name); s = current.parent }
                if target.kind == .function {
                    // Seen from the comprehension, the walrus target is a free variable of it.
                } else {
                    for current in sequence(first: scope, next: { $0.parent }) where current !== target {
                        current.declaredGlobal.insert(name)
                    }
                }
            } else {
                scope.bind(name)
            }
        }
    }

    private mutating func markGenerator(at location: SourceLocation) throws {
        switch scope.kind {
        case .function:
            scope.isGenerator = true
        case .comprehension:
            throw error("'yield' inside \(scope.name == "<genexpr>" ? "generator expression" : scope.name == "<listcomp>" ? "list comprehension" : scope.name == "<setcomp>" ? "set comprehension" : "dict comprehension")", at: location)
        default:
            throw error("'yield' outside function", at: location)
        }
    }

    private func comprehensionName(_ kind: ComprehensionNode.Kind) -> String {
        switch kind {
        case .list: return "<listcomp>"
        case .set: return "<setcomp>"
        case .dict: return "<dictcomp>"
        case .generator: return "<genexpr>"
        }
    }

    private mutating func visitFormatted(_ parts: [FormattedPart]) throws {
        for part in parts {
            if case .field(let f) = part {
                try visit(f.expression)
                if let spec = f.spec { try visitFormatted(spec) }
            }
        }
    }
}
