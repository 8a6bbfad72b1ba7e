import Foundation

extension Interpreter {
    // MARK: Binary operators

    /// `left op right` with Python semantics: built-in numbers and sequences first, then the
    /// `__op__`/`__rop__` protocol.
    public func binaryOperation(_ op: BinaryOperator, _ left: Value, _ right: Value) throws -> Value {
        if let v = try builtinBinary(op, left, right) { return v }
        if let v = try dunderBinary(op, left, right) { return v }
        throw unsupportedOperands(op, left, right)
    }

    /// `left op right` for an arithmetic instruction whose operand registers may be temporaries
    /// it consumes (`ConsumedOperands` bits in `consumed`): registers read nowhere after it. A
    /// consumed register holding the only reference to an object whose type has a
    /// `temporaryBinary` hook gives the hook the chance to compute the result in that object's
    /// storage, since nothing can observe the object afterwards. Inlined into the VM; the tests
    /// touch no reference count.
    @inline(__always)
    func binaryOperation(_ op: BinaryOperator, _ left: UnsafeMutablePointer<Value>, _ right: UnsafeMutablePointer<Value>,
                         consumed: UInt8) throws -> Value {
        if consumed & ConsumedOperands.left != 0, let hook = uniqueObjectHook(left),
           let result = try reusingTemporary(op, hook, left.pointee, other: right.pointee, temporaryIsLeft: true) {
            return result
        }
        if consumed & ConsumedOperands.right != 0, let hook = uniqueObjectHook(right),
           let result = try reusingTemporary(op, hook, right.pointee, other: left.pointee, temporaryIsLeft: false) {
            return result
        }
        return try binaryOperation(op, left.pointee, right.pointee)
    }

    /// The `temporaryBinary` hook of the type of the object in `slot`, when `slot` holds the only
    /// reference to it.
    @inline(__always)
    private func uniqueObjectHook(_ slot: UnsafeMutablePointer<Value>) -> TemporaryBinaryOperator? {
        guard let address = inspector.objectAddress(slot), inspector.holdsOnlyReference(slot) else { return nil }
        return Unmanaged<PyObject>.fromOpaque(address)._withUnsafeGuaranteedRef { object in
            object.typeAddress.flatMap { Unmanaged<PyType>.fromOpaque($0)._withUnsafeGuaranteedRef(\.temporaryBinary) }
        }
    }

    /// The hook's result for a temporary operand, when the operator protocol would call the
    /// temporary's type's own method; nil otherwise.
    private func reusingTemporary(_ op: BinaryOperator, _ hook: TemporaryBinaryOperator, _ temporary: Value, other: Value,
                                  temporaryIsLeft: Bool) throws -> Value? {
        guard case .object(let object) = temporary else { return nil }
        if temporaryIsLeft {
            // A subclass on the right that overrides the reflected method would go first.
            let otherType = other.type
            if otherType !== object.type && otherType.isSubtype(of: object.type) { return nil }
        } else {
            switch other {
            case .int, .bool, .float: break
            case .object(let o) where o.type === object.type: break
            default: return nil
            }
        }
        return try hook(op, object, other, temporaryIsLeft)
    }

    /// `left op= right`: `__iop__` first (lists extend in place), then the binary operation.
    public func inplaceOperation(_ op: BinaryOperator, _ left: Value, _ right: Value) throws -> Value {
        if case .object(let o) = left {
            if let list = o as? PyList, o.type === BuiltinTypes.list {
                if op == .add {
                    list.items.append(contentsOf: try collect(right))
                    return left
                }
                if op == .multiply, let n = right.intValue {
                    let copy = list.items
                    let (total, overflow) = copy.count.multipliedReportingOverflow(by: max(n, 0))
                    if overflow || total > Interpreter.maximumElements { throw PyException(BuiltinTypes.memoryError, "") }
                    list.items.removeAll()
                    if n > 0 && !copy.isEmpty { for _ in 0..<n { list.items.append(contentsOf: copy) } }
                    return left
                }
            }
            if let set = o as? PySet, o.type === BuiltinTypes.set, case .object(let r) = right, let other = r as? PySet {
                switch op {
                case .or: try set.merge(other); return left
                case .and:
                    let result = try setIntersection(set, other)
                    set.removeAll()
                    try set.merge(result)
                    return left
                case .subtract:
                    for v in other.elements { try set.discard(v) }
                    return left
                case .xor:
                    for s in other.activeSlots {
                        if try !set.discard(s.key, hash: s.hash) { try set.add(s.key, hash: s.hash) }
                    }
                    return left
                default: break
                }
            }
            if let dict = o as? PyDict, o.type === BuiltinTypes.dict, op == .or {
                try mergeMapping(into: dict, right, rejectDuplicates: false)
                return left
            }
            if !o.type.isNative || o.type.attributes["__iadd__"] != nil || o.type.lookup(op.dunders.2) != nil {
                if let method = o.type.lookup(op.dunders.2) {
                    let result = try call(method, [left, right])
                    if !isNotImplemented(result) { return result }
                }
            }
        }
        return try binaryOperation(op, left, right)
    }

