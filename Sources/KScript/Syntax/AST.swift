/// The abstract syntax tree the parser builds and the resolver and compiler walk.

/// A literal constant in source.
enum Constant {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case ellipsis
}

/// Binary arithmetic and bitwise operators (also the operator of an augmented assignment).
public enum BinaryOperator: UInt8, CaseIterable {
    case add, subtract, multiply, trueDivide, floorDivide, modulo, power, matrixMultiply
    case leftShift, rightShift, and, or, xor

    /// The operator as written in source (`+`, `//`, ...), used in error messages.
    public var symbol: String {
        switch self {
        case .add: return "+"
        case .subtract: return "-"
        case .multiply: return "*"
        case .trueDivide: return "/"
        case .floorDivide: return "//"
        case .modulo: return "%"
        case .power: return "**"
        case .matrixMultiply: return "@"
        case .leftShift: return "<<"
        case .rightShift: return ">>"
        case .and: return "&"
        case .or: return "|"
        case .xor: return "^"
        }
    }

    /// The dunder names: forward, reflected, in-place.
    public var dunders: (String, String, String) {
        switch self {
        case .add: return ("__add__", "__radd__", "__iadd__")
        case .subtract: return ("__sub__", "__rsub__", "__isub__")
        case .multiply: return ("__mul__", "__rmul__", "__imul__")
        case .trueDivide: return ("__truediv__", "__rtruediv__", "__itruediv__")
        case .floorDivide: return ("__floordiv__", "__rfloordiv__", "__ifloordiv__")
        case .modulo: return ("__mod__", "__rmod__", "__imod__")
        case .power: return ("__pow__", "__rpow__", "__ipow__")
        case .matrixMultiply: return ("__matmul__", "__rmatmul__", "__imatmul__")
        case .leftShift: return ("__lshift__", "__rlshift__", "__ilshift__")
        case .rightShift: return ("__rshift__", "__rrshift__", "__irshift__")
        case .and: return ("__and__", "__rand__", "__iand__")
        case .or: return ("__or__", "__ror__", "__ior__")
        case .xor: return ("__xor__", "__rxor__", "__ixor__")
        }
    }
}

/// Unary operators.
public enum UnaryOperator {
    case negate, plus, invert, not
}

/// Comparison operators, including membership and identity.
public enum CompareOperator: UInt8 {
    case less, lessEqual, greater, greaterEqual, equal, notEqual, `in`, notIn, `is`, isNot

    public var symbol: String {
        switch self {
        case .less: return "<"
        case .lessEqual: return "<="
        case .greater: return ">"
        case .greaterEqual: return ">="
        case .equal: return "=="
        case .notEqual: return "!="
        case .in: return "in"
        case .notIn: return "not in"
        case .is: return "is"
        case .isNot: return "is not"
        }
    }
}

/// One piece of an f-string: literal text or a replacement field.
enum FormattedPart {
    case literal(String)
    case field(FormattedField)
}

/// `{expr!conversion:spec}` inside an f-string.
struct FormattedField {
    var expression: Expr
    /// `r`, `s`, `a` or nil.
    var conversion: Character?
    /// The format spec, itself possibly containing nested fields; nil when absent.
    var spec: [FormattedPart]?
}

/// A keyword argument at a call site; `name == nil` is `**mapping`.
struct KeywordArgument {
    var name: String?
    var value: Expr
}

/// One `for target in iter if cond...` clause of a comprehension.
struct ComprehensionClause {
    var target: Expr
    var iterable: Expr
    var conditions: [Expr]
}

/// An expression node.
final class Expr {
    indirect enum Kind {
        case name(String)
        case constant(Constant)
        case formatted([FormattedPart])
        case list([Expr])
        case tuple([Expr])
        case set([Expr])
        /// Entries with a nil key are `**mapping` spreads.
        case dict([(key: Expr?, value: Expr)])
        case starred(Expr)
        case attribute(Expr, String)
        case subscription(Expr, Expr)
        case slice(Expr?, Expr?, Expr?)
        case call(Expr, [Expr], [KeywordArgument])
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        case boolean(isAnd: Bool, [Expr])
        case compare(Expr, [(CompareOperator, Expr)])
        case conditional(test: Expr, body: Expr, orElse: Expr)
        case lambda(FunctionNode)
        case comprehension(ComprehensionNode)
        case yield(Expr?)
        case yieldFrom(Expr)
        case namedExpr(String, Expr)
    }

    var kind: Kind
    let start: SourceLocation
    var end: SourceLocation

