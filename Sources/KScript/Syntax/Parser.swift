import Foundation

/// Recursive-descent parser for the Python 3.11 subset kscript accepts. Produces the AST and
/// CPython-like `SyntaxError`/`IndentationError` messages with positions.
struct Parser {
    let source: SourceText
    private var tokens: [Token]
    private var position = 0
    private var depth = 0
    /// Deepest expression nesting accepted before reporting "too complex" instead of
    /// exhausting the native stack.
    static let maxDepth = 400

    init(_ source: SourceText, tokens: [Token]) {
        self.source = source
        self.tokens = tokens
    }

    /// Parses a whole module.
    static func parseModule(_ source: SourceText) throws -> [Stmt] {
        let tokens: [Token]
        do {
            tokens = try Lexer.tokenize(source)
        } catch let unclosed as CompileError where unclosed.message.hasSuffix("was never closed") {
            // CPython reports a syntax error inside the open bracket before the unclosed bracket.
            if let partial = try? Lexer.tokenize(source, tolerateUnclosed: true) {
                var parser = Parser(source, tokens: partial)
                do {
                    _ = try parser.parseFile()
                } catch let e as CompileError {
                    // The unclosed bracket wins when the parser stopped on a later line or at the
                    // end of the source (the synthetic newline of a last line without one).
                    let atEnd = parser.current.kind == .end || (parser.current.kind == .newline && parser.current.text.isEmpty)
                    if !atEnd && parser.current.start.line <= unclosed.line { throw e }
                }
            }
            throw unclosed
        }
        var parser = Parser(source, tokens: tokens)
        return try parser.parseFile()
    }

    /// Parses a single expression (used for f-string fields and signature defaults).
    static func parseExpression(_ source: SourceText) throws -> Expr {
        let tokens = try Lexer.tokenize(source)
        var parser = Parser(source, tokens: tokens)
        let expr = try parser.parseStarExpressions()
        while parser.current.kind == .newline { parser.position += 1 }
        guard parser.current.kind == .end else { throw parser.invalidSyntax() }
        return expr
    }

    // MARK: - Token helpers

    var current: Token { tokens[position] }
    private var previous: Token { tokens[max(0, position - 1)] }

    private func peekToken(_ offset: Int) -> Token {
        let i = position + offset
        return i < tokens.count ? tokens[i] : tokens[tokens.count - 1]
    }

    @discardableResult
    private mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private func check(_ op: String) -> Bool { current.isOp(op) }
    private func checkKeyword(_ word: String) -> Bool { current.isKeyword(word) }

    private mutating func accept(_ op: String) -> Bool {
        if check(op) {
            advance()
            return true
        }
        return false
    }

    private mutating func acceptKeyword(_ word: String) -> Bool {
        if checkKeyword(word) {
            advance()
            return true
        }
        return false
    }

    private func error(_ message: String, at location: SourceLocation, kind: CompileError.Kind = .syntax) -> CompileError {
        source.error(kind, message, at: location)
    }

    private func invalidSyntax() -> CompileError {
        let token = current
        if token.kind == .indent {
            return error("unexpected indent", at: token.start, kind: .indentation)
        }
        if token.kind == .end || (token.kind == .newline && token.text.isEmpty) {
            return error("invalid syntax", at: token.start)
        }
        return error("invalid syntax", at: token.start)
    }

    private mutating func expect(_ op: String) throws {
        guard accept(op) else {
            if op == ":" {
                throw error("expected ':'", at: current.kind == .newline ? previous.end : current.start)
            }
            throw invalidSyntax()
        }
    }

    private mutating func expectName() throws -> String {
        guard current.kind == .name, !pythonKeywords.contains(current.text) else { throw invalidSyntax() }
        return advance().text
    }

    private mutating func enter() throws {
        depth += 1
        if depth > Parser.maxDepth {
            throw error("too many nested parentheses", at: current.start)
        }
    }

    private mutating func leave() { depth -= 1 }

    // MARK: - Statements

    private mutating func parseFile() throws -> [Stmt] {
        var body: [Stmt] = []
        while current.kind == .newline { advance() }
        while current.kind != .end {
            if current.kind == .indent {
                throw error("unexpected indent", at: current.start, kind: .indentation)
            }
            body.append(contentsOf: try parseStatement())
            while current.kind == .newline { advance() }
        }
        return body
    }

    private mutating func parseStatement() throws -> [Stmt] {
        let token = current
        if token.kind == .name {
            switch token.text {
            case "def": return [try parseFunctionDef(decorators: [], start: token.start)]
            case "class": return [try parseClassDef(decorators: [], start: token.start)]
            case "if": return [try parseIf()]
            case "while": return [try parseWhile()]
            case "for": return [try parseFor()]
            case "try": return [try parseTry()]
            case "with": return [try parseWith()]
            case "async": throw error("'async' is not supported in kscript", at: token.start)
            default: break
            }
        }
        if token.isOp("@") { return [try parseDecorated()] }
        return try parseSimpleStatements()
    }

    /// A block after `:` — an indented suite or simple statements on the same line.
    private mutating func parseBlock(after what: String, line: Int) throws -> [Stmt] {
        if current.kind == .newline {
            advance()
            guard current.kind == .indent else {
                throw error("expected an indented block after \(what) on line \(line)", at: current.start, kind: .indentation)
            }
            advance()
            var body: [Stmt] = []
            while current.kind != .dedent && current.kind != .end {
                if current.kind == .indent {
                    throw error("unexpected indent", at: current.start, kind: .indentation)
                }
                body.append(contentsOf: try parseStatement())
                while current.kind == .newline { advance() }
            }
            if current.kind == .dedent { advance() }
            return body
        }
        return try parseSimpleStatements()
    }

    private mutating func parseSimpleStatements() throws -> [Stmt] {
        var statements: [Stmt] = [try parseSimpleStatement()]
        while accept(";") {
            if current.kind == .newline || current.kind == .end { break }
            statements.append(try parseSimpleStatement())
        }
        guard current.kind == .newline || current.kind == .end else {
            throw unexpectedAfterStatement(statements.last!)
        }
        if current.kind == .newline { advance() }
        return statements
    }

    /// The error for a token that cannot continue a simple statement.
    private func unexpectedAfterStatement(_ statement: Stmt) -> CompileError {
        if case .expression(let e) = statement.kind, case .name(let n) = e.kind,
           n == "print" || n == "exec", current.kind != .op || current.isOp("(") == false {
            if current.kind == .string || current.kind == .name || current.kind == .number {
                return error("Missing parentheses in call to '\(n)'. Did you mean \(n)(...)?", at: e.start)
            }
        }
        if current.isOp("=") {
            return error("invalid syntax", at: current.start)
        }
        return invalidSyntax()
    }

