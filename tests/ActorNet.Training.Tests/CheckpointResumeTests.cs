using ActorNet.Gpu;

namespace ActorNet.Training.Tests;

/// <summary>Checkpoints hold the weights and the solver state, so a resumed run continues exactly where it stopped.</summary>
public sealed class CheckpointResumeTests
{
    public static TheoryData<string, int> Modes => new()
    {
        { "averaging", 2 }, // each worker keeps its own momentum: one state per worker
        { "ps", 1 },        // the servers' momentum
        { "allreduce", 1 }, // every replica's history is the same: one state
    };

    private static TrainingMode Mode(string name) => name switch
    {
        "averaging" => TrainingMode.ModelAveraging(syncInterval: 3),
        "ps" => TrainingMode.ParameterServer(servers: 2, asynchronous: false, stepsPerRound: 3),
        _ => TrainingMode.AllReduce(stepsPerRound: 3),
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public void A_run_resumed_from_a_checkpoint_ends_with_the_weights_of_the_uninterrupted_run(string mode, int states)
    {
        using var context = TinyNet.Local();
        // 30 samples per partition: several batches, so the rounds' random start offsets matter too.
        var train = context.Parallelize(TinyNet.Samples(60), 2);
        DistributedTrainer Trainer() => new DistributedTrainer(context, TinyNet.Solver(momentum: 0.9f)).WithWorkers(2).WithMode(Mode(mode));
        var uninterrupted = Trainer().Fit(train, null, rounds: 4);

        string folder = Directory.CreateTempSubdirectory("actornet-resume-").FullName;
        try
        {
            Trainer().WithCheckpoint(folder, everyRounds: 2).Fit(train, null, rounds: 2);
            var files = Directory.GetFiles(folder, "round-2-*.solverstate").Select(f => Path.GetFileName(f)!).Order().ToArray();
            Assert.Equal(Enumerable.Range(0, states).Select(p => $"round-2-{p}.solverstate"), files);

            // Each state is Caffe's SolverState of this net's solver: the cluster's iteration and a non-zero momentum.
            var state = SolverState.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(folder, files[0])));
            Assert.Equal(2 * 3, state.Iter);
            var net = ProtoLoader.ReplaceDataLayers(TinyNet.Solver().NetParam, 8, 5, 1, 4, 4);
            var solver = new Solver(TinyNet.Solver(), new Net(net, Phase.Train, 1));
            solver.Restore(Path.Combine(folder, files[0]));
            var history = new float[solver.HistoryCount];
            solver.CopyHistory(history);
            Assert.Contains(history, h => h != 0f);

            var resumed = Trainer().WithResume(folder).Fit(train, null, rounds: 4);
            foreach (string layer in uninterrupted.Weights.LayerNames)
                for (int b = 0; b < uninterrupted.Weights[layer].Count; b++)
                    Assert.Equal(uninterrupted.Weights[layer][b], resumed.Weights[layer][b]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_corrupt_solver_state_is_named_when_resuming()
    {
        using var context = TinyNet.Local();
        var train = context.Parallelize(TinyNet.Samples(30), 2);
        string folder = Directory.CreateTempSubdirectory("actornet-resume-").FullName;
        try
        {
            new DistributedTrainer(context, TinyNet.Solver()).WithWorkers(2).WithCheckpoint(folder, everyRounds: 1).Fit(train, null, rounds: 1);
            string path = Path.Combine(folder, "round-1-1.solverstate");
            File.WriteAllBytes(path, [0xff, 0xff, 0xff]);
            var error = Assert.Throws<DataFormatException>(() => new DistributedTrainer(context, TinyNet.Solver()).WithResume(folder).Fit(train, null, 2));
            Assert.Contains(path, error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
