namespace ActorNet.Gpu;

/// <summary>Snapshots (weights + solver state, Caffe's file layout) and resuming.</summary>
public sealed partial class Solver
{
    /// <summary>
    /// Writes {prefix}_iter_{N}.caffemodel and {prefix}_iter_{N}.solverstate (a Caffe SolverState: iteration,
    /// learned_net, history blobs, current_step); prefix defaults to snapshot_prefix. Returns both paths.
    /// </summary>
    public (string Weights, string State) Snapshot(string? prefix = null)
    {
        prefix ??= Param.HasSnapshotPrefix ? Param.SnapshotPrefix : throw new InvalidOperationException("Solver has no snapshot_prefix; pass a prefix.");
        string weights = $"{prefix}_iter_{Iteration}.caffemodel";
        string state = $"{prefix}_iter_{Iteration}.solverstate";
        Net.SaveCaffeModel(weights);
        var proto = new SolverState { Iter = Iteration, LearnedNet = weights, CurrentStep = currentStep };
        foreach (var h in history)
        {
            proto.History.Add(new BlobData(h.Shape, h.GetData()).ToProto());
        }
        using (var stream = File.Create(state))
        {
            Google.Protobuf.MessageExtensions.WriteTo(proto, stream);
        }
        return (weights, state);
    }

    /// <summary>Resumes from a .solverstate: iteration, lr step, history, and the weights of its learned_net.</summary>
    public void Restore(string solverStatePath)
    {
        SolverState state;
        try
        {
            state = SolverState.Parser.ParseFrom(File.ReadAllBytes(solverStatePath));
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new FormatException($"{solverStatePath}: not a valid solver state ({e.Message}).", e);
        }
        if (state.History.Count != history.Count)
        {
            throw new FormatException($"{solverStatePath}: holds {state.History.Count} history blobs, this solver keeps {history.Count}.");
        }
        for (int i = 0; i < history.Count; i++)
        {
            var blob = BlobData.FromProto(state.History[i], $"history blob {i}");
            if (!blob.Fits(history[i].Shape))
            {
                throw new FormatException($"{solverStatePath}: history blob {i} has shape [{string.Join(", ", blob.Shape)}], expected {history[i].ShapeString}.");
            }
            history[i].SetData(blob.Data);
        }
        Iteration = state.Iter;
        currentStep = state.CurrentStep;
        if (state.HasLearnedNet && state.LearnedNet.Length > 0)
        {
            string weights = File.Exists(state.LearnedNet)
                ? state.LearnedNet
                : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(solverStatePath)) ?? ".", Path.GetFileName(state.LearnedNet));
            Net.CopyTrainedLayersFrom(weights);
        }
    }
}
