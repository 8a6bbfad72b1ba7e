extension Interpreter {
    // MARK: Reading

    /// `getattr(object, name)`.
    public func getAttribute(_ object: Value, _ name: String) throws -> Value {
        try getAttribute(object, PyStr.intern(name))
    }

    /// `getattr(object, name, default)`: nil when the attribute is missing.
    public func getAttributeIfPresent(_ object: Value, _ name: String) throws -> Value? {
        do {
            return try getAttribute(object, PyStr.intern(name))
        } catch let e as PyException where e.isInstance(of: BuiltinTypes.attributeError) {
            return nil
        }
    }

    func getAttribute(_ object: Value, _ name: PyStr) throws -> Value {
        try loadAttributeCached(object, name, cache: nil)
    }

    private static func isDataDescriptor(_ v: Value) -> Bool {
        if case .object(let o) = v { return o is PyProperty }
        return false
    }

    private static func isMethodDescriptor(_ v: Value) -> Bool {
        guard case .object(let o) = v else { return false }
        if o is PyFunction { return true }
        if let n = o as? NativeFunction { return n.ownerType != nil }
        return false
    }

    private func fillCache(_ cache: UnsafeMutablePointer<AttributeCache>?, type: PyType, attribute: Value?) {
        guard let cache else { return }
        cache.pointee.type = Unmanaged.passUnretained(type).toOpaque()
        cache.pointee.epoch = PyType.epoch
        cache.pointee.classAttribute = attribute ?? .unbound
        cache.pointee.isDataDescriptor = attribute.map(Interpreter.isDataDescriptor) ?? false
        cache.pointee.isFunction = attribute.map(Interpreter.isMethodDescriptor) ?? false
    }

    func loadAttributeCached(_ object: Value, _ name: PyStr, cache: UnsafeMutablePointer<AttributeCache>?) throws -> Value {
        if case .object(let o) = object {
            if let t = o as? PyType { return try typeAttribute(t, name) }
            if let m = o as? PyModule { return try moduleAttribute(m, name) }
            if let s = o as? PySuper { return try superAttribute(s, name) }
        }
        let type = object.type
        let attribute: Value?
        if let cache, cache.pointee.type == Unmanaged.passUnretained(type).toOpaque(), cache.pointee.epoch == PyType.epoch {
            attribute = cache.pointee.classAttribute.isUnbound ? nil : cache.pointee.classAttribute
        } else {
            attribute = type.lookup(name)
            fillCache(cache, type: type, attribute: attribute)
        }
        if let attribute, Interpreter.isDataDescriptor(attribute) {
            return try bind(attribute, to: object, type: type)
        }
        if case .object(let o) = object {
            if let d = o.dict, let v = d.getString(name) { return v }
        }
        if let attribute { return try bind(attribute, to: object, type: type) }
        if let special = try specialAttribute(object, name.value) { return special }
        if type.hasCustomGetattr, let getattr = type.lookup("__getattr__") {
            return try call(getattr, [object, .object(name)])
        }
        throw attributeError(object, name.value)
    }

    /// The AttributeError CPython raises for a missing attribute.
    func attributeError(_ object: Value, _ name: String) -> PyException {
        let e: PyException
        if case .object(let o) = object, let t = o as? PyType {
            e = PyException.attributeError("type object '\(t.name)' has no attribute '\(name)'")
        } else if case .object(let o) = object, let m = o as? PyModule {
            e = PyException.attributeError("module '\(m.name)' has no attribute '\(name)'")
        } else {
            e = PyException.attributeError("'\(object.type.name)' object has no attribute '\(name)'")
        }
        e.dict?["name"] = .str(name)
        e.dict?["obj"] = object
        return e
    }

    /// Attributes every object has without storing them.
    private func specialAttribute(_ object: Value, _ name: String) throws -> Value? {
        switch name {
        case "__class__":
            return .object(object.type)
        case "__dict__":
            if case .object(let o) = object, let d = o.dict { return .object(d) }
            return nil
        case "__doc__":
            return object.type.doc.map { .str($0) } ?? Value.none
        case "__module__":
            return .str(object.type.module)
        default:
            return nil
        }
    }

    /// Applies the descriptor protocol to an attribute found on the type of `object`.
    func bind(_ attribute: Value, to object: Value, type: PyType) throws -> Value {
        guard case .object(let o) = attribute else { return attribute }
        if o is PyFunction { return .object(PyMethod(function: attribute, receiver: object)) }
        if let n = o as? NativeFunction, n.ownerType != nil { return .object(PyMethod(function: attribute, receiver: object)) }
        if let p = o as? PyProperty {
            if p.getter.isNone { throw PyException.attributeError("property object has no getter") }
            return try call(p.getter, [object])
        }
        if let s = o as? PyStaticMethod { return s.function }
        if let c = o as? PyClassMethod { return .object(PyMethod(function: c.function, receiver: .object(type))) }
        if let getter = o.type.isNative ? nil : o.type.lookup("__get__") {
            return try call(getter, [attribute, object, .object(type)])
        }
        return attribute
    }

    private func typeAttribute(_ type: PyType, _ name: PyStr) throws -> Value {
        let meta = BuiltinTypes.type
        let metaAttribute = type.type === meta ? meta.attributes.getString(name) : type.type.lookup(name)
        if let m = metaAttribute, Interpreter.isDataDescriptor(m) {
            return try bind(m, to: .object(type), type: meta)
        }
        if let v = type.lookup(name) {
            guard case .object(let o) = v else { return v }
            if let s = o as? PyStaticMethod { return s.function }
            if let c = o as? PyClassMethod { return .object(PyMethod(function: c.function, receiver: .object(type))) }
            if let p = o as? PyProperty { return .object(p) }
            if !(o is PyFunction) && !(o is NativeFunction) && !o.type.isNative, let getter = o.type.lookup("__get__") {
                return try call(getter, [v, .none, .object(type)])
            }
            return v
        }
        if let m = metaAttribute { return try bind(m, to: .object(type), type: meta) }
        if name.value == "__doc__" { return type.doc.map { .str($0) } ?? .none }
        throw attributeError(.object(type), name.value)
    }

    private func moduleAttribute(_ module: PyModule, _ name: PyStr) throws -> Value {
        if let v = module[name.value] { return v }
        if name.value == "__dict__" { return .object(module.namespaceDict()) }
        if name.value == "__class__" { return .object(module.type) }
        if let getattr = module["__getattr__"] { return try call(getattr, [.object(name)]) }
        throw attributeError(.object(module), name.value)
    }

    private func superAttribute(_ s: PySuper, _ name: PyStr) throws -> Value {
        let mro = s.searchType.mro
        var index = 0
        while index < mro.count && mro[index] !== s.startAfter { index += 1 }
        index += 1
        while index < mro.count {
            if let v = mro[index].attributes.getString(name) {
                if case .object(let o) = s.receiver, o is PyType {
                    if case .object(let a) = v, let c = a as? PyClassMethod { return .object(PyMethod(function: c.function, receiver: s.receiver)) }
                    if case .object(let a) = v, let st = a as? PyStaticMethod { return st.function }
                    return v
                }
                return try bind(v, to: s.receiver, type: s.searchType)
            }
            index += 1
        }
        if name.value == "__class__" { return .object(BuiltinTypes.superType) }
        throw PyException.attributeError("'super' object has no attribute '\(name.value)'")
    }

    /// For method calls: the function and its receiver without creating a bound method when
    /// the attribute is a plain method; otherwise the attribute value and `unbound`.
    func loadMethod(_ object: Value, _ name: PyStr, cache: UnsafeMutablePointer<AttributeCache>?) throws -> (Value, Value) {
        if case .object(let o) = object, o is PyType || o is PyModule || o is PySuper {
            return (try getAttribute(object, name), .unbound)
        }
        let type = object.type
        let attribute = type.lookup(name)
        fillCache(cache, type: type, attribute: attribute)
        if let attribute, Interpreter.isMethodDescriptor(attribute) {
            if case .object(let o) = object, let d = o.dict, let v = d.getString(name) { return (v, .unbound) }
            return (attribute, object)
        }
        return (try loadAttributeCached(object, name, cache: nil), .unbound)
    }

    // MARK: Writing

    /// `setattr(object, name, value)`.
    public func setAttribute(_ object: Value, _ name: String, _ value: Value) throws {
        try setAttribute(object, PyStr.intern(name), value)
    }

    func setAttribute(_ object: Value, _ name: PyStr, _ value: Value) throws {
        if case .object(let o) = object {
            if let t = o as? PyType {
                if t.isNative { throw PyException.typeError("cannot set '\(name.value)' attribute of immutable type '\(t.name)'") }
                t.setAttribute(name.value, value)
                return
            }
            if let m = o as? PyModule {
                m[name.value] = value
                return
            }
            if o.type.hasCustomSetattr, let setter = o.type.lookup("__setattr__") {
                try call(setter, [object, .object(name), value])
                return
            }
        }
        try genericSetAttribute(object, name, value)
    }

    /// `object.__setattr__`: properties, then the instance dict. Native `__setattr__` hooks
    /// (such as Keras' layer tracking) call this to store the value.
    public func genericSetAttribute(_ object: Value, _ name: PyStr, _ value: Value) throws {
        let type = object.type
        if let attribute = type.lookup(name), case .object(let a) = attribute, let p = a as? PyProperty {
            if p.setter.isNone {
                throw PyException.attributeError("property '\(name.value)' of '\(type.name)' object has no setter")
            }
            try call(p.setter, [object, value])
            return
        }
        if case .object(let o) = object, let d = o.dict {
            d.setString(name, value)
            return
        }
        if type.lookup(name) != nil {
            throw PyException.attributeError("'\(type.name)' object attribute '\(name.value)' is read-only")
        }
        throw PyException.attributeError("'\(type.name)' object has no attribute '\(name.value)'")
    }

    /// `delattr(object, name)`.
    public func deleteAttribute(_ object: Value, _ name: String) throws {
        try deleteAttribute(object, PyStr.intern(name))
    }

    func deleteAttribute(_ object: Value, _ name: PyStr) throws {
        if case .object(let o) = object {
            if let t = o as? PyType {
                if t.isNative { throw PyException.typeError("cannot delete '\(name.value)' attribute of immutable type '\(t.name)'") }
                guard t.attributes.getString(name) != nil else { throw attributeError(object, name.value) }
                _ = try t.attributes.remove(.object(name))
                PyType.epoch &+= 1
                t.refreshFlags()
                return
            }
            if let m = o as? PyModule {
                guard m[name.value] != nil else { throw attributeError(object, name.value) }
                m[name.value] = nil
                return
            }
            if o.type.hasCustomDelattr, let deleter = o.type.lookup("__delattr__") {
                try call(deleter, [object, .object(name)])
                return
            }
        }
        try genericDeleteAttribute(object, name)
    }

    func genericDeleteAttribute(_ object: Value, _ name: PyStr) throws {
        let type = object.type
        if let attribute = type.lookup(name), case .object(let a) = attribute, let p = a as? PyProperty {
            if p.deleter.isNone { throw PyException.attributeError("property '\(name.value)' of '\(type.name)' object has no deleter") }
            try call(p.deleter, [object])
            return
        }
        if case .object(let o) = object, let d = o.dict, try d.remove(.object(name)) != nil { return }
        throw attributeError(object, name.value)
    }

    // MARK: Listing

    /// `dir(object)`: sorted attribute names (instance dict, class and bases; module names).
    public func directory(_ object: Value) -> [String] {
        var names = Set<String>()
        if case .object(let o) = object {
            if let m = o as? PyModule {
                return m.names.sorted()
            }
            if let t = o as? PyType {
                for c in t.mro { for k in c.attributes.keys { if let s = k.stringValue { names.insert(s) } } }
                for n in ["__class__", "__doc__", "__module__", "__name__", "__qualname__"] { names.insert(n) }
                return names.sorted()
            }
            if let d = o.dict { for k in d.keys { if let s = k.stringValue { names.insert(s) } } }
        }
        for c in object.type.mro { for k in c.attributes.keys { if let s = k.stringValue { names.insert(s) } } }
        names.insert("__class__")
        names.insert("__doc__")
        return names.sorted()
    }
}