    private mutating func parseSimpleStatement() throws -> Stmt {
        let token = current
        let start = token.start
        if token.kind == .name {
            switch token.text {
            case "pass":
                advance()
                return Stmt(.pass, start: start)
            case "break":
                advance()
                return Stmt(.breakLoop, start: start)
            case "continue":
                advance()
                return Stmt(.continueLoop, start: start)
            case "return":
                advance()
                if atStatementEnd { return Stmt(.returnValue(nil), start: start) }
                return Stmt(.returnValue(try parseStarExpressions()), start: start)
            case "global", "nonlocal":
                advance()
                var names = [try expectName()]
                while accept(",") { names.append(try expectName()) }
                return Stmt(token.text == "global" ? .global(names) : .nonlocal(names), start: start)
            case "del":
                advance()
                var targets: [Expr] = []
                repeat {
                    if atStatementEnd { break }
                    let target = try parseBitwiseOr()
                    try validateTarget(target, context: .delete)
                    targets.append(target)
                } while accept(",")
                if targets.isEmpty { throw invalidSyntax() }
                return Stmt(.delete(targets), start: start)
            case "assert":
                advance()
                let test = try parseExpression()
                let message = accept(",") ? try parseExpression() : nil
                return Stmt(.assert(test, message), start: start)
            case "raise":
                advance()
                if atStatementEnd { return Stmt(.raise(nil, cause: nil), start: start) }
                let exc = try parseExpression()
                let cause = acceptKeyword("from") ? try parseExpression() : nil
                return Stmt(.raise(exc, cause: cause), start: start)
            case "import":
                return try parseImport()
            case "from":
                return try parseFromImport()
            default:
                break
            }
        }
        return try parseExpressionStatement()
    }

    private var atStatementEnd: Bool {
        current.kind == .newline || current.kind == .end || check(";")
    }

    private mutating func parseExpressionStatement() throws -> Stmt {
        let start = current.start
        let first = try parseStarExpressions(allowYield: true)
        if check("=") {
            var targets = [first]
            var value = first
            while accept("=") {
                value = try parseStarExpressions(allowYield: true)
                targets.append(value)
            }
            targets.removeLast()
            for target in targets { try validateTarget(target, context: .assign) }
            return Stmt(.assign(targets: targets, value: value), start: start)
        }
        if current.kind == .op, let op = augmentedOperator(current.text) {
            let opToken = advance()
            try validateAugmentedTarget(first, opToken: opToken)
            let value = try parseStarExpressions(allowYield: true)
            return Stmt(.augmentedAssign(first, op, value), start: start)
        }
        if check(":") {
            advance()
            try validateTarget(first, context: .annotated)
            let annotation = try parseExpression()
            let value = accept("=") ? try parseStarExpressions(allowYield: true) : nil
            return Stmt(.annotatedAssign(target: first, annotation: annotation, value: value), start: start)
        }
        return Stmt(.expression(first), start: start)
    }

    private func augmentedOperator(_ text: String) -> BinaryOperator? {
        switch text {
        case "+=": return .add
        case "-=": return .subtract
        case "*=": return .multiply
        case "/=": return .trueDivide
        case "//=": return .floorDivide
        case "%=": return .modulo
        case "**=": return .power
        case "@=": return .matrixMultiply
        case "<<=": return .leftShift
        case ">>=": return .rightShift
        case "&=": return .and
        case "|=": return .or
        case "^=": return .xor
        default: return nil
        }
    }

    enum TargetContext { case assign, delete, annotated, forLoop, with, comprehension }

    /// What CPython calls an expression in "cannot assign to ..." messages.
    private func describe(_ e: Expr) -> String {
        switch e.kind {
        case .call: return "function call"
        case .constant(let c):
            switch c {
            case .none: return "None"
            case .bool(let b): return b ? "True" : "False"
            case .ellipsis: return "ellipsis"
            default: return "literal"
            }
        case .formatted: return "f-string expression"
        case .binary, .unary: return "expression"
        case .boolean: return "expression"
        case .compare: return "comparison"
        case .conditional: return "conditional expression"
        case .lambda: return "lambda"
        case .comprehension(let c):
            switch c.kind {
            case .list: return "list comprehension"
            case .set: return "set comprehension"
            case .dict: return "dict comprehension"
            case .generator: return "generator expression"
            }
        case .dict: return "dict literal"
        case .set: return "set display"
        case .yield, .yieldFrom: return "yield expression"
        case .namedExpr: return "named expression"
        default: return "expression"
        }
    }

    private func validateTarget(_ e: Expr, context: TargetContext) throws {
        switch e.kind {
        case .name, .attribute, .subscription:
            return
        case .tuple(let items), .list(let items):
            if context == .annotated {
                throw error("only single target (not \(isTuple(e) ? "tuple" : "list")) can be annotated", at: e.start)
            }
            for item in items { try validateTarget(item, context: context) }
            if context != .delete {
                let stars = items.filter { if case .starred = $0.kind { return true } else { return false } }
                if stars.count > 1 { throw error("multiple starred expressions in assignment", at: stars[1].start) }
            }
        case .starred(let inner):
            if context == .delete { throw error("cannot delete starred", at: e.start) }
            try validateTarget(inner, context: context)
        default:
            let what = describe(e)
            switch context {
            case .delete:
                throw error("cannot delete \(what)", at: e.start)
            case .assign:
                if case .compare = e.kind {
                    throw error("cannot assign to \(what)", at: e.start)
                }
                throw error("cannot assign to \(what) here. Maybe you meant '==' instead of '='?", at: e.start)
            default:
                throw error("cannot assign to \(what)", at: e.start)
            }
        }
    }

    private func isTuple(_ e: Expr) -> Bool {
        if case .tuple = e.kind { return true }
        return false
    }

    private func validateAugmentedTarget(_ e: Expr, opToken: Token) throws {
        switch e.kind {
        case .name, .attribute, .subscription: return
        case .tuple: throw error("'tuple' is an illegal expression for augmented assignment", at: e.start)
        case .list: throw error("'list' is an illegal expression for augmented assignment", at: e.start)
        default: throw error("'\(describe(e))' is an illegal expression for augmented assignment", at: e.start)
        }
    }

    private mutating func parseDottedName() throws -> String {
        var name = try expectName()
        while accept(".") { name += "." + (try expectName()) }
        return name
    }

    private mutating func parseImport() throws -> Stmt {
        let start = advance().start
        var names: [ImportAlias] = []
        repeat {
            let name = try parseDottedName()
            let alias = acceptKeyword("as") ? try expectName() : nil
            names.append(ImportAlias(name: name, alias: alias))
        } while accept(",")
        return Stmt(.importModules(names), start: start)
    }

