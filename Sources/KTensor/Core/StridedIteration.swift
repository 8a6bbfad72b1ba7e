/// Iteration over strided layouts, one innermost row at a time. Kernels use these to handle
/// views and broadcasting: the outer dimensions are walked with an odometer, and the kernel's
/// own tight loop runs over each row with the row's strides.

/// Merges adjacent dimensions that every operand walks with one constant stride and drops
/// dimensions of size 1, so a contiguous or row-broadcast operand becomes a 1- or 2-d walk.
/// Returns at least one dimension.
func coalescedLayout(shape: [Int], strides: [[Int]]) -> (shape: [Int], strides: [[Int]]) {
    var outShape: [Int] = []
    var outStrides = [[Int]](repeating: [], count: strides.count)
    for axis in 0..<shape.count where shape[axis] != 1 {
        if let last = outShape.last {
            var mergeable = true
            for k in 0..<strides.count where outStrides[k].last! != strides[k][axis] * shape[axis] {
                mergeable = false
                break
            }
            if mergeable {
                outShape[outShape.count - 1] = last * shape[axis]
                for k in 0..<strides.count { outStrides[k][outStrides[k].count - 1] = strides[k][axis] }
                continue
            }
        }
        outShape.append(shape[axis])
        for k in 0..<strides.count { outStrides[k].append(strides[k][axis]) }
    }
    if outShape.isEmpty {
        outShape = [1]
        for k in 0..<strides.count { outStrides[k] = [0] }
    }
    return (outShape, outStrides)
}

/// Calls `body(offsets)` once per innermost row of a coalesced layout; `offsets[k]` is operand
/// k's element offset of the row's first element (starting from `bases[k]`). The row length is
/// `shape.last` and operand k's step within the row is `strides[k].last`.
func forEachRow(shape: [Int], strides: [[Int]], bases: [Int], _ body: (UnsafeBufferPointer<Int>) -> Void) {
    let rank = shape.count
    let operands = strides.count
    var rows = 1
    for axis in 0..<(rank - 1) { rows *= shape[axis] }
    if rows == 0 || shape[rank - 1] == 0 { return }
    withUnsafeTemporaryAllocation(of: Int.self, capacity: operands + rank) { scratch in
        let offsets = UnsafeMutableBufferPointer(rebasing: scratch[0..<operands])
        let index = UnsafeMutableBufferPointer(rebasing: scratch[operands..<(operands + rank)])
        for k in 0..<operands { offsets[k] = bases[k] }
        for axis in 0..<rank { index[axis] = 0 }
        let view = UnsafeBufferPointer(offsets)
        for _ in 0..<rows {
            body(view)
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                for k in 0..<operands { offsets[k] += strides[k][axis] }
                if index[axis] < shape[axis] { break }
                for k in 0..<operands { offsets[k] -= strides[k][axis] * shape[axis] }
                index[axis] = 0
                axis -= 1
            }
        }
    }
}

/// Copies the elements of a strided layout into a contiguous destination, row by row.
func gatherStrided<T>(from source: UnsafePointer<T>, shape: [Int], strides: [Int], offset: Int,
                      into destination: UnsafeMutablePointer<T>) {
    let layout = coalescedLayout(shape: shape, strides: [strides])
    let inner = layout.shape[layout.shape.count - 1]
    let step = layout.strides[0][layout.shape.count - 1]
    var written = 0
    forEachRow(shape: layout.shape, strides: layout.strides, bases: [offset]) { offsets in
        let row = source + offsets[0]
        let out = destination + written
        if step == 1 {
            out.update(from: row, count: inner)
        } else {
            for i in 0..<inner { out[i] = row[i * step] }
        }
        written += inner
    }
}

/// Writes a contiguous source into the elements of a strided layout, row by row.
func scatterStrided<T>(from source: UnsafePointer<T>, into destination: UnsafeMutablePointer<T>,
                       shape: [Int], strides: [Int], offset: Int) {
    let layout = coalescedLayout(shape: shape, strides: [strides])
    let inner = layout.shape[layout.shape.count - 1]
    let step = layout.strides[0][layout.shape.count - 1]
    var read = 0
    forEachRow(shape: layout.shape, strides: layout.strides, bases: [offset]) { offsets in
        let row = destination + offsets[0]
        let input = source + read
        if step == 1 {
            row.update(from: input, count: inner)
        } else {
            for i in 0..<inner { row[i * step] = input[i] }
        }
        read += inner
    }
}
