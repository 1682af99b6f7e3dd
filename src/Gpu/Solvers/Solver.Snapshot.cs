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
        var proto = GetState(weights);
        using (var stream = File.Create(state))
        {
            Google.Protobuf.MessageExtensions.WriteTo(proto, stream);
        }
        return (weights, state);
    }

    /// <summary>Resumes from a .solverstate: iteration, lr step, history, and the weights of its learned_net.</summary>
    public void Restore(string solverStatePath)
    {
        SolverState state = CaffeModel.ReadSolverState(solverStatePath);
        SetState(state, solverStatePath);
        if (state.HasLearnedNet && state.LearnedNet.Length > 0)
        {
            string weights = File.Exists(state.LearnedNet)
                ? state.LearnedNet
                : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(solverStatePath)) ?? ".", Path.GetFileName(state.LearnedNet));
            Net.CopyTrainedLayersFrom(weights);
        }
    }
}
