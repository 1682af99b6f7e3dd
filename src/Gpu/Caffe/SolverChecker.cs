using Google.Protobuf;

namespace ActorNet.Gpu;

/// <summary>
/// Checks a solver definition against what ActorNet's solvers implement, and brings the legacy
/// <c>solver_type</c> enum over to the <c>type</c> string as Caffe does.
/// </summary>
internal static class SolverChecker
{
    /// <summary>Caffe's registered solver names, which ActorNet implements.</summary>
    public static readonly IReadOnlyList<string> SolverTypes = ["SGD", "Nesterov", "AdaGrad", "RMSProp", "AdaDelta", "Adam"];

    /// <summary>Caffe's learning-rate policies, which ActorNet implements.</summary>
    public static readonly IReadOnlyList<string> LrPolicies = ["fixed", "step", "exp", "inv", "multistep", "poly", "sigmoid"];

    public static void Check(SolverParameter solver, IReadOnlyDictionary<IMessage, (int Line, int Column)> positions, ICollection<string> warnings)
    {
        PrototxtException Error(string problem) =>
            positions.TryGetValue(solver, out var p) && p.Line > 1 ? new(problem, p.Line, p.Column) : new(problem);

        if (solver.HasSolverType)
        {
            string legacy = SolverTypes[(int)solver.SolverType];
            if (solver.HasType && solver.Type != legacy)
                throw Error($"solver_type: {solver.SolverType} and type: \"{solver.Type}\" disagree; give only 'type'");
            solver.Type = legacy;
            solver.ClearSolverType();
        }
        // Caffe accepts the old upper-case spellings too.
        string? canonical = SolverTypes.FirstOrDefault(t => string.Equals(t, solver.Type, StringComparison.OrdinalIgnoreCase));
        if (canonical is null) throw Error($"type: \"{solver.Type}\" is not a solver ActorNet has; expected one of {string.Join(", ", SolverTypes)}");
        solver.Type = canonical;

        if (solver.HasLrPolicy && !LrPolicies.Contains(solver.LrPolicy))
            throw Error($"lr_policy: \"{solver.LrPolicy}\" is not a learning-rate policy ActorNet has; expected one of {string.Join(", ", LrPolicies)}");
        if (solver.RegularizationType is not ("L1" or "L2"))
            throw Error($"regularization_type: \"{solver.RegularizationType}\" is unknown; expected L1 or L2");
        if (solver.HasSnapshotFormat && solver.SnapshotFormat == SolverParameter.Types.SnapshotFormat.Hdf5)
            warnings.Add("solver: snapshot_format: HDF5 is not available; snapshots are written as BINARYPROTO");
        if (solver.HasSolverMode || solver.HasDeviceId)
            warnings.Add("solver: 'solver_mode'/'device_id' are ignored; ActorNet picks the backend from its own configuration");
        if (solver.DebugInfo) warnings.Add("solver: 'debug_info' is ignored");
        if (solver.HasLayerWiseReduce) warnings.Add("solver: 'layer_wise_reduce' is ignored (multi-GPU overlap only)");
    }
}
