extension Builtins {
    static func installFunctions() {
        let function = BuiltinTypes.function
        func f(_ v: Value) throws -> PyFunction {
            guard let fn = v.object as? PyFunction else { throw PyException.typeError("descriptor requires a 'function' object") }
            return fn
        }
        function.defineProperty("__name__", get: { _, v in .str(try f(v).name) }, set: { _, v, n in
            guard let s = n.stringValue else { throw PyException.typeError("__name__ must be set to a string object") }
            try f(v).name = s
        })
        function.defineProperty("__qualname__", get: { _, v in .str(try f(v).qualifiedName) }, set: { _, v, n in
            guard let s = n.stringValue else { throw PyException.typeError("__qualname__ must be set to a string object") }
            try f(v).qualifiedName = s
        })
        function.defineProperty("__doc__", get: { _, v in try f(v).doc }, set: { _, v, d in try f(v).doc = d })
        function.defineProperty("__module__", get: { _, v in .str(try f(v).module.name) })
        function.defineProperty("__defaults__", get: { _, v in
            let fn = try f(v)
            return fn.defaults.isEmpty ? .none : PyTuple.make(fn.defaults)
        })
        function.defineProperty("__globals__", get: { _, v in .object(try f(v).module.namespaceDict()) })
        function.defineProperty("__code__", get: { _, v in .object(CodeConstant(try f(v).code)) })
        function.defineRawMethod("__get__", "instance, owner=None, /") { _, a in
            if a.count > 1 && !a[1].isNone { return .object(PyMethod(function: a[0], receiver: a[1])) }
            return a[0]
        }
        let code = BuiltinTypes.code
        code.defineProperty("co_name", get: { _, v in .str((v.object as? CodeConstant)?.code.name ?? "") })
        code.defineProperty("co_filename", get: { _, v in .str((v.object as? CodeConstant)?.code.filename ?? "") })
        code.defineProperty("co_firstlineno", get: { _, v in .int((v.object as? CodeConstant)?.code.firstLine ?? 0) })
        code.defineProperty("co_varnames", get: { _, v in PyTuple.make(((v.object as? CodeConstant)?.code.slotNames ?? []).map { .str($0) }) })
        code.defineProperty("co_argcount", get: { _, v in .int((v.object as? CodeConstant)?.code.positionalCount ?? 0) })

        let native = BuiltinTypes.builtinFunction
        native.defineProperty("__name__", get: { _, v in .str((v.object as? NativeFunction)?.name ?? "") })
        native.defineProperty("__qualname__", get: { _, v in .str((v.object as? NativeFunction)?.qualifiedName ?? "") })
        native.defineProperty("__doc__", get: { _, v in ((v.object as? NativeFunction)?.doc).map { .str($0) } ?? .none })
        native.defineProperty("__module__", get: { _, v in ((v.object as? NativeFunction)?.moduleName).map { .str($0) } ?? .none })
        native.defineProperty("__text_signature__", get: { _, v in ((v.object as? NativeFunction)?.signature.display).map { .str($0) } ?? .none })

        let method = BuiltinTypes.method
        method.defineProperty("__self__", get: { _, v in (v.object as? PyMethod)?.receiver ?? .none })
        method.defineProperty("__func__", get: { _, v in (v.object as? PyMethod)?.function ?? .none })
        method.defineProperty("__name__", get: { interp, v in try interp.getAttribute((v.object as? PyMethod)?.function ?? .none, "__name__") })
        method.defineProperty("__qualname__", get: { interp, v in try interp.getAttribute((v.object as? PyMethod)?.function ?? .none, "__qualname__") })
        method.defineProperty("__doc__", get: { interp, v in try interp.getAttribute((v.object as? PyMethod)?.function ?? .none, "__doc__") })
        method.refreshFlags()

        let property = BuiltinTypes.property
        property.doc = "Property attribute."
        property.constructor = { _, _, a in
            let bound = try Signature("fget=None, fset=None, fdel=None, doc=None").bind(a, function: "property")
            var doc = bound["doc"]
            if doc.isNone, let fn = bound["fget"].object as? PyFunction { doc = fn.doc }
            return .object(PyProperty(getter: bound["fget"], setter: bound["fset"], deleter: bound["fdel"], doc: doc))
        }
        func p(_ v: Value) throws -> PyProperty {
            guard let prop = v.object as? PyProperty else { throw PyException.typeError("descriptor requires a 'property' object") }
            return prop
        }
        property.defineRawMethod("setter", "fset, /") { _, a in
            let me = try p(a[0])
            return .object(PyProperty(getter: me.getter, setter: a[1], deleter: me.deleter, doc: me.doc))
        }
        property.defineRawMethod("getter", "fget, /") { _, a in
            let me = try p(a[0])
            return .object(PyProperty(getter: a[1], setter: me.setter, deleter: me.deleter, doc: me.doc))
        }
        property.defineRawMethod("deleter", "fdel, /") { _, a in
            let me = try p(a[0])
            return .object(PyProperty(getter: me.getter, setter: me.setter, deleter: a[1], doc: me.doc))
        }
        property.defineProperty("fget", get: { _, v in try p(v).getter })
        property.defineProperty("fset", get: { _, v in try p(v).setter })
        property.defineProperty("fdel", get: { _, v in try p(v).deleter })
        property.defineProperty("__doc__", get: { _, v in try p(v).doc })
        property.defineRawMethod("__get__", "instance, owner=None, /") { interp, a in
            let me = try p(a[0])
            if a.count < 2 || a[1].isNone { return a[0] }
            return try interp.call(me.getter, [a[1]])
        }

        BuiltinTypes.staticmethod.constructor = { _, _, a in
            try a.expectCount("staticmethod", 1...1)
            return .object(PyStaticMethod(a[0]))
        }
        BuiltinTypes.staticmethod.defineProperty("__func__", get: { _, v in (v.object as? PyStaticMethod)?.function ?? .none })
        BuiltinTypes.classmethod.constructor = { _, _, a in
            try a.expectCount("classmethod", 1...1)
            return .object(PyClassMethod(a[0]))
        }
        BuiltinTypes.classmethod.defineProperty("__func__", get: { _, v in (v.object as? PyClassMethod)?.function ?? .none })

        let generator = BuiltinTypes.generator
        func g(_ a: Arguments, _ name: String) throws -> PyGenerator { try receiver(a, PyGenerator.self, name, "generator") }
        generator.defineRawMethod("__next__", "") { interp, a in
            let generator = try g(a, "__next__")
            guard let v = try interp.resume(generator, sending: .none, throwing: nil) else { throw PyException.stopIteration(generator.returnValue) }
            return v
        }
        generator.defineRawMethod("__iter__", "") { _, a in a[0] }
        generator.defineRawMethod("send", "value, /") { interp, a in
            guard let v = try interp.resume(try g(a, "send"), sending: a.count > 1 ? a[1] : .none, throwing: nil) else {
                throw PyException.stopIteration()
            }
            return v
        }
        generator.defineRawMethod("throw", "typ, val=None, tb=None, /") { interp, a in
            let exception = try interp.makeException(a[1], for: "exceptions must be classes or instances deriving from BaseException, not \(a[1].type.name)")
            guard let v = try interp.resume(try g(a, "throw"), sending: .none, throwing: exception) else { throw PyException.stopIteration() }
            return v
        }
        generator.defineRawMethod("close", "") { interp, a in
            try interp.close(try g(a, "close"))
            return .none
        }
        generator.defineProperty("__name__", get: { _, v in .str((v.object as? PyGenerator)?.name ?? "") })

        let cell = BuiltinTypes.cell
        cell.defineProperty("cell_contents", get: { _, v in
            guard let c = v.object as? PyCell, !c.value.isUnbound else { throw PyException.valueError("Cell is empty") }
            return c.value
        })

        let module = BuiltinTypes.module
        module.constructor = { _, _, a in
            guard let name = a.count > 0 ? a[0].stringValue : nil else { throw PyException.typeError("module() argument 'name' must be str") }
            return .object(PyModule(name: name))
        }
    }

