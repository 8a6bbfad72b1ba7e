/// The built-in type objects. They are created without methods; `Builtins.installAll()`
/// (run once when the first interpreter starts) fills in their attributes.
public enum BuiltinTypes {
    nonisolated(unsafe) static var typeTypeIfReady: PyType?
    nonisolated(unsafe) static var dictTypeIfReady: PyType?
    /// Dicts created while the `dict` type itself was being created.
    nonisolated(unsafe) static var dictsAwaitingType: [PyDict] = []

    private static let core: (object: PyType, type: PyType, dict: PyType, str: PyType) = {
        let object = PyType(name: "object", bases: [], isNative: true, instancesHaveDict: false)
        let type = PyType(name: "type", bases: [object], isNative: true, instancesHaveDict: false)
        object.type = type
        type.type = type
        typeTypeIfReady = type
        let dict = PyType(name: "dict", bases: [object], isNative: true, instancesHaveDict: false)
        dictTypeIfReady = dict
        for d in dictsAwaitingType { d.type = dict }
        dictsAwaitingType = []
        let str = PyType(name: "str", bases: [object], isNative: true, instancesHaveDict: false)
        return (object, type, dict, str)
    }()

    public static var object: PyType { core.object }
    public static var type: PyType { core.type }
    public static var dict: PyType { core.dict }
    public static var str: PyType { core.str }

    static func make(_ name: String, base: PyType? = nil, subclassable: Bool = true, dict: Bool = false) -> PyType {
        let t = PyType(name: name, bases: [base ?? core.object], isNative: true, instancesHaveDict: dict)
        t.isSubclassable = subclassable
        return t
    }

    public static let int = make("int")
    public static let bool = make("bool", base: int, subclassable: false)
    public static let float = make("float")
    public static let noneType = make("NoneType", subclassable: false)
    public static let list = make("list")
    public static let tuple = make("tuple")
    public static let set = make("set")
    public static let frozenset = make("frozenset")
    public static let range = make("range", subclassable: false)
    public static let slice = make("slice", subclassable: false)
    public static let bytes = make("bytes")
    public static let function = make("function", subclassable: false, dict: true)
    public static let builtinFunction = make("builtin_function_or_method", subclassable: false)
    public static let method = make("method", subclassable: false)
    public static let module = make("module", dict: false)
    public static let cell = make("cell", subclassable: false)
    public static let property = make("property")
    public static let staticmethod = make("staticmethod")
    public static let classmethod = make("classmethod")
    public static let superType = make("super")
    public static let notImplementedType = make("NotImplementedType", subclassable: false)
    public static let ellipsisType = make("ellipsis", subclassable: false)
    public static let generator = make("generator", subclassable: false)
    public static let code = make("code", subclassable: false)
    public static let textFile = { () -> PyType in
        let t = make("TextIOWrapper", subclassable: false)
        t.module = "_io"
        return t
    }()

    // Iterators and views.
    public static let listIterator = make("list_iterator", subclassable: false)
    public static let listReverseIterator = make("list_reverseiterator", subclassable: false)
    public static let tupleIterator = make("tuple_iterator", subclassable: false)
    public static let rangeIterator = make("range_iterator", subclassable: false)
    public static let strIterator = make("str_ascii_iterator", subclassable: false)
    public static let setIterator = make("set_iterator", subclassable: false)
    public static let dictKeyIterator = make("dict_keyiterator", subclassable: false)
    public static let dictValueIterator = make("dict_valueiterator", subclassable: false)
    public static let dictItemIterator = make("dict_itemiterator", subclassable: false)
    public static let dictKeys = make("dict_keys", subclassable: false)
    public static let dictValues = make("dict_values", subclassable: false)
    public static let dictItems = make("dict_items", subclassable: false)
    public static let enumerate = make("enumerate")
    public static let zip = make("zip")
    public static let map = make("map")
    public static let filter = make("filter")
    public static let reversed = make("reversed")
    public static let callableIterator = make("callable_iterator", subclassable: false)
    public static let sequenceIterator = make("iterator", subclassable: false)

    nonisolated(unsafe) public static let notImplementedValue = PySingleton(name: "NotImplemented", type: notImplementedType)
    nonisolated(unsafe) public static let ellipsisValue = PySingleton(name: "Ellipsis", type: ellipsisType)