    private mutating func parseFromImport() throws -> Stmt {
        let start = advance().start
        var level = 0
        while check(".") || check("...") {
            level += check("...") ? 3 : 1
            advance()
        }
        var module = ""
        if !checkKeyword("import") { module = try parseDottedName() }
        guard acceptKeyword("import") else { throw invalidSyntax() }
        if accept("*") {
            return Stmt(.importFrom(module: module, names: [ImportAlias(name: "*", alias: nil)], level: level), start: start)
        }
        let parenthesized = accept("(")
        var names: [ImportAlias] = []
        repeat {
            if parenthesized && check(")") { break }
            let name = try expectName()
            let alias = acceptKeyword("as") ? try expectName() : nil
            names.append(ImportAlias(name: name, alias: alias))
        } while accept(",")
        if parenthesized { try expect(")") }
        if names.isEmpty { throw invalidSyntax() }
        if !parenthesized && check(",") { throw error("trailing comma not allowed without surrounding parentheses", at: current.start) }
        return Stmt(.importFrom(module: module, names: names, level: level), start: start)
    }

    private mutating func parseIf() throws -> Stmt {
        let start = advance().start
        let test = try parseNamedExpression()
        try expect(":")
        let body = try parseBlock(after: "'if' statement", line: start.line)
        return Stmt(.ifElse(test: test, body: body, orElse: try parseElifElse()), start: start)
    }

    private mutating func parseElifElse() throws -> [Stmt] {
        if checkKeyword("elif") {
            let start = advance().start
            let test = try parseNamedExpression()
            try expect(":")
            let body = try parseBlock(after: "'elif' statement", line: start.line)
            return [Stmt(.ifElse(test: test, body: body, orElse: try parseElifElse()), start: start)]
        }
        if checkKeyword("else") {
            let start = advance().start
            try expect(":")
            return try parseBlock(after: "'else' statement", line: start.line)
        }
        return []
    }

    private mutating func parseWhile() throws -> Stmt {
        let start = advance().start
        let test = try parseNamedExpression()
        try expect(":")
        let body = try parseBlock(after: "'while' statement", line: start.line)
        var orElse: [Stmt] = []
        if checkKeyword("else") {
            let elseStart = advance().start
            try expect(":")
            orElse = try parseBlock(after: "'else' statement", line: elseStart.line)
        }
        return Stmt(.whileLoop(test: test, body: body, orElse: orElse), start: start)
    }

    private mutating func parseFor() throws -> Stmt {
        let start = advance().start
        let target = try parseTargetList()
        guard acceptKeyword("in") else { throw invalidSyntax() }
        let iterable = try parseStarExpressions()
        try expect(":")
        let body = try parseBlock(after: "'for' statement", line: start.line)
        var orElse: [Stmt] = []
        if checkKeyword("else") {
            let elseStart = advance().start
            try expect(":")
            orElse = try parseBlock(after: "'else' statement", line: elseStart.line)
        }
        return Stmt(.forLoop(target: target, iterable: iterable, body: body, orElse: orElse), start: start)
    }

    /// Targets of `for` and comprehensions: `a`, `a, b`, `(a, b), c`, `*rest`.
    private mutating func parseTargetList() throws -> Expr {
        let start = current.start
        var items: [Expr] = []
        var trailingComma = false
        repeat {
            if checkKeyword("in") { break }
            if check("*") {
                let s = advance().start
                let inner = try parseBitwiseOr()
                items.append(Expr(.starred(inner), start: s, end: previous.end))
            } else {
                items.append(try parseBitwiseOr())
            }
            trailingComma = check(",")
        } while accept(",")
        if items.isEmpty { throw invalidSyntax() }
        let target = items.count == 1 && !trailingComma ? items[0] : Expr(.tuple(items), start: start, end: previous.end)
        try validateTarget(target, context: .forLoop)
        return target
    }

    private mutating func parseTry() throws -> Stmt {
        let start = advance().start
        try expect(":")
        let body = try parseBlock(after: "'try' statement", line: start.line)
        var handlers: [ExceptHandler] = []
        while checkKeyword("except") {
            let handlerStart = advance().start
            if check("*") { throw error("'except*' is not supported in kscript", at: current.start) }
            var type: Expr?
            var name: String?
            if !check(":") {
                type = try parseExpression()
                if check(",") {
                    throw error("multiple exception types must be parenthesized", at: type!.start)
                }
                if acceptKeyword("as") { name = try expectName() }
            }
            try expect(":")
            let handlerBody = try parseBlock(after: "'except' statement", line: handlerStart.line)
            if type == nil, checkKeyword("except") {
                throw error("default 'except:' must be last", at: handlerStart)
            }
            handlers.append(ExceptHandler(type: type, name: name, body: handlerBody, line: handlerStart.line))
        }
        var orElse: [Stmt] = []
        if checkKeyword("else") {
            let elseStart = advance().start
            if handlers.isEmpty { throw error("invalid syntax", at: elseStart) }
            try expect(":")
            orElse = try parseBlock(after: "'else' statement", line: elseStart.line)
        }
        var finalBody: [Stmt] = []
        if checkKeyword("finally") {
            let finallyStart = advance().start
            try expect(":")
            finalBody = try parseBlock(after: "'finally' statement", line: finallyStart.line)
        }
        if handlers.isEmpty && finalBody.isEmpty {
            throw error("expected 'except' or 'finally' block", at: current.start)
        }
        return Stmt(.tryExcept(body: body, handlers: handlers, orElse: orElse, finally: finalBody), start: start)
    }

    private mutating func parseWith() throws -> Stmt {
        let start = advance().start
        var items: [(context: Expr, target: Expr?)] = []
        let parenthesized = check("(") && withItemsAreParenthesized()
        if parenthesized { advance() }
        repeat {
            if parenthesized && check(")") { break }
            let context = try parseExpression()
            var target: Expr?
            if acceptKeyword("as") {
                let t = try parseTargetForWith()
                try validateTarget(t, context: .with)
                target = t
            }
            items.append((context, target))
        } while accept(",")
        if parenthesized { try expect(")") }
        try expect(":")
        let body = try parseBlock(after: "'with' statement", line: start.line)
        return Stmt(.with(items: items, body: body), start: start)
    }

    /// `with (a as b, c as d):` — distinguishes the parenthesized item list from a
    /// parenthesized expression by looking for `as` or a trailing `:` after the `)`.
    private func withItemsAreParenthesized() -> Bool {
        var depthHere = 0
        var i = position
        var sawAs = false
        while i < tokens.count {
            let t = tokens[i]
            if t.kind == .op && (t.text == "(" || t.text == "[" || t.text == "{") { depthHere += 1 }
            if t.kind == .op && (t.text == ")" || t.text == "]" || t.text == "}") {
                depthHere -= 1
                if depthHere == 0 {
                    return sawAs && i + 1 < tokens.count && tokens[i + 1].isOp(":")
                }
            }
            if depthHere == 1 && t.isKeyword("as") { sawAs = true }
            if t.kind == .newline || t.kind == .end { return false }
            i += 1
        }
        return false
    }

    private mutating func parseTargetForWith() throws -> Expr {
        if check("(") || check("[") {
            return try parsePrimary()
        }
        return try parsePrimary()
    }