    static func installExceptions() {
        let base = BuiltinTypes.baseException
        base.doc = "Common base class for all exceptions"
        base.allocator = { _, type, args in PyException(type: type, args: args.positional) }
        base.defineRawMethod("__init__", "*args") { _, a in
            guard let e = a[0].object as? PyException else { throw PyException.typeError("descriptor '__init__' requires a 'BaseException' object") }
            e.args = Array(a.values[1..<a.count])
            return .none
        }
        func e(_ v: Value) throws -> PyException {
            guard let exc = v.object as? PyException else { throw PyException.typeError("descriptor requires a 'BaseException' object") }
            return exc
        }
        base.defineProperty("args", get: { _, v in PyTuple.make(try e(v).args) }, set: { interp, v, n in
            try e(v).args = try interp.collect(n)
        })
        base.defineProperty("__cause__", get: { _, v in try e(v).cause }, set: { _, v, c in
            let me = try e(v)
            me.cause = c
            me.suppressContext = true
        })
        base.defineProperty("__context__", get: { _, v in try e(v).context.map { .object($0) } ?? .none }, set: { _, v, c in
            try e(v).context = c.object as? PyException
        })
        base.defineProperty("__suppress_context__", get: { _, v in .bool(try e(v).suppressContext) }, set: { interp, v, s in
            try e(v).suppressContext = try interp.truthy(s)
        })
        base.defineProperty("__traceback__", get: { _, _ in .none })
        base.defineRawMethod("with_traceback", "tb, /") { _, a in a[0] }
        base.defineRawMethod("add_note", "note, /") { _, a in
            let me = try e(a[0])
            var notes = (me.dict?["__notes__"]?.object as? PyList) ?? PyList()
            if me.dict?["__notes__"] == nil { notes = PyList(); me.dict?["__notes__"] = .object(notes) }
            notes.items.append(a[1])
            return .none
        }
        base.defineRawMethod("__str__", "") { interp, a in .str(try interp.exceptionString(try e(a[0]))) }
        exceptionRepr = base.defineRawMethod("__repr__", "") { interp, a in
            let me = try e(a[0])
            if me.args.count == 1 { return .str("\(me.type.name)(\(try interp.repr(me.args[0])))") }
            return .str("\(me.type.name)(" + (try me.args.map(interp.repr).joined(separator: ", ")) + ")")
        }
        base.refreshFlags()
        func argument(_ index: Int) -> (Interpreter, Value) throws -> Value {
            { _, v in
                let args = try e(v).args
                return index < args.count ? args[index] : .none
            }
        }
        BuiltinTypes.stopIteration.defineProperty("value", get: argument(0))
        BuiltinTypes.systemExit.defineProperty("code", get: { _, v in
            let args = try e(v).args
            return args.count == 1 ? args[0] : (args.isEmpty ? .none : PyTuple.make(args))
        })
        BuiltinTypes.keyError.defineRawMethod("__str__", "") { interp, a in .str(try interp.exceptionString(try e(a[0]))) }
        for t in [BuiltinTypes.osError] {
            t.defineRawMethod("__str__", "") { interp, a in
                let me = try e(a[0])
                if me.args.count >= 2, let code = me.args[0].intValue, let message = me.args[1].stringValue {
                    if me.args.count >= 3 { return .str("[Errno \(code)] \(message): \(try interp.repr(me.args[2]))") }
                    return .str("[Errno \(code)] \(message)")
                }
                return .str(try interp.exceptionString(me))
            }
        }
    }

