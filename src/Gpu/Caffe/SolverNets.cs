namespace ActorNet.Gpu;

/// <summary>
/// The nets a solver trains and tests, found as Caffe's Solver finds them: the train net from
/// exactly one of <c>train_net_param</c>, <c>train_net</c>, <c>net_param</c>, <c>net</c>; test
/// nets from <c>test_net_param</c>, then <c>test_net</c>, then — one per remaining
/// <c>test_iter</c> entry — the generic <c>net_param</c>/<c>net</c>. Each net's
/// <see cref="NetParameter.State"/> is set as Caffe sets it: phase TRAIN (or TEST) merged with
/// <c>train_state</c> (or the matching <c>test_state</c>).
/// </summary>
/// <param name="Train">The net to train (build it with <see cref="Phase.Train"/>).</param>
/// <param name="Tests">The nets to test, one per <c>test_iter</c> entry (build them with <see cref="Phase.Test"/>).</param>
public sealed record SolverNets(NetParameter Train, IReadOnlyList<NetParameter> Tests)
{
    /// <summary>
    /// Resolves the nets of <paramref name="solver"/>. Net file paths are read as Caffe reads them,
    /// relative to the working directory; when a file is not there it is also looked for next to
    /// <paramref name="solverPath"/>. Errors (no train net, two train nets, test_iter count
    /// mismatches, unreadable files) are <see cref="PrototxtException"/>s.
    /// </summary>
    public static SolverNets Resolve(SolverParameter solver, string? solverPath = null)
    {
        ArgumentNullException.ThrowIfNull(solver);
        int trainSources = (solver.TrainNetParam is not null ? 1 : 0) + (solver.HasTrainNet ? 1 : 0)
                           + (solver.NetParam is not null ? 1 : 0) + (solver.HasNet ? 1 : 0);
        if (trainSources == 0)
            throw new PrototxtException("the solver names no train net: give one of train_net_param, train_net, net_param or net", filePath: solverPath);
        if (trainSources > 1)
            throw new PrototxtException("the solver names more than one train net: give only one of train_net_param, train_net, net_param or net", filePath: solverPath);

        NetParameter? generic = solver.NetParam?.Clone() ?? (solver.HasNet ? Load(solver.Net, solverPath) : null);
        NetParameter train = solver.TrainNetParam?.Clone() ?? (solver.HasTrainNet ? Load(solver.TrainNet, solverPath) : generic!.Clone());
        train.State = MergeState(Phase.Train, train.State, solver.TrainState);

        var tests = new List<NetParameter>();
        tests.AddRange(solver.TestNetParam.Select(n => n.Clone()));
        tests.AddRange(solver.TestNet.Select(path => Load(path, solverPath)));
        int specific = tests.Count;
        if (generic is null ? solver.TestIter.Count != specific : solver.TestIter.Count < specific)
            throw new PrototxtException($"test_iter must be given once per test net: {solver.TestIter.Count} test_iter for {specific} test_net/test_net_param", filePath: solverPath);
        for (int i = specific; i < solver.TestIter.Count; i++) tests.Add(generic!.Clone());
        if (solver.TestState.Count > 0 && solver.TestState.Count != tests.Count)
            throw new PrototxtException($"test_state must be given once per test net or not at all: {solver.TestState.Count} for {tests.Count} test nets", filePath: solverPath);
        for (int i = 0; i < tests.Count; i++)
            tests[i].State = MergeState(Phase.Test, tests[i].State, i < solver.TestState.Count ? solver.TestState[i] : null);
        return new SolverNets(train, tests);
    }

    private static NetState MergeState(Phase phase, NetState? fromNet, NetState? fromSolver)
    {
        var state = new NetState { Phase = phase };
        if (fromNet is not null) state.MergeFrom(fromNet);
        if (fromSolver is not null) state.MergeFrom(fromSolver);
        return state;
    }

    private static NetParameter Load(string path, string? solverPath)
    {
        if (File.Exists(path) || solverPath is null || Path.IsPathRooted(path)) return ProtoLoader.LoadNetPrototxt(path);
        string besideSolver = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(solverPath)) ?? "", path);
        if (File.Exists(besideSolver)) return ProtoLoader.LoadNetPrototxt(besideSolver);
        throw new PrototxtException($"net file '{path}' is neither in the working directory nor beside the solver ({besideSolver})", filePath: solverPath);
    }
}