    private mutating func parseDecorated() throws -> Stmt {
        let start = current.start
        var decorators: [Expr] = []
        while accept("@") {
            decorators.append(try parseNamedExpression())
            guard current.kind == .newline else { throw invalidSyntax() }
            advance()
        }
        if checkKeyword("def") { return try parseFunctionDef(decorators: decorators, start: start) }
        if checkKeyword("class") { return try parseClassDef(decorators: decorators, start: start) }
        throw invalidSyntax()
    }

    /// The full source lines from `start` to the last token consumed.
    private func sourceLines(from start: SourceLocation) -> String {
        var endLine = previous.end.line
        if previous.kind == .dedent || previous.kind == .newline {
            var i = position - 1
            while i > 0, tokens[i].kind == .dedent || tokens[i].kind == .newline || tokens[i].kind == .indent { i -= 1 }
            endLine = tokens[i].end.line
        }
        var lines: [String] = []
        if start.line <= endLine {
            for n in start.line...endLine { lines.append(source.line(n) ?? "") }
        }
        if var first = lines.first {
            first = String(first.dropFirst(min(start.column, first.count)))
            lines[0] = first
        }
        return lines.joined(separator: "\n")
    }

    /// The source text between two locations (for lambdas and comprehensions).
    private func sourceSpan(from start: SourceLocation, to end: SourceLocation) -> String {
        if start.line == end.line {
            guard let line = source.line(start.line) else { return "" }
            let scalars = Array(line.unicodeScalars)
            let a = min(start.column, scalars.count), b = min(max(end.column, a), scalars.count)
            var s = ""
            s.unicodeScalars.append(contentsOf: scalars[a..<b])
            return s
        }
        var parts: [String] = []
        for n in start.line...end.line {
            let line = source.line(n) ?? ""
            let scalars = Array(line.unicodeScalars)
            var s = ""
            if n == start.line {
                s.unicodeScalars.append(contentsOf: scalars[min(start.column, scalars.count)...])
            } else if n == end.line {
                s.unicodeScalars.append(contentsOf: scalars[..<min(end.column, scalars.count)])
            } else {
                s = line
            }
            parts.append(s)
        }
        return parts.joined(separator: "\n")
    }

    private func docstring(of body: [Stmt]) -> String? {
        if let first = body.first, case .expression(let e) = first.kind, case .constant(.string(let s)) = e.kind {
            return s
        }
        return nil
    }

    private mutating func parseFunctionDef(decorators: [Expr], start: SourceLocation) throws -> Stmt {
        let defToken = advance()
        let name = try expectName()
        guard accept("(") else { throw error("expected '('", at: current.start) }
        let parameters = try parseParameters(closing: ")")
        try expect(")")
        if accept("->") { _ = try parseExpression() }
        try expect(":")
        let body = try parseBlock(after: "function definition", line: defToken.start.line)
        let node = FunctionNode(name: name, parameters: parameters, body: body, decorators: decorators, isLambda: false,
                                sourceText: sourceLines(from: start), docstring: docstring(of: body), start: defToken.start)
        return Stmt(.functionDef(node), start: defToken.start)
    }

    /// Parameters of a def (closing ")") or lambda (closing ":").
    private mutating func parseParameters(closing: String) throws -> ParameterList {
        var list = ParameterList()
        var seenDefault = false
        var seenStar = false
        var names = Set<String>()
        func addName(_ name: String, at location: SourceLocation) throws {
            if names.contains(name) {
                throw error("duplicate argument '\(name)' in function definition", at: location)
            }
            names.insert(name)
        }
        while !check(closing) {
            let location = current.start
            if accept("**") {
                let name = try expectName()
                try addName(name, at: location)
                if closing == ")" && accept(":") { _ = try parseExpression() }
                list.varKeywords = name
                _ = accept(",")
                if !check(closing) { throw error("arguments cannot follow var-keyword argument", at: current.start) }
                break
            } else if accept("*") {
                if seenStar { throw error("* argument may appear only once", at: location) }
                seenStar = true
                if check(",") {
                    if peekToken(1).isOp(closing) || peekToken(1).isOp("**") {
                        throw error("named arguments must follow bare *", at: location)
                    }
                } else if check(closing) {
                    throw error("named arguments must follow bare *", at: location)
                } else {
                    let name = try expectName()
                    try addName(name, at: location)
                    if closing == ")" && accept(":") { _ = try parseExpression() }
                    list.varArgs = name
                }
            } else if accept("/") {
                if seenStar || list.positionalOnlyCount > 0 || list.positional.isEmpty {
                    throw error("invalid syntax", at: location)
                }
                list.positionalOnlyCount = list.positional.count
            } else {
                let name = try expectName()
                try addName(name, at: location)
                if closing == ")" && accept(":") { _ = try parseExpression() }
                var defaultValue: Expr?
                if accept("=") {
                    defaultValue = try parseExpression()
                } else if !seenStar && seenDefault {
                    throw error("non-default argument follows default argument", at: location)
                }
                let parameter = Parameter(name: name, defaultValue: defaultValue, location: location)
                if seenStar {
                    list.keywordOnly.append(parameter)
                } else {
                    if defaultValue != nil { seenDefault = true }
                    list.positional.append(parameter)
                }
            }
            if !accept(",") { break }
        }
        return list
    }

    private mutating func parseClassDef(decorators: [Expr], start: SourceLocation) throws -> Stmt {
        let classToken = advance()
        let name = try expectName()
        var bases: [Expr] = []
        var keywords: [KeywordArgument] = []
        if accept("(") {
            (bases, keywords) = try parseCallArguments()
            try expect(")")
        }
        try expect(":")
        let body = try parseBlock(after: "class definition", line: classToken.start.line)
        let node = ClassNode(name: name, bases: bases, keywords: keywords, body: body, decorators: decorators,
                             sourceText: sourceLines(from: start), docstring: docstring(of: body), start: classToken.start)
        return Stmt(.classDef(node), start: classToken.start)
    }

    // MARK: - Expressions

    /// `a, b, *c` as an expression: a tuple when there is a comma.
    mutating func parseStarExpressions(allowYield: Bool = false) throws -> Expr {
        if allowYield && checkKeyword("yield") { return try parseYield() }
        let start = current.start
        let first = try parseStarExpression()
        guard check(",") else {
            if case .starred = first.kind {
                throw error("can't use starred expression here", at: first.start)
            }
            return first
        }
        var items = [first]
        while accept(",") {
            if atExpressionEnd { break }
            items.append(try parseStarExpression())
        }
        return Expr(.tuple(items), start: start, end: previous.end)
    }

    private var atExpressionEnd: Bool {
        if current.kind == .newline || current.kind == .end { return true }
        if current.kind == .op {
            switch current.text {
            case "=", ")", "]", "}", ";", ":": return true
            default: return current.text.hasSuffix("=") && current.text != "==" && augmentedOperator(current.text) != nil
            }
        }
        return current.isKeyword("in")
    }

