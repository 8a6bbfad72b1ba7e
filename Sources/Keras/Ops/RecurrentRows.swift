import KTensor

/// The batch rows of a recurrent kernel cut into pieces for `Parallel`. Each row's state
/// evolves through time on its own, so a piece runs all of its rows' work — the input
/// projection, every time step (the step's recurrent product on those rows, then their
/// gates), and in the backward pass the rows' share of the gradients — without waiting for
/// the other piece. (A product inside a piece runs on that piece's thread, cut as its shape
/// says.) The cut depends only on the shape and on whether the kernel runs beside its
/// siblings' (`BranchKernels`, where each kernel keeps its rows whole and the kernels share the
/// threads), so the bits are the same on one thread or two.
struct RecurrentRows {
    let batch: Int
    let pieces: Int

    /// Rows of a kernel whose recurrent product per step is `[batch, units]·[units, width]`.
    /// Short or narrow sequences stay whole: their steps cost less than sharing the work.
    init(batch: Int, steps: Int, units: Int, width: Int) {
        self.batch = batch
        pieces = !BranchKernels.isCollecting && batch >= 16 && batch * steps * units * width >= 1 << 18 ? 2 : 1
    }

    /// Runs `body(piece, rows)` on each piece's rows, on up to two threads.
    func forEach(_ body: (_ piece: Int, _ rows: Range<Int>) -> Void) {
        let batch = batch, pieces = pieces
        Parallel.forEachPiece(pieces) { piece in
            body(piece, batch * piece / pieces ..< batch * (piece + 1) / pieces)
        }
    }

    /// `[batch, steps, width]` rows of `buffer` with the time axis reversed, into `out`.
    static func reverseTime(_ buffer: FloatBuffer, into out: FloatBuffer, batch: Int, steps: Int, width: Int) {
        for row in 0..<batch {
            for s in 0..<steps {
                (out.pointer + (row * steps + s) * width).update(from: buffer.pointer + (row * steps + steps - 1 - s) * width, count: width)
            }
        }
    }

    /// Step `t` of every row of `[batch, steps, width]` `buffer`, into `[batch, width]` `out`.
    static func copyStep(_ t: Int, of buffer: FloatBuffer, into out: FloatBuffer, batch: Int, steps: Int, width: Int) {
        for row in 0..<batch {
            (out.pointer + row * width).update(from: buffer.pointer + (row * steps + t) * width, count: width)
        }
    }
}