    /// A built-in type's `__op__` method: the built-in operation, or NotImplemented.
    func builtinDunder(_ op: BinaryOperator, _ left: Value, _ right: Value) throws -> Value {
        try builtinBinary(op, left, right) ?? .object(BuiltinTypes.notImplementedValue)
    }

    func isNotImplemented(_ v: Value) -> Bool {
        if case .object(let o) = v { return o === BuiltinTypes.notImplementedValue }
        return false
    }

    private func dunderBinary(_ op: BinaryOperator, _ left: Value, _ right: Value) throws -> Value? {
        let (forward, reflected, _) = op.dunders
        let lt = left.type, rt = right.type
        let lf = lt.lookup(forward)
        let rf = rt === lt ? nil : rt.lookup(reflected)
        if let rf, rt.isSubtype(of: lt), rt !== lt {
            let result = try call(rf, [right, left])
            if !isNotImplemented(result) { return result }
            if let lf {
                let r = try call(lf, [left, right])
                if !isNotImplemented(r) { return r }
            }
            return nil
        }
        if let lf {
            let result = try call(lf, [left, right])
            if !isNotImplemented(result) { return result }
        }
        if let rf {
            let result = try call(rf, [right, left])
            if !isNotImplemented(result) { return result }
        }
        return nil
    }

    func unsupportedOperands(_ op: BinaryOperator, _ left: Value, _ right: Value) -> PyException {
        let l = left.type.name, r = right.type.name
        if op == .add {
            if left.type === BuiltinTypes.str { return PyException.typeError("can only concatenate str (not \"\(r)\") to str") }
            if left.type === BuiltinTypes.list { return PyException.typeError("can only concatenate list (not \"\(r)\") to list") }
            if left.type === BuiltinTypes.tuple { return PyException.typeError("can only concatenate tuple (not \"\(r)\") to tuple") }
        }
        if op == .multiply {
            let isSequence: (Value) -> Bool = { v in [BuiltinTypes.str, BuiltinTypes.list, BuiltinTypes.tuple].contains { $0 === v.type } }
            if isSequence(left) && right.intValue == nil { return PyException.typeError("can't multiply sequence by non-int of type '\(r)'") }
            if isSequence(right) && left.intValue == nil { return PyException.typeError("can't multiply sequence by non-int of type '\(l)'") }
        }
        let symbol = op == .power ? "** or pow()" : op.symbol
        return PyException.typeError("unsupported operand type(s) for \(symbol): '\(l)' and '\(r)'")
    }

    static func overflow(_ l: Int, _ symbol: String, _ r: Int) -> PyException {
        PyException.overflow("integer overflow: \(l) \(symbol) \(r) does not fit in a 64-bit int (kscript ints are 64-bit)")
    }

    /// Built-in arithmetic; nil when the operands are not built-in types this handles.
    func builtinBinary(_ op: BinaryOperator, _ left: Value, _ right: Value) throws -> Value? {
        switch (left, right) {
        case (.int, .int), (.int, .bool), (.bool, .int), (.bool, .bool):
            let l = left.intValue!, r = right.intValue!
            if case .bool(let a) = left, case .bool(let b) = right {
                switch op {
                case .and: return .bool(a && b)
                case .or: return .bool(a || b)
                case .xor: return .bool(a != b)
                default: break
                }
            }
            return try intOperation(op, l, r)
        case (.object(let lo), _):
            return try objectBinary(op, lo, left, right)
        case (.float(let l), _):
            guard let r = right.doubleValue else { return nil }
            return try floatOperation(op, l, r)
        case (_, .float(let r)):
            guard let l = left.doubleValue else { return nil }
            return try floatOperation(op, l, r)
        case (_, .object(let ro)):
            if op == .multiply, let n = left.intValue { return try repeatSequence(ro, n) }
            return nil
        default:
            return nil
        }
    }

