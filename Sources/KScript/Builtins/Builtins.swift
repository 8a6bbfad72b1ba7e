import Foundation
import KTensor

/// The `builtins` module and the methods of the built-in types.
public enum Builtins {
    nonisolated(unsafe) private static var installed = false

    // Functions the runtime recognises by identity.
    nonisolated(unsafe) static var objectInit: PyObject?
    nonisolated(unsafe) static var objectNew: PyObject?
    nonisolated(unsafe) static var objectEq: PyObject?
    nonisolated(unsafe) static var objectNe: PyObject?
    nonisolated(unsafe) static var objectHash: PyObject?
    nonisolated(unsafe) static var objectRepr: PyObject?
    nonisolated(unsafe) static var objectStr: PyObject?
    nonisolated(unsafe) static var objectFormat: PyObject?
    nonisolated(unsafe) static var exceptionRepr: PyObject?
    /// `list.append`, which the VM runs inline.
    nonisolated(unsafe) static var listAppend: PyObject?

    /// Installs the methods of all built-in types (once per process).
    static func installOnce() {
        if installed { return }
        installed = true
        installObjectAndType()
        installNumbers()
        installStr()
        installList()
        installTuple()
        installDict()
        installSet()
        installRange()
        installFunctions()
        installExceptions()
        installIterators()
        installFile()
        installModules()
    }

    /// Fills the `builtins` module.
    static func populate(_ module: PyModule, interpreter: Interpreter) {
        let types: [PyType] = [
            BuiltinTypes.object, BuiltinTypes.type, BuiltinTypes.int, BuiltinTypes.float, BuiltinTypes.bool, BuiltinTypes.str,
            BuiltinTypes.list, BuiltinTypes.tuple, BuiltinTypes.dict, BuiltinTypes.set, BuiltinTypes.frozenset,
            BuiltinTypes.range, BuiltinTypes.slice, BuiltinTypes.property, BuiltinTypes.staticmethod,
            BuiltinTypes.classmethod, BuiltinTypes.enumerate, BuiltinTypes.zip, BuiltinTypes.map, BuiltinTypes.filter,
            BuiltinTypes.reversed, BuiltinTypes.bytes,
        ]
        for t in types { module[t.name] = .object(t) }
        module["super"] = .object(BuiltinTypes.superType)
        for t in BuiltinTypes.exceptionTypes { module[t.name] = .object(t) }
        module["EnvironmentError"] = .object(BuiltinTypes.osError)
        module["IOError"] = .object(BuiltinTypes.osError)
        module["None"] = Value.none
        module["True"] = .bool(true)
        module["False"] = .bool(false)
        module["NotImplemented"] = .object(BuiltinTypes.notImplementedValue)
        module["Ellipsis"] = .object(BuiltinTypes.ellipsisValue)
        module["__name__"] = .str("builtins")
        module["__debug__"] = .bool(true)
        defineBuiltinFunctions(module)
    }

    /// Raises CPython's TypeError when a native method gets the wrong receiver.
    static func receiver<T: PyObject>(_ args: Arguments, _ type: T.Type, _ method: String, _ owner: String) throws -> T {
        guard args.count >= 1 else { throw PyException.typeError("unbound method \(owner).\(method)() needs an argument") }
        if case .object(let o) = args[0] {
            if Swift.type(of: o) == T.self { return unsafeDowncast(o, to: T.self) }
            if let t = o as? T { return t }
        }
        throw PyException.typeError("descriptor '\(method)' for '\(owner)' objects doesn't apply to a '\(args[0].type.name)' object")
    }

    // MARK: object and type

