namespace ActorNet.Gpu;

/// <summary>
/// The solver's state as data rather than files: Caffe's <see cref="SolverState"/> message and its history as one flat
/// vector, for distributed training, whose checkpoints collect the workers' (or the servers') state on the driver.
/// </summary>
public sealed partial class Solver
{
    /// <summary>
    /// How many floats the solver's history holds: each history set (SGD and Nesterov keep one, Adam two, plain
    /// AdaGrad one...) covers every learned blob, in <see cref="Net.CopyLearnedData"/>'s order.
    /// </summary>
    public int HistoryCount => history.Sum(h => h.Count);

    /// <summary>Copies the history into <paramref name="destination"/> (exactly <see cref="HistoryCount"/> floats).</summary>
    public void CopyHistory(Span<float> destination)
    {
        foreach (var (h, offset) in HistoryLayout(destination.Length)) h.CopyDataTo(destination.Slice(offset, h.Count));
    }

    /// <summary>Sets the history from <paramref name="source"/> (exactly <see cref="HistoryCount"/> floats).</summary>
    public void SetHistory(ReadOnlySpan<float> source)
    {
        foreach (var (h, offset) in HistoryLayout(source.Length)) h.SetData(source.Slice(offset, h.Count));
    }

    /// <summary>
    /// The state Caffe's .solverstate holds — iteration, lr step, history blobs — naming <paramref name="learnedNet"/>
    /// as the weights file (empty when the weights are kept elsewhere).
    /// </summary>
    public SolverState GetState(string learnedNet = "")
    {
        ArgumentNullException.ThrowIfNull(learnedNet);
        var proto = new SolverState { Iter = Iteration, CurrentStep = currentStep };
        if (learnedNet.Length > 0) proto.LearnedNet = learnedNet;
        foreach (var h in history) proto.History.Add(new BlobData(h.Shape, h.GetData()).ToProto());
        return proto;
    }

    /// <summary>
    /// Takes iteration, lr step and history from <paramref name="state"/> (not its weights: see <see cref="Restore"/>).
    /// <paramref name="source"/> names where the state came from in errors.
    /// </summary>
    /// <exception cref="FormatException">The state's history blobs do not match this solver's.</exception>
    public void SetState(SolverState state, string source)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.History.Count != history.Count)
        {
            throw new FormatException($"{source}: holds {state.History.Count} history blobs, this solver keeps {history.Count}.");
        }
        var blobs = new BlobData[history.Count];
        for (int i = 0; i < history.Count; i++)
        {
            blobs[i] = BlobData.FromProto(state.History[i], $"history blob {i}");
            if (!blobs[i].Fits(history[i].Shape))
            {
                throw new FormatException($"{source}: history blob {i} has shape [{string.Join(", ", blobs[i].Shape)}], expected {history[i].ShapeString}.");
            }
        }
        // Checked in full first, so a bad state changes nothing.
        for (int i = 0; i < history.Count; i++) history[i].SetData(blobs[i].Data);
        Iteration = state.Iter;
        currentStep = state.CurrentStep;
    }

    // Each history blob with its offset in the flat history, after checking the vector's length.
    private List<(Blob Blob, int Offset)> HistoryLayout(int vectorLength) =>
        FlatBlobs.Layout(history, vectorLength, expected => $"Solver of net '{Net.Name}' keeps {expected} history values; the vector has {vectorLength}.");
}
