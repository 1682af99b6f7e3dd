using System.Diagnostics;

namespace ActorNet.Gpu;

/// <summary>A net the <see cref="Trainer"/> tests, with its test_iter and its input feeder.</summary>
/// <param name="Net">The TEST-phase net; it receives the train net's weights before each test.</param>
/// <param name="Iterations">Forward passes per test (the solver's test_iter).</param>
/// <param name="Feed">Fills its inputs before each pass, or null.</param>
public sealed record TestNet(Net Net, int Iterations, Action<Net>? Feed);

/// <summary>What the <see cref="Trainer"/> reports every <c>display</c> iterations.</summary>
/// <param name="Iteration">The iteration just run (0-based, as Caffe prints it).</param>
/// <param name="Loss">The smoothed loss (over average_loss iterations).</param>
/// <param name="LearningRate">The learning rate the iteration's update used.</param>
/// <param name="IterationsPerSecond">Training speed since the previous display.</param>
/// <param name="Outputs">The train net's output blobs after the iteration.</param>
public sealed record TrainDisplay(int Iteration, float Loss, float LearningRate, double IterationsPerSecond, IReadOnlyList<NetOutput> Outputs);

/// <summary>
/// Caffe's Solver::Solve around a <see cref="Solver"/>: trains to max_iter, testing every test_interval
/// iterations (and at the start when test_initialization, and at the end), reporting every display
/// iterations, and snapshotting every snapshot iterations and after training (snapshot_after_train).
/// Progress is reported through events so a console, a log file or a test can follow it.
/// </summary>
public sealed class Trainer
{
    private readonly Action<Net>? _trainFeed;
    private readonly IReadOnlyList<TestNet> _tests;

    /// <summary>Creates a trainer for <paramref name="solver"/>, its train feeder and its test nets (one per test_iter).</summary>
    public Trainer(Solver solver, Action<Net>? trainFeed, IReadOnlyList<TestNet> tests)
    {
        ArgumentNullException.ThrowIfNull(solver);
        ArgumentNullException.ThrowIfNull(tests);
        Solver = solver;
        _trainFeed = trainFeed;
        _tests = tests;
    }

    /// <summary>The solver being run.</summary>
    public Solver Solver { get; }

    /// <summary>Raised every <c>display</c> iterations.</summary>
    public event Action<TrainDisplay>? Displayed;

    /// <summary>Raised after each test: the iteration, the test net's index and its averaged outputs.</summary>
    public event Action<int, int, TestResult>? Tested;

    /// <summary>Raised after each snapshot with the weights and solver-state paths.</summary>
    public event Action<string, string>? Snapshotted;

    /// <summary>Raised after every training iteration with the number of completed iterations.</summary>
    public event Action<int>? Iterated;

    /// <summary>Raised after each test batch: the test net's index and the batch index (0-based).</summary>
    public event Action<int, int>? TestBatchDone;

    /// <summary>
    /// Trains from the solver's current iteration to max_iter; snapshots go to <paramref name="snapshotPrefix"/>
    /// (<c>{prefix}_iter_{N}.caffemodel</c> and <c>.solverstate</c>).
    /// </summary>
    public void Solve(string snapshotPrefix)
    {
        ArgumentNullException.ThrowIfNull(snapshotPrefix);
        SolverParameter p = Solver.Param;
        var sinceDisplay = Stopwatch.StartNew();
        int displayedAt = Solver.Iteration;
        while (Solver.Iteration < p.MaxIter)
        {
            int iteration = Solver.Iteration;
            if (p.TestInterval > 0 && iteration % p.TestInterval == 0 && (iteration > 0 || p.TestInitialization))
                TestAll();
            float rate = Solver.LearningRate;
            float loss = Solver.Step(1, _trainFeed);
            if (p.Display > 0 && iteration % p.Display == 0)
            {
                double speed = (Solver.Iteration - displayedAt) / Math.Max(sinceDisplay.Elapsed.TotalSeconds, 1e-9);
                Displayed?.Invoke(new TrainDisplay(iteration, loss, rate, speed, NetTester.Outputs(Solver.Net)));
                displayedAt = Solver.Iteration;
                sinceDisplay.Restart();
            }
            Iterated?.Invoke(Solver.Iteration);
            if (p.Snapshot > 0 && Solver.Iteration % p.Snapshot == 0)
                Snapshot(snapshotPrefix);
        }
        if (p.SnapshotAfterTrain && (p.Snapshot == 0 || Solver.Iteration % p.Snapshot != 0))
            Snapshot(snapshotPrefix);
        if (p.TestInterval > 0 && Solver.Iteration % p.TestInterval == 0)
            TestAll();
    }

    /// <summary>Runs every test net once with the current weights.</summary>
    public IReadOnlyList<TestResult> TestAll() => [.. Enumerable.Range(0, _tests.Count).Select(Test)];

    /// <summary>Copies the train net's weights into test net <paramref name="index"/> and runs its test_iter passes.</summary>
    public TestResult Test(int index)
    {
        TestNet test = _tests[index];
        ShareWeights(Solver.Net, test.Net);
        TestResult result = NetTester.Test(test.Net, test.Iterations, test.Feed, (batch, _, _) => TestBatchDone?.Invoke(index, batch));
        Tested?.Invoke(Solver.Iteration, index, result);
        return result;
    }

    private void Snapshot(string prefix)
    {
        var (weights, state) = Solver.Snapshot(prefix);
        Snapshotted?.Invoke(weights, state);
    }

    // Caffe's test nets share the train net's parameter blobs; copying them before each test has the same effect.
    private static void ShareWeights(Net train, Net test)
    {
        var testLayers = test.LayerNames.ToHashSet();
        foreach (string layer in train.LayerNames)
        {
            if (!testLayers.Contains(layer)) continue;
            IReadOnlyList<Blob> from = train.LayerParams(layer);
            IReadOnlyList<Blob> to = test.LayerParams(layer);
            for (int i = 0; i < Math.Min(from.Count, to.Count); i++)
                to[i].SetData(from[i].GetData());
        }
    }
}