    private mutating func parseStarExpression() throws -> Expr {
        if check("*") {
            let start = advance().start
            let inner = try parseBitwiseOr()
            return Expr(.starred(inner), start: start, end: previous.end)
        }
        return try parseNamedExpression()
    }

    private mutating func parseYield() throws -> Expr {
        let start = advance().start
        if acceptKeyword("from") {
            let value = try parseExpression()
            return Expr(.yieldFrom(value), start: start, end: previous.end)
        }
        if atExpressionEnd || check(")") { return Expr(.yield(nil), start: start, end: previous.end) }
        let value = try parseStarExpressions()
        return Expr(.yield(value), start: start, end: previous.end)
    }

    mutating func parseNamedExpression() throws -> Expr {
        if current.kind == .name && peekToken(1).isOp(":=") {
            let start = current.start
            let name = try expectName()
            advance()
            let value = try parseExpression()
            return Expr(.namedExpr(name, value), start: start, end: previous.end)
        }
        let e = try parseExpression()
        if check(":=") {
            throw error("cannot use assignment expressions with \(describe(e))", at: e.start)
        }
        return e
    }

    mutating func parseExpression() throws -> Expr {
        try enter()
        defer { leave() }
        if checkKeyword("lambda") { return try parseLambda() }
        let start = current.start
        let body = try parseDisjunction()
        if checkKeyword("if") {
            advance()
            let test = try parseDisjunction()
            guard acceptKeyword("else") else {
                throw error("expected 'else' after 'if' expression", at: current.start)
            }
            let orElse = try parseExpression()
            return Expr(.conditional(test: test, body: body, orElse: orElse), start: start, end: previous.end)
        }
        return body
    }

    private mutating func parseLambda() throws -> Expr {
        let start = advance().start
        let parameters = try parseParameters(closing: ":")
        try expect(":")
        let bodyExpr = try parseExpression()
        let text = sourceSpan(from: start, to: previous.end)
        let body = [Stmt(.returnValue(bodyExpr), start: bodyExpr.start)]
        let node = FunctionNode(name: "<lambda>", parameters: parameters, body: body, decorators: [], isLambda: true,
                                sourceText: text, docstring: nil, start: start)
        return Expr(.lambda(node), start: start, end: previous.end)
    }

    private mutating func parseDisjunction() throws -> Expr {
        let start = current.start
        let first = try parseConjunction()
        guard checkKeyword("or") else { return first }
        var items = [first]
        while acceptKeyword("or") { items.append(try parseConjunction()) }
        return Expr(.boolean(isAnd: false, items), start: start, end: previous.end)
    }

    private mutating func parseConjunction() throws -> Expr {
        let start = current.start
        let first = try parseInversion()
        guard checkKeyword("and") else { return first }
        var items = [first]
        while acceptKeyword("and") { items.append(try parseInversion()) }
        return Expr(.boolean(isAnd: true, items), start: start, end: previous.end)
    }

    private mutating func parseInversion() throws -> Expr {
        if checkKeyword("not") {
            try enter()
            defer { leave() }
            let start = advance().start
            let operand = try parseInversion()
            return Expr(.unary(.not, operand), start: start, end: previous.end)
        }
        return try parseComparison()
    }

    private mutating func comparisonOperator() -> CompareOperator? {
        let t = current
        if t.kind == .op {
            switch t.text {
            case "<": return .less
            case "<=": return .lessEqual
            case ">": return .greater
            case ">=": return .greaterEqual
            case "==": return .equal
            case "!=": return .notEqual
            default: return nil
            }
        }
        if t.isKeyword("in") { return .in }
        if t.isKeyword("not") && peekToken(1).isKeyword("in") { return .notIn }
        if t.isKeyword("is") { return peekToken(1).isKeyword("not") ? .isNot : .is }
        return nil
    }

    private mutating func parseComparison() throws -> Expr {
        let start = current.start
        let first = try parseBitwiseOr()
        var rest: [(CompareOperator, Expr)] = []
        while let op = comparisonOperator() {
            advance()
            if op == .notIn || op == .isNot { advance() }
            rest.append((op, try parseBitwiseOr()))
        }
        if rest.isEmpty { return first }
        return Expr(.compare(first, rest), start: start, end: previous.end)
    }

    private mutating func parseBinaryLevel(_ operators: [String: BinaryOperator], next: (inout Parser) throws -> Expr) throws -> Expr {
        let start = current.start
        var left = try next(&self)
        while current.kind == .op, let op = operators[current.text] {
            advance()
            let right = try next(&self)
            left = Expr(.binary(op, left, right), start: start, end: previous.end)
        }
        return left
    }

    private mutating func parseBitwiseOr() throws -> Expr {
        try enter()
        defer { leave() }
        return try parseBinaryLevel(["|": .or]) { try $0.parseBitwiseXor() }
    }

    private mutating func parseBitwiseXor() throws -> Expr {
        try parseBinaryLevel(["^": .xor]) { try $0.parseBitwiseAnd() }
    }

    private mutating func parseBitwiseAnd() throws -> Expr {
        try parseBinaryLevel(["&": .and]) { try $0.parseShift() }
    }

    private mutating func parseShift() throws -> Expr {
        try parseBinaryLevel(["<<": .leftShift, ">>": .rightShift]) { try $0.parseSum() }
    }

    private mutating func parseSum() throws -> Expr {
        try parseBinaryLevel(["+": .add, "-": .subtract]) { try $0.parseTerm() }
    }

    private mutating func parseTerm() throws -> Expr {
        try parseBinaryLevel(["*": .multiply, "/": .trueDivide, "//": .floorDivide, "%": .modulo, "@": .matrixMultiply]) {
            try $0.parseFactor()
        }
    }

    private mutating func parseFactor() throws -> Expr {
        let t = current
        if t.kind == .op, t.text == "-" || t.text == "+" || t.text == "~" {
            try enter()
            defer { leave() }
            let start = advance().start
            let operand = try parseFactor()
            let op: UnaryOperator = t.text == "-" ? .negate : t.text == "+" ? .plus : .invert
            return Expr(.unary(op, operand), start: start, end: previous.end)
        }
        return try parsePower()
    }

    private mutating func parsePower() throws -> Expr {
        let start = current.start
        let base = try parsePrimary()
        if accept("**") {
            let exponent = try parseFactor()
            return Expr(.binary(.power, base, exponent), start: start, end: previous.end)
        }
        return base
    }

    mutating func parsePrimary() throws -> Expr {
        let start = current.start
        var e = try parseAtom()
        while true {
            if accept(".") {
                let name = try expectName()
                e = Expr(.attribute(e, name), start: start, end: previous.end)
            } else if check("(") {
                advance()
                try enter()
                let (args, keywords) = try parseCallArguments()
                leave()
                guard accept(")") else { throw callArgumentError() }
                e = Expr(.call(e, args, keywords), start: start, end: previous.end)
            } else if check("[") {
                advance()
                try enter()
                let index = try parseSlices()
                leave()
                guard accept("]") else { throw missingCommaOrInvalid() }
                e = Expr(.subscription(e, index), start: start, end: previous.end)
            } else {
                return e
            }
        }
    }