    func intOperation(_ op: BinaryOperator, _ l: Int, _ r: Int) throws -> Value {
        switch op {
        case .add:
            let (v, o) = l.addingReportingOverflow(r)
            if o { throw Interpreter.overflow(l, "+", r) }
            return .int(v)
        case .subtract:
            let (v, o) = l.subtractingReportingOverflow(r)
            if o { throw Interpreter.overflow(l, "-", r) }
            return .int(v)
        case .multiply:
            let (v, o) = l.multipliedReportingOverflow(by: r)
            if o { throw Interpreter.overflow(l, "*", r) }
            return .int(v)
        case .trueDivide:
            if r == 0 { throw PyException.zeroDivision("division by zero") }
            return .float(Interpreter.trueDivide(l, r))
        case .floorDivide:
            if r == 0 { throw PyException.zeroDivision("integer division or modulo by zero") }
            if l == Int.min && r == -1 { throw Interpreter.overflow(l, "//", r) }
            return .int(Interpreter.floorDivide(l, r))
        case .modulo:
            if r == 0 { throw PyException.zeroDivision("integer modulo by zero") }
            if r == -1 { return .int(0) }
            return .int(Interpreter.floorModulo(l, r))
        case .power:
            if r < 0 {
                if l == 0 { throw PyException.zeroDivision("0.0 cannot be raised to a negative power") }
                return .float(Foundation.pow(Double(l), Double(r)))
            }
            return .int(try Interpreter.integerPower(l, r))
        case .leftShift:
            if r < 0 { throw PyException.valueError("negative shift count") }
            if l == 0 { return .int(0) }
            if r >= 63 { throw Interpreter.overflow(l, "<<", r) }
            let v = l << r
            if v >> r != l { throw Interpreter.overflow(l, "<<", r) }
            return .int(v)
        case .rightShift:
            if r < 0 { throw PyException.valueError("negative shift count") }
            return .int(r >= 64 ? (l < 0 ? -1 : 0) : l >> r)
        case .and: return .int(l & r)
        case .or: return .int(l | r)
        case .xor: return .int(l ^ r)
        case .matrixMultiply:
            throw unsupportedOperands(op, .int(l), .int(r))
        }
    }

    /// int / int as CPython computes it (correctly rounded).
    static func trueDivide(_ l: Int, _ r: Int) -> Double {
        let limit = 1 << 53
        if l.magnitude <= UInt(limit) && r.magnitude <= UInt(limit) { return Double(l) / Double(r) }
        // Exact quotient via long division on magnitudes, rounded once.
        let negative = (l < 0) != (r < 0)
        let a = l.magnitude, b = r.magnitude
        let q = a / b, rem = a % b
        var result = Double(q)
        if rem != 0 {
            let fraction = Double(rem) / Double(b)
            result = Double(q) + fraction
        }
        return negative ? -result : result
    }

    static func floorDivide(_ l: Int, _ r: Int) -> Int {
        let q = l / r
        if (l % r != 0) && ((l < 0) != (r < 0)) { return q - 1 }
        return q
    }

    static func floorModulo(_ l: Int, _ r: Int) -> Int {
        let m = l % r
        if m != 0 && ((m < 0) != (r < 0)) { return m + r }
        return m
    }

    static func integerPower(_ base: Int, _ exponent: Int) throws -> Int {
        var result = 1
        var b = base
        var e = exponent
        while e > 0 {
            if e & 1 == 1 {
                let (v, o) = result.multipliedReportingOverflow(by: b)
                if o { throw overflow(base, "**", exponent) }
                result = v
            }
            e >>= 1
            if e > 0 {
                let (v, o) = b.multipliedReportingOverflow(by: b)
                if o { throw overflow(base, "**", exponent) }
                b = v
            }
        }
        return result
    }

    func floatOperation(_ op: BinaryOperator, _ l: Double, _ r: Double) throws -> Value {
        switch op {
        case .add: return .float(l + r)
        case .subtract: return .float(l - r)
        case .multiply: return .float(l * r)
        case .trueDivide:
            if r == 0 { throw PyException.zeroDivision("float division by zero") }
            return .float(l / r)
        case .floorDivide:
            if r == 0 { throw PyException.zeroDivision("float floor division by zero") }
            return .float(Interpreter.floatDivmod(l, r).0)
        case .modulo:
            if r == 0 { throw PyException.zeroDivision("float modulo") }
            return .float(Interpreter.floatDivmod(l, r).1)
        case .power:
            if l == 0 && r < 0 { throw PyException.zeroDivision("0.0 cannot be raised to a negative power") }
            if l < 0 && r != r.rounded() && r.isFinite {
                throw PyException.valueError("negative number cannot be raised to a fractional power (complex results are not supported)")
            }
            let v = Foundation.pow(l, r)
            if v.isInfinite && l.isFinite && r.isFinite { throw PyException.overflow("(34, 'Numerical result out of range')") }
            return .float(v)
        default:
            throw unsupportedOperands(op, .float(l), .float(r))
        }
    }

