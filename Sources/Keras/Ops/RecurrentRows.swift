import KTensor

/// The batch rows of a recurrent kernel cut into pieces for `Parallel`. Each row's state
/// evolves through time on its own, so a piece runs every time step of its rows (the step's
/// recurrent product on those rows, then their gates) without waiting for the other piece.
/// The cut depends only on the shape, so the bits are the same on one thread or two.
struct RecurrentRows {
    let batch: Int
    let pieces: Int

    /// Rows of a kernel whose recurrent product per step is `[batch, units]·[units, width]`.
    /// Short or narrow sequences stay whole: their steps cost less than sharing the work.
    init(batch: Int, steps: Int, units: Int, width: Int) {
        self.batch = batch
        pieces = batch >= 16 && batch * steps * units * width >= 1 << 18 ? 2 : 1
    }

    /// Runs `body` on each piece's rows, on up to two threads.
    func forEach(_ body: (Range<Int>) -> Void) {
        let batch = batch, pieces = pieces
        Parallel.forEachPiece(pieces) { piece in
            body(batch * piece / pieces ..< batch * (piece + 1) / pieces)
        }
    }
}