    private func startsExpression(_ t: Token) -> Bool {
        switch t.kind {
        case .name: return !pythonKeywords.contains(t.text) || ["None", "True", "False", "not", "lambda"].contains(t.text)
        case .number, .string: return true
        case .op: return ["(", "[", "{", "-", "+", "~"].contains(t.text)
        default: return false
        }
    }

    /// "Perhaps you forgot a comma?" when another expression follows directly.
    private func missingCommaOrInvalid() -> CompileError {
        if startsExpression(current) && !(current.kind == .op && ["-", "+", "~"].contains(current.text)) {
            return error("invalid syntax. Perhaps you forgot a comma?", at: previous.start)
        }
        return invalidSyntax()
    }

    private func callArgumentError() -> CompileError {
        if current.isOp("=") {
            return error("expression cannot contain assignment, perhaps you meant \"==\"?", at: previous.start)
        }
        return missingCommaOrInvalid()
    }

    private mutating func parseCallArguments() throws -> ([Expr], [KeywordArgument]) {
        var args: [Expr] = []
        var keywords: [KeywordArgument] = []
        var sawKeywordUnpack = false
        while !check(")") {
            let start = current.start
            if accept("**") {
                keywords.append(KeywordArgument(name: nil, value: try parseExpression()))
                sawKeywordUnpack = true
            } else if accept("*") {
                let value = try parseExpression()
                if sawKeywordUnpack {
                    throw error("iterable argument unpacking follows keyword argument unpacking", at: start)
                }
                args.append(Expr(.starred(value), start: start, end: previous.end))
            } else if current.kind == .name && peekToken(1).isOp("=") {
                let name = try expectName()
                advance()
                if keywords.contains(where: { $0.name == name }) {
                    throw error("keyword argument repeated: \(name)", at: start)
                }
                keywords.append(KeywordArgument(name: name, value: try parseExpression()))
            } else {
                let value = try parseNamedExpression()
                if checkKeyword("for") {
                    let comp = try parseComprehension(kind: .generator, element: value, value: nil, start: start)
                    if !args.isEmpty || !keywords.isEmpty || !(check(")") || (check(",") && peekToken(1).isOp(")"))) {
                        throw error("Generator expression must be parenthesized", at: start)
                    }
                    args.append(comp)
                } else {
                    if !keywords.isEmpty {
                        if sawKeywordUnpack {
                            throw error("positional argument follows keyword argument unpacking", at: start)
                        }
                        throw error("positional argument follows keyword argument", at: start)
                    }
                    if case .compare = value.kind, check("=") {
                        throw error("expression cannot contain assignment, perhaps you meant \"==\"?", at: start)
                    }
                    args.append(value)
                }
            }
            if !accept(",") { break }
        }
        return (args, keywords)
    }

    private mutating func parseSlices() throws -> Expr {
        let start = current.start
        let first = try parseSlice()
        guard check(",") else { return first }
        var items = [first]
        while accept(",") {
            if check("]") { break }
            items.append(try parseSlice())
        }
        return Expr(.tuple(items), start: start, end: previous.end)
    }

    private mutating func parseSlice() throws -> Expr {
        let start = current.start
        var lower: Expr?
        if !check(":") {
            if check("*") { return try parseStarExpression() }
            lower = try parseNamedExpression()
            if !check(":") { return lower! }
        }
        advance()
        var upper: Expr?
        if !check(":") && !check("]") && !check(",") { upper = try parseExpression() }
        var step: Expr?
        if accept(":") {
            if !check("]") && !check(",") { step = try parseExpression() }
        }
        return Expr(.slice(lower, upper, step), start: start, end: previous.end)
    }

    private mutating func parseAtom() throws -> Expr {
        let t = current
        let start = t.start
        switch t.kind {
        case .name:
            switch t.text {
            case "None": advance(); return Expr(.constant(.none), start: start, end: t.end)
            case "True": advance(); return Expr(.constant(.bool(true)), start: start, end: t.end)
            case "False": advance(); return Expr(.constant(.bool(false)), start: start, end: t.end)
            default:
                if pythonKeywords.contains(t.text) {
                    throw invalidSyntax()
                }
                advance()
                return Expr(.name(t.text), start: start, end: t.end)
            }
        case .number:
            advance()
            return Expr(.constant(try numberConstant(t)), start: start, end: t.end)
        case .string:
            return try parseStrings()
        case .op:
            switch t.text {
            case "(": return try parseParenthesized()
            case "[": return try parseListDisplay()
            case "{": return try parseDictOrSet()
            case "...": advance(); return Expr(.constant(.ellipsis), start: start, end: t.end)
            default: throw invalidSyntax()
            }
        case .indent:
            throw error("unexpected indent", at: t.start, kind: .indentation)
        default:
            throw invalidSyntax()
        }
    }

    private func numberConstant(_ t: Token) throws -> Constant {
        let text = t.text.replacingOccurrences(of: "_", with: "")
        let lower = text.lowercased()
        var radix = 10
        var digits = Substring(lower)
        if lower.hasPrefix("0x") { radix = 16; digits = digits.dropFirst(2) }
        else if lower.hasPrefix("0o") { radix = 8; digits = digits.dropFirst(2) }
        else if lower.hasPrefix("0b") { radix = 2; digits = digits.dropFirst(2) }
        else if lower.contains(".") || lower.contains("e") {
            guard let value = Double(lower.hasSuffix(".") ? lower + "0" : lower) else {
                throw error("invalid decimal literal", at: t.start)
            }
            return .float(value)
        }
        guard let value = Int(digits, radix: radix) else {
            throw error("integer literal too large: kscript ints are 64-bit", at: t.start)
        }
        return .int(value)
    }

    private mutating func parseParenthesized() throws -> Expr {
        let start = advance().start
        try enter()
        defer { leave() }
        if accept(")") { return Expr(.tuple([]), start: start, end: previous.end) }
        if checkKeyword("yield") {
            let y = try parseYield()
            try expect(")")
            return y
        }
        let first = try parseStarExpression()
        if checkKeyword("for") {
            let comp = try parseComprehension(kind: .generator, element: first, value: nil, start: start)
            guard accept(")") else { throw missingCommaOrInvalid() }
            return comp
        }
        if accept(")") {
            if case .starred = first.kind { throw error("cannot use starred expression here", at: first.start) }
            return first
        }
        guard check(",") else { throw missingCommaOrInvalid() }
        var items = [first]
        while accept(",") {
            if check(")") { break }
            items.append(try parseStarExpression())
        }
        guard accept(")") else { throw missingCommaOrInvalid() }
        return Expr(.tuple(items), start: start, end: previous.end)
    }

