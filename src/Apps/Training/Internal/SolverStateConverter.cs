using ActorNet.Gpu;

namespace ActorNet.Training.Internal;

/// <summary>A checkpoint's solver state and the file it came from (named in errors).</summary>
internal sealed record SavedSolverState(string Source, SolverState State)
{
    /// <summary>States just read from the workers, named by the checkpoint round they belong to.</summary>
    public static IReadOnlyList<SavedSolverState> InMemory(IReadOnlyList<SolverState> states, int round) =>
        states.Select((s, p) => new SavedSolverState($"the solver state {p} of round {round}", s)).ToList();
}

/// <summary>
/// Turns the flat solver histories the store holds into Caffe's <see cref="SolverState"/> (history blobs shaped as the
/// net's learned blobs) and back, through a solver on the driver's template net.
/// </summary>
internal sealed class SolverStateConverter(Solver solver)
{
    /// <summary>Floats in one flat history.</summary>
    public int HistoryCount => solver.HistoryCount;

    /// <summary>The SolverState of <paramref name="history"/> at cluster iteration <paramref name="iteration"/>.</summary>
    public SolverState StateOf(float[] history, int iteration)
    {
        solver.SetHistory(history);
        solver.JumpTo(iteration);
        return solver.GetState();
    }

    /// <summary>The flat history of a checkpoint's state.</summary>
    /// <exception cref="FormatException">The state is not of this net's solver (its source is named).</exception>
    public float[] HistoryOf(SavedSolverState saved)
    {
        solver.SetState(saved.State, saved.Source);
        var history = new float[solver.HistoryCount];
        solver.CopyHistory(history);
        return history;
    }
}