    /// CPython's float divmod (floor quotient, modulo with the sign of the divisor).
    static func floatDivmod(_ vx: Double, _ wx: Double) -> (Double, Double) {
        var mod = fmod(vx, wx)
        var div = (vx - mod) / wx
        if mod != 0 {
            if (wx < 0) != (mod < 0) {
                mod += wx
                div -= 1.0
            }
        } else {
            mod = copysign(0.0, wx)
        }
        var floordiv: Double
        if div != 0 {
            floordiv = floor(div)
            if div - floordiv > 0.5 { floordiv += 1.0 }
        } else {
            floordiv = copysign(0.0, vx / wx)
        }
        return (floordiv, mod)
    }

    private func repeatSequence(_ o: PyObject, _ n: Int) throws -> Value? {
        let requested = max(n, 0)
        let length = (o as? PyList)?.items.count ?? (o as? PyTuple)?.items.count ?? (o as? PyStr)?.value.utf8.count ?? 0
        let (total, overflow) = length.multipliedReportingOverflow(by: requested)
        if overflow || total > Interpreter.maximumElements { throw PyException(BuiltinTypes.memoryError, "") }
        let times = length == 0 ? 0 : requested
        if let s = o as? PyStr, o.type === BuiltinTypes.str {
            let (total, overflow) = s.value.utf8.count.multipliedReportingOverflow(by: times)
            if overflow || total > 1 << 32 { throw PyException(BuiltinTypes.memoryError, "") }
            return .str(String(repeating: s.value, count: times))
        }
        if let l = o as? PyList, o.type === BuiltinTypes.list {
            var items: [Value] = []
            items.reserveCapacity(l.items.count * times)
            for _ in 0..<times { items.append(contentsOf: l.items) }
            return .object(PyList(items))
        }
        if let t = o as? PyTuple, o.type === BuiltinTypes.tuple {
            var items: [Value] = []
            for _ in 0..<times { items.append(contentsOf: t.items) }
            return PyTuple.make(items)
        }
        return nil
    }

    private func objectBinary(_ op: BinaryOperator, _ lo: PyObject, _ left: Value, _ right: Value) throws -> Value? {
        let isCore = lo.type.isNative
        if !isCore { return nil }
        if let s = lo as? PyStr {
            if op == .add, case .object(let ro) = right, let t = ro as? PyStr { return .str(s.value + t.value) }
            if op == .multiply, let n = right.intValue { return try repeatSequence(lo, n) }
            if op == .modulo { return .str(try percentFormat(s.value, right)) }
            return nil
        }
        if let l = lo as? PyList {
            if op == .add, case .object(let ro) = right, let r = ro as? PyList { return .object(PyList(l.items + r.items)) }
            if op == .multiply, let n = right.intValue { return try repeatSequence(lo, n) }
            return nil
        }
        if let t = lo as? PyTuple {
            if op == .add, case .object(let ro) = right, let r = ro as? PyTuple { return PyTuple.make(t.items + r.items) }
            if op == .multiply, let n = right.intValue { return try repeatSequence(lo, n) }
            return nil
        }
        if let s = lo as? PySet, case .object(let ro) = right, let r = ro as? PySet {
            switch op {
            case .or:
                let result = try s.copy()
                try result.merge(r)
                return .object(result)
            case .and: return .object(try setIntersection(s, r))
            case .subtract: return .object(try setDifference(s, r))
            case .xor:
                let result = try r.copy(frozen: s.isFrozen)
                for slot in s.activeSlots {
                    if try !result.discard(slot.key, hash: slot.hash) { try result.add(slot.key, hash: slot.hash) }
                }
                return .object(result)
            default: return nil
            }
        }
        if let d = lo as? PyDict, op == .or, case .object(let ro) = right, let r = ro as? PyDict {
            let result = d.copy()
            for (k, v) in r.pairs { try result.set(k, v) }
            return .object(result)
        }
        return nil
    }