    // The exception hierarchy.
    static func makeException(_ name: String, _ base: PyType?) -> PyType {
        let t = PyType(name: name, bases: [base ?? core.object], isNative: true, instancesHaveDict: true)
        return t
    }

    public static let baseException = makeException("BaseException", nil)
    public static let systemExit = makeException("SystemExit", baseException)
    public static let keyboardInterrupt = makeException("KeyboardInterrupt", baseException)
    public static let generatorExit = makeException("GeneratorExit", baseException)
    public static let exception = makeException("Exception", baseException)
    public static let stopIteration = makeException("StopIteration", exception)
    public static let arithmeticError = makeException("ArithmeticError", exception)
    public static let zeroDivisionError = makeException("ZeroDivisionError", arithmeticError)
    public static let overflowError = makeException("OverflowError", arithmeticError)
    public static let assertionError = makeException("AssertionError", exception)
    public static let attributeError = makeException("AttributeError", exception)
    public static let bufferError = makeException("BufferError", exception)
    public static let eofError = makeException("EOFError", exception)
    public static let importError = makeException("ImportError", exception)
    public static let moduleNotFoundError = makeException("ModuleNotFoundError", importError)
    public static let lookupError = makeException("LookupError", exception)
    public static let indexError = makeException("IndexError", lookupError)
    public static let keyError = makeException("KeyError", lookupError)
    public static let memoryError = makeException("MemoryError", exception)
    public static let nameError = makeException("NameError", exception)
    public static let unboundLocalError = makeException("UnboundLocalError", nameError)
    public static let osError = makeException("OSError", exception)
    public static let fileNotFoundError = makeException("FileNotFoundError", osError)
    public static let fileExistsError = makeException("FileExistsError", osError)
    public static let isADirectoryError = makeException("IsADirectoryError", osError)
    public static let notADirectoryError = makeException("NotADirectoryError", osError)
    public static let permissionError = makeException("PermissionError", osError)
    public static let runtimeError = makeException("RuntimeError", exception)
    public static let notImplementedError = makeException("NotImplementedError", runtimeError)
    public static let recursionError = makeException("RecursionError", runtimeError)
    public static let syntaxError = makeException("SyntaxError", exception)
    public static let indentationError = makeException("IndentationError", syntaxError)
    public static let tabError = makeException("TabError", indentationError)
    public static let systemError = makeException("SystemError", exception)
    public static let typeError = makeException("TypeError", exception)
    public static let valueError = makeException("ValueError", exception)
    public static let unicodeError = makeException("UnicodeError", valueError)
    public static let unicodeDecodeError = makeException("UnicodeDecodeError", unicodeError)
    public static let unicodeEncodeError = makeException("UnicodeEncodeError", unicodeError)
    public static let warning = makeException("Warning", exception)
    public static let userWarning = makeException("UserWarning", warning)
    public static let deprecationWarning = makeException("DeprecationWarning", warning)
    public static let runtimeWarning = makeException("RuntimeWarning", warning)
    public static let futureWarning = makeException("FutureWarning", warning)

    /// Every built-in exception type, for the builtins namespace.
    static var exceptionTypes: [PyType] {
        [baseException, systemExit, keyboardInterrupt, generatorExit, exception, stopIteration, arithmeticError,
         zeroDivisionError, overflowError, assertionError, attributeError, bufferError, eofError, importError,
         moduleNotFoundError, lookupError, indexError, keyError, memoryError, nameError, unboundLocalError, osError,
         fileNotFoundError, fileExistsError, isADirectoryError, notADirectoryError, permissionError, runtimeError,
         notImplementedError, recursionError, syntaxError, indentationError, tabError, systemError, typeError,
         valueError, unicodeError, unicodeDecodeError, unicodeEncodeError, warning, userWarning, deprecationWarning,
         runtimeWarning, futureWarning]
    }

    /// The `object.__setattr__`/`__delattr__` functions, recognised to skip custom-setattr dispatch.
    nonisolated(unsafe) static var objectSetattr: PyObject?
    nonisolated(unsafe) static var objectDelattr: PyObject?
}