    static func installIterators() {
        let iteratorTypes = [
            BuiltinTypes.listIterator, BuiltinTypes.listReverseIterator, BuiltinTypes.tupleIterator, BuiltinTypes.rangeIterator,
            BuiltinTypes.strIterator, BuiltinTypes.setIterator, BuiltinTypes.dictKeyIterator, BuiltinTypes.dictValueIterator,
            BuiltinTypes.dictItemIterator, BuiltinTypes.enumerate, BuiltinTypes.zip, BuiltinTypes.map, BuiltinTypes.filter,
            BuiltinTypes.reversed, BuiltinTypes.callableIterator, BuiltinTypes.sequenceIterator,
        ]
        for t in iteratorTypes {
            t.defineRawMethod("__next__", "") { interp, a in
                guard let it = a[0].object as? PyIterator else { throw PyException.typeError("expected an iterator") }
                guard let v = try it.next(interp) else { throw PyException.stopIteration() }
                return v
            }
            t.defineRawMethod("__iter__", "") { _, a in a[0] }
        }
        BuiltinTypes.enumerate.doc = "Return an enumerate object."
        BuiltinTypes.enumerate.constructor = { interp, _, a in
            let bound = try Signature("iterable, start=0").bind(a, function: "enumerate")
            return .object(EnumerateIterator(source: try interp.iterator(bound["iterable"]), start: try interp.toInt(bound["start"], what: "start")))
        }
        BuiltinTypes.zip.doc = "zip(*iterables, strict=False) --> Yield tuples until an input is exhausted."
        BuiltinTypes.zip.constructor = { interp, _, a in
            var strict = false
            for (k, v) in a.keywords {
                guard k == "strict" else { throw PyException.typeError("zip() got an unexpected keyword argument '\(k)'") }
                strict = try interp.truthy(v)
            }
            var sources: [Value] = []
            for i in 0..<a.count {
                do {
                    sources.append(try interp.iterator(a[i]))
                } catch let error as PyException where error.isInstance(of: BuiltinTypes.typeError) {
                    throw PyException.typeError("zip argument #\(i + 1) must support iteration")
                }
            }
            return .object(ZipIterator(sources: sources, strict: strict))
        }
        BuiltinTypes.map.doc = "map(func, *iterables) --> map object"
        BuiltinTypes.map.constructor = { interp, _, a in
            try a.rejectKeywords("map")
            guard a.count >= 2 else { throw PyException.typeError("map() must have at least two arguments.") }
            return .object(MapIterator(function: a[0], sources: try (1..<a.count).map { try interp.iterator(a[$0]) }))
        }
        BuiltinTypes.filter.doc = "filter(function or None, iterable) --> filter object"
        BuiltinTypes.filter.constructor = { interp, _, a in
            try a.rejectKeywords("filter")
            guard a.count == 2 else { throw PyException.typeError("filter expected 2 arguments, got \(a.count)") }
            return .object(FilterIterator(function: a[0], source: try interp.iterator(a[1])))
        }
        BuiltinTypes.reversed.doc = "Return a reverse iterator over the values of the given sequence."
        BuiltinTypes.reversed.constructor = { interp, _, a in
            try a.expectCount("reversed", 1...1)
            let v = a[0]
            if case .object(let o) = v {
                if let l = o as? PyList, o.type.isNative { return .object(ListReverseIterator(l)) }
                if let r = o as? PyRange {
                    let n = r.count
                    return .object(RangeIterator(start: r.element(n - 1), step: 0 &- r.step, count: n))
                }
                if o.type.isNative, o is PyTuple || o is PyStr || o is DictView || o is PyDict {
                    return .object(ArrayIterator(try interp.collect(v).reversed(), type: BuiltinTypes.reversed))
                }
                if let method = o.type.lookup("__reversed__") { return try interp.call(method, [v]) }
                if o.type.lookup("__getitem__") != nil, o.type.lookup("__len__") != nil {
                    let n = try interp.length(v)
                    var items: [Value] = []
                    for i in stride(from: n - 1, through: 0, by: -1) { items.append(try interp.getItem(v, .int(i))) }
                    return .object(ArrayIterator(items, type: BuiltinTypes.reversed))
                }
            }
            throw PyException.typeError("'\(v.type.name)' object is not reversible")
        }
    }
}
