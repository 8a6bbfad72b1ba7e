extension Tensor {
    /// True when this value alone holds its storage and covers all of it contiguously, so writing
    /// its elements in place shows through no other tensor (what reusing a temporary's buffer
    /// needs). Mutating only because Swift's uniqueness test takes the reference `inout`.
    public mutating func ownsWholeStorage() -> Bool {
        isContiguous && offset == 0 && count * dtype.size == storage.byteCount && isKnownUniquelyReferenced(&storage)
    }
}