    private static func installObjectAndType() {
        let object = BuiltinTypes.object
        object.doc = "The base class of the class hierarchy."
        object.allocator = { _, type, _ in PyObject(type: type) }
        objectInit = object.defineRawMethod("__init__", "*args, **kwargs", doc: "Initialize self.") { _, args in
            if args.values.count > 1 {
                throw PyException.typeError("object.__init__() takes exactly one argument (the instance to initialize)")
            }
            return .none
        }
        let new = NativeFunction(name: "__new__", signature: "cls, *args, **kwargs", doc: "Create and return a new object.", body: .raw { interp, args in
            guard args.count >= 1, case .object(let o) = args[0], let t = o as? PyType else {
                throw PyException.typeError("object.__new__(X): X is not a type object")
            }
            guard let allocator = t.resolvedAllocator else { throw PyException.typeError("cannot create '\(t.name)' instances") }
            return .object(try allocator(interp, t, Arguments(UnsafeBufferPointer(rebasing: args.values[1...]), keywordNames: args.keywordNames)))
        })
        objectNew = new
        object.setAttribute("__new__", .object(PyStaticMethod(.object(new))))
        objectEq = object.defineRawMethod("__eq__", "value, /") { _, args in
            try args.expectCount("__eq__", 2...2)
            return args[0].isIdentical(to: args[1]) ? .bool(true) : .object(BuiltinTypes.notImplementedValue)
        }
        objectNe = object.defineRawMethod("__ne__", "value, /") { interp, args in
            try args.expectCount("__ne__", 2...2)
            let eq = try interp.compare(args[0], args[1], .equal)
            if interp.isNotImplemented(eq) { return eq }
            return .bool(!(try interp.truthy(eq)))
        }
        objectHash = object.defineRawMethod("__hash__", "") { interp, args in .int(try interp.hash(args[0])) }
        objectRepr = object.defineRawMethod("__repr__", "", doc: "Return repr(self).") { interp, args in
            guard case .object(let o) = args[0] else { return .str(try interp.repr(args[0])) }
            return .str(interp.defaultRepr(o))
        }
        objectStr = object.defineRawMethod("__str__", "", doc: "Return str(self).") { interp, args in .str(try interp.repr(args[0])) }
        objectFormat = object.defineRawMethod("__format__", "format_spec, /") { interp, args in
            try args.expectCount("__format__", 2...2)
            if let spec = args[1].stringValue, !spec.isEmpty {
                throw PyException.typeError("unsupported format string passed to \(args[0].type.name).__format__")
            }
            return .str(try interp.str(args[0]))
        }
        BuiltinTypes.objectSetattr = object.defineRawMethod("__setattr__", "name, value, /") { interp, args in
            try args.expectCount("__setattr__", 3...3)
            guard let name = args[1].object as? PyStr else {
                throw PyException.typeError("attribute name must be string, not '\(args[1].type.name)'")
            }
            try interp.genericSetAttribute(args[0], name, args[2])
            return .none
        }
        BuiltinTypes.objectDelattr = object.defineRawMethod("__delattr__", "name, /") { interp, args in
            try args.expectCount("__delattr__", 2...2)
            guard let name = args[1].object as? PyStr else { throw PyException.typeError("attribute name must be string") }
            try interp.genericDeleteAttribute(args[0], name)
            return .none
        }
        object.defineRawMethod("__getattribute__", "name, /") { interp, args in
            try args.expectCount("__getattribute__", 2...2)
            guard let name = args[1].stringValue else { throw PyException.typeError("attribute name must be string") }
            return try interp.getAttribute(args[0], name)
        }
        object.defineRawMethod("__dir__", "") { interp, args in
            .object(PyList(interp.directory(args[0]).map { .str($0) }))
        }
        object.defineRawMethod("__init_subclass__", "") { _, _ in .none }
        if let f = object.attributes["__init_subclass__"] { object.attributes["__init_subclass__"] = .object(PyClassMethod(f)) }
        object.refreshFlags()

        let type = BuiltinTypes.type
        type.doc = "type(object) -> the object's type\ntype(name, bases, dict, **kwds) -> a new type"
        type.constructor = { interp, _, args in
            if args.count == 1 && !args.hasKeywords { return .object(args[0].type) }
            guard args.count == 3, let name = args[0].stringValue else {
                throw PyException.typeError("type() takes 1 or 3 arguments")
            }
            let bases = try interp.collect(args[1]).map { v -> PyType in
                guard case .object(let o) = v, let t = o as? PyType else { throw PyException.typeError("bases must be types") }
                return t
            }
            guard case .object(let d) = args[2], let dict = d as? PyDict else { throw PyException.typeError("type() argument 3 must be dict") }
            let ns = dict.copy()
            if ns["__module__"] == nil { ns["__module__"] = .str("__main__") }
            return .object(try interp.createClass(name: name, bases: bases, namespace: ns, sourceText: nil))
        }
        func typeReceiver(_ v: Value) throws -> PyType {
            guard case .object(let o) = v, let t = o as? PyType else { throw PyException.typeError("descriptor requires a 'type' object") }
            return t
        }
        type.defineProperty("__name__", get: { _, v in .str(try typeReceiver(v).name) })
        type.defineProperty("__qualname__", get: { _, v in .str(try typeReceiver(v).qualifiedName) })
        type.defineProperty("__module__", get: { _, v in
            let t = try typeReceiver(v)
            return t.attributes["__module__"] ?? .str(t.module)
        })
        type.defineProperty("__doc__", get: { _, v in
            let t = try typeReceiver(v)
            return t.attributes["__doc__"] ?? (t.doc.map { .str($0) } ?? .none)
        })
        type.defineProperty("__bases__", get: { _, v in PyTuple.make(try typeReceiver(v).bases.map { .object($0) }) })
        type.defineProperty("__base__", get: { _, v in try typeReceiver(v).bases.first.map { .object($0) } ?? .none })
        type.defineProperty("__mro__", get: { _, v in PyTuple.make(try typeReceiver(v).mro.map { .object($0) }) })
        type.defineProperty("__dict__", get: { _, v in .object(try typeReceiver(v).attributes.copy()) })
        type.defineRawMethod("mro", "") { _, args in
            .object(PyList(try typeReceiver(args[0]).mro.map { .object($0) }))
        }
        type.defineRawMethod("__subclasses__", "") { _, _ in .object(PyList()) }
        type.defineRawMethod("__instancecheck__", "instance, /") { _, args in
            .bool(args[1].type.isSubtype(of: try typeReceiver(args[0])))
        }
        type.defineRawMethod("__subclasscheck__", "subclass, /") { _, args in
            guard case .object(let o) = args[1], let sub = o as? PyType else { throw PyException.typeError("issubclass() arg 1 must be a class") }
            return .bool(sub.isSubtype(of: try typeReceiver(args[0])))
        }
        type.defineRawMethod("__repr__", "") { interp, args in .str(try interp.repr(args[0])) }
        type.defineRawMethod("__call__", "*args, **kwargs") { interp, args in
            guard case .object(let o) = args[0], let t = o as? PyType else { throw PyException.typeError("descriptor '__call__' requires a 'type' object") }
            return try interp.instantiate(t, args.droppingFirst())
        }

        let superType = BuiltinTypes.superType
        superType.doc = "super() -> same as super(__class__, <first argument>)\nsuper(type, obj) -> bound super object"
        superType.constructor = { interp, _, args in
            guard args.count == 2, case .object(let o) = args[0], let cls = o as? PyType else {
                if args.count == 0 { throw PyException.runtimeError("super(): no arguments") }
                throw PyException.typeError("super() argument 1 must be a type, not \(args[0].type.name)")
            }
            return try interp.makeSuper(cls, args[1])
        }

        BuiltinTypes.noneType.constructor = { _, _, _ in .none }
        BuiltinTypes.notImplementedType.constructor = { _, _, _ in .object(BuiltinTypes.notImplementedValue) }
    }
}