    func setIntersection(_ a: PySet, _ b: PySet) throws -> PySet {
        let result = PySet(frozen: a.isFrozen)
        var (small, large) = (b, a)
        if a.count < b.count { (small, large) = (a, b) }
        for slot in small.table where slot.isActive {
            if try large.contains(slot.key, hash: slot.hash) { try result.add(slot.key, hash: slot.hash) }
        }
        return result
    }

    func setDifference(_ a: PySet, _ b: PySet) throws -> PySet {
        if (a.count >> 2) > b.count {
            let result = try a.copy()
            for slot in b.table where slot.isActive { _ = try result.discard(slot.key, hash: slot.hash) }
            return result
        }
        let result = PySet(frozen: a.isFrozen)
        for slot in a.table where slot.isActive {
            if try !b.contains(slot.key, hash: slot.hash) { try result.add(slot.key, hash: slot.hash) }
        }
        return result
    }

    // MARK: Unary operators

    public func unaryOperation(_ op: UnaryOperator, _ value: Value) throws -> Value {
        switch (op, value) {
        case (.not, _): return .bool(!(try truthy(value)))
        case (.negate, .int(let i)):
            if i == Int.min { throw PyException.overflow("integer overflow: -(\(i)) does not fit in a 64-bit int") }
            return .int(-i)
        case (.negate, .bool(let b)): return .int(b ? -1 : 0)
        case (.negate, .float(let d)): return .float(-d)
        case (.plus, .int), (.plus, .float): return value
        case (.plus, .bool(let b)): return .int(b ? 1 : 0)
        case (.invert, .int(let i)): return .int(~i)
        case (.invert, .bool(let b)): return .int(~(b ? 1 : 0))
        default: break
        }
        let name: String
        let symbol: String
        switch op {
        case .negate: name = "__neg__"; symbol = "-"
        case .plus: name = "__pos__"; symbol = "+"
        case .invert: name = "__invert__"; symbol = "~"
        case .not: name = "__bool__"; symbol = "not"
        }
        if let method = value.type.lookup(name) { return try call(method, [value]) }
        throw PyException.typeError("bad operand type for unary \(symbol): '\(value.type.name)'")
    }

    // MARK: Comparisons

    /// A rich comparison; the result may be any value (arrays compare elementwise).
    public func compare(_ left: Value, _ right: Value, _ op: CompareOperator) throws -> Value {
        if let b = try builtinCompare(left, right, op) { return .bool(b) }
        let (name, reflected) = Interpreter.comparisonDunders(op)
        let lt = left.type, rt = right.type
        let checkReflectedFirst = rt !== lt && rt.isSubtype(of: lt) && !rt.isNative
        if checkReflectedFirst, let rf = rt.lookup(reflected) {
            let r = try call(rf, [right, left])
            if !isNotImplemented(r) { return r }
        }
        if let lf = lt.lookup(name), !isDefaultObjectComparison(lf) {
            let r = try call(lf, [left, right])
            if !isNotImplemented(r) { return r }
        }
        if !checkReflectedFirst, let rf = rt.lookup(reflected), !isDefaultObjectComparison(rf) {
            let r = try call(rf, [right, left])
            if !isNotImplemented(r) { return r }
        }
        switch op {
        case .equal: return .bool(left.isIdentical(to: right))
        case .notEqual:
            if let eq = lt.lookup("__eq__"), !isDefaultObjectComparison(eq) {
                let r = try call(eq, [left, right])
                if !isNotImplemented(r) { return .bool(!(try truthy(r))) }
            }
            return .bool(!left.isIdentical(to: right))
        default:
            throw PyException.typeError("'\(op.symbol)' not supported between instances of '\(lt.name)' and '\(rt.name)'")
        }
    }

    private func isDefaultObjectComparison(_ v: Value) -> Bool {
        guard case .object(let o) = v else { return false }
        return o === Builtins.objectEq || o === Builtins.objectNe
    }

    static func comparisonDunders(_ op: CompareOperator) -> (String, String) {
        switch op {
        case .less: return ("__lt__", "__gt__")
        case .lessEqual: return ("__le__", "__ge__")
        case .greater: return ("__gt__", "__lt__")
        case .greaterEqual: return ("__ge__", "__le__")
        case .equal: return ("__eq__", "__eq__")
        default: return ("__ne__", "__ne__")
        }
    }