    private mutating func parseListDisplay() throws -> Expr {
        let start = advance().start
        try enter()
        defer { leave() }
        if accept("]") { return Expr(.list([]), start: start, end: previous.end) }
        let first = try parseStarExpression()
        if checkKeyword("for") {
            let comp = try parseComprehension(kind: .list, element: first, value: nil, start: start)
            guard accept("]") else { throw missingCommaOrInvalid() }
            return comp
        }
        var items = [first]
        while accept(",") {
            if check("]") { break }
            items.append(try parseStarExpression())
        }
        guard accept("]") else { throw missingCommaOrInvalid() }
        return Expr(.list(items), start: start, end: previous.end)
    }

    private mutating func parseDictOrSet() throws -> Expr {
        let start = advance().start
        try enter()
        defer { leave() }
        if accept("}") { return Expr(.dict([]), start: start, end: previous.end) }
        if accept("**") {
            let first = try parseBitwiseOr()
            return try parseDictRest(start: start, first: (nil, first))
        }
        let first = try parseStarExpression()
        if accept(":") {
            let value = try parseExpression()
            if checkKeyword("for") {
                let comp = try parseComprehension(kind: .dict, element: first, value: value, start: start)
                guard accept("}") else { throw missingCommaOrInvalid() }
                return comp
            }
            return try parseDictRest(start: start, first: (first, value))
        }
        if checkKeyword("for") {
            let comp = try parseComprehension(kind: .set, element: first, value: nil, start: start)
            guard accept("}") else { throw missingCommaOrInvalid() }
            return comp
        }
        var items = [first]
        while accept(",") {
            if check("}") { break }
            items.append(try parseStarExpression())
        }
        guard accept("}") else { throw missingCommaOrInvalid() }
        return Expr(.set(items), start: start, end: previous.end)
    }

    private mutating func parseDictRest(start: SourceLocation, first: (Expr?, Expr)) throws -> Expr {
        var entries: [(key: Expr?, value: Expr)] = [first]
        while accept(",") {
            if check("}") { break }
            if accept("**") {
                entries.append((nil, try parseBitwiseOr()))
            } else {
                let key = try parseExpression()
                guard accept(":") else {
                    throw error("':' expected after dictionary key", at: current.start)
                }
                entries.append((key, try parseExpression()))
            }
        }
        guard accept("}") else { throw missingCommaOrInvalid() }
        return Expr(.dict(entries), start: start, end: previous.end)
    }

    private mutating func parseComprehension(kind: ComprehensionNode.Kind, element: Expr, value: Expr?, start: SourceLocation) throws -> Expr {
        if case .starred = element.kind {
            throw error("iterable unpacking cannot be used in comprehension", at: element.start)
        }
        var clauses: [ComprehensionClause] = []
        while acceptKeyword("for") {
            let target = try parseTargetList()
            guard acceptKeyword("in") else { throw invalidSyntax() }
            let iterable = try parseDisjunction()
            var conditions: [Expr] = []
            while acceptKeyword("if") { conditions.append(try parseDisjunction()) }
            clauses.append(ComprehensionClause(target: target, iterable: iterable, conditions: conditions))
        }
        let node = ComprehensionNode(kind: kind, element: element, value: value, clauses: clauses,
                                     sourceText: sourceSpan(from: start, to: previous.end))
        return Expr(.comprehension(node), start: start, end: previous.end)
    }

    // MARK: - Strings

    private mutating func parseStrings() throws -> Expr {
        let start = current.start
        var parts: [FormattedPart] = []
        var anyFormatted = false
        var bytes: [UInt8]?
        var sawText = false
        while current.kind == .string {
            let token = advance()
            let piece = token.string!
            if piece.isBytes {
                if sawText { throw error("cannot mix bytes and nonbytes literals", at: token.start) }
                let decoded = try decodeEscapes(piece.raw, isRaw: piece.isRaw, at: token.start)
                bytes = (bytes ?? []) + decoded.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
                continue
            }
            if bytes != nil { throw error("cannot mix bytes and nonbytes literals", at: token.start) }
            sawText = true
            if piece.isFormatted {
                anyFormatted = true
                parts.append(contentsOf: try parseFormatted(piece, nesting: 0))
            } else {
                parts.append(.literal(try decodeEscapes(piece.raw, isRaw: piece.isRaw, at: token.start)))
            }
        }
        let end = previous.end
        if let bytes { return Expr(.constant(.bytes(bytes)), start: start, end: end) }
        if !anyFormatted {
            var text = ""
            for case .literal(let s) in parts { text += s }
            return Expr(.constant(.string(text)), start: start, end: end)
        }
        var merged: [FormattedPart] = []
        for part in parts {
            if case .literal(let s) = part, case .literal(let previousText)? = merged.last {
                merged[merged.count - 1] = .literal(previousText + s)
            } else if case .literal(let s) = part, s.isEmpty {
                continue
            } else {
                merged.append(part)
            }
        }
        return Expr(.formatted(merged), start: start, end: end)
    }

    /// Splits an f-string's raw text into literal parts and `{...}` fields.
    private func parseFormatted(_ piece: StringPiece, nesting: Int) throws -> [FormattedPart] {
        let scalars = Array(piece.raw.unicodeScalars)
        return try parseFormattedScalars(scalars[...], piece: piece, nesting: nesting)
    }

    private func parseFormattedScalars(_ scalars: ArraySlice<Unicode.Scalar>, piece: StringPiece, nesting: Int) throws -> [FormattedPart] {
        var parts: [FormattedPart] = []
        var literal = ""
        var i = scalars.startIndex
        let at = piece.contentStart
        func flushLiteral() throws {
            if !literal.isEmpty {
                parts.append(.literal(try decodeEscapes(literal, isRaw: piece.isRaw, at: at)))
                literal = ""
            }
        }
        while i < scalars.endIndex {
            let c = scalars[i]
            if c == "{" {
                if i + 1 < scalars.endIndex && scalars[i + 1] == "{" {
                    literal.unicodeScalars.append("{")
                    i += 2
                    continue
                }
                try flushLiteral()
                let (field, next, debugText) = try parseField(scalars, from: i + 1, piece: piece, nesting: nesting)
                if let debugText { parts.append(.literal(debugText)) }
                parts.append(.field(field))
                i = next
                continue
            }
            if c == "}" {
                if i + 1 < scalars.endIndex && scalars[i + 1] == "}" {
                    literal.unicodeScalars.append("}")
                    i += 2
                    continue
                }
                throw error("f-string: single '}' is not allowed", at: at)
            }
            if c == "\\" && !piece.isRaw && i + 1 < scalars.endIndex {
                literal.unicodeScalars.append(c)
                literal.unicodeScalars.append(scalars[i + 1])
                i += 2
                continue
            }
            literal.unicodeScalars.append(c)
            i += 1
        }
        try flushLiteral()
        return parts
    }