    init(_ kind: Kind, start: SourceLocation, end: SourceLocation) {
        self.kind = kind
        self.start = start
        self.end = end
    }

    var line: Int { start.line }
}

/// A parameter of a `def` or `lambda`.
struct Parameter {
    var name: String
    var defaultValue: Expr?
    var location: SourceLocation
}

/// The parameter list of a function.
struct ParameterList {
    var positionalOnlyCount = 0
    var positional: [Parameter] = []
    var varArgs: String?
    var keywordOnly: [Parameter] = []
    var varKeywords: String?

    /// Every parameter name in slot order: positional, keyword-only, *args, **kwargs.
    var allNames: [String] {
        var names = positional.map(\.name) + keywordOnly.map(\.name)
        if let v = varArgs { names.append(v) }
        if let k = varKeywords { names.append(k) }
        return names
    }
}

/// A `def` or `lambda`: its parameters, body and the exact source text it came from.
final class FunctionNode {
    var name: String
    var parameters: ParameterList
    var body: [Stmt]
    var decorators: [Expr]
    var isLambda: Bool
    var sourceText: String
    var docstring: String?
    let start: SourceLocation
    /// Filled in by the resolver.
    var scope: Scope!

    init(name: String, parameters: ParameterList, body: [Stmt], decorators: [Expr], isLambda: Bool,
         sourceText: String, docstring: String?, start: SourceLocation) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.decorators = decorators
        self.isLambda = isLambda
        self.sourceText = sourceText
        self.docstring = docstring
        self.start = start
    }
}

/// A `class` statement.
final class ClassNode {
    var name: String
    var bases: [Expr]
    var keywords: [KeywordArgument]
    var body: [Stmt]
    var decorators: [Expr]
    var sourceText: String
    var docstring: String?
    let start: SourceLocation
    var scope: Scope!

    init(name: String, bases: [Expr], keywords: [KeywordArgument], body: [Stmt], decorators: [Expr],
         sourceText: String, docstring: String?, start: SourceLocation) {
        self.name = name
        self.bases = bases
        self.keywords = keywords
        self.body = body
        self.decorators = decorators
        self.sourceText = sourceText
        self.docstring = docstring
        self.start = start
    }
}

/// A list/set/dict comprehension or generator expression; it runs in its own scope.
final class ComprehensionNode {
    enum Kind { case list, set, dict, generator }
    var kind: Kind
    /// The element (for dicts: the key).
    var element: Expr
    /// The value of a dict comprehension.
    var value: Expr?
    var clauses: [ComprehensionClause]
    var scope: Scope!
    var sourceText: String

    init(kind: Kind, element: Expr, value: Expr?, clauses: [ComprehensionClause], sourceText: String) {
        self.kind = kind
        self.element = element
        self.value = value
        self.clauses = clauses
        self.sourceText = sourceText
    }
}

/// An `except` clause.
struct ExceptHandler {
    var type: Expr?
    var name: String?
    var body: [Stmt]
    var line: Int
}

/// One `name` or `name as alias` of an import.
struct ImportAlias {
    var name: String
    var alias: String?
}

/// A statement node.
final class Stmt {
    enum Kind {
        case expression(Expr)
        case assign(targets: [Expr], value: Expr)
        case augmentedAssign(Expr, BinaryOperator, Expr)
        case annotatedAssign(target: Expr, annotation: Expr, value: Expr?)
        case pass
        case breakLoop
        case continueLoop
        case returnValue(Expr?)
        case delete([Expr])
        case global([String])
        case nonlocal([String])
        case ifElse(test: Expr, body: [Stmt], orElse: [Stmt])
        case whileLoop(test: Expr, body: [Stmt], orElse: [Stmt])
        case forLoop(target: Expr, iterable: Expr, body: [Stmt], orElse: [Stmt])
        case functionDef(FunctionNode)
        case classDef(ClassNode)
        case tryExcept(body: [Stmt], handlers: [ExceptHandler], orElse: [Stmt], finally: [Stmt])
        case raise(Expr?, cause: Expr?)
        case assert(Expr, Expr?)
        case with(items: [(context: Expr, target: Expr?)], body: [Stmt])
        case importModules([ImportAlias])
        case importFrom(module: String, names: [ImportAlias], level: Int)
    }

    var kind: Kind
    let start: SourceLocation

    init(_ kind: Kind, start: SourceLocation) {
        self.kind = kind
        self.start = start
    }

    var line: Int { start.line }
}