    private static func apply<T: Comparable>(_ op: CompareOperator, _ l: T, _ r: T) -> Bool {
        switch op {
        case .less: return l < r
        case .lessEqual: return l <= r
        case .greater: return l > r
        case .greaterEqual: return l >= r
        case .equal: return l == r
        default: return l != r
        }
    }

    /// Comparisons of built-in values; nil when not applicable.
    private func builtinCompare(_ left: Value, _ right: Value, _ op: CompareOperator) throws -> Bool? {
        switch (left, right) {
        case (.int(let l), .int(let r)): return Interpreter.apply(op, l, r)
        case (.float(let l), .float(let r)): return Interpreter.apply(op, l, r)
        case (.none, .none): return op == .equal ? true : op == .notEqual ? false : nil
        default: break
        }
        if let l = left.intValue, let r = right.intValue { return Interpreter.apply(op, l, r) }
        if let l = left.doubleValue, let r = right.doubleValue {
            if let li = left.intValue, case .float(let rf) = right { return Interpreter.compareIntFloat(li, rf, op) }
            if case .float(let lf) = left, let ri = right.intValue { return Interpreter.compareIntFloat(ri, lf, Interpreter.swapped(op)) }
            return Interpreter.apply(op, l, r)
        }
        guard case .object(let lo) = left, case .object(let ro) = right else { return nil }
        if let l = lo as? PyStr, let r = ro as? PyStr, lo.type === BuiltinTypes.str || ro.type === BuiltinTypes.str {
            if op == .equal { return l === r || l.value == r.value }
            if op == .notEqual { return !(l === r || l.value == r.value) }
            return Interpreter.apply(op, Interpreter.scalarOrder(l.value, r.value), 0)
        }
        let (name, reflected) = Interpreter.comparisonDunders(op)
        let native = lo.type.usesNativeSlot(PyStr.intern(name)) && ro.type.usesNativeSlot(PyStr.intern(reflected))
        if native, let l = lo as? PyList, let r = ro as? PyList {
            return try compareSequences(l.items, r.items, op)
        }
        if native, let l = lo as? PyTuple, let r = ro as? PyTuple {
            return try compareSequences(l.items, r.items, op)
        }
        if native, let l = lo as? PyDict, let r = ro as? PyDict, op == .equal || op == .notEqual {
            var equal = l.count == r.count
            if equal {
                for (k, v) in l.pairs {
                    guard let other = try r.get(k), try equals(v, other) else {
                        equal = false
                        break
                    }
                }
            }
            return op == .equal ? equal : !equal
        }
        if let l = lo as? PySet, let r = ro as? PySet {
            switch op {
            case .equal, .notEqual:
                let equal = try l.count == r.count && isSubset(l, r)
                return op == .equal ? equal : !equal
            case .lessEqual: return try isSubset(l, r)
            case .less: return try l.count < r.count && isSubset(l, r)
            case .greaterEqual: return try isSubset(r, l)
            case .greater: return try r.count < l.count && isSubset(r, l)
            default: return nil
            }
        }
        if let l = lo as? PyRange, let r = ro as? PyRange, op == .equal || op == .notEqual {
            let equal = l.count == r.count && (l.count == 0 || (l.start == r.start && (l.count == 1 || l.step == r.step)))
            return op == .equal ? equal : !equal
        }
        if let l = lo as? DictView, let r = ro as? DictView, op == .equal || op == .notEqual, l.kind != .values {
            let a = try PySet.from(l.elements(), interpreter: self), b = try PySet.from(r.elements(), interpreter: self)
            let equal = try a.count == b.count && isSubset(a, b)
            return op == .equal ? equal : !equal
        }
        return nil
    }

    func isSubset(_ a: PySet, _ b: PySet) throws -> Bool {
        for slot in a.table where slot.isActive {
            if try !b.contains(slot.key, hash: slot.hash) { return false }
        }
        return true
    }

    static func swapped(_ op: CompareOperator) -> CompareOperator {
        switch op {
        case .less: return .greater
        case .lessEqual: return .greaterEqual
        case .greater: return .less
        case .greaterEqual: return .lessEqual
        default: return op
        }
    }

    /// Exact int-vs-float comparison (no rounding of large ints).
    static func compareIntFloat(_ i: Int, _ f: Double, _ op: CompareOperator) -> Bool {
        if f.isNaN { return op == .notEqual }
        if f == .infinity { return apply(op, 0, 1) }
        if f == -.infinity { return apply(op, 1, 0) }
        let fl = f.rounded(.down)
        if fl >= 9.3e18 { return apply(op, 0, 1) }
        if fl < -9.3e18 { return apply(op, 1, 0) }
        let fi = Int(fl)
        if i != fi { return apply(op, i, fi) }
        return apply(op, 0.0, f - fl)
    }

