/// Interned names of the special methods the runtime looks up.
enum Names {
    static let iter = PyStr.intern("__iter__")
    static let len = PyStr.intern("__len__")
    static let bool = PyStr.intern("__bool__")
    static let contains = PyStr.intern("__contains__")
    static let getitem = PyStr.intern("__getitem__")
    static let setitem = PyStr.intern("__setitem__")
    static let delitem = PyStr.intern("__delitem__")
}