    /// Parses one replacement field starting after its `{`; returns the field, the index after
    /// its `}`, and for `{x=}` the literal text to print before the value.
    private func parseField(_ scalars: ArraySlice<Unicode.Scalar>, from begin: Int, piece: StringPiece, nesting: Int)
        throws -> (FormattedField, Int, String?) {
        let at = piece.contentStart
        if nesting > 1 { throw error("f-string: expressions nested too deeply", at: at) }
        var i = begin
        var depthHere = 0
        var quote: Unicode.Scalar?
        var expressionEnd = -1
        while i < scalars.endIndex {
            let c = scalars[i]
            if let q = quote {
                if c == q { quote = nil }
                i += 1
                continue
            }
            if c == "\\" { throw error("f-string expression part cannot include a backslash", at: at) }
            if c == "'" || c == "\"" { quote = c; i += 1; continue }
            if c == "(" || c == "[" || c == "{" { depthHere += 1 }
            else if c == ")" || c == "]" || c == "}" {
                if depthHere == 0 {
                    if c != "}" { throw error("f-string: unmatched '\(c)'", at: at) }
                    expressionEnd = i
                    break
                }
                depthHere -= 1
            } else if depthHere == 0 {
                if c == "!" && !(i + 1 < scalars.endIndex && scalars[i + 1] == "=") { expressionEnd = i; break }
                if c == ":" { expressionEnd = i; break }
                if c == "#" { throw error("f-string expression part cannot include '#'", at: at) }
                if c == "=" && !(i > begin && "=!<>".unicodeScalars.contains(scalars[i - 1])) {
                    var j = i + 1
                    while j < scalars.endIndex && scalars[j] == " " { j += 1 }
                    if j < scalars.endIndex && "!:}".unicodeScalars.contains(scalars[j]) && !(scalars[j] == "!" && j + 1 < scalars.endIndex && scalars[j + 1] == "=") {
                        expressionEnd = i
                        break
                    }
                    if i + 1 < scalars.endIndex && scalars[i + 1] == "=" { i += 2; continue }
                }
            }
            i += 1
        }
        if quote != nil { throw error("f-string: unterminated string", at: at) }
        guard expressionEnd >= 0 else { throw error("f-string: expecting '}'", at: at) }
        var expressionText = ""
        expressionText.unicodeScalars.append(contentsOf: scalars[begin..<expressionEnd])
        if expressionText.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" }) {
            throw error("f-string: empty expression not allowed", at: at)
        }
        i = expressionEnd
        var debugText: String?
        if scalars[i] == "=" {
            debugText = expressionText + "="
            i += 1
            while i < scalars.endIndex && scalars[i] == " " {
                debugText! += " "
                i += 1
            }
        }
        let subSource = SourceText("(" + expressionText + ")", filename: source.filename)
        let expression: Expr
        do {
            expression = try Parser.parseExpression(subSource)
        } catch let e as CompileError {
            throw CompileError(e.kind, "f-string: " + e.message, filename: source.filename, line: at.line, offset: at.column + 1, text: source.line(at.line))
        }
        var conversion: Character?
        if i < scalars.endIndex && scalars[i] == "!" {
            guard i + 1 < scalars.endIndex, "rsa".unicodeScalars.contains(scalars[i + 1]) else {
                throw error("f-string: invalid conversion character: expected 's', 'r', or 'a'", at: at)
            }
            conversion = Character(scalars[i + 1])
            i += 2
        }
        var spec: [FormattedPart]?
        if i < scalars.endIndex && scalars[i] == ":" {
            i += 1
            let specStart = i
            var nested = 0
            while i < scalars.endIndex {
                if scalars[i] == "{" { nested += 1 } else if scalars[i] == "}" {
                    if nested == 0 { break }
                    nested -= 1
                }
                i += 1
            }
            spec = try parseFormattedScalars(scalars[specStart..<i], piece: piece, nesting: nesting + 1)
        }
        guard i < scalars.endIndex, scalars[i] == "}" else { throw error("f-string: expecting '}'", at: at) }
        if debugText != nil && conversion == nil && spec == nil { conversion = "r" }
        return (FormattedField(expression: expression, conversion: conversion, spec: spec), i + 1, debugText)
    }

    /// Decodes backslash escapes of a (non-raw) string literal.
    private func decodeEscapes(_ raw: String, isRaw: Bool, at location: SourceLocation) throws -> String {
        if isRaw || !raw.contains("\\") { return raw.replacingOccurrences(of: "\r\n", with: "\n") }
        var out = String.UnicodeScalarView()
        let scalars = Array(raw.unicodeScalars)
        var i = 0
        func hexValue(_ count: Int, name: String) throws -> Unicode.Scalar {
            guard i + count < scalars.count || i + count == scalars.count - 0 else {
                throw error("(unicode error) 'unicodeescape' codec can't decode bytes in position \(i - 1)-\(i): truncated \(name) escape", at: location)
            }
            var value: UInt32 = 0
            for k in 0..<count {
                guard i + 1 + k < scalars.count, let d = scalars[i + 1 + k].properties.numericType != nil ? UInt32(String(scalars[i + 1 + k]), radix: 16) : UInt32(String(scalars[i + 1 + k]), radix: 16) else {
                    throw error("(unicode error) 'unicodeescape' codec can't decode bytes in position \(i - 1)-\(i + k): truncated \(name) escape", at: location)
                }
                value = value * 16 + d
            }
            i += count
            guard let scalar = Unicode.Scalar(value) else {
                throw error("(unicode error) 'unicodeescape' codec can't decode bytes in position \(i - count - 1)-\(i): illegal Unicode character", at: location)
            }
            return scalar
        }
        while i < scalars.count {
            let c = scalars[i]
            if c != "\\" || i + 1 >= scalars.count {
                if c == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n" { i += 1; continue }
                out.append(c)
                i += 1
                continue
            }
            i += 1
            let e = scalars[i]
            switch e {
            case "\n": break
            case "\\": out.append("\\")
            case "'": out.append("'")
            case "\"": out.append("\"")
            case "a": out.append("\u{07}")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "v": out.append("\u{0B}")
            case "x": out.append(try hexValue(2, name: "\\xXX"))
            case "u": out.append(try hexValue(4, name: "\\uXXXX"))
            case "U": out.append(try hexValue(8, name: "\\UXXXXXXXX"))
            case "0"..."7":
                var value: UInt32 = 0
                var n = 0
                while n < 3, i < scalars.count, scalars[i] >= "0", scalars[i] <= "7" {
                    value = value * 8 + (scalars[i].value - 48)
                    i += 1
                    n += 1
                }
                i -= 1
                out.append(Unicode.Scalar(value) ?? "?")
            case "N":
                throw error("(unicode error) \\N{...} escapes are not supported in kscript", at: location)
            default:
                out.append("\\")
                out.append(e)
            }
            i += 1
        }
        return String(out)
    }
}