    /// Compares by Unicode code points (Python's str ordering): -1, 0 or 1.
    static func scalarOrder(_ a: String, _ b: String) -> Int {
        var i = a.unicodeScalars.makeIterator(), j = b.unicodeScalars.makeIterator()
        while true {
            let x = i.next(), y = j.next()
            switch (x, y) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let p?, let q?):
                if p.value != q.value { return p.value < q.value ? -1 : 1 }
            }
        }
    }

    private func compareSequences(_ l: [Value], _ r: [Value], _ op: CompareOperator) throws -> Bool {
        if (op == .equal || op == .notEqual) && l.count != r.count { return op == .notEqual }
        var i = 0
        while i < l.count && i < r.count {
            if !l[i].isIdentical(to: r[i]) {
                if !(try equals(l[i], r[i])) { break }
            }
            i += 1
        }
        if i >= l.count || i >= r.count {
            return Interpreter.apply(op, l.count, r.count)
        }
        if op == .equal { return false }
        if op == .notEqual { return true }
        return try truthy(try compare(l[i], r[i], op))
    }

    /// `a == b` as a Swift Bool.
    public func equals(_ a: Value, _ b: Value) throws -> Bool {
        if a.isIdentical(to: b) {
            if case .float(let d) = a, d.isNaN { return false }
            return true
        }
        return try truthy(try compare(a, b, .equal))
    }

    // MARK: Membership, truth, hashing

    /// `item in container`.
    public func contains(_ container: Value, _ item: Value) throws -> Bool {
        if case .object(let o) = container {
            if o.type.usesNativeSlot(Names.contains) {
                if let d = o as? PyDict { return try d.contains(item) }
                if let s = o as? PySet { return try s.contains(item) }
                if let l = o as? PyList { return try l.items.contains { try $0.isIdentical(to: item) || equals($0, item) } }
                if let t = o as? PyTuple { return try t.items.contains { try $0.isIdentical(to: item) || equals($0, item) } }
                if let s = o as? PyStr {
                    guard let sub = item.stringValue else {
                        throw PyException.typeError("'in <string>' requires string as left operand, not \(item.type.name)")
                    }
                    return sub.isEmpty || s.value.contains(sub)
                }
                if let r = o as? PyRange {
                    guard let i = item.intValue else {
                        if case .float(let f) = item, f == f.rounded(), abs(f) < 9e18 { return try contains(container, .int(Int(f))) }
                        return false
                    }
                    if r.step > 0 ? (i < r.start || i >= r.stop) : (i > r.start || i <= r.stop) { return false }
                    return (i - r.start) % r.step == 0
                }
                if let v = o as? DictView {
                    switch v.kind {
                    case .keys: return try v.mapping.contains(item)
                    case .values: return try v.mapping.values.contains { try equals($0, item) }
                    case .items:
                        guard case .object(let io) = item, let t = io as? PyTuple, t.items.count == 2 else { return false }
                        guard let value = try v.mapping.get(t.items[0]) else { return false }
                        return try equals(value, t.items[1])
                    }
                }
            }
            if let method = o.type.lookup("__contains__") { return try truthy(try call(method, [container, item])) }
        }
        if container.type.lookup("__iter__") == nil && container.type.lookup("__getitem__") == nil && !isBuiltinIterable(container) {
            throw PyException.typeError("argument of type '\(container.type.name)' is not iterable")
        }
        let it = try iterator(container)
        while let v = try next(it) {
            if v.isIdentical(to: item) { return true }
            if try equals(v, item) { return true }
        }
        return false
    }

    /// Python truthiness.
    public func truthy(_ value: Value) throws -> Bool {
        switch value {
        case .none, .unbound: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .object(let o):
            if o.type.isNative || (o.type.usesNativeSlot(Names.bool) && o.type.usesNativeSlot(Names.len)) {
                if let s = o as? PyStr { return !s.value.isEmpty }
                if let l = o as? PyList { return !l.items.isEmpty }
                if let t = o as? PyTuple { return !t.items.isEmpty }
                if let d = o as? PyDict { return d.count > 0 }
                if let s = o as? PySet { return s.count > 0 }
                if let r = o as? PyRange { return r.count > 0 }
                if let v = o as? DictView { return v.mapping.count > 0 }
            }
            if let method = o.type.lookup("__bool__") {
                let r = try call(method, [value])
                guard case .bool(let b) = r else {
                    throw PyException.typeError("__bool__ should return bool, returned \(r.type.name)")
                }
                return b
            }
            if let method = o.type.lookup("__len__") {
                return try lengthResult(try call(method, [value])) > 0
            }
            return true
        }
    }

    /// `hash(value)` with CPython's algorithms for numbers and tuples.
    public func hash(_ value: Value) throws -> Int {
        switch value {
        case .none, .unbound: return 0x5A5A_1234
        case .bool(let b): return b ? 1 : 0
        case .int(let i): return Interpreter.hashInt(i)
        case .float(let d): return Interpreter.hashDouble(d)
        case .object(let o):
            if let s = o as? PyStr { return s.hash }
            if o.type.isNative {
                if let t = o as? PyTuple { return try hashTuple(t.items) }
                if o is PyList || o is PyDict || (o is PySet && !(o as! PySet).isFrozen) {
                    throw PyException.typeError("unhashable type: '\(o.type.name)'")
                }
                if let s = o as? PySet { return try hashFrozenSet(s) }
            }
            if let method = o.type.lookup("__hash__") {
                if method.isNone { throw PyException.typeError("unhashable type: '\(o.type.name)'") }
                if case .object(let m) = method, m === Builtins.objectHash { return Interpreter.identityHash(o) }
                let r = try call(method, [value])
                guard let h = r.intValue else { throw PyException.typeError("__hash__ method should return an integer") }
                return h == -1 ? -2 : h
            }
            return Interpreter.identityHash(o)
        }
    }

    static func identityHash(_ o: PyObject) -> Int {
        let address = UInt(bitPattern: ObjectIdentifier(o).hashValue)
        return Int(bitPattern: (address >> 4) | (address << 60))
    }

    static let hashModulus = (1 << 61) - 1

    static func hashInt(_ i: Int) -> Int {
        if i >= 0 && i < hashModulus { return i }
        let m = Int(i.magnitude % UInt(hashModulus))
        var h = i < 0 ? -m : m
        if h == -1 { h = -2 }
        return h
    }

    static func hashDouble(_ v: Double) -> Int {
        if !v.isFinite {
            if v.isInfinite { return v > 0 ? 314159 : -314159 }
            return 0
        }
        var e: Int32 = 0
        var m = frexp(v, &e)
        var sign = 1
        if m < 0 {
            sign = -1
            m = -m
        }
        var x: UInt64 = 0
        let modulus = UInt64(hashModulus)
        var exponent = Int(e)
        while m != 0 {
            x = ((x << 28) & modulus) | x >> (61 - 28)
            m *= 268435456.0
            exponent -= 28
            let y = UInt64(m)
            m -= Double(y)
            x += y
            if x >= modulus { x -= modulus }
        }
        exponent = exponent >= 0 ? exponent % 61 : 61 - 1 - ((-1 - exponent) % 61)
        x = ((x << UInt64(exponent)) & modulus) | x >> UInt64(61 - exponent)
        var result = Int(bitPattern: UInt(x)) * sign
        if result == -1 { result = -2 }
        return result
    }

    func hashTuple(_ items: [Value]) throws -> Int {
        let prime1: UInt64 = 11400714785074694791
        let prime2: UInt64 = 14029467366897019727
        let prime5: UInt64 = 2870177450012600261
        var acc = prime5
        for item in items {
            let lane = UInt64(bitPattern: Int64(try hash(item)))
            acc = acc &+ lane &* prime2
            acc = (acc << 31) | (acc >> 33)
            acc = acc &* prime1
        }
        acc = acc &+ (UInt64(items.count) ^ (prime5 ^ 3527539))
        if acc == UInt64.max { return 1546275796 }
        return Int(bitPattern: UInt(acc))
    }

    func hashFrozenSet(_ s: PySet) throws -> Int {
        var hash: UInt64 = 0
        for slot in s.table where slot.isActive {
            let h = UInt64(bitPattern: Int64(slot.hash))
            hash ^= ((h ^ 89869747) ^ (h << 16)) &* 3644798167
        }
        hash ^= (UInt64(s.count) &+ 1) &* 1927868237
        hash ^= (hash >> 11) ^ (hash >> 25)
        hash = hash &* 69069 &+ 907133923
        var result = Int(bitPattern: UInt(hash))
        if result == -1 { result = 590923713 }
        return result
    }
}
